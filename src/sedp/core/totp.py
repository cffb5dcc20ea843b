"""One-time codes for the second step of signing in: TOTP (RFC 6238) over HOTP (RFC 4226), HMAC-SHA1, a new
6-digit code every 30 seconds, as every authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP,
Aegis…) computes them. No Django here.

A code is accepted one step either side of now (a phone clock up to 30 s off, or a code typed as it changed) and
never twice: `verify` returns the step it matched, which the caller keeps and passes back as `last_step`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP = 30
DIGITS = 6
WINDOW = 1  # steps accepted either side of now


def new_secret() -> str:
    """160 random bits (RFC 4226's recommended key length), base32 without padding: 32 characters."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def _key(secret: str) -> bytes:
    cleaned = "".join(secret.split()).upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(secret: str, counter: int, digits: int = DIGITS) -> str:
    digest = hmac.new(_key(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def code_at(secret: str, unix_time: float, digits: int = DIGITS) -> str:
    return hotp(secret, int(unix_time) // STEP, digits)


def verify(secret: str, typed: str | None, unix_time: float, last_step: int | None = None) -> int | None:
    """The step whose code was typed, if it is within WINDOW of now and later than `last_step`; else None."""
    code = "".join((typed or "").split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = int(unix_time) // STEP
    for step in range(now - WINDOW, now + WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(hotp(secret, step), code):
            return step
    return None


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into a phone: "ABCD EFGH …"."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// address authenticator apps read (Google's Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe=":")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP},
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"
