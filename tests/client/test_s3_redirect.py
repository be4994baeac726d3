"""Differential: S3's region redirection, against botocore 1.44.8, on a loopback S3.

Bucket ``bkt`` lives in eu-west-1; the clients are made for us-west-2. A server plays S3: a
request that reaches the bucket's region (by host name, or by the credential scope when
the client has an ``endpoint_url``) succeeds, any other gets the scenario's answer (a 301
``PermanentRedirect``, a 400 ``AuthorizationHeaderMalformed``, a bodiless HEAD 400, ...),
and a ``HeadBucket`` outside the region gets S3's 301 with ``x-amz-bucket-region`` unless
the scenario says otherwise. Over TLS every host name resolves to the server, so the
rules' real host names are used. Each scenario runs through a botocore and a strato
client at the frozen clock: a first call, the same call again on the same client (the
per-client bucket cache), and a presigned GET for the bucket. Compared: every request the
server received (method, target, SNI, every header but ``User-Agent``, body), the
outcomes, and the presigned URLs; the request counts are also pinned per scenario.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.config
import botocore.session
import pytest

import strato
from wire.harness import resolving_to
from wire.server import CaptureServer, RawRequest, Reply
from wire.tls import Authority

from ._compare import outcome_view
from ._harness import _FROZEN_EPOCH, FROZEN, frozen

CREDS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
BUCKET = "bkt"
REGION = "eu-west-1"  # where the buckets are
ACCESS_POINT = "arn:aws:s3:us-west-2:123456789012:accesspoint/ap"


def _error(status: int, code: str, *extra: str, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    body = f"<Error><Code>{code}</Code><Message>m</Message>{''.join(extra)}</Error>"
    return status, [("Content-Type", "application/xml"), *headers], body.encode()


BUCKET_REGION = (("x-amz-bucket-region", REGION),)
MOVED = _error(301, "PermanentRedirect", "<Endpoint>bkt.s3.eu-west-1.amazonaws.com</Endpoint>")
MOVED_WITH_HEADER = _error(301, "PermanentRedirect", headers=BUCKET_REGION)
#: What S3 answers a HeadBucket sent to another region than the bucket's.
HEAD_MOVED: Reply = (301, list(BUCKET_REGION), b"")


@dataclass
class Scenario:
    """A call, what S3 answers outside the bucket's region, and the requests expected."""

    method: str
    params: dict[str, Any]
    #: Answers to requests outside the bucket's region (HeadBucket aside), in turn; the
    #: last is repeated.
    wrong: list[Reply]
    #: (first call, same call again): how many requests botocore sends.
    sent: tuple[int, int]
    head: Reply = HEAD_MOVED
    #: Answers in the bucket's region too (a redirect that does not help).
    right: Reply | None = None
    options: dict[str, Any] = field(default_factory=dict)
    endpoint_url: bool = False


SCENARIOS: dict[str, Scenario] = {
    "301-header": Scenario("list_objects_v2", {"Bucket": BUCKET}, [MOVED_WITH_HEADER], (2, 1)),
    "301-error-region": Scenario(
        "list_objects_v2",
        {"Bucket": BUCKET},
        [_error(301, "PermanentRedirect", f"<Region>{REGION}</Region>")],
        (2, 1),
    ),
    # Neither header nor Region: a HeadBucket (itself redirected) finds the region.
    "301-head-bucket": Scenario("list_objects_v2", {"Bucket": BUCKET}, [MOVED], (4, 1)),
    "authorization-header-malformed": Scenario(
        "get_object",
        {"Bucket": BUCKET, "Key": "k"},
        [_error(400, "AuthorizationHeaderMalformed", f"<Region>{REGION}</Region>")],
        (2, 1),
    ),
    "authorization-header-malformed-no-region": Scenario(
        "get_object",
        {"Bucket": BUCKET, "Key": "k"},
        [_error(400, "AuthorizationHeaderMalformed")],
        (1, 1),
    ),
    "head-object-400": Scenario(
        "head_object", {"Bucket": BUCKET, "Key": "k"}, [(400, [], b"")], (4, 1)
    ),
    "head-object-301": Scenario(
        "head_object", {"Bucket": BUCKET, "Key": "k"}, [(301, list(BUCKET_REGION), b"")], (2, 1)
    ),
    "head-bucket-301": Scenario("head_bucket", {"Bucket": BUCKET}, [], (2, 1)),
    "head-bucket-400-no-header": Scenario(
        "head_bucket", {"Bucket": BUCKET}, [], (1, 1), head=(400, [], b"")
    ),
    "opt-in-region": Scenario(
        "put_object",
        {"Bucket": BUCKET, "Key": "k", "Body": b"payload"},
        [_error(400, "IllegalLocationConstraintException")],
        (4, 1),
    ),
    "create-bucket-illegal-location": Scenario(
        "create_bucket",
        {"Bucket": BUCKET, "CreateBucketConfiguration": {"LocationConstraint": "af-south-1"}},
        [_error(400, "IllegalLocationConstraintException")],
        (1, 1),
    ),
    "307-temporary-redirect": Scenario(
        "list_objects_v2",
        {"Bucket": BUCKET},
        [_error(307, "TemporaryRedirect", headers=BUCKET_REGION)],
        (2, 1),
    ),
    "302-without-body": Scenario(
        "get_object", {"Bucket": BUCKET, "Key": "k"}, [(302, list(BUCKET_REGION), b"")], (2, 1)
    ),
    "redirected-once-only": Scenario(
        "list_objects_v2",
        {"Bucket": BUCKET},
        [MOVED_WITH_HEADER],
        # The second call starts in eu-west-1 (cached), is redirected to us-east-2 from there.
        (2, 2),
        right=_error(301, "PermanentRedirect", headers=(("x-amz-bucket-region", "us-east-2"),)),
    ),
    "access-point-arn": Scenario(
        "get_object", {"Bucket": ACCESS_POINT, "Key": "k"}, [MOVED_WITH_HEADER], (1, 1)
    ),
    "head-bucket-403-no-header": Scenario(
        "list_objects_v2", {"Bucket": BUCKET}, [MOVED], (2, 2), head=(403, [], b"")
    ),
    "head-bucket-403-header": Scenario(
        "list_objects_v2", {"Bucket": BUCKET}, [MOVED], (3, 1), head=(403, list(BUCKET_REGION), b"")
    ),
    "invalid-region": Scenario(
        "list_objects_v2",
        {"Bucket": BUCKET},
        [_error(301, "PermanentRedirect", headers=(("x-amz-bucket-region", "-bad-"),))],
        (1, 1),
    ),
    # Valid to botocore's check: the endpoint rules reject it, and the bucket stays cached.
    "empty-region": Scenario(
        "list_objects_v2",
        {"Bucket": BUCKET},
        [_error(301, "PermanentRedirect", headers=(("x-amz-bucket-region", ""),))],
        (1, 0),
    ),
    # S3's error inside a 200 counts as a 500 (retried) and is a redirect too.
    "error-in-200": Scenario(
        "list_objects_v2",
        {"Bucket": BUCKET},
        [(200, list(BUCKET_REGION), MOVED[2])],
        (2, 1),
    ),
    "get-bucket-location": Scenario(
        "get_bucket_location", {"Bucket": BUCKET}, [MOVED_WITH_HEADER], (2, 1)
    ),
    "no-bucket": Scenario("list_buckets", {}, [MOVED_WITH_HEADER], (2, 2)),
    "path-style": Scenario(
        "get_object",
        {"Bucket": BUCKET, "Key": "a/k"},
        [MOVED_WITH_HEADER],
        (2, 1),
        options={"s3": {"addressing_style": "path"}},
    ),
    # Path style for names that cannot be a host label.
    "dotted-bucket": Scenario("list_objects_v2", {"Bucket": "b.c"}, [MOVED_WITH_HEADER], (2, 1)),
    "short-bucket": Scenario("list_objects_v2", {"Bucket": "b"}, [MOVED], (4, 1)),
    "dualstack": Scenario(
        "list_objects_v2",
        {"Bucket": BUCKET},
        [MOVED_WITH_HEADER],
        (2, 1),
        options={"s3": {"use_dualstack_endpoint": True}},
    ),
    "hmac-v1": Scenario(
        "get_object",
        {"Bucket": BUCKET, "Key": "k"},
        [MOVED_WITH_HEADER],
        (2, 1),
        options={"signature_version": "s3"},
    ),
    # The presigned URL is signed for the bucket's region too.
    "sigv4": Scenario(
        "get_object",
        {"Bucket": BUCKET, "Key": "k"},
        [MOVED_WITH_HEADER],
        (2, 1),
        options={"signature_version": "s3v4"},
    ),
    "endpoint-url": Scenario(
        "list_objects_v2", {"Bucket": BUCKET}, [MOVED_WITH_HEADER], (2, 1), endpoint_url=True
    ),
    "endpoint-url-head-bucket": Scenario(
        "put_object",
        {"Bucket": BUCKET, "Key": "k", "Body": b"x"},
        [MOVED],
        (4, 1),
        endpoint_url=True,
    ),
    "single-attempt": Scenario(
        "list_objects_v2",
        {"Bucket": BUCKET},
        [MOVED_WITH_HEADER],
        (2, 1),
        options={"retries": {"total_max_attempts": 1}},
    ),
    "retried-then-redirected": Scenario(
        "list_objects_v2",
        {"Bucket": BUCKET},
        [_error(500, "InternalError"), _error(503, "SlowDown"), MOVED_WITH_HEADER],
        (4, 1),
    ),
    # Retryable and a redirect at once: botocore waits as the retry asks, and redirects.
    "retryable-redirect": Scenario(
        "list_objects_v2",
        {"Bucket": BUCKET},
        [_error(307, "RequestTimeout", headers=BUCKET_REGION)],
        (2, 1),
    ),
    "legacy-retries": Scenario(
        "list_objects_v2",
        {"Bucket": BUCKET},
        [_error(500, "InternalError"), MOVED_WITH_HEADER],
        (3, 1),
        options={"retries": {"mode": "legacy"}},
    ),
}


def _success(request: RawRequest) -> Reply:
    """What S3 answers in the bucket's region."""
    headers = list(BUCKET_REGION)
    if request.method == b"HEAD":
        return 200, headers, b""
    if request.method == b"PUT":
        return 200, [*headers, ("ETag", '"e"')], b""
    if request.target.endswith(b"?location"):
        body = f'<LocationConstraint xmlns="x">{REGION}</LocationConstraint>'.encode()
        return 200, [*headers, ("Content-Type", "application/xml")], body
    if b"list-type=2" in request.target:
        body = b"<ListBucketResult><Name>b</Name><KeyCount>0</KeyCount></ListBucketResult>"
        return 200, [*headers, ("Content-Type", "application/xml")], body
    return 200, [*headers, ("Content-Type", "binary/octet-stream")], b"data"


def _in_bucket_region(request: RawRequest) -> bool:
    host = b"".join(request.values("host"))
    authorization = b"".join(request.values("authorization"))
    return f".{REGION}.".encode() in host or f"/{REGION}/".encode() in authorization


def _is_head_bucket(request: RawRequest) -> bool:
    path = request.target.split(b"?")[0]
    return request.method == b"HEAD" and path in (b"/", b"/b", b"/b.c", b"/bkt")


def _responder(scenario: Scenario) -> Callable[[RawRequest], Reply]:
    wrong = list(scenario.wrong)

    def answer(request: RawRequest) -> Reply:
        if _in_bucket_region(request):
            return scenario.right or _success(request)
        if _is_head_bucket(request):
            return scenario.head
        return wrong.pop(0) if len(wrong) > 1 else wrong[0]

    return answer


class _Servers:
    def __init__(self, directory: Path) -> None:
        self.authority = Authority(directory)
        self.http = CaptureServer()
        self.tls = CaptureServer(self.authority.context)

    def close(self) -> None:
        self.http.close()
        self.tls.close()


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Servers]:
    running = _Servers(tmp_path_factory.mktemp("s3-redirect"))
    yield running
    running.close()


def _client_kwargs(scenario: Scenario, servers: _Servers) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"region_name": "us-west-2", **CREDS}
    if scenario.endpoint_url:
        kwargs["endpoint_url"] = f"http://127.0.0.1:{servers.http.port}"
    else:
        kwargs["verify"] = str(servers.authority.ca_file)
    return kwargs


def _request_view(request: RawRequest) -> tuple[Any, ...]:
    headers = sorted(
        (name.lower(), value) for name, value in request.headers if name.lower() != b"user-agent"
    )
    return request.method, request.target, request.sni, headers, request.body


@dataclass
class Run:
    """What one client did in a scenario."""

    calls: list[tuple[list[tuple[Any, ...]], Any]]
    presigned: Any
    sleeps: list[float]


def _presign(client: Any, scenario: Scenario) -> Any:
    with mock.patch("time.time", lambda: _FROZEN_EPOCH):
        try:
            return client.generate_presigned_url(
                "get_object", {"Bucket": scenario.params.get("Bucket", BUCKET), "Key": "k"}
            )
        except Exception as e:
            return outcome_view(e)


def _run(client: Any, scenario: Scenario, servers: _Servers) -> Run:
    """Two calls, with a presigned URL for the bucket before them and after them (the one
    before is kept by strato's presigner: the redirect must still reach the one after)."""
    server = servers.http if scenario.endpoint_url else servers.tls
    server.responder = _responder(scenario)
    server.take()
    calls = []
    random.seed(7)  # the jitter of retry delays
    sleeps: list[float] = []
    with frozen(), resolving_to(server.port), mock.patch("time.sleep", sleeps.append):
        before = _presign(client, scenario)
        for _ in range(2):
            try:
                outcome: Any = getattr(client, scenario.method)(**scenario.params)
            except Exception as e:
                outcome = e
            requests, errors = server.take()
            assert not errors
            calls.append(([_request_view(r) for r in requests], outcome_view(outcome)))
        presigned = (before, _presign(client, scenario))
    return Run(calls, presigned, sleeps)


def _clients(scenario: Scenario, servers: _Servers) -> tuple[Any, Any]:
    kwargs = _client_kwargs(scenario, servers)
    boto = botocore.session.Session().create_client(
        "s3", config=botocore.config.Config(**scenario.options), **kwargs
    )
    mine = strato.Session().client("s3", config=strato.Config(**scenario.options), **kwargs)
    return boto, mine


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_same_redirects(servers: _Servers, name: str) -> None:
    scenario = SCENARIOS[name]
    boto, mine = _clients(scenario, servers)
    try:
        theirs = _run(boto, scenario, servers)
        ours = _run(mine, scenario, servers)
    finally:
        boto.close()
        mine.close()
    assert tuple(len(requests) for requests, _ in theirs.calls) == scenario.sent
    for (their_requests, their_outcome), (our_requests, our_outcome) in zip(
        theirs.calls, ours.calls, strict=True
    ):
        assert our_requests == their_requests
        assert our_outcome == their_outcome
    assert ours.presigned == theirs.presigned
    # botocore's redirect is a retry that waits 0 s (docs/compatibility.md): strato does not
    # call sleep(0). The waits of real retries are the same.
    assert [s for s in ours.sleeps if s] == [s for s in theirs.sleeps if s]
    assert 0 not in ours.sleeps


def test_cache_is_per_client_and_bucket(servers: _Servers) -> None:
    """Another bucket on the same client, and the same bucket on a new client, start from
    the client's region again."""
    scenario = SCENARIOS["301-header"]
    other = Scenario("list_objects_v2", {"Bucket": "other"}, scenario.wrong, (2, 1))
    runs = []
    for _ in range(2):
        boto, mine = _clients(scenario, servers)
        try:
            runs.append(
                [(_run(c, scenario, servers), _run(c, other, servers)) for c in (boto, mine)]
            )
        finally:
            boto.close()
            mine.close()
    for theirs, ours in runs:
        for their_run, our_run in zip(theirs, ours, strict=True):
            assert (our_run.calls, our_run.presigned) == (their_run.calls, their_run.presigned)
            assert [len(requests) for requests, _ in our_run.calls] == [2, 1]


def test_presigned_post_uses_the_cached_region(servers: _Servers) -> None:
    """A presigned POST after a redirect goes to the bucket's region, as its URL does."""
    scenario = SCENARIOS["sigv4"]
    boto, mine = _clients(scenario, servers)
    posts = []
    try:
        for client in (boto, mine):
            _run(client, scenario, servers)
            with (
                frozen(),
                mock.patch("time.time", lambda: _FROZEN_EPOCH),
                mock.patch("botocore.signers.get_current_datetime", lambda: FROZEN),
            ):
                posts.append(client.generate_presigned_post(BUCKET, "k"))
    finally:
        boto.close()
        mine.close()
    theirs, ours = posts
    assert ours == theirs
    assert ours["url"] == f"https://{BUCKET}.s3.{REGION}.amazonaws.com/"
    # botocore's presigners keep the client's signing region for a bucket that is no ARN.
    assert "/us-west-2/s3/" in ours["fields"]["x-amz-credential"]
