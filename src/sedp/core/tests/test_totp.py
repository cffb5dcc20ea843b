"""One-time codes (RFC 6238 TOTP over RFC 4226 HOTP, HMAC-SHA1), checked against the RFCs' own test vectors."""

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

from sedp.core import totp

# RFC 4226 appendix D and RFC 6238 appendix B use the ASCII key "12345678901234567890".
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


@pytest.mark.parametrize(
    "counter, code",
    [(0, "755224"), (1, "287082"), (2, "359152"), (3, "969429"), (4, "338314"), (9, "520489")],
)
def test_hotp_matches_rfc_4226(counter, code):
    assert totp.hotp(RFC_SECRET, counter) == code


@pytest.mark.parametrize(
    "unix_time, code",
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_totp_matches_rfc_6238_sha1(unix_time, code):
    assert totp.code_at(RFC_SECRET, unix_time, digits=8) == code


def test_a_code_is_accepted_one_step_either_side_and_not_further():
    secret = totp.new_secret()
    now = 1_800_000_000
    for offset in (-30, 0, 30):
        assert totp.verify(secret, totp.code_at(secret, now + offset), now) is not None
    for offset in (-60, 60, 3600):
        assert totp.verify(secret, totp.code_at(secret, now + offset), now) is None


def test_a_code_already_used_is_refused():
    secret = totp.new_secret()
    now = 1_800_000_000
    step = totp.verify(secret, totp.code_at(secret, now), now)
    assert step == now // 30
    assert totp.verify(secret, totp.code_at(secret, now), now + 5, last_step=step) is None
    # The code before it cannot be replayed either; the next one is fine.
    assert totp.verify(secret, totp.code_at(secret, now - 30), now, last_step=step) is None
    assert totp.verify(secret, totp.code_at(secret, now + 30), now + 30, last_step=step) == step + 1


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "12 34 5x", None])
def test_malformed_codes_are_refused(typed):
    assert totp.verify(totp.new_secret(), typed, 1_800_000_000) is None


def test_a_code_typed_with_spaces_is_read():
    secret = totp.new_secret()
    code = totp.code_at(secret, 1_800_000_000)
    assert totp.verify(secret, f" {code[:3]} {code[3:]} ", 1_800_000_000) is not None


def test_secrets_are_random_base32_of_160_bits_and_shown_in_groups():
    a, b = totp.new_secret(), totp.new_secret()
    assert a != b and len(base64.b32decode(a)) == 20
    assert totp.grouped(a) == " ".join(a[i : i + 4] for i in range(0, 32, 4))
    # Typed back in lower case with spaces, it is the same secret.
    assert totp.code_at(totp.grouped(a).lower(), 0) == totp.code_at(a, 0)


def test_the_uri_is_what_authenticator_apps_read():
    secret = totp.new_secret()
    uri = totp.provisioning_uri(secret, "nguyễn văn a", issuer="openSEDP Đắk Lắk")
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert parts.path == "/openSEDP%20%C4%90%E1%BA%AFk%20L%E1%BA%AFk:nguy%E1%BB%85n%20v%C4%83n%20a"
    query = parse_qs(parts.query)
    assert query == {
        "secret": [secret],
        "issuer": ["openSEDP Đắk Lắk"],
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "period": ["30"],
    }
