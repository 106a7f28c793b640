"""The streaming campaign detector: comments in, campaign evidence out.

How it works, cheapest step first, so a large stream costs little:

1. Every comment lands in its thread's sliding window (``quiet_hours``). Nothing else is done
   while fewer than ``min_accounts`` distinct accounts comment there; most threads stay so.
2. A busier thread opens a *wave*. Its comments get a tone (the pluggable sentiment function),
   links, hashtags and a MinHash of character 4-grams, indexed in one LSH (rensa) shared by all
   remembered waves, so paraphrases are found inside the thread and across threads.
3. A wave is *coordinated* when enough of its accounts are linked (a paraphrase by another
   account, or already known as a campaign's member), they are a real share of the thread, and
   their comments are mostly negative. Coordinated waves sharing accounts or paraphrases form a
   campaign (see :mod:`.campaign`).

Memory is bounded: windows by ``quiet_hours``, waves by ``window_hours``, accounts and
campaigns by ``memory_days``; a sweep every stream hour drops what fell out.
"""
from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from rensa import RMinHash, RMinHashLSH

from .campaign import Campaign, CampaignBook, Item, Wave
from .evidence import CampaignEvidence
from .features import Sentiment, hashtags, lexicon_negativity, links, matching_key, shingles
from .model import Comment
from .settings import DetectorSettings

NUM_PERM = 64
BANDS = 16
SEED = 20240611
HOUR = 3600.0
DAY = 86400.0


class _Thread:
    __slots__ = ("key", "window", "counts", "seen", "first_at", "last_at", "total", "post", "wave")

    def __init__(self, key: str, at: float):
        self.key = key
        self.window: deque[Item] = deque()
        self.counts: dict[str, int] = {}
        self.seen: set[str] = set()
        self.first_at = at
        self.last_at = at
        self.total = 0
        self.post: Item | None = None
        self.wave: Wave | None = None


class CampaignDetector:
    """Feed comments in time order with :meth:`process`; call :meth:`flush` at the end."""

    def __init__(self, settings: DetectorSettings | None = None, sentiment: Sentiment = lexicon_negativity):
        self.settings = settings or DetectorSettings()
        self.sentiment = sentiment
        self._threads: dict[str, _Thread] = {}
        #: account -> deque of [day, distinct threads first commented that day]
        self._activity: dict[str, deque[list[int]]] = {}
        self._lsh = RMinHashLSH(threshold=self.settings.similarity, num_perm=NUM_PERM, num_bands=BANDS)
        self._indexed: dict[int, Item] = {}
        self._ids = itertools.count(1)
        self._wave_ids = itertools.count(1)
        self._now = float("-inf")
        self._next_sweep = float("-inf")
        self._next_thread_sweep = float("-inf")
        #: threads with an open wave, the only ones the hourly sweep needs to look at
        self._waving: set[_Thread] = set()
        #: (day, accounts that got an activity bucket that day), oldest first
        self._days: deque[tuple[int, list[str]]] = deque()
        self._recent_window_sizes: deque[int] = deque(maxlen=512)
        self.book = CampaignBook(self.settings, self.threads_commented)
        self.processed = 0

    # -- the stream ------------------------------------------------------------------------
    def process(self, comment: Comment) -> list[CampaignEvidence]:
        """Take one comment; return evidence for every campaign that now qualifies and changed."""
        at = comment.at.timestamp()
        self.processed += 1
        if at > self._now:
            self._now = at
            if at >= self._next_sweep:
                self._sweep()
        thread_key = f"{comment.platform}:{comment.thread_id}"
        thread = self._threads.get(thread_key)
        if thread is None:
            thread = self._threads[thread_key] = _Thread(thread_key, at)
        item = Item(comment, at, self.sentiment)
        if comment.kind == "post":
            thread.post = item
            return []
        author = comment.author
        if author not in thread.seen:
            thread.seen.add(author)
            self._count_activity(author, at)
        thread.total += 1
        thread.last_at = at
        window, counts = thread.window, thread.counts
        window.append(item)
        counts[author] = counts.get(author, 0) + 1
        horizon = at - self.settings.quiet_hours * HOUR
        while window[0].at < horizon:
            old = window.popleft()
            left = counts[old.comment.author] - 1
            if left:
                counts[old.comment.author] = left
            else:
                del counts[old.comment.author]

        wave = thread.wave
        if wave is not None and (at - wave.last_at > self.settings.quiet_hours * HOUR
                                 or at - wave.start > self.settings.window_hours * HOUR):
            self._close_wave(thread)
            wave = None
        if wave is None:
            if len(counts) < self.settings.min_accounts:
                return []
            wave = self._open_wave(thread)
            added = list(window)
        else:
            added = [item]
        fresh = [new for new in added if new.wave is None]
        for new in fresh:
            self._featurise(new, wave)
            wave.add(new)
        return self.book.update(wave, fresh)

    def process_all(self, comments: Iterable[Comment]) -> Iterator[CampaignEvidence]:
        for comment in comments:
            yield from self.process(comment)
        yield from self.flush()

    def flush(self) -> list[CampaignEvidence]:
        """Evidence of every qualifying campaign that changed since it was last reported."""
        return self.book.flush(self._now)

    # -- waves -----------------------------------------------------------------------------
    def _open_wave(self, thread: _Thread) -> Wave:
        window = thread.window
        before = thread.total - len(window)
        span_hours = (window[0].at - thread.first_at) / HOUR
        quiet = self.settings.quiet_hours
        if before > 0 and span_hours > 0:
            usual = before / max(span_hours, quiet) * quiet
        else:
            # A new thread has no rate of its own: compare with threads seen lately.
            sizes = sorted(self._recent_window_sizes)
            usual = sizes[len(sizes) // 2] if sizes else 1
        wave = Wave(next(self._wave_ids), thread.key, window[0].at, thread.post,
                    burst_ratio=len(window) / max(usual, 1.0))
        thread.wave = wave
        self._waving.add(thread)
        return wave

    def _close_wave(self, thread: _Thread) -> None:
        wave = thread.wave
        thread.wave = None
        self._waving.discard(thread)
        if wave is None:
            return
        self._recent_window_sizes.append(len(wave.items))
        if wave.campaign is None:
            self._unindex(wave)

    def _featurise(self, item: Item, wave: Wave) -> None:
        comment = item.comment
        item.links = links(comment.text)
        item.tags = hashtags(comment.text)
        grams = shingles(matching_key(comment.text))
        if grams is None:
            return
        minhash = RMinHash(num_perm=NUM_PERM, seed=SEED)
        minhash.update(grams)
        item.minhash = minhash
        for other_id in self._lsh.query(minhash):
            other = self._indexed.get(other_id)
            if other is None or other.comment.author == comment.author:
                continue
            if other.minhash.jaccard(minhash) >= self.settings.similarity:
                item.similar.append(other)
                other.similar.append(item)
                # Only paraphrases under the same thread link a wave's accounts: a text that
                # also appears somewhere else in the stream is common, not coordinated.
                if other.wave is wave:
                    wave.linked.add(other.comment.author)
                    wave.linked.add(comment.author)
        item.lsh_id = next(self._ids)
        self._lsh.insert(item.lsh_id, minhash)
        self._indexed[item.lsh_id] = item

    def _unindex(self, wave: Wave) -> None:
        for item in wave.items:
            if item.lsh_id is not None and self._indexed.pop(item.lsh_id, None) is not None:
                self._lsh.remove(item.lsh_id)
                item.lsh_id = None

    # -- accounts --------------------------------------------------------------------------
    def _count_activity(self, author: str, at: float) -> None:
        day = int(at // DAY)
        buckets = self._activity.get(author)
        if buckets is None:
            self._activity[author] = deque([[day, 1]])
        elif buckets[-1][0] == day:
            buckets[-1][1] += 1
            return
        else:
            buckets.append([day, 1])
        # Remember who got a bucket on which day, so forgetting a day touches only them.
        if not self._days or self._days[-1][0] != day:
            self._days.append((day, []))
        self._days[-1][1].append(author)

    def threads_commented(self, author: str) -> int:
        """Distinct threads the account commented on within the memory (its activity)."""
        buckets = self._activity.get(author)
        return sum(count for _, count in buckets) if buckets else 0

    # -- memory ----------------------------------------------------------------------------
    def _sweep(self) -> None:
        """Drop what fell out of every window; runs once per stream hour."""
        now = self._now
        self._next_sweep = now + HOUR
        quiet = self.settings.quiet_hours * HOUR
        for thread in [t for t in self._waving if now - t.last_at > quiet]:
            self._close_wave(thread)
        if now >= self._next_thread_sweep:
            self._next_thread_sweep = now + quiet
            keep = max(self.settings.window_hours * HOUR, quiet) * 3
            for key in [k for k, t in self._threads.items() if now - t.last_at > keep]:
                self._close_wave(self._threads.pop(key))
        self._forget_accounts(int((now - self.settings.memory_days * DAY) // DAY))
        for campaign in self.book.retire(now - self.settings.memory_days * DAY):
            for wave in campaign.waves:
                self._unindex(wave)

    def _forget_accounts(self, oldest_day: int) -> None:
        while self._days and self._days[0][0] < oldest_day:
            _, authors = self._days.popleft()
            for author in authors:
                buckets = self._activity.get(author)
                while buckets and buckets[0][0] < oldest_day:
                    buckets.popleft()
                if buckets is not None and not buckets:
                    del self._activity[author]

    def memory_items(self) -> dict[str, int]:
        """Sizes of the detector's state, for benchmarks and health checks."""
        return {
            "threads": len(self._threads),
            "window_comments": sum(len(t.window) for t in self._threads.values()),
            "accounts": len(self._activity),
            "indexed_comments": len(self._indexed),
            "campaigns": len(self.book.campaigns),
        }


def detect(comments: Iterable[Comment], settings: DetectorSettings | None = None,
           sentiment: Sentiment = lexicon_negativity) -> list[CampaignEvidence]:
    """Run a whole stream; the latest evidence of each campaign that qualified."""
    latest: dict[str, CampaignEvidence] = {}
    for evidence in CampaignDetector(settings, sentiment).process_all(comments):
        latest[evidence.campaign_id] = evidence
    return list(latest.values())


__all__ = ["CampaignDetector", "detect", "Campaign"]
