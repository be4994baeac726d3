"""Cross-SDK conformance suites for the container, instance-metadata and process providers.

- ``smithy-rs-aws-config/ecs-tests.json``: which URL the container provider asks.
- ``smithy-rs-aws-config/imds-config/imds-endpoint-tests.json``: where the IMDS token PUT goes.
- ``aws-sdk-go-v1-credential-fixtures/processcreds``: ``credential_process`` outputs and
  profiles (their ``cat ./testdata/...`` commands pointed at the fixture directory).

No request leaves the process: both libraries' senders are replaced by a recorder that
refuses the connection. Each case runs botocore too; where botocore resolves a case
differently from the suite, the test asserts botocore's result (listed below).
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import boto3
import botocore.exceptions
import botocore.httpsession
import botocore.utils
import pytest

import strato
from conformance._isolation import Home
from conformance._paths import CONFORMANCE
from strato.credentials import container
from strato.exceptions import EndpointConnectionError

from ._local_diff import Outcome, agree, observe

SMITHY = CONFORMANCE / "smithy-rs-aws-config"
PROCESS = CONFORMANCE / "aws-sdk-go-v1-credential-fixtures" / "processcreds"
ECS_CASES = json.loads((SMITHY / "ecs-tests.json").read_text())["tests"]
IMDS_CASES = json.loads((SMITHY / "imds-config" / "imds-endpoint-tests.json").read_text())["tests"]

#: Cases botocore resolves differently from the suite; the tests assert botocore's result.
BOTOCORE_DIFFERS = {
    "ecs: all fields unset provider is not enabled": (
        "botocore's container provider passes quietly (no credentials, no error) when "
        "neither URI is set; the chain goes on"
    ),
    "imds: explicit endpoint override": (
        "an endpoint given to the provider's builder; botocore has no such input, so the "
        "profile's IPv6 mode decides"
    ),
    "imds: explicit mode override": (
        "a mode given to the provider's builder; botocore has no such input, so the "
        "profile's IPv4 mode decides"
    ),
    "process: shconfig.ini not_alone": (
        "in the config file, botocore's chain runs custom-process before config-file, so "
        "the process's keys win over the profile's static keys"
    ),
}


class _Recorder:
    """Both libraries' HTTP senders, recording URLs and refusing every connection."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def botocore(self, request: Any) -> Any:  # a bound method: no URLLib3Session self
        self.urls.append(request.url)
        raise botocore.exceptions.EndpointConnectionError(endpoint_url=request.url)

    def strato(self, method: str, url: str, headers: object, timeout: float) -> Any:
        self.urls.append(url)
        raise EndpointConnectionError(endpoint_url=url)

    def run(self, make: Any) -> tuple[Outcome, list[str]]:
        self.urls = []
        patches = (
            mock.patch.object(botocore.httpsession.URLLib3Session, "send", self.botocore),
            mock.patch("strato.credentials._metadata_http.send", self.strato),
            mock.patch.object(botocore.utils.ContainerMetadataFetcher, "SLEEP_TIME", 0),
            mock.patch.object(container, "SLEEP_SECONDS", 0),
        )
        with patches[0], patches[1], patches[2], patches[3]:
            return observe(make), list(self.urls)


@pytest.fixture
def recorder(home: Home) -> Iterator[_Recorder]:
    yield _Recorder()


def _both(recorder: _Recorder) -> tuple[Outcome, list[str], Outcome, list[str]]:
    ref, ref_urls = recorder.run(boto3.Session)
    ours, urls = recorder.run(strato.Session)
    return ref, ref_urls, ours, urls


# --- ecs-tests.json --------------------------------------------------------------------


@pytest.mark.parametrize("case", ECS_CASES, ids=[c["docs"] for c in ECS_CASES])
def test_ecs_suite(recorder: _Recorder, case: dict[str, Any]) -> None:
    os.environ.update(case["env"])
    ref, ref_urls, ours, urls = _both(recorder)
    assert agree(ref, ours) is None
    assert ref_urls == urls
    expected = case["result"]
    if f"ecs: {case['docs']}" in BOTOCORE_DIFFERS:
        assert ref.kind == ours.kind == "none" and urls == []
    elif "Ok" in expected:
        assert urls == [expected["Ok"]] * 3  # three attempts, each refused
    else:
        assert ours.kind == "strato" and urls == []


# --- imds-endpoint-tests.json ------------------------------------------------------------


@pytest.mark.parametrize("case", IMDS_CASES, ids=[c["docs"] for c in IMDS_CASES])
def test_imds_endpoint_suite(
    recorder: _Recorder, home: Home, tmp_path: Path, case: dict[str, Any]
) -> None:
    del os.environ["AWS_EC2_METADATA_DISABLED"]
    for name, text in case["fs"].items():
        (tmp_path / name).write_text(text)
    os.environ.update(
        {k: str(tmp_path / v) if k == "AWS_CONFIG_FILE" else v for k, v in case["env"].items()}
    )
    ref, ref_urls, ours, urls = _both(recorder)
    assert agree(ref, ours) is None
    assert ref_urls == urls
    expected = case["result"]
    if f"imds: {case['docs']}" in BOTOCORE_DIFFERS:
        assert urls and urls[0] != expected["Ok"]
    elif "Ok" in expected:
        assert urls[0] == expected["Ok"]
        assert ours.kind == "none"  # refused: no token, then the v1 GET, then nothing
    else:
        assert ref.kind == "botocore" and ours.name == ref.name
        assert ours.name in ("InvalidIMDSEndpointModeError", "InvalidIMDSEndpointError")
        assert urls == []


# --- processcreds ------------------------------------------------------------------------


def _cat(name: str) -> str:
    return f"cat {shlex.quote(str(PROCESS / name))}"


def _profiles(ini: str) -> str:
    return (PROCESS / ini).read_text().replace("cat ./testdata/", f"cat {PROCESS}/")


_SECRET_KEYS = ("access_key", "secret_key", "token")
_FILES = {
    "static.json": ("accesskey", "secretkey", None, None),
    "nonexpire.json": ("accessKey", "secret", "nonDefaultToken", None),
    "verybad.json": ("veryBadAccessKeyID", "veryBadSecretAccessKey", None, None),
    "longsessiontoken.json": (
        "ASIAXXXXXXXXXXXXXXXX",
        "X" * 40,
        json.loads((PROCESS / "longsessiontoken.json").read_text())["SessionToken"],
        None,
    ),
    "malformed.json": "JSONDecodeError",
    "wrongversion.json": "Unsupported version '2' for credential process provider",
    "missingkey.json": "Missing required key in response: 'SecretAccessKey'",
    "missingsecret.json": "Missing required key in response: 'AccessKeyId'",
    "expired.json": "Credentials were refreshed, but the refreshed credentials are still expired.",
}


@pytest.mark.parametrize("name", sorted(_FILES))
def test_process_outputs(home: Home, name: str) -> None:
    home.write_config(f"[default]\ncredential_process = {_cat(name)}\n")
    ref, ours = observe(boto3.Session), observe(strato.Session)
    assert agree(ref, ours) is None
    expected = _FILES[name]
    if isinstance(expected, tuple):
        assert ours.kind == "credentials" and ours.frozen == expected
    elif expected == "JSONDecodeError":
        assert ref.name == expected and ours.name == "MalformedCredentialsError"
    else:
        assert ours.kind == "strato" and expected in (ours.message or "")


_PROFILE_CASES = [
    ("shconfig.ini", "default", "expired"),
    ("shconfig.ini", "non_expire", ("accessKey", "secret", "nonDefaultToken", None)),
    ("shconfig.ini", "not_alone", ("veryBadAccessKeyID", "veryBadSecretAccessKey", None, None)),
    ("shcred.ini", "default", "expired"),
    ("shcred.ini", "non_expire", ("accessKey", "secret", "nonDefaultToken", None)),
    ("shcred.ini", "not_alone", ("notFromCredProcAccess", "notFromCredProcSecret", None, None)),
]


@pytest.mark.parametrize(("ini", "profile", "expected"), _PROFILE_CASES)
def test_process_profiles(home: Home, ini: str, profile: str, expected: object) -> None:
    if ini == "shconfig.ini":
        home.write_config(_profiles(ini))
    else:
        home.write_credentials(_profiles(ini))
    os.environ["AWS_PROFILE"] = profile
    ref, ours = observe(boto3.Session), observe(strato.Session)
    assert agree(ref, ours) is None
    if expected == "expired":  # refreshable; the first read finds it still expired
        assert ref.name == "RuntimeError" and ours.name == "ExpiredCredentialsError"
    else:
        assert ours.frozen == expected
    if f"process: {ini} {profile}" in BOTOCORE_DIFFERS:
        assert ours.frozen != ("notFromCredProcAccess", "notFromCredProcSecret", None, None)
