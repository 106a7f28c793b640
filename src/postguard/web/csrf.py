"""CSRF protection for requests authenticated by the browser session cookie.

A synchronizer token derived from the session: ``HMAC-SHA256(session secret, "csrf")``. It
needs no storage, changes with every sign-in, and cannot be computed without the session
secret, which lives in an HttpOnly cookie a script on another site can neither read nor
guess. Pages of the interface carry it (a ``<meta>`` for scripts, a hidden field in forms);
scripts send it as ``X-CSRF-Token``. API tokens (``Authorization: Bearer``) are not sent by
browsers on their own, so requests authenticated by them need no CSRF token.

Before a session exists (the sign-in form) the interface uses a double-submit cookie
instead: a random value in a cookie and the same value in the form (``new_form_token``).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

CSRF_HEADER = "X-CSRF-Token"
#: Methods that change nothing and so need no token.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token(session_secret: str) -> str:
    """The CSRF token that belongs to a browser session."""
    return hmac.new(session_secret.encode("utf-8"), b"postguard-csrf", hashlib.sha256).hexdigest()


def tokens_match(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; an empty or missing value never matches."""
    return bool(expected) and bool(given) and hmac.compare_digest(expected, given)  # type: ignore[arg-type]


def session_token_ok(session_secret: str, given: str | None) -> bool:
    return tokens_match(csrf_token(session_secret), given)


def new_form_token() -> str:
    """A random value for the double-submit cookie of forms shown before sign-in."""
    return secrets.token_urlsafe(32)
