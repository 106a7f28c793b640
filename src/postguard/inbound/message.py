"""The incoming message: what a platform integration, an import file or an employee delivers.

Strict pydantic: unknown fields are errors, times must carry a time zone and are kept in
UTC, and the dedupe key (platform + external id) makes re-delivery of the same message a
no-op for whoever stores it.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..policy.schema import Situation

#: The longest message text accepted; platforms cap posts far below this.
MAX_TEXT_CHARS = 100_000


class Arrival(BaseModel):
    """Where a message arrived: an official company account, or an employee's own profile (R11)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    account: Literal["official", "personal"]
    #: The employee (handle or user name) whose personal profile received it.
    employee: str | None = None

    @model_validator(mode="after")
    def _employee_only_for_personal(self) -> "Arrival":
        if self.account == "personal" and not self.employee:
            raise ValueError("a message on a personal profile must name the employee (personal:<employee>)")
        if self.account == "official" and self.employee:
            raise ValueError("a message on an official account has no employee")
        return self

    @classmethod
    def parse(cls, value: "str | dict | Arrival") -> "Arrival":
        """Accept the shorthand ``official`` / ``personal:<employee>`` used by import files."""
        if isinstance(value, str):
            kind, _, employee = value.partition(":")
            kind = kind.strip()
            if kind not in ("official", "personal"):
                raise ValueError(f"{value!r}: use 'official' or 'personal:<employee>'")
            return cls(account=kind, employee=employee.strip() or None)  # type: ignore[arg-type]
        if isinstance(value, dict):
            return cls.model_validate(value)
        return value

    def __str__(self) -> str:
        return self.account if self.account == "official" else f"personal:{self.employee}"


class InboundMessage(BaseModel):
    """One customer message."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    platform: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_.-]+$")
    external_id: str = Field(min_length=1, max_length=256)
    #: The conversation (post, thread) it belongs to, and the message it answers.
    thread_id: str | None = None
    parent_id: str | None = None
    author_handle: str = Field(min_length=1, max_length=256)
    author_name: str | None = None
    #: Age of the author's account in days, when the platform says (new accounts weigh in spam and campaigns).
    author_account_age_days: int | None = Field(default=None, ge=0)
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    #: When the platform received it; aware, stored in UTC.
    received_at: datetime
    arrived_at: Arrival
    #: The customer's language when the platform knows it (else detected by triage).
    language: str | None = None
    #: A known label (demo and evaluation data); triage never reads it.
    situation: Situation | None = None

    @field_validator("platform", mode="before")
    @classmethod
    def _lower_platform(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the text is empty")
        return value

    @field_validator("received_at")
    @classmethod
    def _aware_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("the time has no time zone; write it like 2026-11-23T08:12:00+01:00 or ...Z")
        return value.astimezone(timezone.utc)

    @field_validator("arrived_at", mode="before")
    @classmethod
    def _arrival_shorthand(cls, value: object) -> object:
        return Arrival.parse(value) if isinstance(value, str) else value  # type: ignore[arg-type]

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        from ..languages import normalise_language

        if value is None or not value.strip():
            return None
        # An unsupported tag is kept as None rather than refused: triage detects and says what did not work.
        return normalise_language(value)

    @property
    def dedupe_key(self) -> str:
        """Stable identity across re-deliveries: the same platform message maps to the same key."""
        return f"{self.platform}:{self.external_id}"

    @property
    def on_personal_profile(self) -> bool:
        return self.arrived_at.account == "personal"
