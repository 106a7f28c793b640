"""Find a policy's terms (project names, products, tools, competitors) in any inflected form.

``Projekt Sokół`` must be found in ``projektu Sokoła`` and ``Sokołem``, ``פרויקט פלקון`` in
``בפרויקט פלקון`` and ``ופלקון``, ``Falcon`` in ``Falcon's``, ``Falconen`` and ``Falcons``.
A lemmatiser would do it, but the Polish dictionary alone costs ~400 MB and 2.7 s; the
names are few and known in advance, so everything is precomputed from the policy once and
each post costs one translate, one Aho-Corasick scan and, only when a name's first letters
occur, a look at the tokens there:

* every character is folded one-to-one (lower case, Latin diacritics removed, ``ł → l``,
  Hebrew final letters to their normal form), so offsets in the folded text are offsets in
  the original and every span is reported on the original text;
* a token matches a term word when both reduce to the same stem by the post language's
  endings (``rze → r``, ``cie → t`` for Polish alternations; data in
  ``text/data/terms/<lang>.yaml``), after Hebrew prefix letters are stripped (Hebrew is
  never folded to Latin), or, for long words, within one edit (rapidfuzz);
* a multi-word term matches as consecutive tokens, and also by its distinctive words alone
  when its other words are generic (``Projekt`` in ``Projekt Sokół``);
* short words (three letters or fewer) must match exactly, and a term never matches inside
  another word (``Sokółka`` is not ``Sokół``).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable

import ahocorasick_rs
import regex
from rapidfuzz.distance import Levenshtein
from ruamel.yaml import YAML

from ..languages import LANGUAGES

_TOKEN = regex.compile(r"[\p{L}\p{N}\p{M}\u05F3\u05F4]+(?:['’][\p{L}]+)?")
#: What may stand between two words of one name: spaces, hyphens, quotes, brackets.
_GAP = regex.compile(r"[\s\-‐–—\u05BE\"'„”“»«‚‘’()]{1,4}")
_HEBREW = regex.compile(r"[\u05D0-\u05EA]")
_HEBREW_PREFIX_LETTERS = frozenset("והבלמשכ")
_HEBREW_FINALS = {"ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"}
_SPECIAL_FOLDS = {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ı": "i", "’": "'"}
#: Words of at most this many letters match only exactly.
_SHORT = 3
#: Words at least this long may also match within one edit.
_FUZZY_MIN = 7


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in list(range(0x41, 0x250)) + list(range(0x370, 0x530)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        if char in _SPECIAL_FOLDS:
            table[code] = _SPECIAL_FOLDS[char]
            continue
        lower = char.lower()
        if len(lower) != 1:
            continue
        base = unicodedata.normalize("NFD", lower)
        if len(base) > 1 and base[0].isalpha() and all(unicodedata.combining(c) for c in base[1:]):
            lower = base[0]
        if lower != char:
            table[code] = lower
    for final, normal in _HEBREW_FINALS.items():
        table[ord(final)] = normal
    table[ord("’")] = "'"
    return table


#: One character in, one character out: folded offsets are original offsets.
FOLD = _build_fold_table()

#: Letters of the six languages (and common loan letters) that fold to a plain letter: the
#: quick search runs on ``text.lower()`` and must see "sokół" where the policy says "Sokol".
_VARIANT_LETTERS = "ąęółśćńźżøåæäöüéèëêàáíïôúñçčšžř" + "".join(_HEBREW_FINALS)


def _build_variants() -> dict[str, str]:
    variants: dict[str, str] = {}
    for letter in _VARIANT_LETTERS:
        target = letter.translate(FOLD)
        if target != letter:
            variants[target] = variants.get(target, target) + letter
    return variants


_VARIANTS = _build_variants()
_MAX_HEAD_VARIANTS = 512
_last_fold: tuple[str, str] = ("", "")


def fold(text: str) -> str:
    """Lower case, Latin diacritics removed, Hebrew finals normalised; same length as ``text``."""
    global _last_fold
    last = _last_fold
    if last[0] is text:
        return last[1]  # several matchers look at the same post in one check
    folded = text.translate(FOLD)
    _last_fold = (text, folded)
    return folded


def _spellings(head: str) -> list[str] | None:
    """The ways a folded head may appear in lower-cased text (``soko`` as ``sokó``, ``sokø`` …).

    None when there are too many; the quick search then runs on the folded text instead.
    """
    spellings = [""]
    for char in head:
        spellings = [s + c for s in spellings for c in _VARIANTS.get(char, char)]
        if len(spellings) > _MAX_HEAD_VARIANTS:
            return None
    return spellings


@dataclass(frozen=True)
class _LanguageData:
    endings: tuple[tuple[str, str], ...]
    generic: frozenset[str]


@lru_cache(maxsize=None)
def _language_data(language: str) -> _LanguageData:
    if language not in LANGUAGES:
        # Unknown language: every language's endings, so an inflected name is still found.
        merged = [_language_data(lang) for lang in LANGUAGES]
        endings = tuple(dict.fromkeys(e for data in merged for e in data.endings))
        return _LanguageData(tuple(sorted(endings, key=lambda e: -len(e[0]))), frozenset().union(*(d.generic for d in merged)))
    path = resources.files("postguard.text").joinpath("data", "terms", f"{language}.yaml")
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or {}
    endings = []
    for item in data.get("endings", []):
        ending, _, replacement = str(item).partition(">")
        endings.append((fold(ending), fold(replacement)))
    endings.sort(key=lambda e: -len(e[0]))
    generic = frozenset(fold(str(w)) for w in data.get("generic_words", []))
    return _LanguageData(tuple(endings), generic)


@lru_cache(maxsize=1)
def _all_generic() -> frozenset[str]:
    return _language_data("und").generic


#: Endings every Latin-script word may take whatever the post's language (English genitive, plural -s).
_UNIVERSAL = (("'s", ""), ("s'", ""), ("'", ""), ("s", ""))


def _is_hebrew(token: str) -> bool:
    return bool(_HEBREW.match(token))


def _strip(token: str, language: str) -> set[str]:
    """Stems of a folded token by the language's endings (the token itself not included)."""
    stems = set()
    if _is_hebrew(token):
        endings = _language_data("he").endings
        minimum = 2
    else:
        endings = _language_data(language).endings + _UNIVERSAL
        minimum = 3
    for ending, replacement in endings:
        if token.endswith(ending) and len(token) - len(ending) >= minimum:
            stems.add(token[: len(token) - len(ending)] + replacement)
    return stems


def _hebrew_bases(token: str) -> list[str]:
    """The token and the token without one to three prefix letters (ו ה ב ל מ ש כ)."""
    bases = [token]
    for k in range(1, 4):
        if len(token) - k < 2 or token[k - 1] not in _HEBREW_PREFIX_LETTERS:
            break
        bases.append(token[k:])
    return bases


@dataclass
class _Word:
    folded: str
    #: Stems per post language, computed on first use.
    _stems: dict[str, frozenset[str]] = field(default_factory=dict)

    def stems(self, language: str) -> frozenset[str]:
        found = self._stems.get(language)
        if found is None:
            found = self._stems[language] = frozenset(_strip(self.folded, language))
        return found

    @property
    def head(self) -> str:
        # Inflection changes the end of a word, prefixes the start: the first letters are stable.
        return self.folded[:4]


@dataclass(frozen=True)
class TermEntry:
    """One thing the policy names: its kind (``confidential_project``…), name and policy object."""

    kind: str
    name: str
    #: The policy object (not part of equality: kind and name identify the entry).
    ref: Any = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    entry: TermEntry
    #: The spelling of the name that matched (the name, an alias or a translation).
    variant: str


@dataclass(frozen=True)
class _Variant:
    entry: TermEntry
    surface: str
    words: tuple[_Word, ...]


class _TokenView:
    """The folded tokens of one post, with their keys computed lazily."""

    def __init__(self, folded: str, language: str):
        self.folded = folded
        self.language = language
        self.tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(folded)]
        self._keys: dict[int, tuple[frozenset[str], frozenset[str]]] = {}

    def keys(self, index: int) -> tuple[frozenset[str], frozenset[str]]:
        """(whole forms, stems) of token ``index``; Hebrew prefixes give more whole forms."""
        cached = self._keys.get(index)
        if cached is None:
            start, end = self.tokens[index]
            token = self.folded[start:end]
            whole = _hebrew_bases(token) if _is_hebrew(token) else [token]
            stems: set[str] = set()
            for base in whole:
                stems |= _strip(base, self.language)
            whole += _compound_heads(token, stems)
            cached = self._keys[index] = (frozenset(whole), frozenset(stems))
        return cached

    def generic_compound(self, index: int) -> bool:
        """Whether token ``index`` is joined by a hyphen to a generic word ("Falk-prosjektet")."""
        if index + 1 >= len(self.tokens):
            return False
        end, (start, stop) = self.tokens[index][1], self.tokens[index + 1]
        if self.folded[end:start] not in ("-", "\u2010", "\u05BE"):
            return False
        whole, stems = self.keys(index + 1)
        return bool((whole | stems) & _all_generic())

    def adjacent(self, index: int) -> bool:
        """Whether token ``index + 1`` follows token ``index`` within one name."""
        if index + 1 >= len(self.tokens):
            return False
        gap = self.folded[self.tokens[index][1]:self.tokens[index + 1][0]]
        return bool(_GAP.fullmatch(gap))


def _compound_heads(token: str, stems: set[str]) -> list[str]:
    """The name in a closed compound with a generic word: "falkprosjektet" → "falk" (nb, sv, nl)."""
    heads = []
    for form in (token, *stems):
        for generic in _all_generic():
            if len(generic) >= 4 and form.endswith(generic) and len(form) - len(generic) >= 3:
                head = form[: len(form) - len(generic)]
                heads.append(head)
                if head.endswith("s") and len(head) > 3:
                    heads.append(head[:-1])  # a linking -s- ("Aurorasprojektet")
    return heads


def _word_matches(word: _Word, whole: frozenset[str], stems: frozenset[str], language: str) -> bool:
    if word.folded in whole:
        return True
    if len(word.folded) <= _SHORT:
        return False
    if word.folded in stems:
        return True
    word_stems = word.stems(language)
    if stems & word_stems:
        return True
    # "Aurora" vs "Auror" (a form with no ending): only for stems long enough not to be a common word.
    if any(len(s) >= 5 for s in whole & word_stems):
        return True
    if len(word.folded) >= _FUZZY_MIN:
        # One edit between long forms only ("projekcie" → "projekc" vs "projekt"); a short stem
        # one letter off a long word's stem ("natt" vs "nattl") is another word.
        for candidate in whole | stems:
            if len(candidate) < _FUZZY_MIN - 1 or candidate[:3] != word.folded[:3]:
                continue
            for target in (word.folded, *word_stems):
                if len(target) >= _FUZZY_MIN - 1 and Levenshtein.distance(candidate, target, score_cutoff=1) <= 1:
                    return True
    return False


class TermMatcher:
    """Precompiled search for many names; build once per policy, call :meth:`find` per post."""

    def __init__(self, entries: Iterable[tuple[TermEntry, Iterable[str]]]):
        self._variants: list[_Variant] = []
        for entry, surfaces in entries:
            for surface in dict.fromkeys(s.strip() for s in surfaces if s and s.strip()):
                for words in _variant_words(surface):
                    self._variants.append(_Variant(entry, surface, words))
        heads = sorted({w.head for v in self._variants for w in v.words})
        head_ids = {head: i for i, head in enumerate(heads)}
        self._variant_heads = [frozenset(head_ids[w.head] for w in v.words) for v in self._variants]
        # The quick search runs on text.lower() (a C call) rather than the folded text (a
        # per-character translate), so it looks for every spelling of each head.
        spellings = {head: _spellings(head) for head in heads}
        self._folded_fallback = any(s is None for s in spellings.values())
        patterns, self._pattern_head = [], []
        for head in heads:
            for spelling in [head] if self._folded_fallback else spellings[head]:
                patterns.append(spelling)
                self._pattern_head.append(head_ids[head])
        self._automaton = ahocorasick_rs.AhoCorasick(patterns) if patterns else None
        self._last: tuple[str, str, tuple[TermMatch, ...]] | None = None

    def __len__(self) -> int:
        return len(self._variants)

    def find(self, text: str, language: str = "und") -> tuple[TermMatch, ...]:
        """Every policy term in ``text``; overlapping matches keep the longest span."""
        last = self._last
        if last is not None and last[0] is text and last[1] == language:
            return last[2]  # the rules of one check ask for the same post in turn
        result = self._find(text, language)
        self._last = (text, language, result)
        return result

    def _find(self, text: str, language: str) -> tuple[TermMatch, ...]:
        if self._automaton is None or not text:
            return ()
        haystack = fold(text) if self._folded_fallback else text.lower()
        heads = self._pattern_head
        present = {heads[p] for p, _s, _e in self._automaton.find_matches_as_indexes(haystack, overlapping=True)}
        if not present:
            return ()
        candidates = [v for v, needed in zip(self._variants, self._variant_heads) if needed <= present]
        if not candidates:
            return ()
        view = _TokenView(fold(text), language)
        found: list[TermMatch] = []
        for variant in candidates:
            found.extend(self._match_variant(variant, view))
        return _longest_first(found)

    @staticmethod
    def _match_variant(variant: _Variant, view: _TokenView) -> Iterable[TermMatch]:
        words = variant.words
        first = words[0]
        for i in range(len(view.tokens) - len(words) + 1):
            start, end = view.tokens[i]
            if first.head[:2] not in view.folded[start:end]:
                continue
            if not _word_matches(first, *view.keys(i), view.language):
                continue
            j = i
            for word in words[1:]:
                if not view.adjacent(j) or not _word_matches(word, *view.keys(j + 1), view.language):
                    break
                j += 1
            else:
                yield TermMatch(start, view.tokens[j + 1][1] if view.generic_compound(j) else view.tokens[j][1],
                                variant.entry, variant.surface)


def _variant_words(surface: str) -> list[tuple[_Word, ...]]:
    """The name's words, and its distinctive words alone when the others are generic."""
    tokens = [m.group() for m in _TOKEN.finditer(fold(surface))]
    if not tokens:
        return []
    variants = [tuple(_Word(t) for t in tokens)]
    generic = _all_generic()
    distinctive = [t for t in tokens if t not in generic]
    # "Project X" is not found as a bare "X": a distinctive part needs some letters of its own.
    if distinctive and len(distinctive) < len(tokens) and sum(map(len, distinctive)) >= 4:
        variants.append(tuple(_Word(t) for t in distinctive))
    return variants


def _longest_first(matches: list[TermMatch]) -> tuple[TermMatch, ...]:
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[TermMatch] = []
    #: Per name, the furthest end of a kept match: sorted by start, a match ending before it
    #: lies inside an earlier, longer mention of the same name (one pass, no pairwise check).
    reach: dict[TermEntry, int] = {}
    for match in matches:
        if reach.get(match.entry, -1) >= match.end:
            continue
        reach[match.entry] = match.end
        kept.append(match)
    return tuple(kept)


# --- one matcher per policy ------------------------------------------------------------

_CACHE: dict[tuple[int, str], tuple[object, object]] = {}
_CACHE_SIZE = 32


def per_policy(policy: object, key: str, build: Callable[[], Any]) -> Any:
    """``build()`` once per policy object and key; the policy is kept so its id stays unique."""
    slot = (id(policy), key)
    cached = _CACHE.get(slot)
    if cached is not None and cached[0] is policy:
        return cached[1]
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE), None), None)  # the oldest entry
    value = build()
    _CACHE[slot] = (policy, value)
    return value


def term_surfaces(term: Any) -> list[str]:
    """Every spelling of a policy term: name, aliases and translations."""
    surfaces = [term.name, *getattr(term, "aliases", [])]
    surfaces += list((getattr(term, "translations", None) or {}).values())
    return surfaces


#: Policy sections searched by :func:`policy_terms`, by kind.
SENSITIVE_KINDS = {
    "confidential_project": "confidential_projects",
    "unreleased_product": "unreleased_products",
    "internal_tool": "internal_tools",
    "security_routine": "security_routines",
    "competitor": "competitors",
}


def policy_terms(policy: Any) -> TermMatcher:
    """The matcher for every name in ``policy.sensitive``, built once per policy."""

    def build() -> TermMatcher:
        entries = []
        for kind, section in SENSITIVE_KINDS.items():
            for term in getattr(policy.sensitive, section):
                entries.append((TermEntry(kind, term.name, term), term_surfaces(term)))
        return TermMatcher(entries)

    return per_policy(policy, "sensitive-terms", build)
