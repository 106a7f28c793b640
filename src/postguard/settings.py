"""Service settings: where the data lives, which database, how the server listens.

Validated at load time (pydantic); read from ``POSTGUARD_*`` environment variables by
:meth:`Settings.from_env`. Nothing here is created at import time: the web app, the CLI and
the tests each build their own ``Settings``.
"""
from __future__ import annotations

import os
from pathlib import Path

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import UsageError

#: Environment variable -> field name.
ENV_VARS: dict[str, str] = {
    "POSTGUARD_DATA_DIR": "data_dir",
    "POSTGUARD_DATABASE_URL": "database_url",
    "POSTGUARD_HOST": "host",
    "POSTGUARD_PORT": "port",
    "POSTGUARD_SESSION_HOURS": "session_hours",
    "POSTGUARD_LOGIN_MAX_FAILURES": "login_max_failures",
    "POSTGUARD_LOGIN_WINDOW_SECONDS": "login_window_seconds",
    "POSTGUARD_SECURE_COOKIES": "secure_cookies",
    "POSTGUARD_WARM_UP": "warm_up",
    "POSTGUARD_NOTIFY_URLS": "notify_urls",
    "POSTGUARD_NOTIFY_SECRET": "notify_secret",
    "POSTGUARD_INBOX_CLASSIFIER": "inbox_classifier",
    "POSTGUARD_INBOX_WORKER": "inbox_worker",
    "POSTGUARD_INBOX_REFRESH_SECONDS": "inbox_refresh_seconds",
    "POSTGUARD_CACHE_SECONDS": "cache_seconds",
    "POSTGUARD_WORKERS": "workers",
}


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "postguard"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Holds the embedded SQLite database (and later uploads, models).
    data_dir: Path = Field(default_factory=default_data_dir)
    #: SQLAlchemy URL; empty means the SQLite file ``postguard.db`` under ``data_dir``.
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    #: A browser session lasts this long.
    session_hours: float = Field(default=12, gt=0)
    #: Login throttling: this many failures within the window, per account and per address.
    login_max_failures: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)
    #: Mark the session cookie Secure (set behind TLS).
    secure_cookies: bool = False
    #: Run a few checks at start-up so lazily loaded resources (language models) are ready
    #: before the first request instead of stalling it for seconds.
    warm_up: bool = True
    #: How long a server process remembers who holds an API token and which policy version is
    #: active (changes made elsewhere are seen after at most this long; 0 = look up every time).
    cache_seconds: float = Field(default=2.0, ge=0, le=60)
    #: Server processes for ``postguard serve``; 0 = one per CPU core.
    workers: int = Field(default=0, ge=0, le=64)
    #: argon2 cost; the defaults are argon2-cffi's (RFC 9106 low-memory profile). Tests lower them.
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=64)
    #: Webhook receivers of outgoing notifications (escalations, SLA alerts, sent replies);
    #: in the environment, comma-separated. Each POST is signed with ``notify_secret``.
    notify_urls: tuple[str, ...] = ()
    notify_secret: str = ""
    #: How the inbox worker finds the situation: the trained model, or the keyword baseline.
    inbox_classifier: Literal["model", "keywords"] = "model"
    #: Run the background triage worker and notification sender in the service process.
    inbox_worker: bool = True
    #: How often an open inbox page fetches its conversations and failed messages again (while
    #: its tab is visible); each time costs one list query per open page.
    inbox_refresh_seconds: float = Field(default=30, ge=1, le=3600)

    @field_validator("notify_urls", mode="before")
    @classmethod
    def _split_urls(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        for url in value or ():  # type: ignore[union-attr]
            if not str(url).startswith(("http://", "https://")):
                raise ValueError(f"{url!r} is not an http:// or https:// URL")
        return value

    @property
    def outbox_dir(self) -> Path:
        """Where sent replies are exported as JSON Lines for the platform connection."""
        return self.data_dir / "outbox"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> "Settings":
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, object] = {field: environ[var] for var, field in ENV_VARS.items() if environ.get(var)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(**values)
        except ValidationError as exc:
            names = {field: var for var, field in ENV_VARS.items()}
            lines = [f"{names.get(str(e['loc'][0]), e['loc'][0])}: {e['msg']}" for e in exc.errors()]
            raise UsageError("invalid settings: " + "; ".join(lines)) from None

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'postguard.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")
