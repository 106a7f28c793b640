"""One audit event as the audit page shows it to someone who does not read codes: what happened
by name, each payload field under a label, coded values, moments and numbers in the reader's
language, ids as links where a page for them exists — and the record as stored, whole, for
evidence.

Names and labels are in ``audit_labels.py``. Nothing is left out: a field without a label is
shown under its key and a value without a name as logged. What the inbox logs as codes with
params (an escalation's reasons, triage's reason for a reassignment, why retried messages had
failed) is said in the reader's language; the log and its exports keep the codes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Callable

from babel import Locale
from babel.dates import format_datetime
from babel.numbers import format_decimal

from ..inbound.assignment_reasons import AssignmentReason
from ..inbound.escalation_reasons import said_again
from ..inbound.failures import TriageFailure
from ..languages import BABEL_LOCALES, NATIVE_NAMES
from ..store.audit_events import event_types
from ..store.inbox_events import ConversationAssigned, ConversationEscalated, TriageRetried
from . import audit_labels as names
from . import labels
from .i18n import Translator

#: Where a field's value, or a resource's id, has a page: the route and its parameter.
PAGES = {
    "draft_id": ("draft", "draft_id"),
    "incident_id": ("incident", "incident_id"),
    "opened": ("incident", "incident_id"),
    "grown": ("incident", "incident_id"),
    "number": ("policy_version", "number"),
    "previous": ("policy_version", "number"),
    "policy_version": ("policy_version", "number"),
    "conversation_id": ("inbox", "conversation"),
}
RESOURCE_PAGES = {"draft": ("draft", "draft_id"), "incident": ("incident", "incident_id"),
                  "policy": ("policy_version", "number"), "conversation": ("inbox", "conversation")}
#: Pages that open one thing from their URL's fragment, not a path of their own: the parameter and
#: the id make the fragment (``/ui/inbox#conversation-12``; inbox.js opens it).
FRAGMENT_PAGES = frozenset({"inbox"})
#: Shown for a field with no value (null, an empty text or list).
NOTHING = "—"

#: The URL of a page (route name, its parameters), or None when this interface has no such page.
Linker = Callable[..., "str | None"]


@dataclass(frozen=True)
class Piece:
    """One value, or one item of a list: its text, and a link or a moment (ISO 8601) when it has one."""

    text: str
    href: str | None = None
    moment: str | None = None


@dataclass(frozen=True)
class Detail:
    """One field of the payload: its label and its value as pieces."""

    field: str
    label: str
    pieces: tuple[Piece, ...]
    #: People's own words: each piece isolated with dir="auto", items apart with "; ".
    free_text: bool

    @property
    def separator(self) -> str:
        return "; " if self.free_text else ", "

    @property
    def parts(self) -> list[tuple[str, Piece]]:
        """Each piece with what goes before it: nothing for the first, the separator for the others
        (so the template needs no loop counter: one costs a page of a hundred events a few ms)."""
        return [("" if index == 0 else self.separator, piece) for index, piece in enumerate(self.pieces)]


@dataclass(frozen=True)
class Resource:
    """What an event touched: its kind by name (None when unknown: ``text`` is then the resource as logged)."""

    kind: str | None
    text: str
    href: str | None = None


def shown(event: dict[str, Any], _: Translator, link: Linker) -> dict[str, Any]:
    """``event`` (a row of ``GET /api/v1/audit``) with what the page shows: ``name``, ``when``, ``on``,
    ``policy_href``, ``details`` and ``raw``, the row itself as JSON."""
    action = str(event.get("action"))
    payload = event.get("payload")
    said = _said(action, payload, _.language) if isinstance(payload, dict) else {}  # else: the raw record only
    details = [_detail(field, said[field], _, link) for field in _ordered(action, said)]
    version = event.get("policy_version")
    return {
        **event,
        "name": _(names.ACTIONS[action]) if action in names.ACTIONS else None,
        "when": _moment(event.get("at"), _.language, with_zone=False),
        "on": _resource(str(event.get("resource", "")), _, link),
        "policy_href": link("policy_version", number=version) if isinstance(version, int) else None,
        "details": details,
        "raw": json.dumps(event, indent=2, ensure_ascii=False),
    }


def filter_choices(_: Translator) -> list[dict[str, Any]]:
    """The filter's choices: each family of actions ("draft." matches every draft event) with its actions."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for action in sorted(_declared_fields()):  # every action there is
        family = action.split(".")[0]
        groups.setdefault(family, []).append(
            (action, _("%(name)s (%(code)s)", name=_(names.ACTIONS.get(action, action)), code=action)))
    return [{"label": _(names.FAMILIES.get(family, family)), "value": f"{family}.",
             "text": _("%(name)s: every event (%(code)s)", name=_(names.FAMILIES.get(family, family)),
                       code=f"{family}.*"),
             "actions": actions} for family, actions in sorted(groups.items())]


# -- fields and values -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _declared_fields() -> dict[str, tuple[str, ...]]:
    """Each action's fields in the order its event declares them (the log stores them sorted)."""
    return {cls.action: tuple(f.name for f in fields(cls)) for cls in event_types()}


def _ordered(action: str, payload: dict[str, Any]) -> list[str]:
    declared = [name for name in _declared_fields().get(action, ()) if name in payload]
    return declared + [name for name in payload if name not in declared]


def _detail(field: str, value: Any, _: Translator, link: Linker) -> Detail:
    if value is None or (isinstance(value, (str, list, dict)) and not value):
        pieces: list[Piece] = [Piece(NOTHING)]
    elif isinstance(value, list):
        pieces = [_piece(field, item, _, link) for item in value]
    elif isinstance(value, dict):  # a competition's points per kind of activity
        pieces = [Piece(f"{key}: {_piece(field, item, _, link).text}") for key, item in value.items()]
    else:
        pieces = [_piece(field, value, _, link)]
    label = _(names.FIELDS[field]) if field in names.FIELDS else field
    return Detail(field, label, tuple(pieces), field in names.FREE_TEXT)


def _piece(field: str, value: Any, _: Translator, link: Linker) -> Piece:
    if value is None or value == "":
        return Piece(NOTHING)
    if isinstance(value, bool):
        return Piece(_("Yes") if value else _("No"))
    if isinstance(value, (dict, list)):  # e.g. a coded reason this version cannot say
        return Piece(json.dumps(value, ensure_ascii=False, sort_keys=True))
    if isinstance(value, float):
        return Piece(format_decimal(value, locale=_locale(_.language)))
    if field in names.MOMENTS and isinstance(value, str):
        return _moment(value, _.language, with_zone=True)
    if field in PAGES and isinstance(value, (int, str)):
        route, parameter = PAGES[field]
        return Piece(str(value), href=link(route, **{parameter: value}))
    if field == "channel":
        return Piece(labels.channel_label(str(value), _))
    if field == "language":
        return Piece(NATIVE_NAMES.get(str(value), str(value)))
    if field in names.VALUES:
        return Piece(labels.label(names.VALUES[field], str(value), _))
    return Piece(str(value))


def _moment(value: Any, language: str, *, with_zone: bool) -> Piece:
    """An ISO 8601 moment in the reader's format, in UTC (the page's times are UTC); as logged when it is none."""
    text = str(value or "")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return Piece(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    said = format_datetime(moment, "long" if with_zone else "medium", tzinfo=timezone.utc, locale=_locale(language))
    return Piece(said, moment=text)


@lru_cache(maxsize=None)
def _locale(language: str) -> Locale:
    """Babel's locale of a language, parsed once (a hundred events a page each have a time)."""
    return Locale.parse(BABEL_LOCALES[language])


def _resource(resource: str, _: Translator, link: Linker) -> Resource:
    kind, _colon, key = resource.partition(":")
    if kind not in names.RESOURCES:
        return Resource(None, resource)
    page = RESOURCE_PAGES.get(kind)
    href = link(page[0], **{page[1]: key}) if page and key else None
    return Resource(_(names.RESOURCES[kind]), key, href)


# -- what the inbox logs as codes --------------------------------------------------------------

def _said(action: str, payload: dict[str, Any], language: str) -> dict[str, Any]:
    say = _SAYERS.get(action)
    said = say(payload, language) if say is not None else None
    return payload if said is None else said


def _escalation(payload: dict[str, Any], language: str) -> dict[str, Any] | None:
    reason = said_again(payload.get("structured_reasons"), "", language)
    if not reason:
        return None
    return {**{k: v for k, v in payload.items() if k != "structured_reasons"}, "reason": reason}


def _assignment(payload: dict[str, Any], language: str) -> dict[str, Any] | None:
    """Triage's coded reason in the reader's language; a person's reason is shown as typed."""
    reason = AssignmentReason.said_again(payload.get("structured_reason"), language)
    if reason is None:
        return None
    return {**{k: v for k, v in payload.items() if k != "structured_reason"}, "reason": reason}


def _retry(payload: dict[str, Any], language: str) -> dict[str, Any] | None:
    """Each reason with a code in the reader's language, the others as logged."""
    reasons, coded = payload.get("reasons"), payload.get("structured_reasons")
    if not isinstance(reasons, list) or not isinstance(coded, list) or len(coded) != len(reasons):
        return None
    said = [TriageFailure.said_again(code, language) or reason for reason, code in zip(reasons, coded)]
    return {**{k: v for k, v in payload.items() if k != "structured_reasons"}, "reasons": said}


#: What the page says in the reader's language, per audit action.
_SAYERS = {ConversationEscalated.action: _escalation, ConversationAssigned.action: _assignment,
           TriageRetried.action: _retry}
