"""The campaign tests' fixture: a builder of the synthetic world in ``campaign_world``."""
from __future__ import annotations

import pytest

from campaign_world import StreamBuilder


@pytest.fixture
def builder() -> StreamBuilder:
    return StreamBuilder()
