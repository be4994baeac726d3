"""An isolated home per test (shared with the conformance tests), no real network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance._isolation import Home
from integration._servers import Server, start_moto


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    """A fresh home whose environment is active for the whole test."""
    h = Home(tmp_path)
    with h.active_under_pytest():
        yield h


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """moto on a free loopback port, shared by the credential tests of a run."""
    server = start_moto(tmp_path_factory.mktemp("moto"))
    yield server
    server.stop()
