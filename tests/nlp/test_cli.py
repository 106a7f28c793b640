"""``postguard classify`` and ``postguard model`` as a user runs them."""
from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from postguard.cli import app
from postguard.nlp.train import train
from postguard.output.labels import label

from test_train import HashEmbedder, _examples

runner = CliRunner()


def test_classify_reads_jsonl_and_writes_label_scores_and_language():
    stdin = "\n".join(json.dumps(r, ensure_ascii=False) for r in (
        {"id": "a1", "text": "Chcę zwrotu pieniędzy za odwołany koncert."},
        {"id": "a2", "text": "Tack för snabb hjälp igår, ni är bäst!"},
    ))
    result = runner.invoke(app, ["classify", "--task", "situation"], input=stdin)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in rows] == ["a1", "a2"]
    assert [r["language"] for r in rows] == ["pl", "sv"]
    assert [r["label"] for r in rows] == ["refund_request", "praise"]
    assert set(rows[0]["scores"]) >= {"praise", "question", "complaint", "refund_request", "threat", "spam"}


def test_classify_takes_arguments_and_a_language():
    result = runner.invoke(app, ["classify", "--task", "threat", "--lang", "nl", "Ik weet waar je woont, pas maar op."])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    assert row["label"] == "threat" and row["language"] == "nl"


def test_classify_bad_input_is_a_clear_error():
    result = runner.invoke(app, ["classify", "--task", "abuse"], input='{"text": "fine"}\n{"txt": 1}\n')
    assert result.exit_code == 2
    assert "<stdin>:2" in result.output and "'text'" in result.output
    result = runner.invoke(app, ["classify", "--task", "toxicity", "x"])
    assert result.exit_code == 2 and "--task must be one of" in result.output


def test_check_without_models_skips_them_and_says_so():
    result = runner.invoke(app, ["check", "--format", "json", "--lang", "en", "--no-models", "You absolute moron."])
    report = json.loads(result.output)
    assert not [f for f in report["findings"] if f["signal"].startswith("model:")]
    assert {"PG450", "PG451"} <= {s["code"] for s in report["skipped"]}
    result = runner.invoke(app, ["check", "--format", "json", "--lang", "en", "You absolute moron."])
    assert any(f["code"] == "PG450" and f["signal"] == "model:abuse" for f in json.loads(result.output)["findings"])


def test_model_train_refuses_a_missing_extra_file(tmp_path):
    result = runner.invoke(app, ["model", "train", "--extra", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "no such file" in result.output


def test_model_show_says_what_the_heads_and_word_models_were_trained_with(tmp_path):
    import shutil

    from postguard.nlp.heads import bundled_heads_dir, load_heads

    shown = runner.invoke(app, ["model", "show", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    described = json.loads(shown.output)
    assert {h["task"] for h in described["heads"]} == {"abuse", "threat", "sentiment", "situation"}
    bundled = load_heads()
    assert len(described["word_models"]) == len(bundled.lexical)
    for model in described["word_models"]:
        stored = bundled.lexical[(model["task"], model["language"])]
        assert model["beta"] == stored.beta and model["rows"] == stored.meta["rows"]
        assert model["variant"] in ("everywhere", "gated", "gated+prior")
        assert (model["variant"] == "gated+prior") == (stored.prior is not None) == bool(model["domain_prior"])
    abuse = next(h for h in described["heads"] if h["task"] == "abuse")
    assert abuse["word_signals"] and abuse["training_rows"]["en"] > 0 and "pl" in abuse["calibrated_languages"]
    text = runner.invoke(app, ["model", "show"])
    assert text.exit_code == 0 and "word models" in text.output and "sentiment " in text.output
    # a copy without word models (as a company's --out might be) says so; a directory without heads is an error
    copy = tmp_path / "heads"
    shutil.copytree(bundled_heads_dir(), copy)
    for path in copy.glob("lexical-*.npz"):
        path.unlink()
    bare = runner.invoke(app, ["model", "show", "--heads", str(copy)])
    assert bare.exit_code == 0 and "word models (one language's own words, added to the head):\n  none" in bare.output
    missing = runner.invoke(app, ["model", "show", "--heads", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "no trained heads here" in missing.output
    assert runner.invoke(app, ["model", "show", "--format", "yaml"]).exit_code == 2


# --- what `model show|eval|train` print for people, in --lang -------------------------------------------------

LRM = "\u200e"  # starts every table cell in right-to-left output (output/table.py)


def test_model_show_speaks_the_language_asked_for_and_its_json_does_not_change():
    english, polish, hebrew = (runner.invoke(app, ["model", "show", "--lang", lang]) for lang in ("en", "pl", "he"))
    assert english.exit_code == polish.exit_code == hebrew.exit_code == 0, english.output + polish.output + hebrew.output
    assert "word models (one language's own words, added to the head):" in english.output
    assert "through a domain gate" in english.output
    assert "modele słów (słowa jednego języka, dodawane do głowicy):" in polish.output
    assert "przez bramkę domeny" in polish.output and "word models" not in polish.output
    assert "\xa0" in polish.output  # counts grouped the Polish way: "2,639" would read as a decimal
    assert "מודלי מילים (המילים של שפה אחת, שנוספות לראש הסיווג):" in hebrew.output
    assert "דרך שער תחום" in hebrew.output and "שורות:" in hebrew.output and "rows" not in hebrew.output
    # the task and language codes stay codes, first on their lines (left to right in a bidi terminal too)
    assert "\n  sentiment  he  " in hebrew.output and "\n  abuse      C=" in hebrew.output
    shown = {lang: runner.invoke(app, ["model", "show", "--format", "json", "--lang", lang]).output
             for lang in ("en", "pl", "he")}
    assert shown["en"] == shown["pl"] == shown["he"]
    refused = runner.invoke(app, ["model", "show", "--lang", "de"])
    assert refused.exit_code == 2 and "--lang 'de': use one of en, pl, no, sv, he, nl" in refused.output


@pytest.fixture(scope="module")
def hashed_heads(tmp_path_factory):
    """Heads trained in a second on the test embedder (tests/nlp/test_train.py), not the real model."""
    out = tmp_path_factory.mktemp("heads")
    train(seed=3, out=out, log=lambda _: None, examples=_examples(), embedder=HashEmbedder())
    return out


@pytest.fixture
def hashed_eval(tmp_path, monkeypatch, hashed_heads):
    """`model eval` on the test embedder and the test examples as the held-out set; the dev set is empty."""
    import postguard.nlp.corpus as corpus
    import postguard.nlp.embedder as embedder

    monkeypatch.setenv("POSTGUARD_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(embedder, "configured_embedder", HashEmbedder)
    monkeypatch.setattr(corpus, "own_examples", lambda part: [e for e in _examples() if e.task != "sentiment"])
    monkeypatch.setattr(corpus, "shared_examples", lambda split, *args, **kwargs: [])
    return lambda *args: runner.invoke(app, ["model", "eval", "--heads", str(hashed_heads), *args])


def _cell_ends(line: str) -> list[int]:
    """Where each space-separated cell of a table line ends, in terminal cells (the marks are zero-width)."""
    return [cell_len(line[:m.end()]) for m in re.finditer(r"\S+", line.replace(LRM, ""))]


@pytest.mark.parametrize("lang,title,header,macro", [
    ("en", "== heldout: the project's own held-out examples ==", ["label", "precision", "recall", "F1", "n"],
     "macro-F1 "),
    ("pl", "== heldout: własne przykłady projektu odłożone do testów ==", ["etykieta", "precyzja", "czułość", "F1", "n"],
     "makro-F1 "),
    ("he", "== heldout: הדוגמאות של הפרויקט שהושארו בצד לבדיקה ==", ["תווית", "דיוק", "היזכרות", "F1", "n"],
     "מאקרו-F1 "),
])
def test_model_eval_prints_aligned_tables_in_the_language_asked_for(hashed_eval, lang, title, header, macro):
    result = hashed_eval("--sets", "heldout,dev", "--lang", lang)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == title and "  " + label("model.eval.no_examples", lang) in lines  # dev: nothing to score
    blocks = [i for i, line in enumerate(lines) if line.startswith(("abuse ", "threat ", "situation "))]
    assert [lines[i].split()[:2] for i in blocks] == [["abuse", "en"], ["abuse", "pl"], ["situation", "en"],
                                                      ["situation", "pl"], ["threat", "en"], ["threat", "pl"]]
    assert all(macro in lines[i] for i in blocks)
    table = [line for line in lines if line.startswith("    ")]
    headers = [line for line in table if line.replace(LRM, "").split() == header]
    assert len(headers) == len(blocks)
    # the number columns end where their headers end, in every table, whatever the header's script
    assert len({tuple(_cell_ends(line)[1:]) for line in table}) == 1
    assert all(line.count(LRM) == (5 if lang == "he" else 0) for line in table)
    decimal_mark = "," if lang == "pl" else "."
    assert all(f"1{decimal_mark}000" in line for line in table if line.replace(LRM, "").split()[0] == "threat")


def test_model_eval_refuses_an_unknown_language_or_set_before_loading_anything(monkeypatch):
    import postguard.nlp.embedder as embedder

    monkeypatch.setattr(embedder, "configured_embedder", lambda: pytest.fail("loaded the model"))
    refused = runner.invoke(app, ["model", "eval", "--lang", "fr"])
    assert refused.exit_code == 2 and "--lang 'fr': use one of en, pl, no, sv, he, nl" in refused.output
    assert runner.invoke(app, ["model", "eval", "--sets", "test"]).exit_code == 2


@pytest.mark.parametrize("lang,said,not_said", [
    ("en", ["embedding 144 distinct texts (cached on disk after the first run)…", "abuse: 48 rows; chose C=",
            "; leave-one-source-out macro-F1: C=", "heads written to "], []),
    ("pl", ["obliczanie wektorów dla 144 różnych tekstów", "abuse: wierszy: 48; wybrano C=",
            "; makro-F1 z pominięciem jednego źródła: C=", "głowice zapisano w "],
     ["embedding", " rows", "chose", "heads written"]),
    ("he", ["מחשב וקטורים עבור 144 טקסטים שונים", "abuse: 48 שורות; נבחרו C=", "; מאקרו-F1 בהשמטת מקור אחד בכל פעם: C=",
            "ראשי הסיווג נכתבו אל "], ["embedding", " rows", "chose", "heads written"]),
])
def test_model_train_says_its_progress_and_what_it_chose_in_the_language_asked_for(tmp_path, monkeypatch, lang, said,
                                                                                    not_said):
    import postguard.nlp.train as training

    real = training.train
    monkeypatch.setattr(training, "train", lambda seed, extra, out, log: real(
        seed=seed, out=out, log=log, examples=_examples(), embedder=HashEmbedder()))
    result = runner.invoke(app, ["model", "train", "--out", str(tmp_path), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert all(text in result.output for text in said), result.output
    assert not [text for text in not_said if text in result.output]
    assert (tmp_path / "abuse.npz").is_file()


def test_model_train_refuses_an_unknown_language_before_training(tmp_path, monkeypatch):
    import postguard.nlp.train as training

    monkeypatch.setattr(training, "train", lambda **_: pytest.fail("trained"))
    refused = runner.invoke(app, ["model", "train", "--out", str(tmp_path), "--lang", "de"])
    assert refused.exit_code == 2 and "--lang 'de': use one of en, pl, no, sv, he, nl" in refused.output
