"""An isolated home per module: nothing from the real machine reaches either library."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance._isolation import Home


@pytest.fixture(scope="module", autouse=True)
def module_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    home = Home(tmp_path_factory.mktemp("home"))
    with home.active_under_pytest():
        yield home
