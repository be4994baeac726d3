"""Shared fixtures: an isolated home per module, and cached botocore/strato client pairs."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.config
import botocore.session
import pytest

# Before anything imports it: other suites (tests/resources) compare through it too.
pytest.register_assert_rewrite("client._compare")

import strato  # noqa: E402
from conformance._isolation import Home, module_home  # noqa: E402, F401

ClientPair = tuple[Any, Any]


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    """A fresh home of the test's own, active for the whole test."""
    h = Home(tmp_path)
    # The module's environment is already isolated: point it at this home.
    with mock.patch.dict(os.environ, h.env):
        yield h


def make_configs(options: dict[str, Any] | None) -> tuple[Any, Any]:
    """The same options as a botocore ``Config`` and a strato ``Config`` (None if no options)."""
    if options is None:
        return None, None
    boto_options = {k: botocore.UNSIGNED if v is strato.UNSIGNED else v for k, v in options.items()}
    return botocore.config.Config(**boto_options), strato.Config(**options)


def make_pair(service: str, options: dict[str, Any] | None = None, **kwargs: Any) -> ClientPair:
    """A botocore client and a strato client made with the same arguments."""
    boto_config, strato_config = make_configs(options)
    boto = botocore.session.Session().create_client(service, config=boto_config, **kwargs)
    mine = strato.Session().client(service, config=strato_config, **kwargs)
    return boto, mine


@pytest.fixture(scope="module")
def client_pair() -> Callable[..., ClientPair]:
    """``client_pair(key, service, options, **kwargs)``: made once per key per module."""
    cache: dict[Any, ClientPair] = {}

    def get(key: Any, service: str, options: dict[str, Any] | None, **kwargs: Any) -> ClientPair:
        if key not in cache:
            cache[key] = make_pair(service, options, **kwargs)
        return cache[key]

    return get
