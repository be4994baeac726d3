"""Instance metadata credentials (spec 2.14, edge cases 54-58, spec 13's token timeout),
against botocore, on the IMDS emulator.

Both libraries take ``AWS_EC2_METADATA_SERVICE_ENDPOINT`` pointing at the emulator; the
emulator's log (method, path, TTL header, token header, whether a User-Agent came) is
compared request by request. Tokens are numbered per run, so both runs see the same.
"""

from __future__ import annotations

import logging
import os
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from unittest import mock

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato
from conformance._isolation import Home
from emulators.faults import Fault
from emulators.imds import ImdsEmulator, credentials_document
from strato.credentials import refreshable
from strato.credentials.objects import RefreshableCredentials
from strato.exceptions import MalformedCredentialsError, MetadataRetrievalError

from ._local_diff import Outcome, agree, observe

Seen = list[tuple[str, str, str | None, str | None, bool]]
_TOKEN = "/latest/api/token"
_ROLES = "/latest/meta-data/iam/security-credentials/"


@pytest.fixture
def imds(home: Home) -> Iterator[ImdsEmulator]:
    server = ImdsEmulator()
    server.start()
    del os.environ["AWS_EC2_METADATA_DISABLED"]
    os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = server.url
    yield server
    server.stop()


def _seen(server: ImdsEmulator) -> Seen:
    return [
        (
            r.method,
            r.path,
            r.header("x-aws-ec2-metadata-token-ttl-seconds"),
            r.header("x-aws-ec2-metadata-token"),
            r.header("user-agent") is not None,
        )
        for r in server.requests
    ]


def _both(
    server: ImdsEmulator, faults: dict[str, Sequence[Fault]] | None = None
) -> tuple[Outcome, Seen, Outcome, Seen]:
    """botocore's outcome and requests, then strato's, with the same fault scripts."""
    results: list[object] = []
    for make in (boto3.Session, strato.Session):
        server.reset()
        for step, script in (faults or {}).items():
            server.script(step, script)
        results += [observe(make), _seen(server)]
    ref, ref_seen, ours, seen = results
    assert isinstance(ref, Outcome) and isinstance(ours, Outcome)
    return ref, ref_seen, ours, seen  # type: ignore[return-value]


_V2 = [
    ("PUT", _TOKEN, "21600", None, True),
    ("GET", _ROLES, None, "IMDSTOKEN1==", True),
    ("GET", _ROLES + "strato-instance-role", None, "IMDSTOKEN1==", True),
]
_V1 = [
    ("PUT", _TOKEN, "21600", None, True),
    ("GET", _ROLES, None, None, True),
    ("GET", _ROLES + "strato-instance-role", None, None, True),
]


def test_v2_flow(imds: ImdsEmulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    ref, ref_seen, ours, seen = _both(imds)
    assert agree(ref, ours) is None
    assert ours.frozen == ("ASIAIMDSKEY", "imds-secret", "imds-session-token", None)
    assert ours.method == "iam-role"
    assert ref_seen == seen == _V2
    found = [r for r in caplog.records if r.getMessage().startswith("Found credentials from IAM")]
    assert [(r.name, r.getMessage()) for r in found] == [
        ("botocore.credentials", "Found credentials from IAM Role: strato-instance-role"),
        ("strato.credentials", "Found credentials from IAM Role: strato-instance-role"),
    ]
    creds = strato.Session().get_credentials()
    assert isinstance(creds, RefreshableCredentials)
    assert creds.source == f"instance metadata {imds.url} role strato-instance-role"


def test_v2_required_instance(imds: ImdsEmulator) -> None:
    imds.v2_required = True
    ref, ref_seen, ours, seen = _both(imds)
    assert agree(ref, ours) is None and ours.kind == "credentials"
    assert ref_seen == seen == _V2


def test_disabled_sends_nothing(imds: ImdsEmulator) -> None:
    os.environ["AWS_EC2_METADATA_DISABLED"] = "TRUE"
    ref, ref_seen, ours, seen = _both(imds)
    assert ref.kind == ours.kind == "none" and ref_seen == seen == []


def test_error_document_gives_no_credentials(imds: ImdsEmulator) -> None:
    imds.document = {"Code": "AssumeRoleUnauthorizedAccess", "Message": "denied"}
    ref, ref_seen, ours, seen = _both(imds)
    assert ref.kind == ours.kind == "none" and ref_seen == seen == _V2


def test_refresh_repeats_all_three_requests(imds: ImdsEmulator) -> None:
    """Five minutes before expiry (a clock moved on, in each library's own way) a read
    refreshes with a new token PUT and both GETs."""
    later = datetime.now(UTC) + timedelta(hours=5, minutes=55)
    sequences = []
    for make in (boto3.Session, strato.Session):
        imds.reset()
        creds = make().get_credentials()
        if make is boto3.Session:  # botocore binds its clock into each credentials object
            clock = mock.patch.object(creds, "_time_fetcher", lambda: later)
        else:
            clock = mock.patch.object(refreshable, "_now", lambda: later)
        with clock:
            creds.get_frozen_credentials()
        sequences.append(_seen(imds))
    assert sequences[0] == sequences[1]
    assert [(m, p) for m, p, *_ in sequences[1]] == [(m, p) for m, p, *_ in _V2 * 2]


def test_ipv6_endpoint(home: Home) -> None:
    server = ImdsEmulator(host="::1")
    server.start()
    try:
        del os.environ["AWS_EC2_METADATA_DISABLED"]
        os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = server.url
        assert server.url.startswith("http://[::1]:")
        ref, ref_seen, ours, seen = _both(server)
        assert agree(ref, ours) is None and ours.kind == "credentials"
        assert ref_seen == seen == _V2
    finally:
        server.stop()


def test_ipv6_mode_targets_the_ipv6_address(home: Home) -> None:
    """Without a custom endpoint, IPv6 mode sends the token PUT to [fd00:ec2::254]."""
    del os.environ["AWS_EC2_METADATA_DISABLED"]
    os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"] = "IPv6"
    urls: list[str] = []

    def refuse(method: str, url: str, headers: object, timeout: float) -> object:
        from strato.exceptions import EndpointConnectionError

        urls.append(url)
        raise EndpointConnectionError(endpoint_url=url)

    with mock.patch("strato.credentials._metadata_http.send", refuse):
        assert strato.Session().get_credentials() is None
    assert urls == [
        "http://[fd00:ec2::254]/latest/api/token",
        "http://[fd00:ec2::254]/latest/meta-data/iam/security-credentials/",
    ]


# --- spec edge cases 54-58 and the token timeout ------------------------------------------


def test_edge_54_token_404_falls_back_to_v1(imds: ImdsEmulator) -> None:
    ref, ref_seen, ours, seen = _both(imds, {"token": [Fault(status=404)]})
    assert agree(ref, ours) is None and ours.kind == "credentials"
    assert ref_seen == seen == _V1


def test_edge_55_token_400_stops(imds: ImdsEmulator) -> None:
    ref, ref_seen, ours, seen = _both(imds, {"token": [Fault(status=400)]})
    assert ref.kind == ours.kind == "none"
    assert ref_seen == seen == _V1[:1]


def test_edge_56_token_500_retried_then_v1(imds: ImdsEmulator) -> None:
    os.environ["AWS_METADATA_SERVICE_NUM_ATTEMPTS"] = "2"
    ref, ref_seen, ours, seen = _both(imds, {"token": [Fault(status=500)] * 2})
    assert agree(ref, ours) is None and ours.kind == "credentials"
    assert ref_seen == seen == _V1[:1] * 2 + _V1[1:]


def test_edge_57_v1_disabled_and_unreachable(home: Home) -> None:
    server = ImdsEmulator()
    server.start()
    url = server.url
    server.stop()  # connection refused from now on
    del os.environ["AWS_EC2_METADATA_DISABLED"]
    os.environ.update(AWS_EC2_METADATA_SERVICE_ENDPOINT=url, AWS_EC2_METADATA_V1_DISABLED="true")
    ref, ours = observe(boto3.Session), observe(strato.Session)
    assert agree(ref, ours) is None
    assert (ours.name, ours.message) == (
        "MetadataRetrievalError",
        "Error retrieving metadata: Unable to retrieve token for use in IMDSv2 call and "
        "IMDSv1 has been disabled",
    )
    with pytest.raises(MetadataRetrievalError):
        strato.Session().get_credentials()


def test_edge_58_expiring_credentials_are_extended(
    imds: ImdsEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    imds.document = credentials_document(expires_in=timedelta(minutes=5))
    caplog.set_level(logging.INFO)
    with mock.patch.object(random, "randint", lambda low, high: 300):  # both draw from random
        before = datetime.now(UTC)
        ref, _, ours, _ = _both(imds)
        creds = strato.Session().get_credentials()
    assert agree(ref, ours) is None and ours.kind == "credentials"
    assert isinstance(creds, RefreshableCredentials)
    extended = creds.expiry_time - before
    assert timedelta(minutes=19) <= extended <= timedelta(minutes=21)
    text = (
        "Attempting credential expiration extension due to a credential service availability "
        "issue. A refresh of these credentials will be attempted again within the next 20 "
        "minutes."
    )
    by_logger = {(r.name, r.levelname) for r in caplog.records if r.getMessage() == text}
    assert by_logger == {("botocore.utils", "INFO"), ("strato.credentials", "INFO")}


def test_edge_58_extension_stays_between_17_and_25_minutes(imds: ImdsEmulator) -> None:
    imds.document = credentials_document(expires_in=timedelta(minutes=-30))
    for _ in range(5):
        before = datetime.now(UTC)
        creds = strato.Session().get_credentials()
        assert isinstance(creds, RefreshableCredentials)
        assert timedelta(minutes=16) < creds.expiry_time - before <= timedelta(minutes=25)


def test_token_put_timing_out_falls_back_to_v1_at_once(imds: ImdsEmulator) -> None:
    os.environ["AWS_METADATA_SERVICE_NUM_ATTEMPTS"] = "3"
    ref, ref_seen, ours, seen = _both(imds, {"token": [Fault(delay=1.5)]})
    assert agree(ref, ours) is None and ours.kind == "credentials"
    assert ref_seen == seen == _V1
    assert ours.seconds < 1 + 10  # a hang guard


# --- faults and botocore's raw exceptions --------------------------------------------------


def test_role_listing_retried_per_attempts(imds: ImdsEmulator) -> None:
    os.environ["AWS_METADATA_SERVICE_NUM_ATTEMPTS"] = "3"
    faults = {"role": [Fault(status=500), Fault(body=b""), Fault(drop=True)]}
    ref, ref_seen, ours, seen = _both(imds, faults)
    assert ref.kind == ours.kind == "none"
    assert ref_seen == seen == _V2[:1] + _V2[1:2] * 3


def test_invalid_json_retried_then_accepted(imds: ImdsEmulator) -> None:
    os.environ["AWS_METADATA_SERVICE_NUM_ATTEMPTS"] = "2"
    ref, ref_seen, ours, seen = _both(imds, {"credentials": [Fault(body=b"{not json")]})
    assert agree(ref, ours) is None and ours.kind == "credentials"
    assert ref_seen == seen == _V2 + _V2[2:]


@pytest.mark.parametrize("body", [b"42", b"null", b"true"])
def test_json_that_is_not_an_object(imds: ImdsEmulator, body: bytes) -> None:
    ref, ref_seen, ours, seen = _both(imds, {"credentials": [Fault(body=body)]})
    assert ref.kind == "raw" and ref.name == "TypeError"
    assert agree(ref, ours) is None and ours.name == "MalformedCredentialsError"
    assert ref_seen == seen


def test_json_array_lacking_fields_is_no_credentials(imds: ImdsEmulator) -> None:
    ref, ref_seen, ours, seen = _both(imds, {"credentials": [Fault(body=b"[1]")]})
    assert ref.kind == ours.kind == "none" and ref_seen == seen


def test_expiration_that_is_not_text(imds: ImdsEmulator) -> None:
    imds.document = {**credentials_document(), "Expiration": 1234}
    ref, _, ours, _ = _both(imds)
    assert ref.name == "TypeError" and agree(ref, ours) is None
    with pytest.raises(MalformedCredentialsError):
        strato.Session().get_credentials()


@pytest.mark.parametrize(
    ("body", "path"), [(b"r\xe9le", "r%C3%A9le"), (b"a b%zz", "a%20b%25zz"), (b"q?x=1#f", "q?x=1")]
)
def test_role_name_is_decoded_and_escaped_as_botocore_does(
    imds: ImdsEmulator, body: bytes, path: str
) -> None:
    """IMDS answers ``text/plain``, which botocore decodes as ISO-8859-1; the role name
    then goes into the URL escaped the way urllib3 escapes it."""
    ref, ref_seen, ours, seen = _both(imds, {"role": [Fault(body=body)]})
    assert agree(ref, ours) is None and ref_seen == seen
    assert seen[-1][1] == _ROLES + path


# --- differential over generated fault scripts -------------------------------------------

_FAULT = st.sampled_from(
    [
        Fault(status=500),
        Fault(status=503, body=b"busy"),
        Fault(status=404),
        Fault(status=403),
        Fault(status=405),
        Fault(status=400),
        Fault(status=401),
        Fault(body=b""),
        Fault(body=b"garbage{"),
        Fault(drop=True),
    ]
)
_SLOW = Fault(delay=1.4)
_DOCUMENTS = st.sampled_from(
    [
        credentials_document(),
        credentials_document(expires_in=timedelta(minutes=3)),
        credentials_document(expires_in=timedelta(hours=-2)),
        {"Code": "AssumeRoleUnauthorizedAccess", "Message": "no"},
        {k: v for k, v in credentials_document().items() if k != "Token"},
        {**credentials_document(), "Expiration": "2099-01-01T00:00:00+00:00"},
    ]
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    token=st.lists(_FAULT, max_size=3),
    role=st.lists(_FAULT, max_size=2),
    creds=st.lists(_FAULT, max_size=2),
    slow=st.sampled_from([None, None, None, "token", "role", "credentials"]),
    attempts=st.integers(1, 3),
    v2_required=st.booleans(),
    v1_disabled=st.sampled_from([None, "true", "false"]),
    document=_DOCUMENTS,
)
def test_differential_fault_scripts(
    imds: ImdsEmulator,
    token: list[Fault],
    role: list[Fault],
    creds: list[Fault],
    slow: str | None,
    attempts: int,
    v2_required: bool,
    v1_disabled: str | None,
    document: dict[str, object],
) -> None:
    faults = {"token": list(token), "role": list(role), "credentials": list(creds)}
    if slow is not None:
        faults[slow].insert(0, _SLOW)
    imds.v2_required = v2_required
    imds.document = document
    os.environ["AWS_METADATA_SERVICE_NUM_ATTEMPTS"] = str(attempts)
    os.environ.pop("AWS_EC2_METADATA_V1_DISABLED", None)
    if v1_disabled is not None:
        os.environ["AWS_EC2_METADATA_V1_DISABLED"] = v1_disabled
    with mock.patch.object(random, "randint", lambda low, high: 300):
        ref, ref_seen, ours, seen = _both(imds, faults)
    problem = agree(ref, ours)
    assert problem is None, problem
    assert ref_seen == seen
    # A hang guard: one-second timeout, at most 1 + 3 + 3 requests.
    assert ours.seconds < 7 * 1 + 10


# --- the emulator itself, against AWS's documentation ------------------------------------


def _raw(server: ImdsEmulator, method: str, path: str, headers: dict[str, str]) -> int:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request(method, path, headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


def test_emulator_answers_as_aws_documents(imds: ImdsEmulator) -> None:
    ttl = "x-aws-ec2-metadata-token-ttl-seconds"
    assert _raw(imds, "PUT", _TOKEN, {}) == 400
    assert _raw(imds, "PUT", _TOKEN, {ttl: "0"}) == 400
    assert _raw(imds, "PUT", _TOKEN, {ttl: "21601"}) == 400
    assert _raw(imds, "PUT", _TOKEN, {ttl: "21600", "X-Forwarded-For": "10.0.0.1"}) == 403
    assert _raw(imds, "GET", _TOKEN, {}) == 405
    assert _raw(imds, "PUT", _ROLES, {}) == 405
    assert _raw(imds, "GET", "/latest/meta-data/nothing-here", {}) == 404
    assert _raw(imds, "GET", _ROLES, {"x-aws-ec2-metadata-token": "forged"}) == 401
    assert _raw(imds, "GET", _ROLES, {}) == 200
    imds.v2_required = True
    assert _raw(imds, "GET", _ROLES, {}) == 401
    assert _raw(imds, "PUT", _TOKEN, {ttl: "1"}) == 200
    assert _raw(imds, "GET", _ROLES, {"x-aws-ec2-metadata-token": "IMDSTOKEN1=="}) == 200
