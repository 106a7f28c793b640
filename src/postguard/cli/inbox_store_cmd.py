"""``postguard inbox import|forward|export-outbox|notify|failed|retry-failed``: the inbox in the service's database."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Optional

import typer

from ._service import DatabaseOption, DataDirOption, open_database, settings_from
from .inbox_cmd import LanguageOption, inbox_app, read_messages
from .lang_option import checked_language


def _actor(db, username: Optional[str]):  # noqa: ANN001, ANN202
    from ..auth.permissions import CLI_ACTOR
    from ..store import people

    if username is None:
        return CLI_ACTOR
    with db.reader() as session:
        user = people.get_user(session, username=username)
        return people.actor_of(user)


@inbox_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="Messages as .jsonl or .csv (fields of an incoming message)."),
    triage: bool = typer.Option(True, "--triage/--no-triage", help="Triage at once (else the service's worker does)."),
    classifier: Optional[str] = typer.Option(None, help="model or keywords (default: POSTGUARD_INBOX_CLASSIFIER, else model)."),
    lang: Optional[str] = LanguageOption,
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Store messages in the inbox (re-deliveries are skipped); a file with any bad message stores nothing."""
    from ..auth.permissions import CLI_ACTOR
    from ..inbox.worker import TriageWorker
    from ..notify import Notifier
    from ..output.labels import label
    from ..output.table import integer
    from ..store.inbox_accept import accept

    language = checked_language(lang)  # before anything is stored
    messages = read_messages(file)  # every problem with file:line:column, before anything is stored
    settings = settings_from(data_dir, database_url, inbox_classifier=classifier)
    db = open_database(settings)
    try:
        with db.writer() as session:
            outcome = accept(session, messages, actor=CLI_ACTOR, source="import")
            language = language or _policy_language(session)
            session.commit()
        typer.echo(label("inbox.import.stored", language).format(
            file=file, stored=integer(outcome.accepted, language), already=integer(outcome.duplicates, language)))
        if triage:
            worker = TriageWorker(db, classifier=settings.inbox_classifier, notifier=Notifier(settings.notify_urls))
            typer.echo(label("inbox.triaged", language).format(count=integer(worker.drain(), language)))
    finally:
        db.dispose()


@inbox_app.command("forward")
def forward_command(
    text: str = typer.Argument(..., help="The customer's message as received on your personal profile."),
    employee: str = typer.Option(..., help="Your user name (whose personal profile received it)."),
    platform: str = typer.Option(..., help="facebook, instagram, linkedin, x, …"),
    author: str = typer.Option(..., help="The customer's handle."),
    name: Optional[str] = typer.Option(None, help="The customer's name."),
    received_at: Optional[datetime] = typer.Option(None, help="When it arrived (with a time zone; default now)."),
    classifier: Optional[str] = typer.Option(None, help="model or keywords."),
    lang: Optional[str] = LanguageOption,
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Hand a customer's private message to the company (R11) and print the redirect reply to send back."""
    from ..inbox.acceptor import Acceptor
    from ..inbox.forward import forward, forwarded_message
    from ..inbox.worker import TriageWorker
    from ..notify import Notifier

    language = checked_language(lang)  # before anything is stored
    settings = settings_from(data_dir, database_url, inbox_classifier=classifier)
    db = open_database(settings)
    acceptor = Acceptor(db)
    acceptor.start()
    try:
        actor = _actor(db, employee)
        message = forwarded_message(actor, platform=platform, author_handle=author, author_name=name, text=text,
                                    received_at=received_at)
        worker = TriageWorker(db, classifier=settings.inbox_classifier, notifier=Notifier(settings.notify_urls))
        done = forward(db, acceptor, worker, actor=actor, message=message, language=language)
        with db.reader() as session:
            owner = _owner(session, done.conversation.owner_key, done.language)
        _print_forwarded(done, owner)
    finally:
        acceptor.stop()
        db.dispose()


def _owner(session, key: Optional[str], language: str) -> Optional[str]:  # noqa: ANN001
    """The responsibility ``key`` as the handbook names it in ``language``: "Customer service (Marta Zielińska)"."""
    from ..policy.names import responsibility_name
    from ..store.policies import active_policy

    return None if key is None else str(responsibility_name(active_policy(session)[1], key, language))


def _print_forwarded(done, owner: Optional[str]) -> None:  # noqa: ANN001
    """What the employee reads, in ``done.language``: who owns the case now, the reply to send, the notes."""
    from ..output.labels import label

    say = done.language
    conversation = done.conversation
    typer.echo(label("inbox.forward.owner", say).format(id=conversation.id, case=conversation.case_number,
                                                        owner=owner or label("inbox.forward.company", say)))
    if done.redirect is not None:
        verdict = label(f"verdict_{done.redirect.verdict}", say) if done.redirect.verdict else "-"
        typer.echo(label("inbox.forward.send", say).format(language=done.redirect.language, verdict=verdict))
        typer.echo(done.redirect.text)
    for note in done.notes:
        typer.echo(f"{label('inbox.forward.note', say)}: {note}", err=True)


@inbox_app.command("export-outbox")
def export_outbox_command(
    directory: Optional[Path] = typer.Option(None, "--dir", help="Where replies.jsonl goes (default: DATA_DIR/outbox)."),
    lang: Optional[str] = LanguageOption,
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Append sent replies not exported yet to replies.jsonl, for the platform connection."""
    from ..output.labels import label
    from ..output.table import integer
    from ..store.inbox_replies import export_outbox

    language = checked_language(lang)  # before anything is exported
    settings = settings_from(data_dir, database_url)
    db = open_database(settings)
    try:
        with db.writer() as session:
            path, count = export_outbox(session, directory or settings.outbox_dir)
            language = language or _policy_language(session)
            session.commit()
    finally:
        db.dispose()
    if count:
        typer.echo(label("inbox.export.done", language).format(count=integer(count, language), path=path))
    else:
        typer.echo(label("inbox.export.none", language))


@inbox_app.command("notify")
def notify_command(
    budget: float = typer.Option(30.0, help="Keep retrying due notifications for at most this many seconds."),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Deliver queued webhook notifications now (the service does this in the background)."""
    from ..connectors.webhooks import WebhookSender
    from ..errors import UsageError
    from ..notify import SqlQueue

    settings = settings_from(data_dir, database_url)
    if not settings.notify_secret:
        raise UsageError("POSTGUARD_NOTIFY_SECRET is not set: notifications cannot be signed")
    db = open_database(settings)
    try:
        queue = SqlQueue(db)
        sender = WebhookSender(queue, settings.notify_secret.encode("utf-8"))
        left = sender.drain(budget)
        sender.close()
        typer.echo(json.dumps({**queue.counts(), "still_due": left}))
    finally:
        db.dispose()


@inbox_app.command("failed")
def failed_command(
    limit: int = typer.Option(100, min=1, help="Show at most this many, oldest first."),
    lang: Optional[str] = LanguageOption,
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """List the messages triage could not handle, each with the reason."""
    from ..auth.permissions import CLI_ACTOR
    from ..output.labels import label
    from ..output.table import integer
    from ..store.inbox_failed import failed_messages

    language = checked_language(lang)
    db = open_database(settings_from(data_dir, database_url))
    try:
        with db.reader() as session:
            language = language or _policy_language(session)
            lines = [_failed_line(m, language) for m in failed_messages(session, actor=CLI_ACTOR, limit=limit)]
    finally:
        db.dispose()
    for line in lines:
        typer.echo(line)
    count = label("failed.count", language).format(count=integer(len(lines), language))
    typer.echo(f"{count}; {label('failed.hint', language)}" if lines else count)


def _policy_language(session) -> str:  # noqa: ANN001
    from ..store.policies import active_policy

    return active_policy(session)[1].languages.default


def _reason(message, language: str) -> str:  # noqa: ANN001
    """Why ``message`` failed, in ``language`` when postguard said it; as stored otherwise."""
    from ..inbound.failures import shown_failure
    from ..output.labels import label

    said = shown_failure(message.triage_error, message.triage_failure, language)
    return said or label("failed.no_reason", language)


def _failed_line(message, language: str) -> str:  # noqa: ANN001
    from ..output.labels import label

    return label("failed.line", language).format(
        id=message.id, platform=message.platform, external_id=message.external_id, author=message.author_handle,
        received=message.received_at.isoformat(), reason=_reason(message, language))


@inbox_app.command("retry-failed")
def retry_failed_command(
    ids: Optional[list[int]] = typer.Option(
        None, "--id", help="A failed message to send back (repeatable; default: every failed message)."),
    triage: bool = typer.Option(True, "--triage/--no-triage", help="Triage them at once (else the service's worker does)."),
    classifier: Optional[str] = typer.Option(None, help="model or keywords (default: POSTGUARD_INBOX_CLASSIFIER, else model)."),
    lang: Optional[str] = LanguageOption,
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Send failed messages back to triage once the cause is fixed; their reasons are cleared."""
    from ..auth.permissions import CLI_ACTOR
    from ..output.labels import label
    from ..output.table import integer
    from ..store.inbox_failed import retry_failed

    language = checked_language(lang)
    settings = settings_from(data_dir, database_url, inbox_classifier=classifier)
    db = open_database(settings)
    try:
        with db.writer() as session:
            retried = retry_failed(session, actor=CLI_ACTOR, ids=ids or None)
            language = language or _policy_language(session)
            session.commit()
        said = label("failed.back_ids" if retried else "failed.back", language)
        typer.echo(said.format(count=integer(len(retried), language), ids=", ".join(map(str, retried))))
        if triage and retried:
            _triage_retried(db, settings, retried, language)
    finally:
        db.dispose()


def _triage_retried(db, settings, ids: list[int], language: str) -> None:  # noqa: ANN001
    """Triage exactly the retried messages now, and say which failed again and why."""
    from sqlalchemy import select

    from ..inbox.worker import TriageWorker
    from ..notify import Notifier
    from ..output.labels import label
    from ..output.table import integer
    from ..store.inbox_models import InboxMessage

    worker = TriageWorker(db, classifier=settings.inbox_classifier, notifier=Notifier(settings.notify_urls))
    triaged = 0
    for start in range(0, len(ids), worker.batch_size):
        triaged += worker.triage_now(ids[start:start + worker.batch_size]).triaged
    typer.echo(label("inbox.triaged", language).format(count=integer(triaged, language)))
    with db.reader() as session:
        again = session.scalars(select(InboxMessage).where(InboxMessage.id.in_(ids), InboxMessage.triage_state == "failed")
                                .order_by(InboxMessage.id))
        for message in again:
            typer.echo(label("failed.again", language).format(id=message.id, reason=_reason(message, language)),
                       err=True)
