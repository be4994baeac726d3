"""docs/handlers.md lists every handler botocore 1.44.8 and boto3 register, and no other.

botocore's registrations are read from ``botocore.handlers.BUILTIN_HANDLERS``; boto3's by
making a ``boto3.Session`` over a botocore session that records ``register`` calls.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from unittest import mock

import boto3
import botocore.handlers
import botocore.session

TABLE = Path(__file__).resolve().parents[2] / "docs" / "handlers.md"
#: A row's first two cells: `event` | `handler`.
ROW = re.compile(r"^\| `([^`]+)` \| `([^`]+)` \|(.*)\|\s*$")


def handler_name(handler: Any) -> str:
    """A function's name, ``Class.method`` for a bound method, the class for a callable
    object (botocore's ``ClientMethodAlias``), the target of boto3's ``lazy_call``."""
    if hasattr(handler, "__self__") and hasattr(handler, "__func__"):
        return f"{type(handler.__self__).__name__}.{handler.__func__.__name__}"
    closure = getattr(handler, "__closure__", None) or ()
    lazy_targets = [c.cell_contents for c in closure if isinstance(c.cell_contents, str)]
    if lazy_targets:  # boto3.utils.lazy_call("boto3.s3.inject.inject_s3_transfer_methods")
        return str(lazy_targets[0].rsplit(".", 1)[-1])
    name = getattr(handler, "__name__", None)
    return name if isinstance(name, str) else type(handler).__name__


def botocore_registrations() -> set[tuple[str, str]]:
    return {(entry[0], handler_name(entry[1])) for entry in botocore.handlers.BUILTIN_HANDLERS}


def boto3_registrations() -> set[tuple[str, str]]:
    recorded: list[tuple[str, Any]] = []
    session = botocore.session.Session()

    def record(event_name: str, handler: Any, *args: Any, **kwargs: Any) -> None:
        recorded.append((event_name, handler))

    with mock.patch.object(session, "register", record):
        boto3.Session(botocore_session=session)
    return {(event, handler_name(handler)) for event, handler in recorded}


def documented() -> dict[tuple[str, str], str]:
    rows: dict[tuple[str, str], str] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[(match[1], match[2])] = match[3]
    return rows


def test_every_registration_is_documented() -> None:
    registered = botocore_registrations() | boto3_registrations()
    missing = sorted(registered - set(documented()))
    assert not missing, f"add rows to docs/handlers.md for: {missing}"


def test_no_row_names_a_handler_that_is_not_registered() -> None:
    registered = botocore_registrations() | boto3_registrations()
    stale = sorted(set(documented()) - registered)
    assert not stale, f"rows in docs/handlers.md botocore no longer registers: {stale}"


def test_every_row_says_what_strato_does() -> None:
    """Each row has its three other cells filled: what, strato's answer, the test."""
    for key, rest in documented().items():
        cells = [cell.strip() for cell in rest.split(" | ")]
        assert len(cells) == 3 and all(cells), f"incomplete row for {key}"


def test_boto3_registrations_are_found() -> None:
    """The recording session sees boto3's registrations (else the check above is empty)."""
    assert ("creating-client-class.s3", "inject_s3_transfer_methods") in boto3_registrations()
    assert len(botocore_registrations()) > 100
