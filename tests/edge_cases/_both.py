"""Run one scenario through strato and through boto3, and compare what the user sees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3

import strato


def raised(call: Callable[[], object]) -> BaseException:
    """The exception ``call`` raises; failing the test if it returns."""
    try:
        result = call()
    except Exception as exc:
        return exc
    raise AssertionError(f"expected an exception, got {result!r}")


def both_raise(
    name: str, strato_call: Callable[[], object], boto_call: Callable[[], object]
) -> str:
    """Both raise the exception class ``name`` with the same message; returns the message."""
    mine, theirs = raised(strato_call), raised(boto_call)
    assert (type(mine).__name__, type(theirs).__name__) == (name, name)
    assert str(mine) == str(theirs)
    return str(mine)


def credentials(**kwargs: Any) -> tuple[Any, Any]:
    """``get_credentials()`` of a new strato Session and a new boto3 Session."""
    return (
        strato.Session(**kwargs).get_credentials(),
        boto3.Session(**kwargs).get_credentials(),
    )


def same_credentials(**kwargs: Any) -> tuple[str | None, ...]:
    """Both find equal credentials by the same method: ``(*frozen, method)``."""
    mine, theirs = credentials(**kwargs)
    assert mine is not None and theirs is not None
    seen = (*mine.get_frozen_credentials(), mine.method)
    assert seen == (*theirs.get_frozen_credentials(), theirs.method)
    return seen
