"""Signing in as an attacker and as a busy commune office would: wrong passwords in a row, one address trying many
accounts, one-time codes for officers, forgotten and changed passwords — every sign-in and failure in the audit log.
"""

import json
import re
import time
from datetime import UTC, datetime

import pytest
from django.conf import settings as conf
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from sedp.accounts import throttle
from sedp.accounts.models import RoleGrant
from sedp.audit.models import AuditEntry
from sedp.core import totp

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
LOGIN = "/accounts/login/"
DEMO_PASSWORD = "demo-opensedp"
PER_ACCOUNT = conf.SEDP_SIGNIN_FAILURES_PER_ACCOUNT  # 5
PER_ADDRESS = conf.SEDP_SIGNIN_FAILURES_PER_ADDRESS  # 20
WINDOW, LOCKOUT = conf.SEDP_SIGNIN_WINDOW, conf.SEDP_SIGNIN_LOCKOUT  # 15 minutes each


@pytest.fixture(autouse=True)
def fresh_counts(settings):
    settings.SEDP_REQUIRE_MFA = True
    throttle.cache().clear()
    yield
    throttle.cache().clear()


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand."""

    class Clock:
        now = time.time()

        def __call__(self):
            return self.now

    c = Clock()
    monkeypatch.setattr(throttle, "clock", c)
    return c


def _sign_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **VI)


def _signed_in(client) -> bool:
    return client.get("/home/").status_code == 200


def _page(response) -> str:
    return response.content.decode()


@pytest.fixture
def officer(db, units):
    """A real (not demo) province planning officer."""
    user = get_user_model().objects.create_user(
        "tran.tinh", password="mat-khau-tinh-2026", full_name="Trần Văn Tỉnh", email="tinh@example.vn"
    )
    RoleGrant.objects.create(user=user, role="province_officer", unit=units.daklak)
    return user


@pytest.fixture
def planner(db, units):
    """A real (not demo) commune planner: no one-time code required."""
    user = get_user_model().objects.create_user(
        "le.xa", password="mat-khau-xa-2026", full_name="Lê Thị Xã", email="xa@example.vn"
    )
    RoleGrant.objects.create(user=user, role="commune_planner", unit=units.ea_kao)
    return user


# --- throttling ------------------------------------------------------------------------------------------------


def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(client, clock):
    for _ in range(30):
        assert _sign_in(client, "canboxa", "doan-mo-mat-khau").status_code == 200
    response = _sign_in(client, "canboxa", DEMO_PASSWORD)
    assert response.status_code == 200 and not _signed_in(client)
    until = timezone.localtime(datetime.fromtimestamp(clock.now + LOCKOUT, UTC))
    assert f"Hãy thử lại sau {until:%H:%M} ({LOCKOUT // 60} phút nữa)." in _page(response)


def test_the_account_locks_after_five_failures_and_opens_when_the_lock_ends(client, clock):
    for _ in range(PER_ACCOUNT - 1):
        _sign_in(client, "canboxa", "sai")
    _sign_in(client, "canboxa", "sai")  # the fifth
    assert "thử lại sau" in _page(_sign_in(client, "canboxa", DEMO_PASSWORD))
    # Another address does not help: the account itself is locked.
    assert "thử lại sau" in _page(_sign_in(client, "canboxa", DEMO_PASSWORD, address="198.51.100.2"))
    clock.now += LOCKOUT + 1
    assert _sign_in(client, "canboxa", DEMO_PASSWORD).status_code == 302 and _signed_in(client)


def test_four_failures_then_a_success_start_the_count_again(client, clock):
    for _ in range(PER_ACCOUNT - 1):
        _sign_in(client, "canboxa", "sai")
    assert _sign_in(client, "canboxa", DEMO_PASSWORD).status_code == 302
    client.logout()
    for _ in range(PER_ACCOUNT - 1):
        _sign_in(client, "canboxa", "sai")
    assert _sign_in(client, "canboxa", DEMO_PASSWORD).status_code == 302


def test_failures_spread_over_more_than_the_window_do_not_lock(client, clock):
    for _ in range(3 * PER_ACCOUNT):
        _sign_in(client, "canboxa", "sai")
        clock.now += WINDOW / (PER_ACCOUNT - 1) + 1
    assert _sign_in(client, "canboxa", DEMO_PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_locked_but_others_are_not(client, clock):
    for i in range(PER_ADDRESS):
        _sign_in(client, f"thu-{i}", "sai")
    assert "thử lại sau" in _page(_sign_in(client, "canboxa", DEMO_PASSWORD))
    assert _sign_in(client, "canboxa", DEMO_PASSWORD, address="198.51.100.2").status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_counted(client, settings, clock):
    settings.SEDP_PROXIES = 1
    for i in range(PER_ADDRESS):
        client.post(
            LOGIN,
            {"username": f"thu-{i}", "password": "sai"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9",
        )
    # Another browser behind the same proxy is not locked out; the attacker's address is.
    ok = client.post(
        LOGIN,
        {"username": "canboxa", "password": DEMO_PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert ok.status_code == 302
    client.logout()
    locked = client.post(
        LOGIN,
        {"username": "canboxa", "password": DEMO_PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert locked.status_code == 200


# --- audit -----------------------------------------------------------------------------------------------------


def test_a_failure_is_audited_with_the_username_typed_and_never_the_password(client, commune_planner):
    _sign_in(client, "canboxa", "Bi-mat-cua-toi-123")
    entry = AuditEntry.objects.get(action="accounts.sign_in_failed")
    assert entry.actor_id is None
    assert entry.after == {"username": "canboxa", "address": "203.0.113.7"}
    assert entry.object_id == str(commune_planner.pk) and entry.reason == "wrong password"
    assert "Bi-mat-cua-toi-123" not in json.dumps(
        [entry.after, entry.before, entry.reason, entry.object_repr]
    )


def test_a_success_is_audited_with_who_and_from_where(client, commune_planner):
    _sign_in(client, "canboxa", DEMO_PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.sign_in")
    assert entry.actor_id == commune_planner.pk and entry.actor_name == "Nguyễn Thị Hoa (canboxa)"
    assert entry.after == {"address": "203.0.113.7", "one_time_code": False}


def test_the_lock_is_audited_once_and_attempts_while_locked_are_not(client, clock):
    for _ in range(PER_ACCOUNT + 10):
        _sign_in(client, "canboxa", "sai")
    assert AuditEntry.objects.filter(action="accounts.sign_in_failed").count() == PER_ACCOUNT
    assert AuditEntry.objects.filter(action="accounts.sign_in_locked").count() == 1


# --- one-time codes --------------------------------------------------------------------------------------------


def test_an_officer_must_set_up_a_code_app_before_being_signed_in(client, officer):
    response = _sign_in(client, "tran.tinh", "mat-khau-tinh-2026")
    assert response.status_code == 302 and response["Location"] == "/accounts/one-time-code/set-up/"
    assert not _signed_in(client)
    page = _page(client.get("/accounts/one-time-code/set-up/", **VI))
    secret = client.session["sedp_new_totp_secret"]
    assert totp.grouped(secret) in page
    assert f"otpauth://totp/openSEDP:tran.tinh?secret={secret}&amp;issuer=openSEDP" in page
    wrong = client.post("/accounts/one-time-code/set-up/", {"code": "000000"}, **VI)
    assert "Mã không đúng" in _page(wrong) and not _signed_in(client)
    done = client.post("/accounts/one-time-code/set-up/", {"code": totp.code_at(secret, time.time())}, **VI)
    assert done.status_code == 302 and _signed_in(client)
    officer.refresh_from_db()
    assert officer.totp_secret == secret and officer.totp_confirmed_at is not None
    assert AuditEntry.objects.filter(action="accounts.totp_set_up", actor=officer).exists()
    assert AuditEntry.objects.get(action="accounts.sign_in", actor=officer).after["one_time_code"] is True


def test_once_set_up_the_code_is_asked_after_the_password_and_not_accepted_twice(client, officer):
    secret = totp.new_secret()
    officer.totp_secret, officer.totp_confirmed_at = secret, "2026-01-05T08:00:00+07:00"
    officer.save()
    response = _sign_in(client, "tran.tinh", "mat-khau-tinh-2026")
    assert response["Location"] == "/accounts/one-time-code/"
    assert not _signed_in(client)
    assert "<h1>Mã dùng một lần</h1>" in _page(client.get("/accounts/one-time-code/", **VI))
    wrong = client.post("/accounts/one-time-code/", {"code": "123456"}, **VI)
    assert "Mã không đúng" in _page(wrong) and not _signed_in(client)
    assert AuditEntry.objects.get(action="accounts.sign_in_failed").reason == "wrong one-time code"
    code = totp.code_at(secret, time.time())
    assert client.post("/accounts/one-time-code/", {"code": code}).status_code == 302 and _signed_in(client)
    client.logout()
    # Someone who saw the code over the officer's shoulder cannot use it again.
    _sign_in(client, "tran.tinh", "mat-khau-tinh-2026")
    client.post("/accounts/one-time-code/", {"code": code}, **VI)
    assert not _signed_in(client)


def test_wrong_codes_count_towards_the_lock(client, officer, clock):
    officer.totp_secret, officer.totp_confirmed_at = totp.new_secret(), "2026-01-05T08:00:00+07:00"
    officer.save()
    _sign_in(client, "tran.tinh", "mat-khau-tinh-2026")
    for _ in range(PER_ACCOUNT):
        client.post("/accounts/one-time-code/", {"code": "000000"}, REMOTE_ADDR="203.0.113.7")
    right = totp.code_at(officer.totp_secret, time.time())
    response = client.post("/accounts/one-time-code/", {"code": right}, REMOTE_ADDR="203.0.113.7", **VI)
    assert "thử lại sau" in _page(response) and not _signed_in(client)


def test_the_code_step_cannot_be_reached_without_the_password(client, officer):
    assert client.get("/accounts/one-time-code/").status_code == 302
    assert client.post("/accounts/one-time-code/", {"code": "123456"}).status_code == 302
    assert not _signed_in(client)


def test_a_commune_planner_signs_in_without_a_code(client, planner):
    assert _sign_in(client, "le.xa", "mat-khau-xa-2026").status_code == 302 and _signed_in(client)


def test_the_demo_logins_work_without_a_code_even_for_officers(client):
    for username in ("tinh", "huyen", "quantri"):
        assert _sign_in(client, username, DEMO_PASSWORD)["Location"] == "/home/"
        client.logout()


def test_without_the_requirement_an_officer_signs_in_with_the_password_alone(client, officer, settings):
    settings.SEDP_REQUIRE_MFA = False
    assert _sign_in(client, "tran.tinh", "mat-khau-tinh-2026")["Location"] == "/home/"


def test_a_signed_in_planner_may_set_up_a_code_app_from_the_account_page(client, planner):
    client.force_login(planner)
    page = _page(client.get("/accounts/", **VI))
    assert "Mã dùng một lần" in page and "/accounts/one-time-code/set-up/" in page
    client.get("/accounts/one-time-code/set-up/")
    secret = client.session["sedp_new_totp_secret"]
    form = {"code": totp.code_at(secret, time.time()), "password": "sai"}
    assert "Mật khẩu không đúng" in _page(client.post("/accounts/one-time-code/set-up/", form, **VI))
    form["password"] = "mat-khau-xa-2026"
    assert client.post("/accounts/one-time-code/set-up/", form).status_code == 302
    planner.refresh_from_db()
    assert planner.totp_secret == secret


# --- passwords -------------------------------------------------------------------------------------------------


def test_a_user_changes_their_password(client, planner):
    client.force_login(planner)
    form = {"old_password": "mat-khau-xa-2026", "new_password1": "cau-moi-dai-hon-2027", "new_password2": ""}
    assert client.post("/accounts/password/", form, **VI).status_code == 200  # the repeat is missing
    form["new_password2"] = "cau-moi-dai-hon-2027"
    assert client.post("/accounts/password/", form).status_code == 302
    client.logout()
    assert _sign_in(client, "le.xa", "cau-moi-dai-hon-2027").status_code == 302
    assert AuditEntry.objects.filter(action="accounts.change_password", actor=planner).exists()


def test_a_forgotten_password_is_reset_through_a_link_sent_by_email(client, planner):
    page = _page(client.get(LOGIN, **VI))
    assert "/accounts/password/reset/" in page
    response = client.post("/accounts/password/reset/", {"email": "XA@example.vn"}, **VI)
    assert "Hãy kiểm tra thư điện tử" in _page(client.get(response["Location"], **VI))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["xa@example.vn"]
    body = mail.outbox[0].body
    assert "openSEDP" in mail.outbox[0].subject and "le.xa" in body and "đặt lại mật khẩu" in body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", body).group(1)
    form_page = client.get(link, follow=True, **VI)
    assert "<h1>Đặt mật khẩu mới</h1>" in _page(form_page) and "Xác nhận mật khẩu mới" in _page(form_page)
    new = {"new_password1": "mat-khau-moi-2027", "new_password2": "mat-khau-moi-2027"}
    done = client.post(form_page.redirect_chain[-1][0], new)
    assert done.status_code == 302
    assert _sign_in(client, "le.xa", "mat-khau-moi-2027").status_code == 302
    assert AuditEntry.objects.filter(action="accounts.reset_password", actor=planner).exists()
    # The link works once.
    assert "không còn dùng được" in _page(client.get(link, follow=True, **VI))


def test_an_unknown_email_is_answered_the_same_and_sends_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.vn"}, **VI)
    assert response.status_code == 302 and len(mail.outbox) == 0


def test_an_administrator_removes_the_code_app_of_someone_who_lost_their_phone(client, officer):
    from django.core.management import call_command

    officer.totp_secret, officer.totp_confirmed_at = totp.new_secret(), "2026-01-05T08:00:00+07:00"
    officer.save()
    call_command("reset_totp", "tran.tinh", reason="Mất điện thoại")
    officer.refresh_from_db()
    assert officer.totp_secret == "" and officer.totp_confirmed_at is None
    assert AuditEntry.objects.get(action="accounts.totp_reset").reason == "Mất điện thoại"
    # The officer's role needs codes: the next sign-in sets up the new phone.
    assert (
        _sign_in(client, "tran.tinh", "mat-khau-tinh-2026")["Location"] == "/accounts/one-time-code/set-up/"
    )


def test_the_password_alone_cannot_replace_a_code_app_already_set_up(client, officer):
    # Someone who learnt the officer's password must not set up their own phone instead of typing a code.
    officer.totp_secret, officer.totp_confirmed_at = totp.new_secret(), "2026-01-05T08:00:00+07:00"
    officer.save()
    _sign_in(client, "tran.tinh", "mat-khau-tinh-2026")
    assert client.get("/accounts/one-time-code/set-up/")["Location"] == "/accounts/one-time-code/"
    assert "sedp_new_totp_secret" not in client.session
    attacker_secret = totp.new_secret()
    session = client.session
    session["sedp_new_totp_secret"] = attacker_secret
    session.save()
    response = client.post(
        "/accounts/one-time-code/set-up/", {"code": totp.code_at(attacker_secret, time.time())}
    )
    assert response["Location"] == "/accounts/one-time-code/" and not _signed_in(client)
    officer.refresh_from_db()
    assert officer.totp_secret != attacker_secret
