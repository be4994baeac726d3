"""Differential: botocore's and strato's paginators over the same canned page sequences.

Each case turns abstract pages (item names, a next token, a "truncated" flag) into the
service's wire format; both clients' transports answer with those pages in order (the
last one again if asked for more). What each paginator sends (every request, byte for
byte) and yields (pages, ``resume_token``, ``non_aggregate_part``, ``build_full_result``,
``search``, errors) must be equal. Page sequences and ``PaginationConfig`` values are
generated; resumption uses the resume token botocore made.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato
from strato.exceptions import BadStartingTokenError, OperationNotPageableError, PaginationError

from ._compare import assert_same_outcome, assert_same_requests
from ._harness import BotocoreRecorder, Canned, Captured, StratoRecorder, frozen
from .conftest import make_pair

CREDS: dict[str, Any] = {"aws_access_key_id": "AKID", "aws_secret_access_key": "SECRET"}
XML = {"Content-Type": "text/xml", "x-amzn-RequestId": "req-1"}
AMZ_JSON = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "req-2"}
JSON = {"Content-Type": "application/json", "x-amzn-RequestId": "req-3"}
S3 = {"x-amz-request-id": "s3-req", "x-amz-id-2": "host-id=="}
S3_NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'


@dataclass(frozen=True)
class Page:
    """An abstract page: items (a "/" suffix makes an S3 common prefix), token, flag."""

    items: tuple[str, ...]
    token: str | None
    truncated: bool = True


def _tag(name: str, value: Any) -> str:
    return "" if value is None else f"<{name}>{escape(str(value))}</{name}>"


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _s3_entries(page: Page) -> str:
    contents = "".join(
        f"<Contents>{_tag('Key', i)}<Size>1</Size></Contents>"
        for i in page.items
        if not i.endswith("/")
    )
    prefixes = "".join(
        f"<CommonPrefixes>{_tag('Prefix', i)}</CommonPrefixes>"
        for i in page.items
        if i.endswith("/")
    )
    return contents + prefixes


def s3_v2(page: Page) -> Canned:
    body = (
        f"<ListBucketResult {S3_NS}><Name>bucket</Name><Prefix></Prefix>"
        f"<KeyCount>{len(page.items)}</KeyCount><MaxKeys>1000</MaxKeys>"
        f"<IsTruncated>{_bool(page.truncated)}</IsTruncated>{_s3_entries(page)}"
        f"{_tag('NextContinuationToken', page.token)}</ListBucketResult>"
    )
    return Canned(200, S3, body.encode())


def s3_v1(page: Page) -> Canned:
    """NextMarker only when the token is given: else the last key is the marker."""
    body = (
        f"<ListBucketResult {S3_NS}><Name>bucket</Name><Prefix></Prefix><Marker></Marker>"
        f"{_tag('NextMarker', page.token)}<MaxKeys>1000</MaxKeys>"
        f"<IsTruncated>{_bool(page.truncated)}</IsTruncated>{_s3_entries(page)}"
        "</ListBucketResult>"
    )
    return Canned(200, S3, body.encode())


def s3_versions(page: Page) -> Canned:
    """Two output tokens: NextKeyMarker and NextVersionIdMarker."""
    kinds = [("DeleteMarker" if i.startswith("d") else "Version", i) for i in page.items]
    entries = "".join(
        f"<{kind}>{_tag('Key', i)}<VersionId>v-{escape(i)}</VersionId></{kind}>"
        for kind, i in kinds
    )
    version = None if page.token is None else f"ver-{page.token}"
    body = (
        f"<ListVersionsResult {S3_NS}><IsTruncated>{_bool(page.truncated)}</IsTruncated>"
        f"{_tag('NextKeyMarker', page.token)}{_tag('NextVersionIdMarker', version)}"
        f"<Name>bucket</Name><Prefix></Prefix>{entries}</ListVersionsResult>"
    )
    return Canned(200, S3, body.encode())


def dynamodb(page: Page) -> Canned:
    """LastEvaluatedKey is a dict token; a "b" token is a binary (bytes) key."""
    body: dict[str, Any] = {
        "Items": [{"pk": {"S": i}} for i in page.items],
        "Count": len(page.items),
        "ScannedCount": len(page.items) + 1,
        "ConsumedCapacity": {"TableName": "t", "CapacityUnits": 0.5},
    }
    if page.token is not None:
        if page.token.startswith("b"):
            key = {"B": base64.b64encode(page.token.encode()).decode()}
        else:
            key = {"S": page.token}
        body["LastEvaluatedKey"] = {"pk": key}
    return Canned(200, AMZ_JSON, json.dumps(body).encode())


def sqs(page: Page) -> Canned:
    body: dict[str, Any] = {
        "QueueUrls": [f"https://sqs.eu-west-1.amazonaws.com/1/{i}" for i in page.items]
    }
    if page.token is not None:
        body["NextToken"] = page.token
    return Canned(200, AMZ_JSON, json.dumps(body).encode())


def iam(page: Page) -> Canned:
    users = "".join(
        f"<member><Path>/</Path>{_tag('UserName', i)}<UserId>AIDA{len(i)}</UserId>"
        f"<Arn>arn:aws:iam::123456789012:user/{escape(i)}</Arn>"
        "<CreateDate>2020-01-01T00:00:00Z</CreateDate></member>"
        for i in page.items
    )
    body = (
        '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult>'
        f"<IsTruncated>{_bool(page.truncated)}</IsTruncated>{_tag('Marker', page.token)}"
        f"<Users>{users}</Users></ListUsersResult>"
        "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></ListUsersResponse>"
    )
    return Canned(200, XML, body.encode())


def lambda_(page: Page) -> Canned:
    body: dict[str, Any] = {"Functions": [{"FunctionName": i} for i in page.items]}
    if page.token is not None:
        body["NextMarker"] = page.token
    return Canned(200, JSON, json.dumps(body).encode())


def route53(page: Page) -> Canned:
    """A string limit key: PageSize goes out as a string."""
    zones = "".join(
        f"<HostedZone><Id>/hostedzone/{escape(i)}</Id>{_tag('Name', i)}"
        "<CallerReference>c</CallerReference></HostedZone>"
        for i in page.items
    )
    body = (
        '<ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
        f"<HostedZones>{zones}</HostedZones><Marker></Marker>"
        f"<IsTruncated>{_bool(page.truncated)}</IsTruncated>{_tag('NextMarker', page.token)}"
        "<MaxItems>100</MaxItems></ListHostedZonesResponse>"
    )
    return Canned(200, XML, body.encode())


@dataclass(frozen=True)
class Case:
    service: str
    method: str
    params: dict[str, Any]
    render: Callable[[Page], Canned]


CASES = {
    "s3-list_objects_v2": Case("s3", "list_objects_v2", {"Bucket": "bucket"}, s3_v2),
    "s3-list_objects": Case("s3", "list_objects", {"Bucket": "bucket"}, s3_v1),
    "s3-list_object_versions": Case(
        "s3", "list_object_versions", {"Bucket": "bucket"}, s3_versions
    ),
    "dynamodb-scan": Case("dynamodb", "scan", {"TableName": "t"}, dynamodb),
    "dynamodb-query": Case(
        "dynamodb",
        "query",
        {
            "TableName": "t",
            "KeyConditionExpression": "pk = :v",
            "ExpressionAttributeValues": {":v": {"S": "x"}},
        },
        dynamodb,
    ),
    "sqs-list_queues": Case("sqs", "list_queues", {}, sqs),
    "iam-list_users": Case("iam", "list_users", {}, iam),
    "lambda-list_functions": Case("lambda", "list_functions", {}, lambda_),
    "route53-list_hosted_zones": Case("route53", "list_hosted_zones", {}, route53),
}


@functools.cache
def _clients(service: str) -> tuple[Any, Any]:
    """One client pair per service (paginators keep no state on the client)."""
    options = {"retries": {"total_max_attempts": 1}}
    return make_pair(service, options, region_name="eu-west-1", **CREDS)


class _BotoPages(BotocoreRecorder):
    """Answers the n-th request with the n-th page (the last page once they run out)."""

    def __init__(self, pages: list[Canned]) -> None:
        super().__init__(pages[0])
        self.pages = pages

    def __call__(self, request: Any, **kwargs: Any) -> Any:
        assert len(self.requests) < 50, "runaway pagination"
        self.canned = self.pages[min(len(self.requests), len(self.pages) - 1)]
        return super().__call__(request, **kwargs)


class _StratoPages(StratoRecorder):
    def __init__(self, pages: list[Canned]) -> None:
        super().__init__(pages[0])
        self.pages = pages

    def send(self, method: str, url: str, headers: Any, body: Any, stream: bool = False) -> Any:
        assert len(self.requests) < 50, "runaway pagination"
        self.canned = self.pages[min(len(self.requests), len(self.pages) - 1)]
        return super().send(method, url, headers, body, stream)


def _drive(iterator: Any, action: str) -> Any:
    """What one way of consuming a page iterator gives, including a raised error."""
    seen: list[Any] = []
    try:
        if action == "pages":
            seen.extend(iterator)
        elif action == "full":
            seen.append(iterator.build_full_result())
        elif action == "result_key_iters":
            seen.extend(list(i) for i in iterator.result_key_iters())
        else:
            seen.extend(iterator.search(action))
    except Exception as e:
        seen.append((type(e).__name__, str(e)))
    return {
        "seen": seen,
        "resume_token": iterator.resume_token,
        "non_aggregate_part": iterator.non_aggregate_part,
    }


def run_botocore(
    case: Case, pages: list[Canned], config: dict[str, Any], action: str
) -> tuple[list[Captured], Any]:
    client = _clients(case.service)[0]
    recorder = _BotoPages(pages)
    client.meta.events.register("before-send", recorder, unique_id="strato-paging")
    try:
        with frozen():
            paginator = client.get_paginator(case.method)
            iterator = paginator.paginate(**case.params, PaginationConfig=dict(config))
            outcome = _drive(iterator, action)
    finally:
        client.meta.events.unregister("before-send", unique_id="strato-paging")
    return recorder.requests, outcome


def run_strato(
    case: Case, pages: list[Canned], config: dict[str, Any], action: str
) -> tuple[list[Captured], Any]:
    client = _clients(case.service)[1]
    recorder = _StratoPages(pages)
    client._transport = recorder
    with frozen():
        paginator = client.get_paginator(case.method)
        iterator = paginator.paginate(**case.params, PaginationConfig=dict(config))
        outcome = _drive(iterator, action)
    return recorder.requests, outcome


def assert_same_paging(
    case: Case, pages: list[Page], config: dict[str, Any], action: str = "pages"
) -> Any:
    """Both paginators agree; returns botocore's outcome."""
    canned = [case.render(p) for p in pages]
    boto_requests, boto_outcome = run_botocore(case, canned, config, action)
    strato_requests, strato_outcome = run_strato(case, canned, config, action)
    assert_same_requests(boto_requests, strato_requests)
    assert_same_outcome(boto_outcome, strato_outcome)
    return boto_outcome


THREE_PAGES = [
    Page(("a", "b", "c"), "t1"),
    Page(("d", "e/"), "t2"),
    Page(("f", "g", "h", "i"), None, truncated=False),
]
ACTIONS = ["pages", "full", "result_key_iters"]
CONFIGS = [
    {},
    {"PageSize": 2},
    {"MaxItems": 2},
    {"MaxItems": 3},
    {"MaxItems": 4, "PageSize": "3"},
    {"MaxItems": 100},
]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("config", CONFIGS, ids=str)
@pytest.mark.parametrize("name", list(CASES))
def test_three_pages(name: str, config: dict[str, Any], action: str) -> None:
    outcome = assert_same_paging(CASES[name], THREE_PAGES, config, action)
    if action == "pages":
        assert len(outcome["seen"]) >= 1


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("max_items", [1, 2, 4, 5, 6])
def test_resuming_from_botocores_token(name: str, max_items: int) -> None:
    """MaxItems stops mid-page or on a boundary; both resume from the same token."""
    case = CASES[name]
    first = assert_same_paging(case, THREE_PAGES, {"MaxItems": max_items})
    token = first["resume_token"]
    assert token is not None
    resumed = {"StartingToken": token, "MaxItems": 3}
    second = assert_same_paging(case, THREE_PAGES[1:], resumed)
    assert second["seen"]
    assert_same_paging(case, THREE_PAGES[1:], {"StartingToken": token}, "full")


@pytest.mark.parametrize(
    ("name", "items"), [("s3-list_objects_v2", 8), ("dynamodb-scan", 9), ("iam-list_users", 9)]
)
def test_resuming_one_item_at_a_time(name: str, items: int) -> None:
    """MaxItems=1 and resume, like a server would: each run starts at the token's page,
    inside a page an earlier run truncated; every item comes once."""
    case = CASES[name]
    config: dict[str, Any] = {"MaxItems": 1}
    tokens: list[str] = []
    for _ in range(items + 2):
        start = 0
        if tokens:
            decoded = base64.b64decode(tokens[-1]).decode()
            start = next((n for n in (2, 1) if f'"t{n}"' in decoded), 0)
        token = assert_same_paging(case, THREE_PAGES[start:], config)["resume_token"]
        if token is None:
            break
        tokens.append(token)
        config = {"MaxItems": 1, "StartingToken": token}
    assert len(set(tokens)) == len(tokens) == items - 1


@pytest.mark.parametrize("name", list(CASES))
def test_same_token_twice_is_an_error(name: str) -> None:
    pages = [Page(("a",), "t1"), Page(("b",), "t2"), Page(("c",), "t2")]
    outcome = assert_same_paging(CASES[name], pages, {})
    if name != "s3-list_objects":  # its marker falls back to the last key, which changes
        assert outcome["seen"][-1][0] == "PaginationError"


@pytest.mark.parametrize(
    "expression", ["Contents[].Key", "Contents[-1].Key", "KeyCount", "NextContinuationToken"]
)
def test_search(expression: str) -> None:
    assert_same_paging(CASES["s3-list_objects_v2"], THREE_PAGES, {"MaxItems": 5}, expression)


@pytest.mark.parametrize(
    "token",
    [
        "t1",  # a service token given as is (botocore's old-style fallback)
        "t1___2",
        "None___1",
        base64.b64encode(b'{"ContinuationToken": "t1", "boto_truncate_amount": 1}').decode(),
    ],
)
@pytest.mark.parametrize("max_items", [None, 1])
def test_starting_token_formats(token: str, max_items: int | None) -> None:
    config: dict[str, Any] = {"StartingToken": token}
    if max_items is not None:
        config["MaxItems"] = max_items
    assert_same_paging(CASES["s3-list_objects_v2"], THREE_PAGES, config)
    assert_same_paging(CASES["s3-list_object_versions"], THREE_PAGES, config)


def test_binary_dynamodb_keys_make_botocores_token() -> None:
    pages = [Page(("a", "b"), "bin1"), Page(("c",), None)]
    outcome = assert_same_paging(CASES["dynamodb-scan"], pages, {"MaxItems": 2})
    decoded = json.loads(base64.b64decode(outcome["resume_token"]))
    assert decoded["boto_encoded_keys"] == [["ExclusiveStartKey", "pk", "B"]]
    assert_same_paging(CASES["dynamodb-scan"], pages, {"StartingToken": outcome["resume_token"]})


_NAMES = st.text(alphabet="abk/", min_size=1, max_size=3)
_PAGES = st.lists(
    st.builds(
        Page,
        st.lists(_NAMES, max_size=4).map(tuple),
        st.one_of(st.none(), st.sampled_from(["t1", "t2", "t3", "b4"])),
        st.booleans(),
    ),
    min_size=1,
    max_size=4,
)
_CONFIGS = st.fixed_dictionaries(
    {},
    optional={"MaxItems": st.integers(1, 8), "PageSize": st.integers(1, 5)},
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(list(CASES)),
    pages=_PAGES,
    config=_CONFIGS,
    action=st.sampled_from(ACTIONS),
)
def test_generated_page_sequences(
    name: str, pages: list[Page], config: dict[str, Any], action: str
) -> None:
    outcome = assert_same_paging(CASES[name], pages, config, action)
    if outcome["resume_token"] is not None:
        resumed = {**config, "StartingToken": outcome["resume_token"]}
        assert_same_paging(CASES[name], pages, resumed, action)


def test_can_paginate_and_errors() -> None:
    boto, mine = _clients("s3")
    for method in ("list_objects_v2", "list_buckets", "get_object", "list_parts"):
        assert mine.can_paginate(method) == boto.can_paginate(method)
    assert not mine.can_paginate("ListObjectsV2")  # botocore: KeyError
    with pytest.raises(
        OperationNotPageableError, match="Operation cannot be paginated: get_object"
    ):
        mine.get_paginator("get_object")
    paginator = mine.get_paginator("list_objects_v2")
    assert [k.expression for k in paginator.result_keys] == ["Contents", "CommonPrefixes"]
    sts = strato.Session().client("sts", region_name="eu-west-1", **CREDS)
    assert not sts.can_paginate("get_caller_identity")


def test_page_size_without_a_limit_key() -> None:
    """DynamoDB's ListTagsOfResource pages without a limit key: PageSize is an error."""
    import botocore.exceptions

    boto, mine = _clients("dynamodb")
    params = {"ResourceArn": "arn:aws:dynamodb:eu-west-1:1:table/t"}
    config = {"PaginationConfig": {"PageSize": 1}}
    with pytest.raises(botocore.exceptions.PaginationError) as theirs:
        boto.get_paginator("list_tags_of_resource").paginate(**params, **config)
    with pytest.raises(PaginationError) as ours:
        mine.get_paginator("list_tags_of_resource").paginate(**params, **config)
    assert str(ours.value) == str(theirs.value)


def test_a_bad_starting_token_is_a_value_error() -> None:
    """botocore raises a bare ValueError with the same text."""
    case = CASES["s3-list_objects_v2"]
    canned = [case.render(p) for p in THREE_PAGES]
    _, boto = run_botocore(case, canned, {"StartingToken": "a___b___c"}, "pages")
    _, mine = run_strato(case, canned, {"StartingToken": "a___b___c"}, "pages")
    assert boto["seen"] == [("ValueError", "Bad starting token: a___b___c")]
    assert mine["seen"] == [("BadStartingTokenError", "Bad starting token: a___b___c")]
    assert issubclass(BadStartingTokenError, ValueError)
