import time

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sedp.audit.actions import record
from sedp.core import totp

from . import signin, throttle


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("Wrong username or password. Both are case-sensitive."),
        "inactive": gettext_lazy("This account cannot sign in."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        attempted = username is not None and bool(self.cleaned_data.get("password"))
        if attempted:
            lock = throttle.locked(self.request, username)
            if lock is not None:
                signin.refused(self.request, username)
                raise ValidationError(signin.lock_message(lock), code="locked")
        try:
            return super().clean()
        except ValidationError as exc:
            if attempted and exc.code == "invalid_login":
                lock = signin.failed(self.request, username, "wrong password")
                if lock is not None:
                    raise ValidationError(signin.lock_message(lock), code="locked") from exc
            raise


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if user.totp_confirmed_at or signin.mfa_required(user):
            signin.start_pending(self.request, user, self.get_success_url())
            return redirect("accounts:totp" if user.totp_confirmed_at else "accounts:totp_set_up")
        signin.complete(self.request, user, one_time_code=False)
        return HttpResponseRedirect(self.get_success_url())


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            record(request.user, "accounts.sign_out", request.user)
        return super().post(request, *args, **kwargs)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your app"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class SetUpForm(CodeForm):
    """For a signed-in person, the password too: a session left open is not enough to change the code app."""

    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput)

    def __init__(self, *args, ask_password: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_password:
            del self.fields["password"]


def totp_verify(request):
    """The second step: the code of the app set up earlier."""
    user = signin.pending_user(request)
    if user is None or not user.totp_confirmed_at:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lock = throttle.locked(request, user.username)
        if lock is not None:
            signin.refused(request, user.username)
            form.add_error(None, signin.lock_message(lock))
        else:
            step = totp.verify(user.totp_secret, form.cleaned_data["code"], time.time(), user.totp_last_step)
            # The step is written only if still later than the last one: two requests with the same code, one wins.
            used = step is not None and (
                get_user_model()
                .objects.filter(Q(totp_last_step__isnull=True) | Q(totp_last_step__lt=step), pk=user.pk)
                .update(totp_last_step=step)
            )
            if used:
                next_url = signin.pending_next(request)
                signin.complete(request, user, one_time_code=True)
                return HttpResponseRedirect(next_url)
            lock = signin.failed(request, user.username, "wrong one-time code")
            form.add_error("code", signin.lock_message(lock) if lock else signin.wrong_code_message())
    return render(request, "accounts/totp.html", {"form": form})


def totp_set_up(request):
    """Set up a code app: the secret as text and as an otpauth:// address, confirmed by a first code. Reached
    after the password by who must set one up, or from the account page."""
    pending = signin.pending_user(request)
    if pending is not None and pending.totp_confirmed_at:
        # The password alone does not replace a code app already set up: the code is asked for first.
        return redirect("accounts:totp")
    user = pending or (request.user if request.user.is_authenticated else None)
    if user is None:
        return redirect("accounts:login")
    secret = request.session.get(signin.NEW_SECRET) or totp.new_secret()
    request.session[signin.NEW_SECRET] = secret
    form = SetUpForm(request.POST or None, ask_password=pending is None)
    if request.method == "POST" and form.is_valid():
        password_ok = pending is not None or user.check_password(form.cleaned_data["password"])
        step = totp.verify(secret, form.cleaned_data["code"], time.time())
        if not password_ok:
            lock = signin.failed(request, user.username, "wrong password")
            form.add_error("password", signin.lock_message(lock) if lock else _("The password is wrong."))
        elif step is None:
            form.add_error("code", signin.wrong_code_message())
        else:
            user.totp_secret, user.totp_confirmed_at, user.totp_last_step = secret, timezone.now(), step
            user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
            record(user, "accounts.totp_set_up", user)
            del request.session[signin.NEW_SECRET]
            if pending is not None:
                next_url = signin.pending_next(request)
                signin.complete(request, user, one_time_code=True)
                return HttpResponseRedirect(next_url)
            messages.success(request, _("Your code app is set up: it will be asked for at each sign-in."))
            return redirect("accounts:account")
    return render(
        request,
        "accounts/totp_set_up.html",
        {
            "form": form,
            "required": pending is not None,
            "secret": totp.grouped(secret),
            "uri": totp.provisioning_uri(secret, user.username, issuer=signin.ISSUER),
            "replacing": bool(user.totp_confirmed_at),
        },
    )


@login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "mfa_required": signin.mfa_required(request.user),
            "grants": request.user.grants.select_related("unit"),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request.user, "accounts.change_password", self.request.user)
        messages.success(self.request, _("Your password is changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(form.user, "accounts.reset_password", form.user)
        # Whoever reads the account's mailbox may sign in again at once.
        throttle.succeeded(self.request, form.user.username)
        messages.success(self.request, _("Your password is set. Sign in with it."))
        return response
