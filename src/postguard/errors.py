"""The library's exceptions: one root, so callers can catch postguard's errors alone.

The CLI maps them to exit code 2 (usage or configuration error) and the web app to its
one JSON error shape; neither hides an unexpected exception behind a catch-all.
"""
from __future__ import annotations

from dataclasses import dataclass


class PostguardError(Exception):
    """Root of every error postguard raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, with the position a person needs to fix it."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class PolicyError(PostguardError):
    """A policy file that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(PostguardError):
    """Input that cannot be checked: not text, not UTF-8, too large, a broken e-mail."""


class UsageError(PostguardError):
    """A wrong call: an unknown rule code, an unsupported language, a bad option value."""


class NotFoundError(PostguardError):
    """A stored thing (user, draft, policy version, post) that does not exist."""


class ConflictError(PostguardError):
    """A request that contradicts the stored state (a taken username, a reused idempotency key)."""


class AuthenticationError(PostguardError):
    """No valid credentials: wrong password, unknown or revoked token, expired session."""


class ForbiddenError(PostguardError):
    """Valid credentials, but the role or the resource does not allow the action."""


class ThrottledError(PostguardError):
    """Too many attempts; try again after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int):
        self.retry_after = retry_after
        super().__init__(message)
