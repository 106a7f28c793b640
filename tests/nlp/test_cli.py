"""``postguard classify`` and ``postguard model`` as a user runs them."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from postguard.cli import app

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
