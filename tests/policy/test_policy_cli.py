"""`postguard policy validate|render|diff`: exit codes and what a person sees."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from postguard.cli import app
from postguard.policy.diff import policy_changes, policy_diff
from postguard.policy.loader import bundled_text, load_policy_text

DEMO = Path(__file__).parents[2] / "src" / "postguard" / "policy" / "data" / "demo.yaml"


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_validate_accepts_the_demo():
    result = run("policy", "validate", str(DEMO))
    assert result.exit_code == 0
    assert result.output.strip() == f"{DEMO}: ok (Nordlys Energi social media policy, revision 2026.11)"


def test_validate_rejects_with_every_problem_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEMO.read_text(encoding="utf-8").replace("model: open", "model: loose")
                   .replace("final_responsibility: communications", "final_responsibility: marketing"),
                   encoding="utf-8")
    result = run("policy", "validate", str(bad))
    assert result.exit_code == 2
    source = bad.read_text(encoding="utf-8").splitlines()
    model_line = source.index("  model: loose") + 1
    final_line = source.index("final_responsibility: marketing") + 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith(f"{bad}:{model_line}:10: speakers.model: 'loose' is not a supported value")
    assert lines[1].startswith(f"{bad}:{final_line}:23: final_responsibility: 'marketing' is not a key of responsibilities")
    assert lines[-1] == "2 problems; the policy was not loaded"


def test_validate_reports_warnings_and_strict_fails_on_them(tmp_path):
    partial = tmp_path / "partial.yaml"
    text = DEMO.read_text(encoding="utf-8")
    partial.write_text(text.replace("    nl: 'Ik werk bij Nordlys Energi. #medewerker'\n", ""), encoding="utf-8")
    relaxed = run("policy", "validate", str(partial))
    assert relaxed.exit_code == 0
    assert "advocacy.disclosure: no text in nl (languages.supported lists it)" in relaxed.output
    assert "(warning)" in relaxed.output
    assert run("policy", "validate", "--strict", str(partial)).exit_code == 2


def test_validate_of_missing_or_binary_file_exits_2(tmp_path):
    missing = run("policy", "validate", str(tmp_path / "none.yaml"))
    assert missing.exit_code == 2 and "no such policy file" in missing.output
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\x01\x02")
    result = run("policy", "validate", str(binary))
    assert result.exit_code == 2 and "b.yaml:1:1: a binary file (NUL byte), not YAML text" in result.output


@pytest.mark.parametrize("language", ["pl", "he"])
def test_render_writes_the_handbook(tmp_path, language):
    target = tmp_path / f"handbook.{language}.html"
    result = run("policy", "render", str(DEMO), "--lang", language, "--format", "html", "--output", str(target))
    assert result.exit_code == 0
    html = target.read_text(encoding="utf-8")
    assert f'lang="{language}"' in html and ("Kto odpowiada" in html or "מי אחראי" in html)


def test_render_defaults_to_the_demo_as_markdown_on_stdout():
    result = run("policy", "render", "--lang", "sv")
    assert result.exit_code == 0 and result.output.startswith("# Nordlys Energi: handbok för sociala medier")


@pytest.mark.parametrize("args,message", [
    (["--lang", "de"], "no handbook in 'de'"),
    (["--format", "pdf"], "no format 'pdf'"),
])
def test_render_usage_errors_exit_2(args, message):
    result = run("policy", "render", str(DEMO), *args)
    assert result.exit_code == 2 and message in result.output


def test_diff_lists_changed_paths_and_exits_1(tmp_path):
    new = tmp_path / "new.yaml"
    new.write_text(DEMO.read_text(encoding="utf-8").replace("max_hashtags: 5", "max_hashtags: 3")
                   .replace('revision: "2026.11"', 'revision: "2026.12"'), encoding="utf-8")
    result = run("policy", "diff", str(DEMO), str(new))
    assert result.exit_code == 1
    assert result.output.splitlines() == ["~ policy.revision", "~ limits.max_hashtags"]
    assert run("policy", "diff", str(DEMO), str(DEMO)).exit_code == 0


def test_policy_diff_matches_guidelines_by_id():
    old = load_policy_text(bundled_text("templates", "open.yaml"))
    text = bundled_text("templates", "open.yaml")
    added = text.replace("guidelines:\n", "guidelines:\n  - id: new-one\n    dont: {en: a}\n    do: {en: b}\n", 1)
    new = load_policy_text(added.replace("      en: Use one or two hashtags and one link.",
                                         "      en: Use at most two hashtags."))
    assert policy_diff(old, new) == ["guidelines.no-spam.do.en", "guidelines.new-one"]
    assert [c.kind for c in policy_changes(old, new)] == ["changed", "added"]
    assert policy_diff(new, old) == ["guidelines.new-one", "guidelines.no-spam.do.en"]


def test_schema_describes_every_section(tmp_path):
    import json

    target = tmp_path / "policy.schema.json"
    assert run("policy", "schema", "--output", str(target)).exit_code == 0
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert schema["title"] == "postguard policy, schema version 1"
    assert {"policy", "organisation", "speakers", "guidelines", "sensitive", "situations"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
