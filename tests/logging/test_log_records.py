"""A call's DEBUG records, differentially against botocore, and how they reach a handler."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from typing import Any

import boto3
import pytest
from _log_server import CALLER, THROTTLED, CannedServer

import strato

#: botocore's loggers that strato's records live under (the rest: botocore.X -> strato.X).
_NAMES = {
    "botocore.retries.standard": "strato.retries",
    "urllib3.connectionpool": "strato.connectionpool",
}
#: What botocore logs for a call that strato does not (docs/logging.md says why).
_NOT_LOGGED = re.compile(
    r"strato\.hooks |strato\.loaders |strato\.utils |strato\.endpoint Setting |"
    r"strato\.auth (CanonicalRequest|StringToSign|Signature)$|"
    r"strato\.connectionpool Starting new"
)


def _kind(record: logging.LogRecord) -> str:
    """The logger and the message up to its first colon (values left out)."""
    name = _NAMES.get(record.name, record.name.replace("botocore.", "strato.", 1))
    text = record.getMessage().split(":")[0].splitlines()[0]
    return f"{name} {re.sub(r'[0-9.]+ seconds', 'N seconds', text)}"


def _records(
    caplog: pytest.LogCaptureFixture, library: Any, server: CannedServer
) -> list[logging.LogRecord]:
    caplog.clear()
    sts = library.Session().client("sts", region_name="us-east-1", endpoint_url=server.url)
    sts.get_caller_identity()
    server.answers["GetCallerIdentity"] = [THROTTLED, CALLER]
    sts.get_caller_identity()
    return [r for r in caplog.records if r.name.startswith(("strato", "botocore", "urllib3"))]


@pytest.fixture
def env_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDLOGTEST")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "logsecret")


def test_the_same_kinds_of_records_as_botocore(
    caplog: pytest.LogCaptureFixture, server: CannedServer, env_keys: None
) -> None:
    caplog.set_level(logging.DEBUG)
    theirs = _records(caplog, boto3, server)
    mine = _records(caplog, strato, server)
    their_kinds = {_kind(r) for r in theirs} - {
        k for k in map(_kind, theirs) if _NOT_LOGGED.match(k)
    }
    assert {_kind(r) for r in mine} == their_kinds
    # Values without secrets or clocks in them are botocore's, word for word, in order
    # (strato resolves a client's endpoint once per operation, botocore at every call).
    same = re.compile(r"strato\.(parsers|retries|connectionpool|credentials) ")

    def messages(records: list[logging.LogRecord], pattern: re.Pattern[str]) -> list[str]:
        kinds = [(_kind(r), r.getMessage()) for r in records]
        # The jittered delay is random in both.
        return [
            re.sub(r"delay of: [0-9.]+", "delay of: N", m)
            for k, m in kinds
            if pattern.match(k) and not _NOT_LOGGED.match(k)
        ]

    assert messages(mine, same) == messages(theirs, same)
    regions = re.compile(r"strato\.regions ")
    assert set(messages(mine, regions)) == set(messages(theirs, regions))


def test_basic_config_sees_the_records(server: CannedServer, env_keys: None) -> None:
    code = (
        "import logging, strato\n"
        "logging.basicConfig(level=logging.DEBUG, format='%(name)s|%(message)s')\n"
        f"strato.client('sts', region_name='us-east-1', endpoint_url={server.url!r})"
        ".get_caller_identity()\n"
    )
    err = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stderr
    names = {line.split("|")[0] for line in err.splitlines() if "|" in line}
    assert {"strato.credentials", "strato.regions", "strato.endpoint", "strato.auth"} <= names
    assert {"strato.connectionpool", "strato.parsers", "strato.retries"} <= names
    assert "Sending http request: <AWSPreparedRequest stream_output=False, method=POST" in err


def test_stream_logger_writes_to_stderr(
    capsys: pytest.CaptureFixture[str], server: CannedServer, env_keys: None
) -> None:
    strato.set_stream_logger("strato", logging.DEBUG)
    strato.Session().client(
        "sts", region_name="us-east-1", endpoint_url=server.url
    ).get_caller_identity()
    err = capsys.readouterr().err
    assert re.search(r"^\S+ \S+ strato\.parsers \[DEBUG\] Response headers: \{", err, re.M)
    assert re.search(r"^\S+ \S+ strato\.credentials \[INFO\] Found credentials in env", err, re.M)


def test_above_debug_no_call_records(
    capsys: pytest.CaptureFixture[str], server: CannedServer, env_keys: None
) -> None:
    strato.set_stream_logger("strato", logging.INFO)
    strato.Session().client(
        "sts", region_name="us-east-1", endpoint_url=server.url
    ).get_caller_identity()
    assert capsys.readouterr().err.count("\n") == 1  # Found credentials in environment variables.


def test_a_plain_call_never_imports_logging(server: CannedServer, env_keys: None) -> None:
    """Not on success, a retry, an error, nor the credential chain's way there."""
    code = (
        "import sys, strato\n"
        f"sts = strato.client('sts', region_name='us-east-1', endpoint_url={server.url!r})\n"
        "sts.get_caller_identity()\n"
        "try:\n"
        "    sts.get_caller_identity()\n"
        "except strato.exceptions.ClientError:\n"
        "    pass\n"
        "print('logging' in sys.modules)\n"
    )
    server.answers["GetCallerIdentity"] = [CALLER, THROTTLED, THROTTLED, THROTTLED, THROTTLED]
    env = {"AWS_RETRY_MODE": "standard", "AWS_MAX_ATTEMPTS": "2"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    assert out.stdout == "False\n"


def test_presigned_urls_log_the_endpoint_at_every_call(
    caplog: pytest.LogCaptureFixture, env_keys: None
) -> None:
    """strato keeps a presigned URL's endpoint per bucket; botocore logs the rules' input
    and result at every call, and so does strato, kept or not."""
    caplog.set_level(logging.DEBUG)
    found = []
    for library in (boto3, strato):
        s3 = library.Session().client("s3", region_name="eu-central-1")
        caplog.clear()
        for bucket in ("bucket", "bucket", "other", "bucket"):
            s3.generate_presigned_url("get_object", {"Bucket": bucket, "Key": "k"})
        found.append(
            [
                r.getMessage()
                for r in caplog.records
                if r.name in ("botocore.regions", "strato.regions")
            ]
        )
    theirs, mine = found
    # The rules' input differs in order and in parameters the rules never read, and
    # botocore's auth-scheme records are not kept (docs/logging.md): one input and one
    # result per URL, the results botocore's.
    for kind in ("Calling endpoint provider", "Endpoint provider result"):
        assert len([m for m in mine if m.startswith(kind)]) == 4
        assert len([m for m in theirs if m.startswith(kind)]) == 4
    assert [m for m in mine if "result" in m] == [m for m in theirs if "result" in m]
