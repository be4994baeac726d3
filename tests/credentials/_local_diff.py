"""Run botocore and strato on the same setup and reduce what each did to comparable data.

Used by the process, container and instance-metadata tests: an outcome is the
credentials (method, frozen tuple) or the exception (family, class, message); two
outcomes agree when they are equal, or when botocore raised a raw Python exception
and strato a typed :class:`~strato.exceptions.StratoError` carrying botocore's text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import boto3
import botocore.exceptions

import strato
from strato.exceptions import StratoError


@dataclass(frozen=True)
class Outcome:
    """What ``get_credentials()`` and one ``get_frozen_credentials()`` gave."""

    kind: str  # "none", "credentials", or the raising family: "botocore" / "strato" / "raw"
    method: str | None = None
    frozen: tuple[Any, ...] | None = None
    name: str | None = None
    message: str | None = None
    seconds: float = 0.0

    @property
    def raised(self) -> bool:
        return self.kind in ("botocore", "strato", "raw")


def observe(make: Callable[[], Any]) -> Outcome:
    """Resolve credentials with a fresh session from ``make`` and read them once."""
    start = time.monotonic()
    try:
        creds = make().get_credentials()
        if creds is None:
            return Outcome("none", seconds=time.monotonic() - start)
        frozen = tuple(creds.get_frozen_credentials())
        return Outcome("credentials", creds.method, frozen, seconds=time.monotonic() - start)
    except Exception as exc:
        if isinstance(exc, StratoError):
            family = "strato"
        elif isinstance(exc, botocore.exceptions.BotoCoreError):
            family = "botocore"
        else:
            family = "raw"
        return Outcome(
            family, name=type(exc).__name__, message=str(exc), seconds=time.monotonic() - start
        )


def both() -> tuple[Outcome, Outcome]:
    """botocore's outcome, then strato's, under the current environment."""
    return observe(boto3.Session), observe(strato.Session)


def agree(reference: Outcome, ours: Outcome, text: str | None = None) -> str | None:
    """None when strato behaved as botocore, else why not.

    Where botocore let a raw exception escape, strato must raise a StratoError; if
    ``text`` is given, strato's message must contain it (botocore's text, or better).
    """
    if reference.kind == "raw":
        if ours.kind != "strato":
            return f"botocore raised raw {reference.name}; strato gave {ours}"
        if text is not None and text not in (ours.message or ""):
            return f"strato's message lacks {text!r}: {ours.message}"
        return None
    same = (reference.kind, reference.method, reference.frozen, reference.name, reference.message)
    got = (ours.kind, ours.method, ours.frozen, ours.name, ours.message)
    if reference.kind == "botocore" and ours.kind == "strato":
        got = ("botocore", *got[1:])
    return None if same == got else f"botocore: {reference}\nstrato:   {ours}"
