"""Accounts and browser sessions of the review app: password hashes, cookies, CSRF, throttling.

Passwords are hashed with argon2 (argon2-cffi's defaults). A browser session
is a random token in an HttpOnly, SameSite=Strict cookie; only its SHA-256
digest is stored (``storage.review.start_session``), with a CSRF token that
every form must echo. Failed sign-ins are throttled per client address and
per account name. Nothing here renders HTML or reads the environment.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import deque
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

SESSION_COOKIE = "mw_session"
LOGIN_CSRF_COOKIE = "mw_login_csrf"
SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()


class WeakPassword(ValueError):
    """A password too short to protect a reviewer's account."""


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``; refuses passwords under ten characters."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash`` (never raises for a mismatch)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verifying against a fixed hash when the account is unknown keeps the answer's timing
# from telling which account names exist.
_DUMMY_HASH = _hasher.hash("mediawatch-no-such-account")


def check_credentials(password_hash: str | None, password: str) -> bool:
    """Verify ``password``; an unknown account (None) costs the same time and fails."""
    if password_hash is None:
        verify_password(_DUMMY_HASH, password)
        return False
    return verify_password(password_hash, password)


def new_token() -> str:
    """A random URL-safe token (256 bits) for a cookie or a CSRF field."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 hex digest under which a session token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_token(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of two tokens; False when either is missing."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


class LoginThrottle:
    """At most ``limit`` failed sign-ins per key within ``window``; keys are address and name.

    Kept in memory: one web process guards its own door. A success does not
    reset the count, so guessing cannot be interleaved with a known password.
    """

    def __init__(self, limit: int = 5, window: timedelta = timedelta(minutes=5)) -> None:
        """Allow ``limit`` failures per key in any ``window``."""
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[datetime]] = {}

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, keys: tuple[str, ...], now: datetime) -> bool:
        """True when any key has used up its failures in the window."""
        return any(len(self._recent(key, now)) >= self.limit for key in keys)

    def failed(self, keys: tuple[str, ...], now: datetime) -> None:
        """Count one failed sign-in against every key."""
        for key in keys:
            self._recent(key, now).append(now)
        if len(self._failures) > 10_000:  # forget idle keys so memory stays bounded
            for key in [k for k, v in self._failures.items() if not v]:
                del self._failures[key]
