"""The per-language word models: what they learn, how they join the head, and their files."""
from __future__ import annotations

import numpy as np
import pytest

from postguard.errors import UsageError
from postguard.nlp.corpus import Example
from postguard.nlp.heads import load_heads
from postguard.nlp.lexical import (BETA_GRID, MIN_ROWS, DomainGate, LexicalModel, domain_prior, fit_with_out_of_fold,
                                   load_lexical)
from postguard.nlp.tasks import TASKS
from postguard.nlp.train import OWN_LOSS, choose_beta, file_mix_weights, train, train_word_models

from test_train import HashEmbedder, _examples

# Made-up stems, on no word list: only the word model can learn them.
RUDE = ("blorg", "snark", "grumf", "zorch", "kvetl")
KIND = ("mibel", "sunna", "lopik", "vessa", "tirun")


def _polish_rows(n: int) -> list[Example]:
    """Rows from a pretend shared source: the label is in the word stems, and every row's word
    has an ending of its own — the test embedder, which hashes whole words, never sees one twice;
    character n-grams do."""
    rng = np.random.RandomState(0)
    rows = []
    for i in range(n):
        abusive = i % 3 == 0
        word = (RUDE if abusive else KIND)[rng.randint(5)] + f"{i}"
        rows.append(Example(f"{word} numer w sprawie", "pl", "abuse", "abusive" if abusive else "ok", "poleval"))
    return rows


def test_a_word_model_learns_inflected_words_and_scores_every_row_out_of_fold():
    rows = _polish_rows(360)
    model, out_of_fold = fit_with_out_of_fold(TASKS["abuse"], "pl", [r.text for r in rows], [r.label for r in rows], 3)
    assert set(out_of_fold) == {r.text for r in rows}
    raw = model.raw(["ty blorgie jeden", "mibelu bardzo"])  # endings it never saw
    assert raw[0, 0] > 0 > raw[1, 0]


def test_the_file_keeps_what_was_scored(tmp_path):
    rows = _polish_rows(360)
    model, _ = fit_with_out_of_fold(TASKS["abuse"], "pl", [r.text for r in rows], [r.label for r in rows], 3)
    model.with_beta(0.5).save(tmp_path)
    loaded = load_lexical(tmp_path)[("abuse", "pl")]
    assert loaded.beta == 0.5 and loaded.meta["rows"] == 360
    texts = ["ty grumfie", "lopik mi"]
    assert loaded.raw(texts) == pytest.approx(model.raw(texts), abs=1e-5)


def test_fusing_adds_word_evidence_and_beta_zero_changes_nothing():
    rows = _polish_rows(360)
    model, _ = fit_with_out_of_fold(TASKS["abuse"], "pl", [r.text for r in rows], [r.label for r in rows], 3)
    head = np.array([[0.5, 0.5], [0.5, 0.5]])
    texts = ["ty snarku", "sunno, vessa"]
    assert model.fuse(head, texts, beta=0.0) is head
    fused = model.fuse(head, texts, beta=1.0)
    assert fused[0, 1] > 0.5 > fused[1, 1]
    assert fused.sum(axis=1) == pytest.approx([1.0, 1.0])


def test_a_domain_gate_lets_the_words_speak_only_on_text_like_their_data(tmp_path):
    rows = _polish_rows(360)
    model, _ = fit_with_out_of_fold(TASKS["abuse"], "pl", [r.text for r in rows], [r.label for r in rows], 3)
    gated = model.with_gate(DomainGate(np.array([20.0, 0.0], np.float32), 0.0)).with_beta(1.0)
    assert gated.with_beta(0.5).gate is gated.gate
    head, texts = np.array([[0.5, 0.5], [0.5, 0.5]]), ["ty snarku", "ty snarku"]
    centred = np.array([[1.0, 0.0], [-1.0, 0.0]])  # like the shared rows / unlike them
    fused = gated.fuse(head, texts, centred=centred)
    assert fused[0] == pytest.approx(model.fuse(head, texts[:1], beta=1.0)[0], abs=1e-6)
    assert fused[1] == pytest.approx(head[1], abs=1e-6)
    with pytest.raises(UsageError, match="needs the texts' centred embeddings"):
        gated.fuse(head, texts)
    with pytest.raises(UsageError, match="2-dimensional embeddings"):
        gated.fuse(head, texts, centred=np.zeros((2, 3)))
    gated.save(tmp_path)
    loaded = load_lexical(tmp_path)[("abuse", "pl")]
    assert loaded.gate.weights == pytest.approx([20.0, 0.0]) and loaded.gate.bias == 0.0
    assert loaded.fuse(head, texts, centred=centred) == pytest.approx(fused, abs=1e-4)


def test_a_domain_prior_shifts_only_text_like_its_data(tmp_path):
    task = TASKS["sentiment"]
    prior = domain_prior(task, ["negative"] * 30 + ["neutral"] * 50 + ["positive"] * 20)
    assert prior == pytest.approx(np.log([0.3 * 3, 0.5 * 3, 0.2 * 3]))
    assert domain_prior(TASKS["abuse"], ["abusive"] * 83 + ["ok"] * 17) == pytest.approx([np.log(83 / 17)])
    assert np.isfinite(domain_prior(task, ["negative"] * 10)).all()  # a label the file lacks: one row, not -inf
    labels = ("negative", "neutral", "positive")
    texts = [f"{['okropny', 'wtorek', 'wspaniały'][i % 3]} dzień {i}" for i in range(330)]
    model, _ = fit_with_out_of_fold(task, "pl", texts, [labels[i % 3] for i in range(330)], 1)
    with pytest.raises(UsageError, match="needs a domain gate"):
        model.with_gate(None, prior)
    gate = DomainGate(np.array([20.0, 0.0], np.float32), 0.0)
    only_prior = model.with_gate(gate, prior).with_beta(0.0)
    assert only_prior.active and not model.with_beta(0.0).active
    head = np.full((2, 3), 1 / 3)
    centred = np.array([[1.0, 0.0], [-1.0, 0.0]])  # like the shared rows / unlike them
    fused = only_prior.fuse(head, ["wtorek", "wtorek"], centred=centred)
    assert fused[0] == pytest.approx([0.3, 0.5, 0.2], abs=1e-6)  # Bayes' rule with the file's label mix
    assert fused[1] == pytest.approx(head[1], abs=1e-6)
    only_prior.save(tmp_path)
    loaded = load_lexical(tmp_path)[("sentiment", "pl")]
    assert loaded.prior == pytest.approx(prior) and loaded.fuse(head, ["wtorek"] * 2, centred=centred) == pytest.approx(fused, abs=1e-5)


def test_a_balanced_sample_is_scored_with_its_files_label_mix():
    weights = file_mix_weights(["ok", "abusive", "ok", "abusive"], ["abusive"] * 83 + ["ok"] * 17)
    assert weights == pytest.approx([0.34, 1.66, 0.34, 1.66])
    assert file_mix_weights(["ok", "abusive"], []) == pytest.approx([1.0, 1.0])


def test_heads_refuse_a_word_model_whose_gate_reads_other_embeddings(tmp_path):
    examples = _examples() + _polish_rows(MIN_ROWS)
    train(seed=3, out=tmp_path, log=lambda _: None, examples=examples, embedder=HashEmbedder())
    model = load_heads(tmp_path, "hash-test").lexical[("abuse", "pl")]
    model.with_gate(DomainGate(np.zeros(7, np.float32), 0.0)).with_beta(1.0).save(tmp_path)
    with pytest.raises(UsageError, match="lexical-abuse-pl.npz: its domain gate reads 7-dimensional"):
        load_heads(tmp_path, "hash-test")


def test_training_fits_the_gate_on_the_shared_rows_against_every_other_text():
    from postguard.nlp.heads import Centres
    from postguard.nlp.train import fit_domain_gate

    examples = _examples() + _polish_rows(MIN_ROWS)
    texts = sorted({e.text for e in examples})
    vectors = dict(zip(texts, HashEmbedder().embed(texts)))
    dim = len(next(iter(vectors.values())))
    centres = Centres({}, np.zeros(dim, np.float32))
    inside = [e.text for e in examples if e.source == "poleval"]
    gate, out_of_fold = fit_domain_gate(inside, examples, vectors, centres, 3)
    assert set(out_of_fold) == set(texts)
    inside_values = [out_of_fold[t] for t in inside]
    outside_values = [v for t, v in out_of_fold.items() if t not in set(inside)]
    assert np.mean(inside_values) > 0.8 > 0.2 > np.mean(outside_values)
    assert gate(centres.apply(np.vstack([vectors[inside[0]]]), ["pl"]))[0] > 0.5


def test_where_a_text_was_tokenised_or_posted_is_no_feature():
    from postguard.nlp.lexical import term_counts

    same = term_counts(["So boring! Well, I don't know, Captain. (really)", "Nice one #friday"])
    tokenised = term_counts(["So boring ! Well , I don't know , Captain . (really )", "@user Nice one friday https://t.co/x"])
    assert (same != tokenised).nnz == 0


def _sklearn_counts(cleaned: list[str]):
    """What scikit-learn's two vectorizers give with the word models' settings, stacked."""
    from scipy import sparse
    from sklearn.feature_extraction.text import HashingVectorizer

    from postguard.nlp.ngrams import CHAR_BUCKETS, WORD_BUCKETS

    words = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=WORD_BUCKETS, alternate_sign=False,
                              norm=None, lowercase=True, token_pattern=r"(?u)\b\w+\b")
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=CHAR_BUCKETS, alternate_sign=False,
                              norm=None, lowercase=True)
    return sparse.hstack([words.transform(cleaned), chars.transform(cleaned)]).tocsr()


def test_term_counts_are_scikit_learns_two_vectorizers_side_by_side():
    """The n-grams and hashes written out in ``ngrams.py`` give exactly scikit-learn's columns, so
    word models trained before (and the training, which fits on them) read the same features."""
    from postguard.nlp import lexical

    texts = ["You clueless clowns lost my parcel again!", "", "Ty debilu, znowu spóźniony?", "אתה גרוע",
             "Nice one #friday https://t.co/x", "ok", "a  b\t\tc\n d", "İstanbul ÉTÉ straße ǅ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😂😂 x",
             "fuuuuck!!! f*ck, sh1t; co-op's “quoted” word_with_underscore 123 ½"]
    cleaned = [lexical.normalise(t) for t in texts]
    expected = _sklearn_counts(cleaned)
    expected.data = 1.0 + np.log(expected.data)
    counts = lexical.term_counts(texts)
    assert counts.shape == expected.shape
    assert (abs(counts - expected) > 1e-12).nnz == 0
    assert counts[1].nnz == 0 and counts[0].nnz > 50
    assert lexical.term_counts([]).shape == (0, expected.shape[1])


def test_term_counts_match_scikit_learn_on_every_language_of_the_shared_data():
    from postguard.nlp import lexical
    from postguard.nlp.corpus import shared_rows

    texts = [e.text for task, lang in (("abuse", "en"), ("abuse", "pl"), ("sentiment", "he"), ("sentiment", "sv"))
             for e in shared_rows(task, lang, "dev")[:300]]
    if not texts:
        pytest.skip("the shared data is not beside the checkout")
    cleaned = [lexical.normalise(t) for t in texts]
    expected = _sklearn_counts(cleaned)
    assert (abs(lexical.hashed_counts(cleaned) - expected) > 1e-12).nnz == 0


def test_sentiment_fusion_stays_a_distribution():
    labels = ("negative", "neutral", "positive")
    words = {"negative": "okropny", "neutral": "wtorek", "positive": "wspaniały"}
    texts = [f"{words[labels[i % 3]]} dzień {i}" for i in range(330)]
    model, _ = fit_with_out_of_fold(TASKS["sentiment"], "pl", texts, [labels[i % 3] for i in range(330)], 1)
    fused = model.fuse(np.full((2, 3), 1 / 3), ["okropny dzień", "wspaniały dzień"], beta=1.0)
    assert fused.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert fused[0].argmax() == 0 and fused[1].argmax() == 2


def test_training_writes_a_word_model_only_where_a_shared_source_has_enough_rows(tmp_path):
    examples = _examples() + _polish_rows(MIN_ROWS)
    (tmp_path / "lexical-abuse-nl.npz").write_bytes(b"left over from an earlier training")
    summary = train(seed=3, out=tmp_path, log=lambda _: None, examples=examples, embedder=HashEmbedder())
    assert sorted(p.name for p in tmp_path.glob("lexical-*.npz")) == ["lexical-abuse-pl.npz"]
    assert summary["lexical abuse pl"]["beta"] in BETA_GRID
    headset = load_heads(tmp_path, "hash-test")
    model = headset.lexical[("abuse", "pl")]
    assert set(model.meta["beta_macro_f1"]) == {"everywhere", "gated", "gated+prior"}
    assert model.meta["variant"] in model.meta["beta_macro_f1"]
    assert all(set(by_source["own"]) == {str(b) for b in BETA_GRID} for by_source in model.meta["beta_macro_f1"].values())
    assert model.meta["judged_rows"] == {"shared": MIN_ROWS, "own": 24}


def test_only_the_languages_with_a_word_model_change(tmp_path):
    examples = _examples() + _polish_rows(MIN_ROWS)
    train(seed=3, out=tmp_path, log=lambda _: None, examples=examples, embedder=HashEmbedder())
    headset = load_heads(tmp_path, "hash-test")
    model = headset.lexical[("abuse", "pl")]
    headset.lexical[("abuse", "pl")] = model.with_beta(1.0)
    texts, langs = ["ty zorch", "ty zorch"], ["pl", "en"]
    vectors = HashEmbedder().embed(texts)
    head_only = headset.head("abuse").probabilities(headset.centres.apply(vectors, langs), langs, texts)
    fused = headset.probabilities("abuse", vectors, langs, texts)
    assert fused[1] == pytest.approx(head_only[1])
    assert fused[0, 1] > head_only[0, 1]


def test_a_file_from_other_buckets_is_refused(tmp_path):
    rows = _polish_rows(360)
    model, _ = fit_with_out_of_fold(TASKS["abuse"], "pl", [r.text for r in rows], [r.label for r in rows], 3)
    small = LexicalModel(model.task, "pl", model.idf[:10], model.weights[:, :10], model.bias, 1.0, {})
    small.save(tmp_path)
    with pytest.raises(UsageError, match="do not match the feature buckets"):
        load_lexical(tmp_path)
    (tmp_path / "lexical-abuse-pl.npz").write_bytes(b"not a zip")
    with pytest.raises(UsageError, match="not a postguard word model file"):
        load_lexical(tmp_path)


def test_words_only_refits_the_word_models_and_leaves_the_heads_alone(tmp_path):
    examples = _examples() + _polish_rows(MIN_ROWS)
    train(seed=3, out=tmp_path, log=lambda _: None, examples=_examples(), embedder=HashEmbedder())
    heads_before = {p.name: p.read_bytes() for p in tmp_path.glob("*.npz")}
    summary = train_word_models(seed=3, out=tmp_path, log=lambda _: None, examples=examples, embedder=HashEmbedder())
    assert list(summary) == ["lexical abuse pl"]
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.npz") if p.name in heads_before} == heads_before
    assert load_heads(tmp_path, "hash-test").lexical[("abuse", "pl")].meta["judged_rows"] == {"shared": MIN_ROWS, "own": 24}


def test_beta_may_not_buy_shared_gains_with_the_projects_own_examples():
    shared = {0.0: 0.80, 0.25: 0.84, 0.5: 0.88, 1.0: 0.90, 2.0: 0.91}
    own = {0.0: 0.90, 0.25: 0.91, 0.5: 0.90 - OWN_LOSS, 1.0: 0.86, 2.0: 0.80}
    assert choose_beta({"shared": shared, "own": own}) == 0.5
    assert choose_beta({"shared": shared}) == 2.0
    flat = dict.fromkeys(shared, 0.9)
    assert choose_beta({"shared": flat, "own": flat}) == 0.0
    assert choose_beta({}) == 0.0
    # a domain prior is judged against the head alone, not against itself at beta 0
    assert choose_beta({"shared": shared, "own": dict.fromkeys(shared, 0.88)}, own_alone=0.90) is None


def test_a_companys_extra_rows_make_a_word_model_where_no_shared_data_exists(tmp_path):
    norwegian = [Example(e.text.replace("numer w sprawie", "i saken"), "no", "abuse", e.label, "extra")
                 for e in _polish_rows(MIN_ROWS)]
    summary = train(seed=3, out=tmp_path, log=lambda _: None, examples=_examples() + norwegian, embedder=HashEmbedder())
    assert summary["lexical abuse no"]["scores"] == {"everywhere": summary["lexical abuse no"]["scores"]["everywhere"]}
    assert list(summary["lexical abuse no"]["scores"]["everywhere"]) == ["own"]  # no shared rows: no domain gate
    assert summary["lexical abuse no"]["beta"] > 0
    model = load_heads(tmp_path, "hash-test").lexical[("abuse", "no")]
    assert model.meta["own_rows"] == MIN_ROWS
    raw = model.raw(["du blorgen", "vessa takk"])  # endings it never saw
    assert raw[0, 0] > 0 > raw[1, 0]


def test_beta_is_judged_against_the_heads_out_of_fold_scores_in_a_full_and_a_words_only_training(tmp_path, monkeypatch):
    import postguard.nlp.train as training

    seen = []
    real = training.train_lexical

    def spy(head, lang, rows, examples, *args):
        seen.append(args[-1])
        return real(head, lang, rows, examples, *args)

    monkeypatch.setattr(training, "train_lexical", spy)
    examples = _examples() + _polish_rows(MIN_ROWS)
    train(seed=3, out=tmp_path, log=lambda _: None, examples=examples, embedder=HashEmbedder())
    judged = [e.text for e in examples if e.task == "abuse" and e.lang == "pl"]
    assert set(judged) <= set(seen[0]) and all(p.sum() == pytest.approx(1.0) for p in seen[0].values())
    train_word_models(seed=3, out=tmp_path, log=lambda _: None, examples=examples, embedder=HashEmbedder())
    # --words-only refits the heads' recorded recipe per fold: the same out-of-fold scores
    assert set(seen[1]) == set(seen[0])
    assert all(seen[1][t] == pytest.approx(seen[0][t], abs=1e-6) for t in judged)
