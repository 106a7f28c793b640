"""Realistic comment streams with injected hater campaigns, and the truth about them.

Background: real texts from ``../shared/data`` (sentiment and abuse files: en, pl, sv, he),
users with Zipf-like activity, pages with fans (so ordinary regulars co-comment a lot),
threads with heavy-tailed popularity, and organic pile-ons (a real complaint that draws many
negative comments in a few hours) as the hard case for false alarms.

Campaigns follow the seed case (R15): a leader posts a negative post in a page, then the
group arrives as "customers" confirming the problem: 10–30 paraphrased comments within
1–6 hours, a wave every 3–7 days; members also write ordinary comments, and some members are
replaced between waves.
"""
from __future__ import annotations

import bisect
import itertools
import json
import random
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ruamel.yaml import YAML

from postguard.campaigns.model import Comment

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / ".." / "shared" / "data"
BACKGROUND_LANGUAGES = {"en": 0.4, "pl": 0.3, "sv": 0.15, "he": 0.15}
CAMPAIGN_LANGUAGES = ("pl", "en", "no", "sv", "he", "nl")
START = datetime(2026, 1, 5, tzinfo=timezone.utc)


@dataclass
class Config:
    days: int = 60
    threads_per_day: int = 300
    users: int = 25_000
    pages: int = 400
    mean_comments: float = 8.0
    group_sizes: tuple[int, ...] = (5, 10, 20)
    pile_on_share: float = 0.004


@dataclass
class CampaignTruth:
    group_size: int
    language: str
    leader: str
    members: set[str] = field(default_factory=set)
    #: (thread key, start) of every wave, in order.
    waves: list[tuple[str, datetime]] = field(default_factory=list)
    group: list[str] = field(default_factory=list)
    reserve: list[str] = field(default_factory=list)

    @property
    def accounts(self) -> set[str]:
        return self.members | {self.leader}


@dataclass
class Stream:
    comments: list[Comment]
    campaigns: list[CampaignTruth]
    ordinary_threads: int
    days: int
    #: Each account's language: the campaign's for its members, the background's for others.
    account_language: dict[str, str] = field(default_factory=dict)


def load_texts() -> dict[str, dict[str, list[str]]]:
    """Background texts per language, split by tone where the source says (for pile-ons)."""
    texts: dict[str, dict[str, list[str]]] = {}
    for path in sorted(DATA.glob("*/*.jsonl")):
        if path.parent.name not in ("sentiment", "abuse"):
            continue
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            row = json.loads(line)
            if row["lang"] not in BACKGROUND_LANGUAGES or not row["text"].strip() or len(row["text"]) > 600:
                continue
            tone = "negative" if row["label"] in ("negative", "abusive") else "other"
            texts.setdefault(row["lang"], {}).setdefault(tone, []).append(row["text"])
    missing = set(BACKGROUND_LANGUAGES) - set(texts)
    if missing:
        raise SystemExit(f"background texts missing for {sorted(missing)} under {DATA.resolve()}")
    return texts


def load_paraphrases() -> dict[str, dict]:
    yaml = YAML(typ="safe", pure=True)
    return {lang: yaml.load((HERE / "paraphrases" / f"{lang}.yaml").read_text(encoding="utf-8"))
            for lang in CAMPAIGN_LANGUAGES}


def _fill(frame: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    text = frame.format(**{k: rng.choice(v) for k, v in slots.items()})
    # What people do to a text they were told to post: drop a word, change case, add noise.
    words = text.split()
    if len(words) > 6 and rng.random() < 0.4:
        del words[rng.randrange(1, len(words) - 1)]
    text = " ".join(words)
    roll = rng.random()
    if roll < 0.15:
        text = text.lower()
    elif roll < 0.25:
        text = text.rstrip(".!") + rng.choice(["!!", "!!!", " 😡", " 👎", "..."])
    return text


class _Generator:
    def __init__(self, config: Config, seed: int, texts, paraphrases):
        self.c = config
        self.rng = random.Random(seed)
        self.texts = texts
        self.paraphrases = paraphrases
        self.comments: list[Comment] = []
        self.counter = 0
        self.users: list[str] = []
        self.weights: list[float] = []
        self.language: dict[str, str] = {}
        self.created: dict[str, datetime | None] = {}

    def _id(self) -> str:
        self.counter += 1
        return f"{self.counter:09d}"

    def _user(self, name: str, language: str, weight: float, young: bool) -> str:
        rng = self.rng
        days_old = rng.uniform(1, 80) if young else rng.uniform(30, 3000)
        self.users.append(name)
        self.weights.append(weight)
        self.language[name] = language
        # Some platforms do not tell the account's age.
        self.created[name] = None if rng.random() < 0.2 else START - timedelta(days=days_old)
        return name

    def _emit(self, thread: str, author: str, text: str, at: datetime, reply_to: str | None, kind: str = "comment") -> None:
        cid = self._id()
        self.comments.append(Comment(
            platform="facebook", external_id=cid, thread_id=thread, author=author, text=text, at=at,
            permalink=f"https://facebook.example/{thread}/{cid}", reply_to=reply_to,
            author_created=self.created.get(author), language=None, kind=kind))  # type: ignore[arg-type]

    def _text(self, language: str, negative: bool = False) -> str:
        pool = self.texts[language]["negative" if negative else self.rng.choice(("negative", "other", "other"))]
        return self.rng.choice(pool)

    def build(self) -> Stream:
        c, rng = self.c, self.rng
        langs, lang_w = zip(*BACKGROUND_LANGUAGES.items())
        for i in range(c.users):
            # Zipf-like activity: a few heavy commenters, a long tail of occasional ones.
            self._user(f"u{i:06d}", rng.choices(langs, lang_w)[0], 1.0 / (i + 1) ** 0.9, young=rng.random() < 0.08)
        rng.shuffle(self.weights)
        page_fans = self._pages()
        campaigns = [self._campaign(size, lang) for size, lang in
                     zip(c.group_sizes, rng.sample(CAMPAIGN_LANGUAGES, len(c.group_sizes)))]
        self.cumulative = list(itertools.accumulate(self.weights))
        ordinary = 0
        for day in range(c.days):
            for _ in range(c.threads_per_day):
                ordinary += 1
                self._ordinary_thread(START + timedelta(days=day, seconds=rng.uniform(0, 86400)), page_fans)
        for truth in campaigns:
            self._run_campaign(truth, page_fans)
        self.comments.sort(key=lambda x: x.at)
        languages = dict(self.language)
        for truth in campaigns:
            languages.update(dict.fromkeys(truth.accounts, truth.language))
        return Stream(self.comments, campaigns, ordinary, c.days, languages)

    def _pages(self) -> list[tuple[list[str], list[float]]]:
        """Each page has its regulars, drawn by activity, so heavy users co-comment often."""
        pages = []
        for p in range(self.c.pages):
            fans = self.rng.choices(self.users, self.weights, k=self.rng.randint(20, 200))
            pages.append((fans, [1.0] * len(fans)))
        self.page_weights = list(itertools.accumulate(1.0 / (p + 1) ** 0.8 for p in range(self.c.pages)))
        return pages

    def _commenters(self, fans: list[str], k: int) -> list[str]:
        rng = self.rng
        total = self.cumulative[-1]
        return [rng.choice(fans) if rng.random() < 0.6
                else self.users[bisect.bisect(self.cumulative, rng.random() * total)] for _ in range(k)]

    def _ordinary_thread(self, at: datetime, page_fans, author: str | None = None, page: int | None = None) -> str:
        rng = self.rng
        if page is None:
            page = bisect.bisect(self.page_weights, rng.random() * self.page_weights[-1])
        fans = page_fans[page][0]
        author = author or rng.choice(fans)
        language = self.language[author]
        thread = f"p{page:03d}-{self._id()}"
        pile_on = rng.random() < self.c.pile_on_share
        self._emit(thread, author, self._text(language, negative=pile_on), at, None, kind="post")
        if pile_on:
            # An organic pile-on: a real complaint, many negative comments within hours.
            n, spread = rng.randint(30, 120), 3.0
        else:
            n, spread = min(400, int(rng.paretovariate(1.6) * self.c.mean_comments * 0.4)), 8.0
        for who in self._commenters(fans, n):
            delay = rng.expovariate(1.0 / spread) if rng.random() < 0.85 else rng.uniform(0, 72)
            text = self._text(self.language[who] if rng.random() < 0.8 else language, negative=pile_on and rng.random() < 0.8)
            self._emit(thread, who, text, at + timedelta(hours=delay), author)
        return thread

    def _campaign(self, size: int, language: str) -> CampaignTruth:
        rng = self.rng
        tag = "".join(rng.choices(string.ascii_lowercase, k=4))
        leader = self._user(f"lead-{tag}", language if language in BACKGROUND_LANGUAGES else "en", 0.0, young=False)
        truth = CampaignTruth(size, language, leader)
        truth.group = [self._member(tag, language) for _ in range(size)]
        # Replacements exist (and comment ordinarily) before they join.
        truth.reserve = [self._member(tag, language) for _ in range(size // 2 + 3)]
        return truth

    def _member(self, tag: str, language: str) -> str:
        # Members have ordinary lives too: a typical user's activity, mostly young accounts.
        background = language if language in BACKGROUND_LANGUAGES else self.rng.choice(list(BACKGROUND_LANGUAGES))
        weight = self.rng.choice(self.weights)
        return self._user(f"m-{tag}-{self._id()}", background, weight, young=self.rng.random() < 0.6)

    def _run_campaign(self, truth: CampaignTruth, page_fans) -> None:
        rng = self.rng
        words = self.paraphrases[truth.language]
        current = list(truth.group)
        day = rng.uniform(2, 8)
        while day < self.c.days - 1:
            at = START + timedelta(days=day, hours=rng.uniform(7, 20))
            page = rng.randrange(self.c.pages)
            post = _fill(rng.choice(words["posts"]), words["slots"], rng)
            thread = f"p{page:03d}-{self._id()}"
            self._emit(thread, truth.leader, post, at, None, kind="post")
            truth.waves.append((f"facebook:{thread}", at))
            span = rng.uniform(1, 6)
            for _ in range(rng.randint(10, 30)):
                who = rng.choice(current)
                truth.members.add(who)
                reply_to = truth.leader if rng.random() < 0.8 else rng.choice(current)
                self._emit(thread, who, _fill(rng.choice(words["comments"]), words["slots"], rng),
                           at + timedelta(hours=rng.uniform(0.05, span)), reply_to)
            # Ordinary readers of the page comment under the post too.
            fans = page_fans[page][0]
            for who in self._commenters(fans, rng.randint(0, 8)):
                self._emit(thread, who, self._text(self.language[who]), at + timedelta(hours=rng.uniform(0.2, 30)), truth.leader)
            # Some accounts get banned or drop out and are replaced by fresh ones.
            for _ in range(rng.choice((0, 0, 1, 1, 2))):
                if truth.reserve:
                    current[rng.randrange(len(current))] = truth.reserve.pop()
            day += rng.uniform(3, 7)


def generate(seed: int, config: Config | None = None, texts=None, paraphrases=None) -> Stream:
    return _Generator(config or Config(), seed, texts or load_texts(), paraphrases or load_paraphrases()).build()
