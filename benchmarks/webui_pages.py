"""Server time of the interface's data pages over a year of stored drafts.

    PYTHONPATH=src .venv/bin/python benchmarks/webui_pages.py [--drafts 10000] [--requests 30] [--postgres URL]

Fills a fresh database (SQLite under a temporary directory, or the PostgreSQL database given)
with ``--drafts`` drafts spread over the last 365 days — the demo drafts' real check reports,
in six languages, with their outcomes — then asks the whole service (API and interface,
in-process, as a signed-in communications lead) for each page ``--requests`` times and prints
the median and p95 of the time from request to the last byte of the answer. The dashboard
over 52 weeks reads every draft of the year. Target (issue 7): p95 ≤ 300 ms server time.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TARGET_MS = 300.0
PAGES = ("/ui/dashboard?weeks=52", "/ui/dashboard?weeks=12", "/ui/dashboard/findings-by-week.csv?weeks=52",
         "/ui/review", "/ui/drafts", "/ui/audit")


def fill(db, drafts: int) -> None:  # noqa: ANN001
    """``drafts`` drafts by the demo employee over the last year, from the demo drafts' reports."""
    from postguard.cli.demo_cmd import demo_drafts
    from postguard.context import CheckContext
    from postguard.engine import check
    from postguard.store import draft_summary, people, policies
    from postguard.store.base import utcnow
    from postguard.store.models import Draft, DraftFindingCount

    rng = random.Random(7)
    with db.writer() as session:
        author = people.get_user(session, username="employee")
        number, policy = policies.active_policy(session)
        samples = []
        for item in demo_drafts():
            report = check(item["text"], policy, CheckContext(account=item["account"], channel=item["channel"]))
            samples.append((item, report.to_dict()))
        now = utcnow()
        rows = []
        for index in range(drafts):
            item, report = rng.choice(samples)
            at = now - timedelta(days=rng.uniform(0, 365))
            status = rng.choice(("approved", "approved", "pending_review", "rejected", "changes_requested"))
            rows.append(dict(author_id=author.id, text=item["text"], account=item["account"], channel=item["channel"],
                             language=report["language"], status=status, verdict=report["verdict"],
                             policy_version=number, report=report, finding_count=len(report["findings"]),
                             created_at=at, updated_at=at))
            if len(rows) == 2000 or index == drafts - 1:
                # The store's own per-draft counts (draft_summary.rows), as drafts.submit writes them.
                ids = session.scalars(Draft.__table__.insert().returning(Draft.id, sort_by_parameter_order=True), rows).all()
                counts = [row for draft_id, row in zip(ids, rows) for row in draft_summary.rows(draft_id, row["report"])]
                if counts:
                    session.execute(DraftFindingCount.__table__.insert(), counts)
                rows = []
        session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL to use instead of a fresh SQLite file")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from postguard.demo.company import DEMO_PASSWORD, seed_people
    from postguard.settings import Settings
    from postguard.store.db import Database
    from postguard.web.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), database_url=args.postgres, warm_up=False)
        seed_people(settings)
        db = Database.from_url(settings.effective_database_url)
        started = time.perf_counter()
        fill(db, args.drafts)
        print(f"{args.drafts:,} drafts over 365 days stored in {time.perf_counter() - started:.1f} s "
              f"({db.engine.dialect.name})")
        with TestClient(create_app(settings, db=db)) as client:
            form = client.get("/ui/signin").text
            token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            answer = client.post("/ui/signin", data={"csrf_token": token, "username": "lead", "password": DEMO_PASSWORD},
                                 follow_redirects=False)
            assert answer.status_code == 303, answer.text
            worst = 0.0
            print(f"{'page':<48} {'median ms':>10} {'p95 ms':>10}")
            for path in PAGES:
                client.get(path)  # the first answer warms caches (policy parse, templates)
                times = []
                for _ in range(args.requests):
                    began = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - began) * 1000)
                    assert response.status_code == 200, (path, response.status_code)
                times.sort()
                p95 = times[max(0, round(0.95 * len(times)) - 1)]
                worst = max(worst, p95)
                print(f"{path:<48} {statistics.median(times):>10.1f} {p95:>10.1f}")
        db.dispose()
    print(f"worst p95 {worst:.1f} ms; target ≤ {TARGET_MS:.0f} ms: {'met' if worst <= TARGET_MS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
