"""The background triage worker: pending messages, in id order, in batches, then SLA alerts.

One batch is: read the oldest pending messages (a read transaction), classify them in one
embedding call and triage each (no transaction held: the models take time and SQLite's
write lock must not wait for them), then store every result in one write transaction.
Messages another process triaged meanwhile are skipped (PostgreSQL: ``SKIP LOCKED``;
SQLite: writers are serialised and the state is checked again).

A message that cannot be triaged (a policy whose opening hours never give the time to
answer, say) is marked ``failed``, never retried forever and never lost: the reason is kept
in the row (``triage_error``, and ``triage_failure`` as a code with params when postguard itself
said why, ``inbound/failures.py``; shown by the API and ``postguard inbox failed`` in the
reader's language), goes to the log (a warning with the message id), and the batch's
``MessagesTriaged`` audit event counts it.
Once the cause is fixed, a person sends failed messages back to triage
(``POST /api/v1/inbox/messages/retry-failed``, ``postguard inbox retry-failed``; audited as
``inbox.retry``): they are ``pending`` again, without their reason, and triaged like new ones.
A message triaged successfully has no reason (``store/inbox_triage.py`` clears it).
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..auth.permissions import Actor
from ..campaigns.notify import IncidentNotifier, send_all
from ..errors import PostguardError
from ..inbound.failures import TriageFailure, failure_text
from ..inbound.situations import KeywordSituationClassifier, load_patterns
from ..inbound.sla import BusinessHours, SlaStatus, sla_status
from ..inbound.triage import Triage, TriageResult
from ..inbound.webhooks import EVENT_SLA_AT_RISK, EVENT_SLA_MISSED
from ..languages import LANGUAGES
from ..notify import Notifier
from ..store import inbox_events as ev
from ..store.audit import record
from ..store.base import utcnow
from ..store.db import Database
from ..store.campaign_feed import store_inbox_comments
from ..store.inbox_accept import to_inbound
from ..store.incidents import ScanResult, scan_waiting
from ..store.inbox_failed import mark_failed
from ..store.inbox_models import InboxMessage
from ..store.inbox_people import Directory
from ..store.inbox_triage import TriageContext, apply_batch, due_for_alert, open_with_deadline
from ..store.policies import active_policy
from .classify import PreparedClassifier, classify_batch, detect_all, keyword_batch, languages_of

log = logging.getLogger("postguard.inbox")


#: Who feeds the campaign detector from the inbox (in the audit log: ``system:inbox``).
INBOX_ACTOR = Actor(user_id=0, username="system:inbox", role="admin")
#: After a failed campaign scan, the background loop tries again this much later.
CAMPAIGN_RETRY_SECONDS = 60.0


@dataclass
class BatchOutcome:
    triaged: int = 0
    failed: int = 0
    #: Messages of the batch that were public comments, now waiting for the campaign detector.
    comments: int = 0
    #: Incidents the campaign scan after the batch opened.
    opened: tuple[str, ...] = ()


class TriageWorker:
    def __init__(self, db: Database, *, classifier: str = "model", notifier: Notifier = Notifier(),
                 batch_size: int = 64, run_check: bool = False, idle_seconds: float = 0.25,
                 sla_every_seconds: float = 60.0, incident_notifier: IncidentNotifier | None = None):
        if classifier not in ("model", "keywords"):
            raise PostguardError(f"inbox classifier must be 'model' or 'keywords', not {classifier!r}")
        self.db = db
        self.classifier = classifier
        self.notifier = notifier
        self.batch_size = batch_size
        self.run_check = run_check
        self.idle = idle_seconds
        self.sla_every = sla_every_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_sla: datetime | None = None
        self._lock = threading.Lock()
        self._prefetch: threading.Thread | None = None
        #: Called with each incident event after the campaign scan commits; None: the events go
        #: through ``notifier`` (the durable webhook queue) inside the scan's own transaction.
        self.incident_notifier = incident_notifier
        self._campaign_retry_at: float | None = 0.0  # at start: scan what a stopped process left waiting

    # -- one batch ---------------------------------------------------------------------
    def run_once(self) -> BatchOutcome:
        """Triage the oldest pending batch; returns how many were triaged (0: nothing pending)."""
        with self._lock:
            return self._run_once(None)

    def triage_now(self, ids: list[int]) -> BatchOutcome:
        """Triage these messages at once (a forwarded message whose redirect reply someone is waiting for)."""
        with self._lock:
            return self._run_once(ids)

    def _run_once(self, ids: list[int] | None) -> BatchOutcome:
        query = select(InboxMessage).where(InboxMessage.triage_state == "pending").order_by(InboxMessage.id)
        query = query.where(InboxMessage.id.in_(ids)) if ids is not None else query.limit(self.batch_size)
        with self.db.reader() as session:
            rows = list(session.scalars(query))
            if not rows:
                return BatchOutcome()
            number, policy = active_policy(session)
            directory = Directory.load(session)
        messages = [to_inbound(row) for row in rows]
        texts = [m.text for m in messages]
        hints = [m.language for m in messages]
        detected = detect_all(texts, hints)  # once per message: triage is handed the result
        languages = languages_of(hints, detected)
        if self._prefetch is not None:
            # This batch's vectors are being computed ahead: wait for them instead of embedding the
            # same texts a second time (the cache is only filled when the thread is done).
            self._prefetch.join()
        prepare = classify_batch if self.classifier == "model" else keyword_batch
        predictions = prepare(texts, languages)
        if self.classifier == "model" and ids is None:
            self._prefetch_after(rows[-1].id)
        triage = Triage(policy, PreparedClassifier(predictions, KeywordSituationClassifier()),
                        employees=directory.employees(), run_check=self.run_check)
        results: dict[int, TriageResult | tuple[str, TriageFailure | None]] = {}
        for row, message, found in zip(rows, messages, detected):
            try:
                results[row.id] = triage(message, detected_language=found)
            except PostguardError as exc:  # said in the row, the batch goes on
                results[row.id] = failure_text(exc)
        context = TriageContext(policy, number, directory, self.notifier)
        outcome = BatchOutcome()
        by_id = dict(zip((row.id for row in rows), messages))
        handled: list = []
        with self.db.writer() as session:
            query = select(InboxMessage).where(InboxMessage.id.in_(list(results)),
                                               InboxMessage.triage_state == "pending").order_by(InboxMessage.id)
            if not self.db.is_sqlite:
                query = query.with_for_update(skip_locked=True)
            items = []
            for row in session.scalars(query):
                result = results[row.id]
                if isinstance(result, tuple):
                    mark_failed(row, *result)
                    log.warning("message %s could not be triaged: %s", row.id, result[0])
                    outcome.failed += 1
                    handled.append(by_id[row.id])
                    continue
                prediction = predictions.get(row.text)
                items.append((row, result, prediction.extra if prediction else None))
                handled.append(by_id[row.id])
            apply_batch(session, items, context)  # in id order, a few statements for the whole batch
            outcome.triaged = len(items)
            # Comments wait for the campaign detector in the same transaction as their triage.
            outcome.comments = store_inbox_comments(session, handled)
            if outcome.triaged or outcome.failed:
                record(session, ev.MessagesTriaged(triaged=outcome.triaged, failed=outcome.failed,
                                                   first_id=min(results), last_id=max(results)),
                       actor=context.actor, policy_version=number)
            session.commit()
        if outcome.comments:
            scanned = self.scan_campaigns()
            outcome.opened = tuple(scanned.opened) if scanned is not None else ()
        return outcome

    # -- campaigns ---------------------------------------------------------------------
    def scan_campaigns(self) -> ScanResult | None:
        """Feed the waiting comments to the campaign detector; None when the scan failed.

        A failure is logged and leaves the comments waiting (the triage batch is committed
        already); the background loop tries again after :data:`CAMPAIGN_RETRY_SECONDS`.
        """
        try:
            with self.db.writer() as session:
                number, policy = active_policy(session)
                result = scan_waiting(session, actor=INBOX_ACTOR, policy=policy, number=number)
                if self.incident_notifier is None:
                    for event in result.events:
                        self.notifier.publish(session, event["event"], event)
                session.commit()
        except (PostguardError, SQLAlchemyError):
            log.exception("inbox worker: campaign scan failed; the comments wait for the next scan")
            self._campaign_retry_at = time.monotonic() + CAMPAIGN_RETRY_SECONDS
            return None
        self._campaign_retry_at = None
        send_all(self.incident_notifier, result.events)
        return result

    def _prefetch_after(self, last_id: int) -> None:
        """Embed the next batch's texts in a thread while this batch is triaged and stored.

        The embedding engine releases the GIL, so the next batch's vectors are computed while
        Python routes and writes this one; the next ``classify_batch`` finds them in the
        embedder's cache. Triage throughput then approaches the raw embedding throughput.
        """
        if self._prefetch is not None and self._prefetch.is_alive():
            return
        with self.db.reader() as session:
            texts = list(session.scalars(select(InboxMessage.text).where(
                InboxMessage.triage_state == "pending", InboxMessage.id > last_id)
                .order_by(InboxMessage.id).limit(self.batch_size)))
        if not texts:
            return
        from ..nlp.embedder import default_embedder

        self._prefetch = threading.Thread(target=default_embedder().embed, args=(texts,),
                                          name="postguard-embed-ahead", daemon=True)
        self._prefetch.start()

    @staticmethod
    def warm_up() -> None:
        """Load what triage loads lazily per language (the situation and urgency patterns of all six,
        seconds of YAML and regex compiling) before the first message, not while it waits."""
        for language in LANGUAGES:
            load_patterns(language)

    def drain(self, max_batches: int = 1_000_000) -> int:
        """Triage until nothing is pending; returns how many messages were triaged or failed."""
        total = 0
        for _ in range(max_batches):
            outcome = self.run_once()
            if not (outcome.triaged or outcome.failed):
                break
            total += outcome.triaged + outcome.failed
        return total

    # -- SLA alerts --------------------------------------------------------------------
    def check_sla(self, now: datetime | None = None) -> int:
        """Alert once when an open conversation's deadline is about to be missed, once when missed."""
        now = now or utcnow()
        sent = 0
        with self.db.writer() as session:
            number, policy = active_policy(session)
            hours = BusinessHours(policy.availability)
            for conversation in open_with_deadline(session, now + timedelta(days=30)):
                status = sla_status(hours, conversation.received_at, conversation.deadline, now)
                if status is SlaStatus.OK or not due_for_alert(conversation, status.value):
                    continue
                conversation.sla_alerted = status.value
                event = EVENT_SLA_MISSED if status is SlaStatus.MISSED else EVENT_SLA_AT_RISK
                self.notifier.publish(session, event, {
                    "conversation_id": conversation.id, "case_number": conversation.case_number,
                    "situation": conversation.situation, "urgency": conversation.urgency,
                    "language": conversation.language, "owner": conversation.owner_key,
                    "deadline": conversation.deadline.isoformat(), "status": status.value,
                    "checked_at": now.isoformat()})
                record(session, ev.SlaAlerted(conversation_id=conversation.id, status=status.value),
                       actor="system:inbox", policy_version=number)
                sent += 1
            session.commit()
        return sent

    # -- background thread -------------------------------------------------------------
    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="postguard-triage", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        self.warm_up()
        while not self._stop.is_set():
            try:
                if self._campaign_retry_at is not None and time.monotonic() >= self._campaign_retry_at:
                    self.scan_campaigns()
                outcome = self.run_once()
                now = utcnow()
                if self._last_sla is None or (now - self._last_sla).total_seconds() >= self.sla_every:
                    self._last_sla = now
                    self.check_sla(now)
            except Exception:  # the loop must survive a lost connection; logged with its traceback
                log.exception("inbox worker: batch failed; retrying")
                outcome = BatchOutcome()
            if not (outcome.triaged or outcome.failed):
                self._wake.wait(self.idle)
                self._wake.clear()
