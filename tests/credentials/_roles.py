"""Run botocore and strato on the same files and environment against the same STS, and
reduce what each observed to comparable data.

STS (moto) hands out new keys on every call, so issued keys are named by the order the
library received them (``issued#0`` ...): two libraries agree when they send the same
requests, signed by the same (or equally placed) keys, and end with equally placed
credentials.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from unittest import mock

import boto3  # type: ignore[import-untyped]
import pytest

import strato
from conformance._isolation import Home
from differential.outcome import Raised
from emulators.recorder import Answer, Recorder, Request, recording
from integration._servers import Server

_ISSUED = re.compile(
    rb"<AccessKeyId>([^<]*)</AccessKeyId>\s*<SecretAccessKey>([^<]*)</SecretAccessKey>"
    rb"\s*<SessionToken>([^<]*)</SessionToken>"
)
_DEFAULT_NAME = re.compile(r"^botocore-session-\d+$")
REGION = "us-east-1"


@dataclass(frozen=True)
class Observed:
    """What one library did: the credentials (or error) and the STS exchanges."""

    credentials: Any  # dict of method/frozen/account_id, None, or Raised
    requests: list[tuple[Any, ...]]


def _issued(answers: list[Answer]) -> dict[str, str]:
    """Secret values handed out by STS -> their order name."""
    names: dict[str, str] = {}
    for answer in answers:
        for match in _ISSUED.finditer(answer.body):
            n = len(names) // 3
            for value in match.groups():
                names.setdefault(value.decode(), f"issued#{n}")
    return names


def _request(request: Request, names: dict[str, str]) -> tuple[Any, ...]:
    params = tuple(
        (k, "botocore-session-N" if k == "RoleSessionName" and _DEFAULT_NAME.match(v) else v)
        for k, v in request.params
        if k != "Version"
    )
    signer = names.get(request.access_key or "", request.access_key)
    token = names.get(request.token or "", request.token)
    return (request.method, request.path, params, signer, token)


def observe(
    library: str,
    recorder: Recorder,
    env: dict[str, str],
    kwargs: dict[str, Any] | None = None,
    prompter: Callable[[str], str] | None = None,
    reads: int = 1,
) -> Observed:
    """``Session(**kwargs).get_credentials()`` under exactly ``env``, then ``reads``
    reads of the frozen credentials."""
    kwargs = kwargs or {}
    recorder.take()
    creds: Any
    with mock.patch.dict(os.environ, env, clear=True):
        try:
            if library == "botocore":
                session = boto3.Session(**kwargs)
                if prompter is not None:
                    resolver = session._session.get_component("credential_provider")
                    resolver.get_provider("assume-role")._prompter = prompter
            else:
                session = strato.Session(**kwargs, mfa_prompter=prompter)
            found = session.get_credentials()
            if found is None:
                creds = None
            else:
                frozen = None
                for _ in range(reads):
                    frozen = found.get_frozen_credentials()
                creds = {"method": found.method, "frozen": tuple(frozen or ())}
        except Exception as exc:
            creds = Raised.of(exc)
    exchanges = recorder.take()
    names = _issued([answer for _, answer in exchanges])
    if isinstance(creds, dict):
        creds["frozen"] = tuple(
            names.get(v, v) if isinstance(v, str) else v for v in creds["frozen"]
        )
    return Observed(creds, [_request(request, names) for request, _ in exchanges])


def same(reference: Observed, ours: Observed) -> list[str]:
    """How strato's observation differs from botocore's (empty: none)."""
    problems = []
    ref, got = reference.credentials, ours.credentials
    if isinstance(ref, Raised):
        if not isinstance(got, Raised) or got.family != "strato":
            problems.append(f"botocore raised {ref}, strato gave {got}")
        elif ref.family != "raw" and (ref.name, ref.message) != (got.name, got.message):
            # A raw botocore exception may become any typed strato error (house rule).
            problems.append(f"botocore raised {ref}, strato raised {got}")
    elif ref != got:
        problems.append(f"credentials: botocore {ref}, strato {got}")
    if reference.requests != ours.requests:
        problems.append(f"requests:\n  botocore {reference.requests}\n  strato   {ours.requests}")
    return problems


@pytest.fixture
def sts(moto_server: Server, home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """The recording proxy in front of moto; both libraries' STS endpoint."""
    with recording(moto_server.url) as recorder:
        for name, value in (("AWS_ENDPOINT_URL_STS", recorder.url), ("AWS_DEFAULT_REGION", REGION)):
            home.env[name] = value
            monkeypatch.setenv(name, value)
        yield recorder


def both(home: Home, sts: Recorder, **kwargs: Any) -> tuple[Observed, Observed]:
    """botocore's and strato's observations; fails the test if they differ."""
    env = dict(home.env)
    reference = observe("botocore", sts, env, **kwargs)
    ours = observe("strato", sts, env, **kwargs)
    problems = same(reference, ours)
    assert not problems, "\n".join(problems)
    return reference, ours
