"""Word-list signals next to the embedding: what the abuse head reads besides the vector.

An embedding of a short text blurs one swear word; a list does not, and the core rules'
conduct lists (``rules/data/conduct/<lang>.yaml``, PG401–PG403) already know inflections
(``kurw*``) and disguises (``f*ck``, ``sh1t``, ``f u c k``, look-alike letters). The abuse
head therefore reads, next to the centred embedding, five numbers per text:

- ``lexicon``: words on the model's own list (``lexicon.py``);
- ``profanity``, ``insult``, ``slur``: words on the conduct lists (the post's language plus
  English, minus the language's innocent words — exactly what the rules match);
- ``aimed``: insults with a second-person word or a word for a customer or colleague nearby
  (what makes PG402 fire).

Each is capped at ``CAP`` and scaled to ``0..scale``. How large ``scale`` is decides how much
the logistic regression can lean on the lists versus the embedding; it is chosen with C and
alpha by leave-one-source-out in training (``train.py``), never on dev or held-out data.
A head records its feature names and scale, so heads trained before this module (lexicon only,
``lexicon.SCALE``) read exactly what they were trained on.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..languages import LANGUAGES
from ..text.document import Document
from . import lexicon

CAP = 3
#: The conduct lists' columns, in the order the head's weights expect them.
CONDUCT = ("profanity", "insult", "aimed", "slur")


@lru_cache(maxsize=1)
def _insult_rule():
    from ..rules.conduct import Insult

    return Insult()


def conduct_counts(text: str, lang: str) -> tuple[int, int, int, int]:
    """(profanity, insult, aimed insult, slur) words of ``text`` on the conduct lists."""
    from ..rules.conduct import views, word_list  # rules import nlp: load lazily

    lang = lang if lang in LANGUAGES else "en"
    doc = Document(text, lang)
    searched = views(doc)
    profanity = len(word_list("profanity", lang).find(searched))
    insults = word_list("insult", lang).find(searched)
    aimed = sum(_insult_rule().accept(doc, m) for m in insults)  # PG402's own "aimed at someone" test
    slurs = len(word_list("slur", lang).find(searched))
    return profanity, len(insults), aimed, slurs


def word_features(texts: list[str], languages: list[str], names: tuple[str, ...], scale: float) -> np.ndarray:
    """(n, len(names)) capped counts scaled to 0..scale; ``names`` from ``lexicon`` and ``CONDUCT``."""
    out = np.zeros((len(texts), len(names)), dtype=np.float32)
    for i, (text, lang) in enumerate(zip(texts, languages)):
        counts: dict[str, int] = {}
        if "lexicon" in names:
            counts["lexicon"] = lexicon.hits(text, lang)
        if any(n in CONDUCT for n in names):
            counts.update(zip(CONDUCT, conduct_counts(text, lang)))
        out[i] = [min(counts[n], CAP) / CAP for n in names]
    return scale * out
