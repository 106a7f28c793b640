"""Shared fixtures: the demo policy and a check helper."""
from __future__ import annotations

import pytest

from postguard.policy.loader import default_policy


@pytest.fixture(scope="session")
def demo_policy():
    return default_policy()
