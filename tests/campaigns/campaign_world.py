"""A small synthetic world: ordinary threads with heavy regulars, and one hater campaign.

A module of its own (not conftest): tests import its names, and another directory's conftest
module would shadow ``conftest`` when several test directories are collected together."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from postguard.campaigns.model import Comment

START = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
MEMBERS = [f"fake{i}" for i in range(6)]
LEADER = "ex_employee"
HEAVY = [f"regular{i}" for i in range(6)]

FRAMES = [
    "Same here, the company {f}. Stay away from them, terrible service.",
    "Exactly the same happened to me {w}. I lost my money, awful.",
    "I can confirm, they {f}. Support never answered, a scam.",
    "We had the same problem {w}, they {f}. Worst company ever.",
]
FAILS = ["charged me twice", "never delivered the order", "sent a broken device"]
WHEN = ["last month", "in the spring", "two weeks ago"]


def _babble(rng: random.Random) -> str:
    """An ordinary comment: words nobody else writes in the same order."""
    return " ".join("".join(rng.choices("abcdefghijklmnoprstuvwy", k=rng.randint(3, 8))) for _ in range(rng.randint(6, 14)))


class StreamBuilder:
    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.comments: list[Comment] = []
        self.n = 0

    def add(self, thread: str, author: str, text: str, at: datetime, reply_to: str | None = None,
            kind: str = "comment", created: datetime | None = None) -> Comment:
        self.n += 1
        comment = Comment("facebook", f"c{self.n}", thread, author, text, at,
                          permalink=f"https://facebook.example/{thread}/c{self.n}", reply_to=reply_to,
                          author_created=created, kind=kind)  # type: ignore[arg-type]
        self.comments.append(comment)
        return comment

    def ordinary(self, threads: int = 40, days: int = 12, heavy_burst: bool = False) -> None:
        """Threads where the same heavy regulars comment everywhere, often within the hour."""
        rng = self.rng
        for t in range(threads):
            at = START + timedelta(hours=rng.uniform(0, days * 24))
            thread = f"o{t}"
            owner = f"user{rng.randint(0, 200)}"
            self.add(thread, owner, _babble(rng), at, kind="post")
            for who in HEAVY if heavy_burst else rng.sample(HEAVY, 3):
                text = _babble(rng) + (" terrible awful scam" if rng.random() < 0.6 else "")
                self.add(thread, who, text, at + timedelta(minutes=rng.uniform(1, 50)), owner)
            for _ in range(rng.randint(3, 8)):
                self.add(thread, f"user{rng.randint(0, 500)}", _babble(rng), at + timedelta(hours=rng.uniform(0, 20)), owner)

    def campaign(self, waves: int = 3, members: list[str] = MEMBERS) -> list[str]:
        rng = self.rng
        threads = []
        for w in range(waves):
            at = START + timedelta(days=1 + 4 * w, hours=10)
            thread = f"attack{w}"
            threads.append(thread)
            self.add(thread, LEADER, "Warning: this company cheated me, terrible service, avoid them.", at, kind="post")
            for i in range(14):
                who = members[i % len(members)]
                text = rng.choice(FRAMES).format(f=rng.choice(FAILS), w=rng.choice(WHEN))
                self.add(thread, who, text, at + timedelta(minutes=10 + 12 * i), LEADER,
                         created=START - timedelta(days=20))
            # Regulars read the page too and comment under the post, in their own words.
            for who in HEAVY[:3]:
                self.add(thread, who, _babble(rng), at + timedelta(minutes=rng.uniform(5, 120)), LEADER)
        return threads

    def stream(self) -> list[Comment]:
        return sorted(self.comments, key=lambda c: c.at)
