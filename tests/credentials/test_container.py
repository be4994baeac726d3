"""Container credentials (spec 2.13, edge cases 50-53), against botocore, on the emulator.

Both libraries' pauses between attempts are set to zero (botocore's class attribute
``ContainerMetadataFetcher.SLEEP_TIME``, strato's ``container.SLEEP_SECONDS``) and their
timeouts to one second (botocore's is two), so faults cost little; the request log
proves the count and order of attempts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from unittest import mock

import boto3
import botocore.utils
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato
from conformance._isolation import Home
from emulators.container import ContainerEmulator, container_document
from emulators.faults import Fault
from strato.credentials import container, providers
from strato.exceptions import (
    CredentialRetrievalError,
    InvalidContainerConfigError,
    MalformedCredentialsError,
)

from ._local_diff import Outcome, agree, both, observe

_TIMEOUT = 1.0
Seen = list[tuple[str, str, str | None, str | None]]


@pytest.fixture
def endpoint(home: Home) -> Iterator[ContainerEmulator]:
    server = ContainerEmulator()
    server.start()
    fetcher = botocore.utils.ContainerMetadataFetcher
    with (
        mock.patch.object(fetcher, "SLEEP_TIME", 0),
        mock.patch.object(fetcher, "TIMEOUT_SECONDS", _TIMEOUT),
        mock.patch.object(container, "SLEEP_SECONDS", 0),
        mock.patch.object(container, "TIMEOUT_SECONDS", _TIMEOUT),
    ):
        os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server.full_uri
        yield server
    server.stop()


def _seen(server: ContainerEmulator) -> Seen:
    return [
        (r.method, r.path, r.header("accept"), r.header("authorization")) for r in server.requests
    ]


def _both_with_requests(
    server: ContainerEmulator, faults: Sequence[Fault] = ()
) -> tuple[Outcome, Seen, Outcome, Seen]:
    """botocore's outcome and requests, then strato's, with the same fault script."""
    server.reset()
    server.script("get", faults)
    ref = observe(boto3.Session)
    ref_seen = _seen(server)
    server.reset()
    server.script("get", faults)
    ours = observe(strato.Session)
    return ref, ref_seen, ours, _seen(server)


def test_full_uri_gives_refreshable_credentials(endpoint: ContainerEmulator) -> None:
    ref, ref_seen, ours, seen = _both_with_requests(endpoint)
    assert agree(ref, ours) is None and ref_seen == seen
    assert ours.frozen == ("ASIACONTAINER", "container-secret", "container-session-token", None)
    assert seen == [("GET", endpoint.path, "application/json", None)]
    creds = strato.Session().get_credentials()
    assert creds is not None and creds.method == "container-role"
    assert creds.source == f"container endpoint {endpoint.full_uri}"


def test_account_id_is_read(endpoint: ContainerEmulator) -> None:
    endpoint.document = container_document(account_id="123456789012")
    ref, _, ours, _ = _both_with_requests(endpoint)
    assert agree(ref, ours) is None and ours.frozen is not None
    assert ours.frozen[3] == "123456789012"


def test_relative_uri_is_joined_to_the_ecs_host(endpoint: ContainerEmulator) -> None:
    """The ECS host is swapped for the emulator's in both libraries; the relative URI,
    query included, is appended as given, and wins over the full URI."""
    endpoint.path = "/v2/credentials/abc?x=1"
    os.environ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = endpoint.path
    os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://example.com/never"
    address = f"127.0.0.1:{endpoint.port}"
    with (
        mock.patch.object(botocore.utils.ContainerMetadataFetcher, "IP_ADDRESS", address),
        mock.patch.object(container, "ECS_HOST", address),
    ):
        ref, ref_seen, ours, seen = _both_with_requests(endpoint)
    assert agree(ref, ours) is None and ours.kind == "credentials"
    assert ref_seen == seen == [("GET", "/v2/credentials/abc?x=1", "application/json", None)]


def test_authorization_token_from_env(endpoint: ContainerEmulator) -> None:
    endpoint.authorization = "Basic env-token"
    os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "Basic env-token"
    ref, ref_seen, ours, seen = _both_with_requests(endpoint)
    assert agree(ref, ours) is None and ours.kind == "credentials"
    assert ref_seen == seen == [("GET", endpoint.path, "application/json", "Basic env-token")]


@pytest.mark.parametrize(("given", "status"), [(None, 401), ("wrong", 403)])
def test_authorization_refused(endpoint: ContainerEmulator, given: str | None, status: int) -> None:
    endpoint.authorization = "right"
    if given is not None:
        os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = given
    ref, ref_seen, ours, seen = _both_with_requests(endpoint)
    assert agree(ref, ours) is None
    assert f"Received non 200 response {status} from container metadata" in (ours.message or "")
    assert len(seen) == 3 and ref_seen == seen


def test_token_file_is_read_again_on_every_fetch(
    endpoint: ContainerEmulator, tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("first")
    os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = str(token_file)
    endpoint.document = container_document(expires_in=timedelta(minutes=5))
    creds = strato.Session().get_credentials()
    token_file.write_text("second")
    creds.get_frozen_credentials()  # inside the mandatory window: fetched again
    assert [r.header("authorization") for r in endpoint.requests] == ["first", "second"]


def test_usable_as_a_plain_function_of_plan_and_context(endpoint: ContainerEmulator) -> None:
    """What the assume-role provider calls for ``credential_source = EcsContainer``."""
    session = strato.Session()
    found = providers.provider("container-role")(
        session.credential_plan(), session._credential_context()
    )
    assert found is not None and found.access_key == "ASIACONTAINER"


# --- spec edge cases 50-53 -------------------------------------------------------------


def test_edge_50_token_file_ending_in_a_newline(
    endpoint: ContainerEmulator, tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("FILETOKEN\n")
    os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = str(token_file)
    ref, ref_seen, ours, seen = _both_with_requests(endpoint)
    assert (ref.name, ref.message) == ("ValueError", "Auth token value is not a legal header value")
    assert agree(ref, ours, text=ref.message) is None
    assert ref_seen == seen == []
    with pytest.raises(InvalidContainerConfigError) as err:
        strato.Session().get_credentials()
    assert isinstance(err.value, ValueError)


def test_edge_51_host_not_allowed(home: Home) -> None:
    os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://example.com/creds"
    ref, ours = both()
    assert ref.name == "ValueError"
    assert ref.message == (
        "Unsupported host 'example.com'.  Can only retrieve metadata from a loopback address "
        "or one of these hosts: 169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost"
    )
    assert agree(ref, ours, text=ref.message) is None
    assert ours.name == "InvalidContainerConfigError"


def test_edge_52_three_gets_then_botocores_error(endpoint: ContainerEmulator) -> None:
    failures = [Fault(status=500, body=b"oops")] * 3
    ref, ref_seen, ours, seen = _both_with_requests(endpoint, failures)
    assert agree(ref, ours) is None
    assert ours.message == (
        "Error when retrieving credentials from container-role: Error retrieving metadata: "
        "Received non 200 response 500 from container metadata: oops"
    )
    assert ref_seen == seen and len(seen) == 3


def test_edge_52_pauses_after_every_failed_attempt(endpoint: ContainerEmulator) -> None:
    events: list[str] = []
    endpoint.script("get", [Fault(status=500)] * 3)
    real = container._get_once

    def attempt(url: str, headers: dict[str, str]) -> object:
        events.append("GET")
        return real(url, headers)

    with (
        mock.patch.object(container, "_pause", lambda: events.append("pause")),
        mock.patch.object(container, "_get_once", attempt),
        pytest.raises(CredentialRetrievalError),
    ):
        strato.Session().get_credentials()
    assert events == ["GET", "pause"] * 3


def test_edge_53_token_file_wins_over_token_env(
    endpoint: ContainerEmulator, tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("from-file")
    os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = str(token_file)
    os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "from-env"
    ref, ref_seen, ours, seen = _both_with_requests(endpoint)
    assert agree(ref, ours) is None
    assert ref_seen == seen == [("GET", endpoint.path, "application/json", "from-file")]


# --- faults ---------------------------------------------------------------------------


def test_recovers_after_two_failures(endpoint: ContainerEmulator) -> None:
    faults = [Fault(status=503), Fault(drop=True)]
    ref, ref_seen, ours, seen = _both_with_requests(endpoint, faults)
    assert agree(ref, ours) is None and ours.kind == "credentials"
    assert ref_seen == seen and len(seen) == 3


def test_slow_endpoint_times_out_with_botocores_text(endpoint: ContainerEmulator) -> None:
    faults = [Fault(delay=_TIMEOUT + 0.5)] * 3
    ref, ref_seen, ours, seen = _both_with_requests(endpoint, faults)
    assert agree(ref, ours) is None
    assert "Read timeout on endpoint URL" in (ours.message or "")
    assert len(seen) == len(ref_seen) == 3
    assert ours.seconds < 3 * (_TIMEOUT + 0.5) + 10  # a hang guard


def test_unreachable_endpoint(home: Home) -> None:
    server = ContainerEmulator()
    server.start()
    uri = server.full_uri
    server.stop()  # nothing listens there now
    os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = uri
    with (
        mock.patch.object(botocore.utils.ContainerMetadataFetcher, "SLEEP_TIME", 0),
        mock.patch.object(container, "SLEEP_SECONDS", 0),
    ):
        ref, ours = both()
    assert agree(ref, ours) is None
    assert f'Could not connect to the endpoint URL: "{uri}"' in (ours.message or "")


def test_missing_field_is_a_typed_error(endpoint: ContainerEmulator) -> None:
    del endpoint.document["Token"]
    ref, _, ours, _ = _both_with_requests(endpoint)
    assert (ref.name, ref.message) == ("KeyError", "'Token'")
    assert agree(ref, ours, text="without Token") is None
    with pytest.raises(MalformedCredentialsError):
        strato.Session().get_credentials()


def test_body_that_is_not_utf8_is_not_retried(endpoint: ContainerEmulator) -> None:
    ref, ref_seen, ours, seen = _both_with_requests(endpoint, [Fault(body=b"\xff\xfe")])
    assert ref.name == "UnicodeDecodeError"
    assert agree(ref, ours, text="can't decode byte 0xff") is None
    assert len(seen) == len(ref_seen) == 1


def test_expired_credentials_two_gets_then_still_expired(endpoint: ContainerEmulator) -> None:
    """Spec 13: the first read refreshes once more, then botocore's RuntimeError."""
    endpoint.document = container_document(expires_in=timedelta(hours=-1))
    ref, ref_seen, ours, seen = _both_with_requests(endpoint)
    assert ref.name == "RuntimeError" and ours.name == "ExpiredCredentialsError"
    assert ours.message == ref.message
    assert len(seen) == len(ref_seen) == 2


# --- differential over generated fault scripts -------------------------------------------

_FAULTS = st.sampled_from(
    [
        Fault(),
        Fault(status=500, body=b"internal"),
        Fault(status=404),
        Fault(status=200, body=b"not json"),
        Fault(status=200, body=b"[1, 2]"),
        Fault(status=200, body=b'{"AccessKeyId": "A"}'),
        Fault(drop=True),
        Fault(delay=_TIMEOUT + 0.3),
    ]
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    faults=st.lists(_FAULTS, max_size=3),
    account=st.sampled_from([None, "111122223333"]),
    required=st.sampled_from([None, "tok"]),
    sent=st.sampled_from([None, "tok", "other"]),
)
def test_differential_fault_scripts(
    endpoint: ContainerEmulator,
    faults: list[Fault],
    account: str | None,
    required: str | None,
    sent: str | None,
) -> None:
    endpoint.document = container_document(account_id=account)
    endpoint.authorization = required
    os.environ.pop("AWS_CONTAINER_AUTHORIZATION_TOKEN", None)
    if sent is not None:
        os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = sent
    ref, ref_seen, ours, seen = _both_with_requests(endpoint, faults)
    problem = agree(ref, ours)
    assert problem is None, problem
    assert ref_seen == seen
    slow = sum(1 for f in faults if f.delay)
    assert ours.seconds < slow * (_TIMEOUT + 0.3) + 10  # a hang guard


def test_emulator_paths_and_methods(endpoint: ContainerEmulator) -> None:
    import http.client

    def status(method: str, path: str) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", endpoint.port, timeout=5)
        try:
            conn.request(method, path)
            return conn.getresponse().status
        finally:
            conn.close()

    assert status("GET", "/elsewhere") == 404
    assert status("POST", endpoint.path) == 405
    assert status("GET", endpoint.path) == 200
