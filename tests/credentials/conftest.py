"""An isolated home per test (shared with the conformance tests), no real network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance._isolation import Home


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    """A fresh home whose environment is active for the whole test."""
    h = Home(tmp_path)
    with h.active_under_pytest():
        yield h
