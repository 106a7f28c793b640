"""Copyright (PG8xx): other people's pictures, music and texts (R4, copyright and fair use).

Attachments come from the context (``Attachment`` in the API, the files of ``check --eml``)
with their ``source`` and ``licence``; "found it on Google" phrases are per-language data
in ``rules/data/copyright/<lang>.yaml``; the quote limit is ``limits.max_quote_words``.
"""
from __future__ import annotations

import re

import regex

from ..findings import Category, Severity
from ..languages import LANGUAGES
from .base import Hit, Rule
from .confidential import merge_spans
from .policy_refs import compiled_patterns

FAMILY = "copyright"
_MEDIA_EXTENSIONS = frozenset(
    "jpg jpeg png gif webp heic heif tif tiff bmp svg avif mp4 mov m4v avi mkv webm mp3 wav m4a aac ogg flac".split())
#: Pairs of quotation marks used in the six languages; a quote may run over several lines.
_QUOTES = re.compile(
    r'"[^"]{1,20000}"|“[^”“]{1,20000}”|„[^„”“"]{1,20000}[”“"]|”[^”]{1,20000}”|«[^«»]{1,20000}»|»[^«»]{1,20000}«'
    r"|(?:^|(?<=\n))(?:>[^\n]*(?:\n|$)){2,}"
)
_QUOTE_MARKS = re.compile('["“„”«»]')
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")


def is_media(attachment) -> bool:
    kind = (attachment.content_type or "").split("/", 1)[0].lower()
    if kind in ("image", "video", "audio"):
        return True
    return attachment.name.rsplit(".", 1)[-1].lower() in _MEDIA_EXTENSIONS if "." in attachment.name else False


class MediaWithoutSource(Rule):
    """
    What it does:
        Flags each attached picture, video or sound file (by content type or file
        extension) that has neither a ``source`` nor a ``licence``. The finding lies where
        the file's name appears in the text, else at the start of the post.

    Why it matters:
        Almost every picture online belongs to someone; publishing it without a licence
        is infringement, and the company answers for what its people post about it.

    Example:
        A post with ``beach.jpg`` attached and no source or licence given.

    Do instead:
        Use your own pictures or ones the company has rights to, and give the source
        and licence.
    """

    code = "PG801"
    slug = "media-without-source"
    category = Category.COPYRIGHT
    severity = Severity.WARN
    family = FAMILY
    #: E-mail attachments are judged by the e-mail rules; this is about publishing.
    kinds = frozenset({"post", "reply", "comment"})

    def applies(self, context, policy):
        return any(is_media(a) and not (a.source or a.licence) for a in context.attachments)

    def find(self, doc, context, policy):
        folded = doc.text.lower()
        for attachment in context.attachments:
            if not is_media(attachment) or attachment.source or attachment.licence:
                continue
            at = folded.find(attachment.name.lower()) if attachment.name else -1
            if at == -1:
                yield Hit(0, 0, {"attachment": attachment.name}, signal="attachment")
            else:
                yield Hit(at, at + len(attachment.name), {"attachment": attachment.name}, signal="attachment")


class FoundOnline(Rule):
    """
    What it does:
        Finds phrases saying that material was simply taken from the internet: "found it
        on Google", "znalazłem w internecie", "fant på nettet", "hittade på nätet",
        "מצאתי בגוגל", "gevonden op Google", "source: Google".

    Why it matters:
        Being online is not a licence; the phrase is the author admitting the material
        is someone else's and unlicensed.

    Example:
        ``Love this picture, found it on Google 😍``

    Do instead:
        Use material you made or have a licence for, and credit the source.
    """

    code = "PG802"
    slug = "found-online"
    category = Category.COPYRIGHT
    severity = Severity.WARN
    family = FAMILY
    languages = frozenset(LANGUAGES)

    def find(self, doc, context, policy):
        languages = (doc.language,) if doc.language in LANGUAGES else LANGUAGES
        spans = []
        for lang in languages:
            pattern = compiled_patterns(FAMILY, "found_online", lang)
            if pattern is not None:
                spans += [m.span() for m in pattern.finditer(doc.text)]
        for start, end in merge_spans(spans):
            yield Hit(start, end, {"excerpt": doc.text[start:end]})


class LongQuote(Rule):
    """
    What it does:
        Finds quotations — text between quotation marks of any of the six languages
        (" ", “ ”, „ ”, ” ”, « », » «) or a block of lines starting with ``>`` — longer than
        ``limits.max_quote_words`` words.

    Why it matters:
        A short quote with its source is usually fair use; copying a whole article or
        chapter is not.

    Example:
        A post that pastes three paragraphs of a newspaper article in quotation marks.

    Do instead:
        Quote a sentence or two, name the author and link to the original.
    """

    code = "PG803"
    slug = "long-quote"
    category = Category.COPYRIGHT
    severity = Severity.WARN
    family = FAMILY

    def find(self, doc, context, policy):
        limit = policy.limits.max_quote_words
        text = doc.text
        # Too short to hold a quote over the limit, or no quotation mark at all: skip the scan.
        if len(text) < limit * 2 or not (_QUOTE_MARKS.search(text) or "\n>" in text or text.startswith(">")):
            return
        for match in _QUOTES.finditer(text):
            count = sum(1 for _ in _WORD.finditer(text, match.start(), match.end()))
            if count > limit:
                start, end = match.span()
                if text[end - 1] == "\n":
                    end -= 1
                yield Hit(start, end, {"count": count, "limit": limit})
