"""Error pages in Vietnamese, each with the way back. Django renders 404/500 from the templates of the same
name; a 400 is split here so that a form too large to read says what the limit is instead of "Bad Request"; a
403 says what was refused and what the person may do instead: the refusal's own words and links (`Refused`),
then the work their roles open to them."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults

from sedp.meetings.fields import LONG_TEXT_LIMIT


def bad_request(request, exception, template_name="400.html"):
    if isinstance(exception, RequestDataTooBig):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return render(request, "413.html", {"limit_mb": limit_mb, "chars_limit": LONG_TEXT_LIMIT}, status=413)
    return defaults.bad_request(request, exception, template_name=template_name)


class Refused(PermissionDenied):
    """A refusal that says why, and where the person can go instead: `instead` is a list of (label, url)."""

    def __init__(self, message="", instead=()):
        super().__init__(message)
        self.instead = list(instead)


def _role_ways(user) -> list[tuple[str, str]]:
    """The work each of the user's roles opens to them, as links (at most one a kind of work and unit)."""
    if not getattr(user, "is_authenticated", False):
        return []
    ways: list[tuple[str, str]] = []
    for grant in user.grants.select_related("unit"):
        unit = grant.unit
        if unit is None:
            continue
        if grant.role == "front_representative" and unit.level == "commune":
            ways.append(
                (
                    _("Facilitate and record the citizen–government dialogues of %(unit)s")
                    % {"unit": unit.name},
                    reverse("dialogues:unit", args=[unit.pk]),
                )
            )
            ways.append(
                (
                    _("Comment on the plans of %(unit)s and record its voter-contact conferences")
                    % {"unit": unit.name},
                    reverse("plans:unit", args=[unit.pk]),
                )
            )
        elif grant.role in ("village_head", "village_working_group"):
            ways.append(
                (
                    _("Plan with your village: %(unit)s") % {"unit": unit.name},
                    reverse("meetings:unit", args=[unit.pk]),
                )
            )
        else:
            ways.append(
                (_("The plans of %(unit)s") % {"unit": unit.name}, reverse("plans:unit", args=[unit.pk]))
            )
    return list(dict.fromkeys(ways))[:6]


def permission_denied(request, exception, template_name="403.html"):
    message = str(exception) if isinstance(exception, PermissionDenied) else ""
    instead = list(getattr(exception, "instead", [])) + _role_ways(request.user)
    return render(
        request,
        template_name,
        {"exception": message, "instead": list(dict.fromkeys(instead))},
        status=403,
    )
