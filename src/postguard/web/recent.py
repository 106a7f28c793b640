"""A short memory, per process, of what nearly every API call looks up: who is behind an API
token, and which policy version is active.

Without it every stateless check made two database round trips before doing any work (on
PostgreSQL that was more CPU than the rules-only check itself). Entries live a few seconds
(``POSTGUARD_CACHE_SECONDS``, default 2; 0 turns the memory off). A change made through this
process (revoking a token, deactivating a person, changing a role, activating a policy) clears
the memory at once; a change made by another process (the CLI, another server worker) is seen
within those seconds. Failed look-ups are never remembered.
"""
from __future__ import annotations

import time
from typing import Callable, Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A dictionary whose entries expire ``seconds`` after they were put (or earlier, if asked)."""

    def __init__(self, seconds: float, *, capacity: int = 4096, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.capacity = capacity
        self._clock = clock
        self._entries: dict[K, tuple[float, V]] = {}

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[0] <= self._clock():
            self._entries.pop(key, None)
            return None
        return entry[1]

    def put(self, key: K, value: V, *, seconds: float | None = None) -> V:
        """Remember ``value`` for ``seconds`` (never longer than the configured lifetime)."""
        lifetime = self.seconds if seconds is None else min(seconds, self.seconds)
        if lifetime <= 0:
            return value
        if len(self._entries) >= self.capacity:
            # Many distinct keys (a scan with many tokens): dropping everything is cheap and
            # correct; the next calls simply look up again.
            self._entries.clear()
        self._entries[key] = (self._clock() + lifetime, value)
        return value

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
