"""`sedp reset-totp USERNAME`: remove a person's code app (a lost phone). Their next sign-in asks for the password
only, or, if their role requires codes, has them set up a new app. Audited."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sedp.audit.actions import record


class Command(BaseCommand):
    help = "Remove a user's one-time code app (lost phone); audited."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", default="", help="why (kept in the audit log)")

    def handle(self, username, reason, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not user.totp_confirmed_at:
            self.stdout.write(f"{username} has no code app set up; nothing to do.")
            return
        before = {"totp_confirmed_at": user.totp_confirmed_at.isoformat()}
        user.totp_secret, user.totp_confirmed_at, user.totp_last_step = "", None, None
        user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
        record(None, "accounts.totp_reset", user, before=before, reason=reason or "sedp reset-totp")
        self.stdout.write(
            f"{username}: code app removed; the next sign-in sets up a new one if the role needs it."
        )
