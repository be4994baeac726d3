"""Fixtures: an isolated environment, the canned server, and loggers restored after each test."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from _log_server import CannedServer

_LOGGERS = ("", "strato", "boto3", "botocore")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No real ~/.aws, no IMDS; the loggers' levels and handlers as they were, afterwards."""
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    saved = [(logging.getLogger(n), logging.getLogger(n).level) for n in _LOGGERS]
    handlers = [(logger, list(logger.handlers)) for logger, _ in saved]
    yield
    for logger, level in saved:
        logger.setLevel(level)
    for logger, kept in handlers:
        logger.handlers[:] = kept


@pytest.fixture(scope="module")
def server() -> Iterator[CannedServer]:
    canned = CannedServer()
    yield canned
    canned.close()


@pytest.fixture(autouse=True)
def _fresh_answers(server: CannedServer) -> None:
    server.answers.clear()
