"""Cost of a small campaign scan (a trickle feed) with and without the detector's saved state.

    PYTHONPATH=src:. python -m benchmarks.campaign_trickle [--days 30] [--scans 15] [--batch 10]

Builds a store (SQLite in a temporary folder, or ``--database-url``) holding a ``--days`` stream
of the campaigns benchmark's generator (about 20,000 comments for 30 days, two campaigns
among ordinary multilingual threads), then times scans of ``--batch`` new comments each — the
next comments of the same stream — twice from the same starting store:

* **full rescan**: ``incremental=False``, the detector replays the stored comments of its memory
  window before the new ones (what every scan did before the state was kept);
* **saved state**: the detector continues from ``campaign_detector_state`` and replays only the
  reordering tail (the last hour) and the new comments.

Each scan is one write transaction as the API runs it (store, detect, save the state, commit).
Prints the median and worst wall time per scan of each, and the saved state's size. Both runs
must report the same incidents: the script checks that and says so.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from postguard.auth.permissions import CLI_ACTOR
from postguard.store import incidents, migrate
from postguard.store.db import Database
from postguard.store.incident_models import CampaignComment, CampaignDetectorState, IncidentRecord
from postguard.store.policies import active_policy
from postguard.store.setup import prepare

from .campaigns.generate import Config, generate


def _scan(db: Database, batch: list, incremental: bool) -> float:
    started = time.perf_counter()
    with db.writer() as session:
        number, policy = active_policy(session)
        incidents.scan(session, actor=CLI_ACTOR, comments=batch, policy=policy, number=number,
                       incremental=incremental)
        session.commit()
    return time.perf_counter() - started


def _documents(db: Database) -> list[tuple]:
    with db.reader() as session:
        return [(r.id, r.accounts, r.waves, r.comments) for r in session.query(IncidentRecord).order_by(IncidentRecord.id)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--threads-per-day", type=int, default=95)
    parser.add_argument("--scans", type=int, default=15, help="timed scans per mode")
    parser.add_argument("--batch", type=int, default=10, help="new comments per scan")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    config = Config(days=args.days, threads_per_day=args.threads_per_day, users=6000, pages=120, mean_comments=6.0,
                    group_sizes=(8, 6), pile_on_share=0.01)
    comments = sorted(generate(args.seed, config).comments, key=lambda c: c.at)
    tail = args.scans * args.batch
    stored, trickle = comments[:-tail], comments[-tail:]
    batches = [trickle[i:i + args.batch] for i in range(0, tail, args.batch)]

    folder = Path(tempfile.mkdtemp(prefix="postguard-trickle-"))
    try:
        base = folder / "base.db"
        db = Database.from_url(f"sqlite:///{base}")
        migrate.upgrade(db.engine)
        prepare(db)
        started = time.perf_counter()
        for start in range(0, len(stored), incidents.MAX_SCAN_COMMENTS):
            _scan(db, stored[start:start + incidents.MAX_SCAN_COMMENTS], True)
        setup = time.perf_counter() - started
        with db.reader() as session:
            count = session.scalar(select(func.count()).select_from(CampaignComment))
            state = session.scalar(select(func.length(CampaignDetectorState.state)))
        db.dispose()
        span = (stored[-1].at - stored[0].at).total_seconds() / 86400
        print(f"store: {count:,} comments over {span:.1f} days (first scan, building the state: {setup:.1f} s); "
              f"saved state {state / 1e6:.2f} MB")

        results = {}
        for mode, incremental in (("full rescan", False), ("saved state", True)):
            path = folder / f"{mode.replace(' ', '-')}.db"
            shutil.copy(base, path)
            run = Database.from_url(f"sqlite:///{path}")
            times = [_scan(run, batch, incremental) for batch in batches]
            results[mode] = (times, _documents(run))
            run.dispose()
            print(f"{mode:>12}: scan of {args.batch} new comments: median {statistics.median(times) * 1000:8.1f} ms, "
                  f"worst {max(times) * 1000:8.1f} ms ({len(times)} scans)")
        full, kept = (statistics.median(results[m][0]) for m in ("full rescan", "saved state"))
        same = results["full rescan"][1] == results["saved state"][1]
        print(f"speed-up (median): {full / kept:.1f}x; incidents identical in both runs: {same} "
              f"({len(results['saved state'][1])} incident(s))")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
