"""Fixtures of the inbox tests: the inbox test policy and a message factory."""
from __future__ import annotations

from pathlib import Path

import pytest

from postguard.inbound.message import InboundMessage
from postguard.policy.loader import load_policy, load_policy_text

HERE = Path(__file__).parent
POLICY_PATH = HERE / "policy.yaml"


@pytest.fixture(scope="session")
def inbox_policy():
    return load_policy(POLICY_PATH)


@pytest.fixture
def policy_data():
    """The test policy as plain data, to vary one thing per test."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(POLICY_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def varied_policy():
    """Build a policy from (changed) plain data."""
    return _policy_from


def _policy_from(data) -> object:
    from io import StringIO

    from ruamel.yaml import YAML

    buffer = StringIO()
    YAML(typ="safe", pure=True).dump(data, buffer)
    return load_policy_text(buffer.getvalue(), "varied-policy.yaml")


@pytest.fixture
def make_message():
    return _message


def _message(text: str, at: str = "2026-11-24T10:00:00+01:00", **fields) -> InboundMessage:
    record = {
        "platform": "facebook", "external_id": fields.pop("external_id", f"fb-{abs(hash(text)) % 10**8}"),
        "author_handle": "kunde", "author_name": "Kari Kunde", "text": text, "received_at": at,
        "arrived_at": "official",
    }
    record.update(fields)
    return InboundMessage.model_validate(record)
