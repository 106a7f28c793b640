"""Embeddings of training and evaluation texts kept on disk, outside the repository.

Embedding the shared data takes many minutes on two cores; training and evaluation ask for
the same texts again and again. One SQLite file per backend maps a text's hash to its vector.
The default location is ``$POSTGUARD_CACHE_DIR`` or ``~/.cache/postguard``.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .embedder import MAX_EMBED_CHARS, Embedder


def cache_dir() -> Path:
    return Path(os.environ.get("POSTGUARD_CACHE_DIR") or Path.home() / ".cache" / "postguard")


def _key(text: str) -> str:
    return hashlib.sha1(text[:MAX_EMBED_CHARS].encode("utf-8")).hexdigest()


class DiskCachedEmbedder:
    def __init__(self, inner: Embedder, directory: Path | None = None, batch: int = 64):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._batch = batch
        directory = directory or cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() else "_" for c in inner.name)
        self._db = sqlite3.connect(directory / f"embeddings-{safe}.sqlite")
        self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB)")

    def embed(self, texts: Sequence[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        keys = [_key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 900):
            part = unique[start:start + 900]
            rows = self._db.execute(
                f"SELECT key, v FROM vec WHERE key IN ({','.join('?' * len(part))})", part).fetchall()
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        todo = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        for start in range(0, len(todo), self._batch):
            chunk = todo[start:start + self._batch]
            vectors = self.inner.embed(chunk)
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?)",
                                     [(_key(t), v.astype(np.float32).tobytes()) for t, v in zip(chunk, vectors)])
            for t, v in zip(chunk, vectors):
                found[_key(t)] = v
            if progress:
                progress(min(start + self._batch, len(todo)), len(todo))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32)
