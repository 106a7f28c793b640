"""A realistic multilingual corpus of short posts for the speed benchmarks.

pl, sv, he, en: real texts from ../shared/data (sentiment and abuse files, short ones).
no, nl: ../shared/data has none, so posts are composed from the sentence bank in
benchmarks/data/posts_<lang>.txt (the project's own sentences). A share of all posts gets
realistic personal data, hashtags and mentions inserted, so rules have work to do.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data"
LANGUAGES = ("en", "pl", "no", "sv", "he", "nl")
_REAL = {"en": ["sentiment/en.dev", "abuse/en.dev"], "pl": ["sentiment/pl.dev", "abuse/pl.dev"],
         "sv": ["sentiment/sv.dev"], "he": ["sentiment/he.dev"]}
_EXTRAS = {
    "en": ["call me on +44 7700 900123", "mail me at jane.doe@example.com", "#teamwork #energy", "@marketing"],
    "pl": ["zadzwoń 601 234 567", "mój PESEL 44051401458", "#praca #zespół", "@dział_prasowy"],
    "no": ["ring 912 34 567", "fødselsnummer 01010150036", "#jobb #energi", "@kommunikasjon"],
    "sv": ["ring 070-123 45 67", "personnummer 811218-9876", "#jobb #energi", "@kommunikation"],
    "he": ["התקשרו 050-123-4567", "ת.ז. 000000018", "#עבודה #אנרגיה", "@דוברות"],
    "nl": ["bel 06 12345678", "BSN 111222333", "#werk #energie", "@communicatie"],
}


def _real_texts(language: str, limit: int, rng: random.Random) -> list[str]:
    texts = []
    for name in _REAL.get(language, []):
        path = SHARED / f"{name}.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                text = json.loads(line)["text"]
                if 20 <= len(text) <= 280:
                    texts.append(text)
    rng.shuffle(texts)
    return texts[:limit]


def _composed(language: str, limit: int, rng: random.Random) -> list[str]:
    bank = [s for s in (ROOT / "data" / f"posts_{language}.txt").read_text(encoding="utf-8").splitlines() if s.strip()]
    return [" ".join(rng.sample(bank, rng.randint(1, 3))) for _ in range(limit)]


def corpus(per_language: int = 500, seed: int = 7) -> list[tuple[str, str]]:
    """(language, text) pairs, shuffled; about a fifth carry personal data, tags or mentions."""
    rng = random.Random(seed)
    posts = []
    for language in LANGUAGES:
        texts = _real_texts(language, per_language, rng) or _composed(language, per_language, rng)
        if len(texts) < per_language:  # a small real set is reused rather than mixed with composed text
            texts += rng.choices(texts, k=per_language - len(texts))
        for text in texts:
            if rng.random() < 0.2:
                text = f"{text} {rng.choice(_EXTRAS[language])}"
            posts.append((language, text))
    rng.shuffle(posts)
    return posts
