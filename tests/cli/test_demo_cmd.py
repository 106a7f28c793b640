"""The README's run command: `postguard demo` on the embedded default (without serving)."""
from __future__ import annotations

from typer.testing import CliRunner

from postguard.cli import app
from postguard.demo.company import DEMO_PEOPLE


def test_demo_checks_triages_and_seeds_people_once(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["demo", "--no-serve", "--no-color", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "drafts checked:" in result.output and "Demo inbox, triaged" in result.output
    assert "block" in result.output  # the demo drafts include ones the policy must stop
    assert (tmp_path / "postguard.db").exists()
    assert "demo accounts created: " + ", ".join(u for u, *_ in DEMO_PEOPLE) in result.output
    assert "demo inbox in the service: 18 message(s) stored, 0 already there, 18 triaged" in result.output
    # The address and the logins the README promises; the review queue and dashboard have drafts.
    assert "sign in at http://127.0.0.1:8000/ui/signin" in result.output and "postguard-demo" in result.output
    assert "demo drafts submitted by 'employee'" in result.output
    assert "advocacy programme seeded" in result.output
    again = runner.invoke(app, ["demo", "--no-serve", "--no-color", "--data-dir", str(tmp_path)])
    assert again.exit_code == 0 and "demo accounts created" not in again.output
    assert "demo inbox in the service: 0 message(s) stored, 18 already there, 0 triaged" in again.output
    assert "demo drafts submitted" not in again.output
    assert "advocacy programme seeded" not in again.output
