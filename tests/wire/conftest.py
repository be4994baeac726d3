"""Fixtures: an isolated home per module and one pair of capture servers per process.

Under ``pytest -n 2`` each worker is its own process, so each gets its own servers on
ephemeral ports; nothing is shared between workers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance._isolation import Home

from .harness import Wire


@pytest.fixture(scope="module", autouse=True)
def module_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    """Nothing from the real machine (files, IMDS, env, proxies) reaches either library."""
    home = Home(tmp_path_factory.mktemp("home"))
    with home.active_under_pytest():
        yield home


@pytest.fixture(scope="session")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wire]:
    """The plain and TLS capture servers, their CA, and cached client pairs."""
    servers = Wire(tmp_path_factory.mktemp("wire"))
    yield servers
    servers.close()
