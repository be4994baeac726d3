"""strato.set_stream_logger against boto3.set_stream_logger: the same logger set-up."""

from __future__ import annotations

import logging
from typing import Any

import boto3
import pytest

import strato


def _setup(name: str) -> tuple[Any, ...]:
    logger = logging.getLogger(name)
    handler = logger.handlers[-1]
    assert isinstance(handler, logging.StreamHandler)
    assert handler.formatter is not None
    return (logger.level, type(handler), handler.level, handler.stream, handler.formatter._fmt)


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"level": logging.INFO},
        {"level": logging.WARNING, "format_string": "%(levelname)s %(message)s"},
        {"format_string": "%(name)s: %(message)s"},
    ],
)
@pytest.mark.parametrize(
    ("theirs", "mine"), [("boto3", "strato"), ("botocore", "botocore"), ("", "")]
)
def test_same_logger_setup(args: dict[str, Any], theirs: str, mine: str) -> None:
    boto3.set_stream_logger(theirs, **args)
    expected = _setup(theirs)
    logging.getLogger(theirs).handlers.pop()
    strato.set_stream_logger(mine, **args)
    # boto3's logger name 'botocore' is strato's 'strato'; '' is the root logger in both.
    assert _setup("strato" if mine == "botocore" else mine) == expected


def test_default_name_is_strato() -> None:
    strato.set_stream_logger()
    assert logging.getLogger("strato").level == logging.DEBUG


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("boto3", "strato"),
        ("botocore", "strato"),
        ("botocore.endpoint", "strato.endpoint"),
        ("boto3.resources", "strato.resources"),
        ("botocore2", "botocore2"),
        ("strato.parsers", "strato.parsers"),
        ("", ""),
        ("urllib3", "urllib3"),
    ],
)
def test_boto_names_are_strato_names(given: str, used: str) -> None:
    logger = logging.getLogger(used)
    strato.set_stream_logger(given, logging.INFO)
    try:
        assert logger.level == logging.INFO
    finally:
        logger.setLevel(logging.NOTSET)
        logger.handlers.pop()
