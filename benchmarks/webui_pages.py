"""Server time of the interface's data pages over a year of stored drafts and conversations.

    PYTHONPATH=src .venv/bin/python benchmarks/webui_pages.py [--drafts 10000] [--conversations 10000]
        [--requests 30] [--postgres URL]

Fills a fresh database (SQLite under a temporary directory, or the PostgreSQL database given,
which should be empty) with ``--drafts`` drafts spread over the last 365 days — the demo
drafts' real check reports, in six languages, with their outcomes — and ``--conversations``
customer conversations over the same year, taken in, triaged and mostly answered through the
store (``webui_data.py``). Then it asks the whole service (API and interface, in-process, as
a signed-in communications lead) for each page ``--requests`` times and prints the median and
p95 of the time from request to the last byte of the answer. The dashboard over 52 weeks
counts every draft and conversation of the year. The inbox page draws its list in the browser
from ``/api/v1/inbox/conversations`` (the most pressing 100 open ones), so both are timed;
``webui_render.py`` measures the time to first render in the browser.
Target (issue 7): p95 ≤ 300 ms server time.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from webui_data import fill_drafts, fill_inbox, settle  # noqa: E402

TARGET_MS = 300.0
PAGES = ("/ui/dashboard?weeks=52", "/ui/dashboard?weeks=12", "/ui/dashboard/findings-by-week.csv?weeks=52",
         "/ui/review", "/ui/drafts", "/ui/audit", "/ui/inbox", "/api/v1/inbox/conversations")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--conversations", type=int, default=10_000)
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
        fill_drafts(db, args.drafts)
        print(f"{args.drafts:,} drafts over 365 days stored in {time.perf_counter() - started:.1f} s "
              f"({db.engine.dialect.name})")
        started = time.perf_counter()
        filled = fill_inbox(db, args.conversations)
        print(f"{args.conversations:,} conversations over 365 days taken in and triaged, {filled['answered']:,} "
              f"answered, in {time.perf_counter() - started:.1f} s")
        settle(db)
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
