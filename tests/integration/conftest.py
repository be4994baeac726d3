"""Fixtures for the integration tests: real servers on loopback, an isolated environment.

The servers are session-scoped: started on first use, stopped at the end of the run. Each
test gets a fresh ``HOME`` and environment, and name resolution that refuses anything but
loopback, so neither strato nor botocore can reach a real AWS host.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.register_assert_rewrite(f"{__package__}._compare")

from ._servers import Server, start_moto, start_seaweedfs  # noqa: E402

REGION = "us-east-1"
#: moto accepts any key while its signature checks are off.
MOTO_KEYS = {"aws_access_key_id": "AKIDMOTO000000000000", "aws_secret_access_key": "motosecret"}
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@pytest.fixture(scope="session")
def moto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_moto(tmp_path_factory.mktemp("moto"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_seaweedfs(tmp_path_factory.mktemp("seaweedfs"))
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No real ~/.aws, no IMDS, no proxies, and only loopback names resolve."""
    home = tmp_path / "home"
    home.mkdir()
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO")) or name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "credentials"))
    monkeypatch.setenv("BOTO_CONFIG", str(home / "no-boto-config"))
    real_getaddrinfo = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in _LOOPBACK:
            raise socket.gaierror(socket.EAI_NONAME, f"test guard: {name} is not loopback")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)


@pytest.fixture
def strato_client() -> Callable[..., Any]:
    """``strato_client(service, endpoint_url, **kwargs)``: a strato client in REGION."""
    import strato

    def make(service: str, endpoint_url: str, **kwargs: Any) -> Any:
        kwargs.setdefault("region_name", REGION)
        return strato.Session().client(service, endpoint_url=endpoint_url, **kwargs)

    return make


_boto3_sessions: list[Any] = []


@pytest.fixture
def boto3_client() -> Callable[..., Any]:
    """The same as ``strato_client`` with boto3 1.44.8, the reference.

    One boto3 session serves the whole run (its model cache makes later clients cheap); it is
    made inside the first test's isolated environment, and every client gets explicit keys.
    """
    import boto3  # type: ignore[import-untyped]

    if not _boto3_sessions:
        _boto3_sessions.append(boto3.Session())
    session = _boto3_sessions[0]

    def make(service: str, endpoint_url: str, **kwargs: Any) -> Any:
        kwargs.setdefault("region_name", REGION)
        return session.client(service, endpoint_url=endpoint_url, **kwargs)

    return make


def unique_name(prefix: str) -> str:
    """A bucket, table or queue name no other test on the shared moto uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


#: ``create_table`` arguments of the DynamoDB tables the suites make: a text partition
#: key ``pk``, a number sort key ``sk``, on demand.
PK_SK_TABLE: dict[str, Any] = {
    "KeySchema": [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ],
    "AttributeDefinitions": [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "N"},
    ],
    "BillingMode": "PAY_PER_REQUEST",
}


@pytest.fixture
def pair(
    moto: Server, strato_client: Callable[..., Any], boto3_client: Callable[..., Any]
) -> Callable[[str], tuple[Any, Any]]:
    """``pair(service)``: (strato client, boto3 client) for moto, with the same keys."""

    def make(service: str) -> tuple[Any, Any]:
        return (
            strato_client(service, moto.url, **MOTO_KEYS),
            boto3_client(service, moto.url, **MOTO_KEYS),
        )

    return make


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failed test shows the tail of the log of every server it used."""
    report = yield
    if report.failed:
        for value in getattr(item, "funcargs", {}).values():
            if isinstance(value, Server):
                report.sections.append((f"{value.name} log ({value.log_path})", value.log_tail()))
    return report
