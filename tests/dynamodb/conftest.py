"""An isolated home for each module: nothing from the real machine reaches either library;
and a loopback server per module for the wire comparisons."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance._isolation import Home, module_home  # noqa: F401

from ._scripted import ScriptedServer


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    """Records each request and answers with its script (``{}`` until one is set)."""
    scripted = ScriptedServer()
    yield scripted
    scripted.close()
