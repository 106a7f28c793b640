"""A word-list signal for the abuse head: insults, profanity and slurs per language.

Embeddings of short texts blur a single swear word; a list does not. The lists
(``nlp/data/lexicon/<lang>.txt``, the project's own) give one extra feature — how many
listed words and phrases the text holds (``hits``; capped and scaled by ``wordfeatures.word_features``) —
next to the embedding, and the head learns how much to trust it (a lot for "you f*cking
idiot", little for "fuck yes, we won").
Matching undoes simple disguises (case, leetspeak, stretched letters) and inflection (``word*``
prefixes); Hebrew is never Latin-folded, but its one-letter prefixes (ו ה ב ל ש מ כ) are tried off.
A line of several words is a phrase, for what a language says in two words ("חסר תועלת", useless).
The lists cover the same kinds of words in every language, so that an insult does not weigh less
for being said in Hebrew or Polish (``tests/nlp/test_lexicon.py`` holds one sentence per kind).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import regex

from ..languages import LANGUAGES

#: The feature's size next to a unit-length embedding. Leave-one-language-out on the training
#: data prefers 1.0 slightly (0.871 vs 0.864 macro-F1), but then the list dominates (weight ~6)
#: and insults without a listed word — what the model rules are for — fall below threshold.
SCALE = 0.3
_TOKEN = regex.compile(r"[\p{L}\p{N}@$*'’-]+")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_STRETCHED = regex.compile(r"(\p{L})\1{2,}")
_HEBREW_PREFIXES = "והבלשמכ"


@lru_cache(maxsize=None)
def _lists(lang: str) -> tuple[frozenset[str], tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """(whole words, ``word*`` prefixes, phrases) of a language's list; a phrase is a line of
    several words (Hebrew "חסר תועלת", useless), each of them whole or a ``word*`` prefix."""
    path = resources.files("postguard.nlp").joinpath("data", "lexicon", f"{lang}.txt")
    if not path.is_file():
        return frozenset(), (), ()
    exact, prefixes, phrases = set(), [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip().casefold()
        if not word or word.startswith("#"):
            continue
        if len(word.split()) > 1:
            phrases.append(tuple(word.split()))
        elif word.endswith("*"):
            prefixes.append(word[:-1])
        else:
            exact.add(word)
    return frozenset(exact), tuple(sorted(prefixes)), tuple(phrases)


def _matches(word: str, entry: str) -> bool:
    return word.startswith(entry[:-1]) if entry.endswith("*") else word == entry


def _listed(word: str, exact: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    return word in exact or word.startswith(prefixes)


def _candidates(token: str, lang: str) -> list[str]:
    """The forms a token is looked up as: Hebrew with a one-letter prefix off, others undisguised."""
    if lang == "he":
        return [token] + ([token[1:]] if len(token) > 3 and token[0] in _HEBREW_PREFIXES else [])
    return [c for c in (token, _STRETCHED.sub(r"\1", token.translate(_LEET)).replace("*", "")) if c]


def hits(text: str, lang: str) -> int:
    """How many words and phrases of ``text`` are on the language's list (English for other languages)."""
    lang = lang if lang in LANGUAGES else "en"
    exact, prefixes, phrases = _lists(lang)
    tokens = [t for t in (t.strip("'’-*") for t in _TOKEN.findall(text.casefold())) if t]
    forms = [_candidates(t, lang) for t in tokens]
    count, at = 0, 0
    while at < len(tokens):
        phrase = next((p for p in phrases if at + len(p) <= len(tokens)
                       and any(_matches(c, p[0]) for c in forms[at])
                       and all(_matches(tokens[at + i], w) for i, w in enumerate(p[1:], 1))), None)
        if phrase is not None:
            count, at = count + 1, at + len(phrase)
            continue
        count += any(_listed(c, exact, prefixes) for c in forms[at])
        at += 1
    return count
