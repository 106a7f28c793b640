"""The word models' features: hashed word 1-2-grams and character 2-5-grams of a text.

These are exactly the columns that scikit-learn's ``HashingVectorizer`` gives with the settings
the word models were trained with (``analyzer="word"``, ``ngram_range=(1, 2)``,
``token_pattern=r"(?u)\\b\\w+\\b"``, then ``analyzer="char_wb"``, ``ngram_range=(2, 5)``; both
lower-cased, ``alternate_sign=False``, 2**18 buckets each, the character buckets after the
word buckets): the same n-grams, each hashed with MurmurHash3 (32 bits, seed 0, signed, its
absolute value modulo the buckets), as ``tests/nlp/test_lexical.py`` checks against
scikit-learn itself. Written out here so that a check does not import scikit-learn, which
took 1.5-2 s of every cold start; training still uses it for the logistic regressions.
"""
from __future__ import annotations

import re

import mmh3
import numpy as np
from scipy import sparse

WORD_BUCKETS = 2 ** 18
CHAR_BUCKETS = 2 ** 18
_TOKEN = re.compile(r"(?u)\b\w+\b")
_WHITE_SPACES = re.compile(r"\s\s+")
_INT32_MIN = -2 ** 31


def word_ngrams(text: str) -> list[str]:
    """Lower-cased words, then every pair of neighbouring words joined by a space."""
    tokens = _TOKEN.findall(text.lower())
    return tokens + [" ".join(tokens[i:i + 2]) for i in range(len(tokens) - 1)]


def char_ngrams(text: str) -> list[str]:
    """Character 2- to 5-grams inside each space-padded, lower-cased word (" cat " gives " c",
    "ca", …); a word shorter than n gives its padded self once."""
    out = []
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(2, 6):
            if len(padded) <= n:
                out.append(padded)
                break
            out.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return out


def _bucket(feature: str, buckets: int) -> int:
    value = mmh3.hash(feature, 0, signed=True)
    if value == _INT32_MIN:  # |-2**31| does not fit 32 bits; scikit-learn defines it so
        return (2 ** 31 - 1 - (buckets - 1)) % buckets
    return abs(value) % buckets


def hashed_counts(texts: list[str]) -> sparse.csr_matrix:
    """(n, WORD_BUCKETS + CHAR_BUCKETS) raw counts of every hashed n-gram of each text."""
    indices: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    indptr = [0]
    for text in texts:
        columns = [_bucket(g, WORD_BUCKETS) for g in word_ngrams(text)]
        columns += [WORD_BUCKETS + _bucket(g, CHAR_BUCKETS) for g in char_ngrams(text)]
        unique, count = np.unique(np.asarray(columns, np.int32), return_counts=True)
        indices.append(unique.astype(np.int32))
        counts.append(count.astype(np.float64))
        indptr.append(indptr[-1] + len(unique))
    shape = (len(texts), WORD_BUCKETS + CHAR_BUCKETS)
    if not texts:
        return sparse.csr_matrix(shape)
    return sparse.csr_matrix((np.concatenate(counts), np.concatenate(indices), np.asarray(indptr, np.int32)),
                             shape=shape)
