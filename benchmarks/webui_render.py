"""Time to first render in the browser: the dashboard over a year and the inbox at 10,000 conversations.

    PYTHONPATH=src .venv/bin/python benchmarks/webui_render.py [--drafts 10000] [--conversations 10000]
        [--loads 20] [--postgres URL]

Fills a database as ``webui_pages.py`` does (``webui_data.py``: drafts and conversations over
the last 365 days, through the store), starts the whole service with uvicorn on a loopback
port, signs in as the communications lead in Debian's chromium (Playwright,
``executable_path=/usr/bin/chromium``) and loads each page ``--loads`` times. For each load it
reads the browser's own Paint Timing (``first-contentful-paint``, from navigation start)
and, for the inbox, whose list is drawn by script from the API, the moment the first
conversation row is in the document (``inbox ready``). Prints median and p95 per page.
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

PAGES = ("/ui/dashboard?weeks=52", "/ui/dashboard?weeks=12", "/ui/inbox", "/ui/review")
#: Read after the load event: the first contentful paint, relative to navigation start (ms).
FCP = """() => new Promise(resolve => {
  const found = () => performance.getEntriesByName('first-contentful-paint')[0];
  if (found()) return resolve(found().startTime);
  new PerformanceObserver((list, observer) => { observer.disconnect(); resolve(found().startTime); })
    .observe({type: 'paint', buffered: true});
})"""
#: The inbox is ready when its script has drawn the first conversation (ms from navigation start).
INBOX_READY = """() => new Promise(resolve => {
  const done = () => document.querySelector('#conversations tr') && !document.getElementById('inbox-list').hidden;
  if (done()) return resolve(performance.now());
  const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(performance.now()); } });
  observer.observe(document.getElementById('inbox'), {childList: true, subtree: true, attributes: true});
})"""


def percentile95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def measure(base_url: str, loads: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    from postguard.demo.company import DEMO_PASSWORD
    from postguard.webui.testing import CHROMIUM, CHROMIUM_ARGS

    results: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="en").new_page()
        page.goto(f"{base_url}/ui/signin?next=/ui/dashboard")
        page.fill("#username", "lead")
        page.fill("#password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/ui/dashboard")
        for path in PAGES:
            page.goto(base_url + path)  # warms the server's caches and the browser's stylesheet cache
            for _ in range(loads):
                page.goto(base_url + path, wait_until="load")
                results.setdefault(f"{path} first contentful paint", []).append(page.evaluate(FCP))
                if path == "/ui/inbox":
                    results.setdefault(f"{path} list drawn", []).append(page.evaluate(INBOX_READY))
        browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL (an empty database) instead of SQLite")
    args = parser.parse_args()

    from postguard.demo.company import seed_people
    from postguard.settings import Settings
    from postguard.store.db import Database
    from postguard.webui.testing import browser_missing_reason, running_interface

    problem = browser_missing_reason()
    if problem:
        print(f"cannot measure in the browser: {problem}")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        environment = {"POSTGUARD_DATA_DIR": folder, "POSTGUARD_DATABASE_URL": args.postgres,
                       "POSTGUARD_WARM_UP": "false", "POSTGUARD_INBOX_CLASSIFIER": "keywords"}
        settings = Settings.from_env(environment)
        seed_people(settings)
        db = Database.from_url(settings.effective_database_url)
        started = time.perf_counter()
        fill_drafts(db, args.drafts)
        filled = fill_inbox(db, args.conversations)
        settle(db)
        db.dispose()
        print(f"{args.drafts:,} drafts and {args.conversations:,} conversations ({filled['answered']:,} answered) "
              f"stored in {time.perf_counter() - started:.1f} s ({settings.effective_database_url.split(':')[0]})")
        with running_interface("postguard.web.app:create_app", timeout=120, environment=environment) as base_url:
            results = measure(base_url, args.loads)
    print(f"{'page (ms from navigation start)':<56} {'median':>8} {'p95':>8}")
    for name, values in results.items():
        print(f"{name:<56} {statistics.median(values):>8.1f} {percentile95(values):>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
