"""An isolated home without credentials per module, and botocore/strato client pairs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import botocore.session
import pytest

import strato
from conformance._isolation import Home, module_home  # noqa: F401

# _both's assert_same compares for the test modules: its failures keep pytest's diffs.
pytest.register_assert_rewrite(f"{__package__}._both")

REGION = "us-east-1"
ClientPair = tuple[Any, Any]


def make_pair(service: str, **kwargs: Any) -> ClientPair:
    """A botocore client and a strato client made with the same arguments."""
    kwargs.setdefault("region_name", REGION)
    boto = botocore.session.Session().create_client(service, **kwargs)
    return boto, strato.Session().client(service, **kwargs)


@pytest.fixture(scope="module")
def pair() -> Callable[..., ClientPair]:
    """``pair(service, **kwargs)``: one pair per service and arguments for the module."""
    cache: dict[Any, ClientPair] = {}

    def get(service: str, **kwargs: Any) -> ClientPair:
        key = (service, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = make_pair(service, **kwargs)
        return cache[key]

    return get
