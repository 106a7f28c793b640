"""coordination-network-toolkit (co_reply, co_similar) on the same streams, as the peer.

The toolkit builds user-user networks in SQLite; an account is flagged when it has an edge of
at least the minimum weight. Its parameters are fixed here, not tuned per seed:
co_reply — replies to the same post within ``window`` seconds, weight ≥ 3;
co_similar — texts with word-Jaccard ≥ 0.5 within ``window`` seconds, weight ≥ 2.
"""
from __future__ import annotations

import contextlib
import io
import sqlite3
import tempfile
import time
from pathlib import Path

from coordination_network_toolkit.compute_networks import compute_co_reply_network, compute_co_similar_tweet
from coordination_network_toolkit.preprocess import preprocess_data

from postguard.campaigns.model import Comment

CO_REPLY_MIN_WEIGHT = 3
CO_SIMILAR_MIN_WEIGHT = 2
CO_SIMILAR_THRESHOLD = 0.5


def _flagged(db: Path, table: str, min_weight: int) -> set[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(f"select user_1, user_2 from {table} where user_1 != user_2 and weight >= ?", (min_weight,))
        return {u for pair in rows for u in pair}


def run_peer(comments: list[Comment], window_seconds: float, with_similar: bool = True) -> dict[str, object]:
    """Flagged accounts per method and the seconds each took."""
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cnt.db"
        post_ids = {}
        rows = []
        for c in comments:
            if c.kind == "post":
                post_ids[c.thread_id] = c.external_id
        for c in comments:
            reply = None if c.kind == "post" else post_ids.get(c.thread_id, c.thread_id)
            rows.append((c.external_id, c.author, c.author, None, reply, c.text, c.at.timestamp(), []))
        quiet = io.StringIO()
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            preprocess_data(str(db), rows)
            started = time.perf_counter()
            compute_co_reply_network(str(db), window_seconds, min_edge_weight=CO_REPLY_MIN_WEIGHT, n_threads=1)
            out["co_reply_seconds"] = time.perf_counter() - started
            out["co_reply"] = _flagged(db, "co_reply_network", CO_REPLY_MIN_WEIGHT)
            if with_similar:
                started = time.perf_counter()
                compute_co_similar_tweet(str(db), window_seconds, n_threads=1,
                                         similarity_threshold=CO_SIMILAR_THRESHOLD, min_edge_weight=CO_SIMILAR_MIN_WEIGHT)
                out["co_similar_seconds"] = time.perf_counter() - started
                out["co_similar"] = _flagged(db, "co_similar_tweet_network", CO_SIMILAR_MIN_WEIGHT)
    return out
