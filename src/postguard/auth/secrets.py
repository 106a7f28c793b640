"""Passwords (argon2) and bearer secrets (random, stored only as SHA-256).

Session cookies and API tokens are 256-bit random values, so a fast hash is enough to
store them safely; passwords are chosen by people and get argon2.
"""
from __future__ import annotations

import hashlib
import secrets as _secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

TOKEN_PREFIX = "pgt_"
SESSION_PREFIX = "pgs_"
MIN_PASSWORD_LENGTH = 10


class Passwords:
    def __init__(self, *, time_cost: int = 3, memory_kib: int = 65536):
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        # Verifying against this keeps the time of "no such user" equal to "wrong password".
        self._dummy = self._hasher.hash(_secrets.token_hex(16))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(stored or self._dummy, password) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def password_problem(password: str, username: str) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
    if password.lower() == username.lower():
        return "the password must not be the username"
    return None


def new_secret(prefix: str) -> str:
    return prefix + _secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
