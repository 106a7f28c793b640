"""A version-0 policy is upgraded on load, and `policy upgrade` writes it back with its comments."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from postguard.cli import app
from postguard.errors import PolicyError
from postguard.policy.loader import check_policy, load_policy, load_policy_text
from postguard.policy.schema import SCHEMA_VERSION

VERSION0 = Path(__file__).parent / "data" / "version0.yaml"


def test_version0_loads_as_the_current_schema():
    checked = check_policy(VERSION0)
    policy = checked.policy
    assert policy.version == SCHEMA_VERSION
    assert policy.organisation.name == "Fjordline Energi"
    assert policy.speakers.model == "strict"
    assert policy.guidelines[0].do == {"en": "Send the customer to the support page"}
    assert [t.name for t in policy.sensitive.confidential_projects] == ["Project Falcon"]
    assert policy.sensitive.unreleased_products[0].embargo_until.isoformat() == "2027-03-01T00:00:00+01:00"
    assert [t.name for t in policy.sensitive.internal_tools] == ["CaseDesk"]
    assert policy.situations["complaint"].response == {"en": "We are sorry, {customer_name}."}
    assert [c.path for c in checked.changes] == [
        "organisation", "speakers.model", "guidelines[0].do", "sensitive.confidential_projects",
        "sensitive.unreleased_products", "sensitive.internal_tools",
        "sensitive.unreleased_products[0].embargo_until", "situations.complaint.response", "version",
    ]


def test_errors_in_an_upgraded_file_point_at_the_original_lines():
    text = VERSION0.read_text(encoding="utf-8").replace("      launch: 2027-03-01", "      launch: soon")
    with pytest.raises(PolicyError) as caught:
        load_policy_text(text, "v0.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "v0.yaml:23:15: sensitive.unreleased_products[0].embargo_until: 'soon' is not a date; "
        "write it as 2027-03-01 or 2027-03-01T09:00:00+01:00"
    ]


def test_old_and_new_key_together_is_a_conflict():
    text = VERSION0.read_text(encoding="utf-8").replace("speakers:\n", "organisation: {name: X}\nspeakers:\n")
    with pytest.raises(PolicyError, match="v0.yaml:8:1: company: both 'company' \\(version 0\\) and 'organisation'"):
        load_policy_text(text, "v0.yaml")


def test_policy_upgrade_writes_the_current_version_and_keeps_comments(tmp_path):
    target = tmp_path / "policy.yaml"
    target.write_text(VERSION0.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(app, ["policy", "upgrade", str(target)])
    assert result.exit_code == 0, result.output
    assert "organisation: renamed from 'company'" in result.output
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# A policy in the shape of schema version 0")
    assert "version: 1\n" in written and "organisation:\n  name: Fjordline Energi   # the company\n" in written
    assert "    do: {en: Send the customer to the support page}\n" in written
    assert load_policy(target).organisation.name == "Fjordline Energi"
    again = CliRunner().invoke(app, ["policy", "upgrade", str(target)])
    assert again.exit_code == 0 and "already at the current schema version 1" in again.output


def test_policy_upgrade_refuses_an_invalid_file(tmp_path):
    target = tmp_path / "policy.yaml"
    original = VERSION0.read_text(encoding="utf-8").replace("model: official_team", "model: everybody")
    target.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(app, ["policy", "upgrade", str(target)])
    assert result.exit_code == 2
    assert f"{target}:13:10: speakers.model: 'everybody' is not a supported value" in result.output
    assert target.read_text(encoding="utf-8") == original
