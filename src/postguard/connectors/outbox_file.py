"""A JSON-file outbox: survives a restart without a database (tests, the CLI, small installs).

The whole outbox is rewritten on every change through a temporary file, ``fsync`` and an
atomic ``os.replace``, so a crash leaves either the old or the new file, never half of
one. Fine for hundreds of notifications; the store's table is for more.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path

from ..errors import InputError
from .webhooks import MemoryOutbox, Notification

_TIMES = ("created_at", "next_attempt_at", "delivered_at")


class JsonFileOutbox(MemoryOutbox):
    def __init__(self, path: str | Path):
        super().__init__()
        self.path = Path(path)
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{self.path}: the outbox file is damaged ({exc}); move it aside to start empty") from None
        for raw in data.get("notifications", []):
            for key in _TIMES:
                if raw.get(key):
                    raw[key] = datetime.fromisoformat(raw[key])
            notification = Notification(**raw)
            self.items[notification.id] = notification

    def _save(self) -> None:
        rows = []
        for notification in self.items.values():
            row = asdict(notification)
            for key in _TIMES:
                row[key] = row[key].isoformat() if row[key] else None
            rows.append(row)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".outbox-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"notifications": rows}, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def add(self, notification: Notification) -> None:
        if notification.id not in self.items:
            super().add(notification)
            self._save()

    def update(self, notification: Notification) -> None:
        super().update(replace(notification))
        self._save()
