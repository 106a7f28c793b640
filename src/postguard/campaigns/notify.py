"""What an incident tells the outside world, and the one seam through which it is sent.

A new incident is an ``incident.opened`` event; every later wave is an ``incident.wave``
event. Each is a small JSON-ready dict (``{"event": …, "incident": …}``) carrying what a
receiver needs to act (ids, counts, leader, owner, links) and no comment text: the evidence
stays in the store and leaves only through an audited export.

Delivery is not done here. The service takes an :data:`IncidentNotifier` — any callable that
accepts one event dict — and calls it after the scan's transaction commits. Wire it to the
durable signed webhook sender (``webhook_notifier`` adapts any sender with
``enqueue(url, event, payload)``, the shape of ``connectors.webhooks.WebhookSender``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from .incidents import Incident
from .serialize import iso

EVENT_OPENED = "incident.opened"
EVENT_WAVE = "incident.wave"

#: The seam: one call per event, after the data is committed.
IncidentNotifier = Callable[[dict[str, Any]], None]


def _summary(incident: Incident) -> dict[str, Any]:
    owner = incident.owner or {}
    return {
        "id": incident.id, "state": incident.state, "opened_at": iso(incident.opened_at),
        "leaders": [a.handle for a in incident.leaders],
        "accounts": sum(a.role == "member" for a in incident.accounts.values()),
        "waves": len(incident.waves), "comments": len(incident.comments), "targets": list(incident.targets),
        "owner": owner.get("responsibility"), "owner_name": owner.get("name"), "owner_email": owner.get("email"),
        "api": f"/api/v1/incidents/{incident.id}", "page": f"/ui/incidents/{incident.id}",
    }


def incident_events(incident: Incident, *, opened: bool, new_waves: Iterable[int]) -> list[dict[str, Any]]:
    """``incident.opened`` for a new incident (its waves so far included); for a known one, one
    ``incident.wave`` per wave it did not have before."""
    summary = _summary(incident)
    if opened:
        return [{"event": EVENT_OPENED, "incident": summary}]
    events: list[dict[str, Any]] = []
    waves = {w.index: w for w in incident.waves}
    for index in new_waves:
        wave = waves[index]
        events.append({"event": EVENT_WAVE, "incident": summary, "wave": {
            "index": wave.index, "target": f"{wave.platform}:{wave.thread_id}", "start": iso(wave.start),
            "end": iso(wave.end), "accounts": len(wave.accounts), "comments": wave.comments,
            "negative_share": wave.negative_share}})
    return events


class _Sender(Protocol):
    def enqueue(self, url: str, event: str, payload: dict[str, Any]) -> Any: ...


def webhook_notifier(sender: _Sender, urls: Sequence[str]) -> IncidentNotifier:
    """An :data:`IncidentNotifier` that puts each event in the sender's outbox for every receiver."""
    def notify(event: dict[str, Any]) -> None:
        for url in urls:
            sender.enqueue(url, event["event"], event)

    return notify


def send_all(notifier: IncidentNotifier | None, events: Iterable[dict[str, Any]]) -> int:
    """Hand every event to ``notifier`` (none configured: nothing is sent); returns how many."""
    if notifier is None:
        return 0
    count = 0
    for event in events:
        notifier(event)
        count += 1
    return count
