"""The evidence bundle: what a lawyer gets, verbatim and tamper-evident.

Every comment is kept exactly as collected (platform id, permalink, author, UTC time, text) with
the detector's reasons. Each item carries the SHA-256 of its canonical JSON (sorted keys, no
whitespace, UTF-8), and the bundle carries the SHA-256 of itself without that one field, so
anyone can recompute both with a few lines in any language (:func:`verify_bundle` does).
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any

from .incidents import Incident
from .serialize import account_to, iso, wave_to

BUNDLE_FORMAT = "postguard-evidence/1"
HASH_FIELD = "bundle_sha256"


def canonical(value: Any) -> bytes:
    """The bytes that are hashed: sorted keys, no insignificant whitespace, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def sha256(value: Any) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


def _hashed(item: dict[str, Any]) -> dict[str, Any]:
    return {"item": item, "sha256": sha256(item)}


def export_bundle(incident: Incident, generated_at: datetime | None = None,
                  audit: dict[str, Any] | None = None) -> dict[str, Any]:
    """The incident as a JSON-ready evidence bundle with item and bundle hashes.

    ``audit`` links the bundle to the audit log before it is hashed: the store passes the
    sequence number of the export's own audit event (which records this bundle's SHA-256) and
    the hash of the link before it.
    """
    comments = []
    for evidence in sorted(incident.comments.values(), key=lambda c: (c.comment.at, c.comment.key)):
        c = evidence.comment
        comments.append(_hashed({
            "platform": c.platform, "platform_id": c.external_id, "permalink": c.permalink, "author": c.author,
            "at_utc": iso(c.at), "thread": c.thread_id, "reply_to": c.reply_to, "kind": c.kind,
            "language": c.language, "author_created_utc": iso(c.author_created) if c.author_created else None,
            "text": c.text, "wave": evidence.wave, "negativity": evidence.negativity,
            "similar_to": list(evidence.similar_to), "reasons": [r.to_dict() for r in evidence.reasons],
        }))
    accounts = sorted(incident.accounts.values(), key=lambda a: (a.role != "leader", -a.score, a.handle))
    bundle: dict[str, Any] = {
        "format": BUNDLE_FORMAT,
        "generated_at_utc": iso(generated_at or datetime.now(timezone.utc)),
        "incident": {
            "id": incident.id, "state": incident.state, "opened_at_utc": iso(incident.opened_at),
            "first_seen_utc": iso(incident.first_seen) if incident.first_seen else None,
            "last_seen_utc": iso(incident.last_seen) if incident.last_seen else None,
            "owner": incident.owner, "policy": incident.policy, "campaign_ids": list(incident.campaign_ids),
            "targets": list(incident.targets), "playbook": incident.playbook,
            "history": [{"state": t.state, "at_utc": iso(t.at), "actor": t.actor, "note": t.note,
                         "audit_event_id": t.audit_event_id} for t in incident.history],
        },
        "audit": {
            # The audit event that recorded the opening, and (from the store) the export's own.
            "audit_event_id": incident.audit_event_id,
            **(audit or {}),
        },
        "accounts": [_hashed(account_to(a)) for a in accounts],
        "waves": [_hashed(wave_to(w)) for w in incident.waves],
        "comments": comments,
    }
    bundle[HASH_FIELD] = sha256(bundle)
    return bundle


def bundle_json(bundle: dict[str, Any]) -> str:
    """The bundle as a file: readable indentation; hashes are over the canonical form, not this."""
    return json.dumps(bundle, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def verify_bundle(bundle: dict[str, Any]) -> list[str]:
    """Every mismatch between the content and its hashes; an empty list means intact."""
    problems = []
    for section in ("accounts", "waves", "comments"):
        for number, entry in enumerate(bundle.get(section, []), start=1):
            if sha256(entry.get("item")) != entry.get("sha256"):
                problems.append(f"{section}[{number}]: content does not match its sha256")
    body = {k: v for k, v in bundle.items() if k != HASH_FIELD}
    if sha256(body) != bundle.get(HASH_FIELD):
        problems.append(f"{HASH_FIELD}: the bundle does not match its sha256")
    return problems
