"""Spam (PG7xx): posts that read as advertising noise rather than a person speaking."""
from __future__ import annotations

from functools import lru_cache

import regex

from ..findings import Category, Severity
from .base import Hit, Rule

_HASHTAG = regex.compile(r"(?<![\w#])#[\p{L}\p{N}_]+")


class TooManyHashtags(Rule):
    """
    What it does:
        Flags a post with more hashtags than the policy's ``limits.max_hashtags``.

    Why it matters:
        A wall of hashtags reads as spam to readers and to the platforms' filters,
        and it buries the company's own campaign hashtag.

    Example:
        ``New job! #work #career #hiring #jobs #energy #oslo #norway #happy``

    Do instead:
        Keep one to three hashtags that matter, including the campaign hashtag.
    """

    code = "PG701"
    slug = "too-many-hashtags"
    category = Category.SPAM
    severity = Severity.WARN
    family = "spam"

    def find(self, doc, context, policy):
        tags = list(_HASHTAG.finditer(doc.text))
        limit = policy.limits.max_hashtags
        if len(tags) > limit:
            first_extra = tags[limit]
            yield Hit(first_extra.start(), tags[-1].end(), {"count": len(tags), "limit": limit})


_MENTION = regex.compile(r"(?<![\w@.])@[\p{L}\p{N}_][\p{L}\p{N}_.]*[\p{L}\p{N}_]?")
_LINK = regex.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"']+", regex.IGNORECASE)
_REPEATED_WORD = regex.compile(r"(?<![\p{L}\p{N}])([\p{L}\p{N}]{3,})(?:[\s,.!?;:-]+\1(?![\p{L}\p{N}])){%d,}", regex.IGNORECASE)
_EMOJI_RUN = regex.compile(r"(\p{Extended_Pictographic}[\ufe0f\U0001f3fb-\U0001f3ff]*)\1{%d,}")
_SENTENCE = regex.compile(r"[^.!?\n]+[.!?]*")
#: What the caps ratio ignores: links, mentions, hashtags.
_NOT_PROSE = regex.compile(r"(?:https?://|www\.)\S+|[@#][\p{L}\p{N}_]+", regex.IGNORECASE)
_CASED = regex.compile(r"[\p{Lu}\p{Ll}]")
#: Shouting in three words is emphasis; the ratio is measured over longer texts only.
MIN_CASED_LETTERS = 12


def _over_limit(matches: list, limit: int):
    if len(matches) > limit:
        yield Hit(matches[limit].start(), matches[-1].end(), {"count": len(matches), "limit": limit})


class TooManyMentions(Rule):
    """
    What it does:
        Flags a post that tags more accounts (``@name``) than the policy's
        ``limits.max_mentions``. E-mail addresses are not mentions.

    Why it matters:
        Mass tagging notifies strangers who did not ask for it; platforms treat it as
        spam and people block the sender — and the company with them.

    Example:
        ``Check this out @anna @ola @piotr @sven @noa @daan @kari``

    Do instead:
        Tag only the people the post is about, and let others find it through the
        company page.
    """

    code = "PG702"
    slug = "too-many-mentions"
    category = Category.SPAM
    severity = Severity.WARN
    family = "spam"

    def find(self, doc, context, policy):
        if "@" in doc.text:
            yield from _over_limit(list(_MENTION.finditer(doc.text)), policy.limits.max_mentions)


class TooManyLinks(Rule):
    """
    What it does:
        Flags a post with more links than the policy's ``limits.max_links``.

    Why it matters:
        A post full of links looks like link farming or phishing, is down-ranked by the
        platforms, and hides the one link that matters.

    Example:
        ``Deals: https://a.example https://b.example https://c.example https://d.example``

    Do instead:
        Link once, to the page that matters; put the rest on that page.
    """

    code = "PG703"
    slug = "too-many-links"
    category = Category.SPAM
    severity = Severity.WARN
    family = "spam"

    def find(self, doc, context, policy):
        yield from _over_limit(list(_LINK.finditer(doc.text)), policy.limits.max_links)


@lru_cache(maxsize=16)
def _repetition_patterns(max_repeats: int, max_emoji: int) -> tuple[regex.Pattern, regex.Pattern]:
    return (regex.compile(_REPEATED_WORD.pattern % max_repeats, regex.IGNORECASE),
            regex.compile(_EMOJI_RUN.pattern % max_emoji))


class Repetition(Rule):
    """
    What it does:
        Flags the same word or sentence repeated more than ``limits.max_repeats`` times
        in a row, and the same emoji more than ``limits.max_repeated_emoji`` times in a row.

    Why it matters:
        Repetition is how spam looks to readers and to the platforms' filters; it drowns
        the message.

    Example:
        ``SALE SALE SALE SALE at Fjordline!``

    Do instead:
        Say it once, clearly; one emoji makes the point.
    """

    code = "PG704"
    slug = "repetition"
    category = Category.SPAM
    severity = Severity.WARN
    family = "spam"

    def find(self, doc, context, policy):
        limits = policy.limits
        text = doc.text
        words, emoji = _repetition_patterns(limits.max_repeats, limits.max_repeated_emoji)
        if _has_adjacent_repeat(text):
            for match in words.finditer(text):
                yield Hit(match.start(), match.end(), {"what": match.group(1)})
        if not text.isascii():
            for match in emoji.finditer(text):
                yield Hit(match.start(), match.end(), {"what": match.group(1)})
        if sum(text.count(mark) for mark in ".!?\n") >= limits.max_repeats:
            yield from self._sentences(text, limits.max_repeats)

    @staticmethod
    def _sentences(text: str, limit: int):
        """The same sentence (two words or more) more than ``limit`` times in a row."""
        sentences = [m for m in _SENTENCE.finditer(text) if len(m.group().split()) >= 2]
        run = [sentences[0]] if sentences else []
        for match in sentences[1:] + [None]:
            same = match is not None and _sentence_key(match.group()) == _sentence_key(run[-1].group())
            if same:
                run.append(match)
                continue
            if len(run) > limit:
                start = run[0].start() + len(run[0].group()) - len(run[0].group().lstrip())
                yield Hit(start, run[-1].end(), {"what": run[0].group().strip()})
            run = [match] if match is not None else []


_STRIP = ",.!?;:-\"'()"


def _has_adjacent_repeat(text: str) -> bool:
    """Cheap test before the pattern: some word of three letters or more follows itself."""
    words = [w.strip(_STRIP).lower() for w in text.split()]
    return any(a == b and len(a) >= 3 for a, b in zip(words, words[1:]))


def _sentence_key(sentence: str) -> str:
    return " ".join(regex.sub(r"[^\p{L}\p{N}\s]", "", sentence).lower().split())


class AllCaps(Rule):
    """
    What it does:
        Flags a post written mostly in capital letters: the share of upper-case letters
        among letters that have case (Latin; Hebrew has none and is not counted) is above
        ``limits.max_caps_ratio``. Links, mentions and hashtags are left out, and short
        texts are not measured.

    Why it matters:
        Capitals read as shouting; on the company's behalf they read as aggressive or as
        spam.

    Example:
        ``THIS IS THE BEST OFFER YOU WILL EVER GET FROM US``

    Do instead:
        Write in normal sentence case; emphasise one word at most.
    """

    code = "PG705"
    slug = "all-caps"
    category = Category.SPAM
    severity = Severity.WARN
    family = "spam"

    def find(self, doc, context, policy):
        text = doc.text
        prose = _NOT_PROSE.sub(lambda m: " " * len(m.group()), text) if ("#" in text or "@" in text or "ww" in text
                                                                        or "http" in text) else text
        upper = sum(map(str.isupper, prose))
        cased = upper + sum(map(str.islower, prose))
        if cased < MIN_CASED_LETTERS or upper / cased <= policy.limits.max_caps_ratio:
            return
        letters = [m.start() for m in _CASED.finditer(prose)]
        start, end = letters[0], letters[-1] + 1
        yield Hit(start, end, {"percent": round(100 * upper / cased), "limit": round(100 * policy.limits.max_caps_ratio)})
