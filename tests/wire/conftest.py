"""Fixtures: an isolated home per module and one pair of capture servers per process.

Under ``pytest -n 2`` each worker is its own process, so each gets its own servers on
ephemeral ports; nothing is shared between workers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance._isolation import module_home  # noqa: F401 (an autouse fixture)

from .harness import Wire


@pytest.fixture(scope="session")
def wire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wire]:
    """The plain and TLS capture servers, their CA, and cached client pairs."""
    servers = Wire(tmp_path_factory.mktemp("wire"))
    yield servers
    servers.close()
