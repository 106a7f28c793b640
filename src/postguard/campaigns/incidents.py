"""Incidents: campaign evidence that crossed the policy's thresholds, with an owner and a playbook.

An incident opens on the first evidence of a campaign and grows as new waves arrive: accounts,
waves and comments are merged, never dropped, so evidence the detector has since forgotten
stays in the incident. States go open -> acknowledged -> resolved. Persistence sits behind the
small :class:`IncidentStore` protocol: the in-memory store here serves the benchmark and tests;
the service's SQL store (``postguard.store.incidents``, with the audit log) serves the CLI and API.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, Protocol

from ruamel.yaml import YAML

from ..errors import UsageError
from ..languages import LANGUAGES
from ..policy.schema import Policy
from .evidence import AccountEvidence, CampaignEvidence, CommentEvidence, WaveEvidence
from .serialize import account_from, account_to, comment_from, comment_to, iso, parse_iso, wave_from, wave_to

State = Literal["open", "acknowledged", "resolved"]
#: The states an incident may move to from each state (anything else is refused).
NEXT_STATES: dict[str, tuple[str, ...]] = {"open": ("acknowledged", "resolved"), "acknowledged": ("resolved",), "resolved": ()}


@dataclass
class Transition:
    state: State
    at: datetime
    actor: str | None = None
    note: str | None = None
    #: Filled when the store records the transition in the audit log.
    audit_event_id: str | None = None


@dataclass
class Incident:
    id: str
    opened_at: datetime
    owner: dict[str, Any] | None
    #: language -> the playbook text (title and steps), from the policy or the bundled files.
    playbook: dict[str, dict[str, Any]]
    policy: dict[str, str]
    state: State = "open"
    campaign_ids: list[str] = field(default_factory=list)
    accounts: dict[str, AccountEvidence] = field(default_factory=dict)
    waves: list[WaveEvidence] = field(default_factory=list)
    comments: dict[str, CommentEvidence] = field(default_factory=dict)
    targets: list[str] = field(default_factory=list)
    history: list[Transition] = field(default_factory=list)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    #: The audit event of the opening, once the store links incidents to the audit log.
    audit_event_id: str | None = None

    @property
    def leaders(self) -> list[AccountEvidence]:
        return [a for a in self.accounts.values() if a.role == "leader"]

    def transition(self, state: State, actor: str | None = None, note: str | None = None,
                   at: datetime | None = None) -> None:
        if state not in NEXT_STATES[self.state]:
            allowed = ", ".join(NEXT_STATES[self.state]) or "nothing (it is resolved)"
            raise UsageError(f"incident {self.id} is {self.state}; it can move to {allowed}, not {state}")
        self.state = state
        self.history.append(Transition(state, at or datetime.now(timezone.utc), actor, note))

    def merge(self, evidence: CampaignEvidence) -> bool:
        """Add what is new in ``evidence``; True when anything changed."""
        before = (len(self.accounts), len(self.waves), len(self.comments))
        if evidence.campaign_id not in self.campaign_ids:
            self.campaign_ids.append(evidence.campaign_id)
        for account in evidence.accounts:
            known = self.accounts.get(account.handle)
            if known is None or account.score >= known.score or (account.role == "leader" and known.role != "leader"):
                self.accounts[account.handle] = account
        for wave in evidence.waves:
            self._merge_wave(wave)
        for item in evidence.comments:
            key = item.comment.key
            if key not in self.comments or item.similar_to:
                self.comments[key] = item
        for target in evidence.targets:
            if target not in self.targets:
                self.targets.append(target)
        self._renumber()
        self.first_seen = min(filter(None, (self.first_seen, evidence.first_seen)))
        self.last_seen = max(filter(None, (self.last_seen, evidence.last_seen)))
        return (len(self.accounts), len(self.waves), len(self.comments)) != before

    def _merge_wave(self, wave: WaveEvidence) -> None:
        """The same thread is one wave; the fuller report of it wins."""
        for i, known in enumerate(self.waves):
            if known.platform == wave.platform and known.thread_id == wave.thread_id:
                if wave.comments >= known.comments:
                    self.waves[i] = wave
                return
        self.waves.append(wave)

    def _renumber(self) -> None:
        """Waves numbered by time; each comment carries the number of its thread's wave."""
        self.waves.sort(key=lambda w: w.start)
        self.waves = [replace(w, index=n) for n, w in enumerate(self.waves, start=1)]
        number = {(w.platform, w.thread_id): w.index for w in self.waves}
        for key, item in self.comments.items():
            wave = number.get((item.comment.platform, item.comment.thread_id), 0)
            if wave != item.wave:
                self.comments[key] = replace(item, wave=wave)

    # -- plain JSON ------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "state": self.state, "opened_at": iso(self.opened_at), "owner": self.owner,
            "playbook": self.playbook, "policy": self.policy, "campaign_ids": list(self.campaign_ids),
            "accounts": [account_to(a) for a in sorted(self.accounts.values(), key=lambda a: (a.role != "leader", -a.score, a.handle))],
            "waves": [wave_to(w) for w in self.waves],
            "comments": [comment_to(c) for c in sorted(self.comments.values(), key=lambda c: (c.comment.at, c.comment.key))],
            "targets": list(self.targets),
            "history": [{"state": t.state, "at": iso(t.at), "actor": t.actor, "note": t.note,
                         "audit_event_id": t.audit_event_id} for t in self.history],
            "first_seen": iso(self.first_seen) if self.first_seen else None,
            "last_seen": iso(self.last_seen) if self.last_seen else None,
            "audit_event_id": self.audit_event_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Incident":
        incident = cls(
            id=data["id"], opened_at=parse_iso(data["opened_at"]), owner=data["owner"], playbook=data["playbook"],
            policy=data["policy"], state=data["state"], campaign_ids=list(data["campaign_ids"]),
            targets=list(data["targets"]), audit_event_id=data.get("audit_event_id"),
            first_seen=parse_iso(data["first_seen"]) if data.get("first_seen") else None,
            last_seen=parse_iso(data["last_seen"]) if data.get("last_seen") else None,
        )
        incident.accounts = {a["handle"]: account_from(a) for a in data["accounts"]}
        incident.waves = [wave_from(w) for w in data["waves"]]
        incident.comments = {c["comment"]["platform"] + ":" + str(c["comment"]["id"]): comment_from(c) for c in data["comments"]}
        incident.history = [Transition(t["state"], parse_iso(t["at"]), t.get("actor"), t.get("note"), t.get("audit_event_id"))
                            for t in data["history"]]
        return incident


class IncidentStore(Protocol):
    """What the incident book needs from persistence; the SQL store implements the same."""

    def get(self, incident_id: str) -> Incident: ...
    def all(self) -> list[Incident]: ...
    def unresolved(self) -> list[Incident]: ...
    def save(self, incident: Incident) -> None: ...
    def next_id(self) -> str: ...


class MemoryIncidentStore:
    def __init__(self, incidents: list[Incident] | None = None):
        self._incidents: dict[str, Incident] = {i.id: i for i in incidents or ()}

    def get(self, incident_id: str) -> Incident:
        try:
            return self._incidents[incident_id]
        except KeyError:
            known = ", ".join(self._incidents) or "none yet"
            raise UsageError(f"no incident {incident_id!r} (known: {known})") from None

    def all(self) -> list[Incident]:
        return sorted(self._incidents.values(), key=lambda i: i.id)

    def unresolved(self) -> list[Incident]:
        return [i for i in self.all() if i.state != "resolved"]

    def save(self, incident: Incident) -> None:
        self._incidents[incident.id] = incident

    def next_id(self) -> str:
        return f"INC-{len(self._incidents) + 1:04d}"


@lru_cache(maxsize=None)
def bundled_playbook(language: str) -> dict[str, Any]:
    path = resources.files("postguard.campaigns").joinpath("data", "playbook", f"{language}.yaml")
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def playbook_for(policy: Policy) -> dict[str, dict[str, Any]]:
    """The policy's own playbook text where it has one, else the bundled one, in each language."""
    own = policy.limits.campaign_playbook
    out = {}
    for language in LANGUAGES:
        bundled = bundled_playbook(language)
        if language in own:
            out[language] = {"title": bundled["title"], "steps": [line for line in own[language].splitlines() if line.strip()]}
        else:
            out[language] = {"title": bundled["title"], "steps": list(bundled["steps"])}
    return out


def owner_for(policy: Policy) -> dict[str, Any] | None:
    """The responsibility named by ``limits.campaign_owner`` (else the final responsibility)."""
    for key in (policy.limits.campaign_owner, policy.final_responsibility):
        if key and key in policy.responsibilities:
            resp = policy.responsibilities[key]
            return {"responsibility": key, "title": dict(resp.title), **resp.owner.model_dump(exclude_none=True)}
    return {"responsibility": policy.limits.campaign_owner} if policy.limits.campaign_owner else None


class IncidentBook:
    """Turns the detector's evidence into incidents in a store."""

    def __init__(self, policy: Policy, store: IncidentStore | None = None):
        self.policy = policy
        self.store = store if store is not None else MemoryIncidentStore()
        self.min_accounts = policy.limits.campaign_min_accounts

    def apply(self, evidence: CampaignEvidence) -> tuple[Incident, bool] | None:
        """Open or grow the incident for ``evidence``: (incident, opened), or None below threshold."""
        members = {a.handle for a in evidence.accounts if a.role == "member"}
        if len(members) < self.min_accounts:
            return None
        incident = self._match(evidence, members)
        opened = incident is None
        if incident is None:
            incident = Incident(
                id=self.store.next_id(), opened_at=evidence.last_seen, owner=owner_for(self.policy),
                playbook=playbook_for(self.policy), policy={"name": self.policy.name, "revision": self.policy.revision},
            )
            incident.history.append(Transition("open", evidence.last_seen, "detector", None))
        changed = incident.merge(evidence)
        if opened or changed:
            self.store.save(incident)
        return incident, opened

    def _match(self, evidence: CampaignEvidence, members: set[str]) -> Incident | None:
        """The unresolved incident of the same campaign, or one sharing accounts with it."""
        best, best_shared = None, 1
        for incident in self.store.unresolved():
            if evidence.campaign_id in incident.campaign_ids:
                return incident
            shared = len(members & {h for h, a in incident.accounts.items() if a.role == "member"})
            if shared > best_shared:
                best, best_shared = incident, shared
        return best
