"""Acknowledgement and quiz reports at company scale: how long HR waits for them.

    PYTHONPATH=src /work/main/.venv/bin/python benchmarks/training_report.py [--people 10000] [--repeats 5]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/pg_training]

Seeds ``--people`` staff in 12 departments (bulk inserts, in a fresh SQLite file unless a
database URL is given; a PostgreSQL run uses its own schema, dropped at the end), with 70 %
having accepted the active version, a year of weekly reminders for the rest (52 each) and
three quiz attempts for half of them. Then times, median of ``--repeats``: the status of
everyone (``acknowledgements.status``), completion per department (``completion``), the quiz
report (``quizzes.report``), the outstanding list, and a dry-run of reminders (the messages
for everyone due, in their languages). Prints one line per figure.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import insert, select  # noqa: E402

from postguard.auth.permissions import CLI_ACTOR  # noqa: E402
from postguard.store import acknowledgements as acks  # noqa: E402
from postguard.store import quizzes  # noqa: E402
from postguard.store.base import utcnow  # noqa: E402
from postguard.store.db import Database  # noqa: E402
from postguard.store.models import User  # noqa: E402
from postguard.store.setup import prepare  # noqa: E402
from postguard.store.training_models import Acknowledgement, AcknowledgementReminder, QuizResult  # noqa: E402
from postguard.training.reminders import CollectingSender  # noqa: E402

LANGS = ("en", "pl", "no", "sv", "he", "nl")


def seed(db: Database, people: int) -> None:
    rng = random.Random(1)
    now = utcnow()
    with db.writer() as session:
        session.execute(insert(User), [
            {"username": f"p{i:06d}", "display_name": f"Person {i}", "role": "employee", "language": LANGS[i % 6],
             "department": f"Department {i % 12:02d}", "is_active": True, "created_at": now, "updated_at": now}
            for i in range(people)])
        ids = list(session.scalars(select(User.id).where(User.username.like("p%"))))
        done = [i for i in ids if rng.random() < 0.7]
        session.execute(insert(Acknowledgement), [
            {"user_id": i, "policy_version": 1, "language": "en", "via": "session", "at": now} for i in done])
        rest = sorted(set(ids) - set(done))
        session.execute(insert(AcknowledgementReminder), [
            {"user_id": i, "policy_version": 1, "channel": "notification", "at": now - timedelta(weeks=w)}
            for i in rest for w in range(1, 53)])
        session.execute(insert(QuizResult), [
            {"user_id": i, "policy_version": 1, "language": "en", "seed": a, "score": rng.random(), "pass_mark": 0.8,
             "passed": rng.random() < 0.6, "answers": [0] * 10, "at": now, "attempt_key": f"{i}:{a}"}
            for i in ids[: len(ids) // 2] for a in range(3)])
        session.commit()


def timed(function, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    schema = None
    if args.database_url:
        from urllib.parse import quote

        schema = f"bench_training_{uuid.uuid4().hex[:8]}"
        admin = Database.from_url(args.database_url)
        with admin.engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        url = f"{args.database_url}{'&' if '?' in args.database_url else '?'}options={quote(f'-csearch_path={schema}')}"
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    db = Database.from_url(url)
    try:
        prepare(db)
        started = time.perf_counter()
        seed(db, args.people)
        print(f"backend {db.engine.dialect.name}; seeded {args.people} people, ~{int(args.people * 0.3 * 52)} reminders, "
              f"{args.people // 2 * 3} quiz results in {time.perf_counter() - started:.1f} s")
        with db.reader() as session:
            figures = {
                "status of everyone": lambda: acks.status(session, actor=CLI_ACTOR),
                "outstanding only": lambda: acks.status(session, actor=CLI_ACTOR, outstanding_only=True),
                "completion per department": lambda: acks.completion(session, actor=CLI_ACTOR),
                "quiz report per department": lambda: quizzes.report(session, actor=CLI_ACTOR),
            }
            for name, function in figures.items():
                print(f"{name:32s} {timed(function, args.repeats):8.1f} ms (median of {args.repeats})")
        with db.writer() as session:
            sender = CollectingSender()
            ms = timed(lambda: acks.remind(session, actor=CLI_ACTOR, sender=sender, base_url="http://x",
                                           every=timedelta(0), dry_run=True), args.repeats)
            messages = len(acks.remind(session, actor=CLI_ACTOR, sender=sender, base_url="http://x",
                                       every=timedelta(0), dry_run=True))
            session.rollback()
        print(f"{'reminders, dry run':32s} {ms:8.1f} ms (median of {args.repeats}; {messages} messages)")
    finally:
        db.dispose()
        if schema:
            with admin.engine.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            admin.dispose()


if __name__ == "__main__":
    main()
