"""Differential: ``generate_presigned_url`` gives botocore 1.44.8's URL, byte for byte, and
S3's ``generate_presigned_post`` its URL and form fields (the signed policy included).

Both clients presign at the frozen clock of ``_harness`` (botocore's HMAC-v1 presigner reads
``time.time``, frozen here as well). Cases cover S3 GET/PUT in virtual and path style, the
global-endpoint rule, SigV4 and the legacy HMAC-v1 default, session tokens, ``ExpiresIn``,
``HttpMethod``, keys with special characters, and query-protocol (STS) and JSON (DynamoDB)
services, whose body parameters move into the query. Hypothesis draws keys and parameters.
"""

from __future__ import annotations

import copy
import functools
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strato import UNSIGNED

from ._harness import _FROZEN_EPOCH, FROZEN, BotocoreRecorder, Canned, StratoRecorder, frozen
from .conftest import make_pair

CREDS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
TOKEN = {**CREDS, "aws_session_token": "FQoGZXIvYXdzEJr//////////wEaDOLn+/="}

#: name -> (service, client kwargs, Config options or None)
CLIENTS: dict[str, tuple[str, dict[str, Any], dict[str, Any] | None]] = {
    # us-west-2 and us-east-1 still accept HMAC-v1: unconfigured clients presign with it.
    "s3-default-v2-region": ("s3", {"region_name": "us-west-2", **CREDS}, None),
    "s3-default": ("s3", {"region_name": "eu-central-1", **TOKEN}, None),
    "s3-virtual": (
        "s3",
        {"region_name": "eu-central-1", **TOKEN},
        {"s3": {"addressing_style": "virtual"}},
    ),
    "s3-path": ("s3", {"region_name": "ap-south-1", **CREDS}, {"s3": {"addressing_style": "path"}}),
    "s3v4": ("s3", {"region_name": "us-west-2", **TOKEN}, {"signature_version": "s3v4"}),
    "s3v4-path": (
        "s3",
        {"region_name": "us-east-1", **TOKEN},
        {"signature_version": "s3v4", "s3": {"addressing_style": "path"}},
    ),
    "sigv2": ("s3", {"region_name": "eu-central-1", **TOKEN}, {"signature_version": "s3"}),
    "sigv2-path": (
        "s3",
        {"region_name": "us-east-1", **CREDS},
        {"signature_version": "s3", "s3": {"addressing_style": "path"}},
    ),
    "s3-us-east-1-regional": (
        "s3",
        {"region_name": "us-east-1", **CREDS},
        {"signature_version": "s3v4", "s3": {"us_east_1_regional_endpoint": "regional"}},
    ),
    "s3-dualstack": (
        "s3",
        {"region_name": "us-east-2", **CREDS},
        {"s3": {"use_dualstack_endpoint": True}},
    ),
    "s3-china": ("s3", {"region_name": "cn-north-1", **TOKEN}, None),
    "s3-govcloud": ("s3", {"region_name": "us-gov-west-1", **TOKEN}, None),
    "s3-no-region": ("s3", CREDS, None),
    "s3-http-endpoint": (
        "s3",
        {"region_name": "us-west-2", "endpoint_url": "http://127.0.0.1:9000", **CREDS},
        {"signature_version": "s3v4"},
    ),
    "s3-unsigned": ("s3", {"region_name": "us-west-2", **CREDS}, {"signature_version": UNSIGNED}),
    "sts": ("sts", {"region_name": "us-west-2", **TOKEN}, None),
    "sts-global": ("sts", {"region_name": "us-east-1", **CREDS}, None),
    "dynamodb": ("dynamodb", {"region_name": "eu-west-1", **CREDS}, None),
}
S3_CLIENTS = sorted(name for name, (service, _, _) in CLIENTS.items() if service == "s3")


@functools.cache
def _pair(name: str) -> Any:
    service, kwargs, options = CLIENTS[name]
    return make_pair(service, options, **kwargs)


def _presign(
    client: Any, args: tuple[Any, ...], kwargs: dict[str, Any], method: str = "url"
) -> Any:
    with (
        frozen(),
        mock.patch("botocore.auth.time.time", lambda: _FROZEN_EPOCH),
        mock.patch("botocore.signers.get_current_datetime", lambda: FROZEN),
    ):
        try:  # each client gets its own copies: botocore changes Params in place
            presign = getattr(client, f"generate_presigned_{method}")
            return presign(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        except Exception as e:  # compared as (class name, message)
            return (type(e).__name__, str(e))


def _assert_same(name: str, *args: Any, **kwargs: Any) -> str:
    boto, mine = _pair(name)
    expected = _presign(boto, args, kwargs)
    actual = _presign(mine, args, kwargs)
    assert actual == expected
    return str(actual)


def _assert_same_post(name: str, *args: Any, **kwargs: Any) -> Any:
    boto, mine = _pair(name)
    expected = _presign(boto, args, kwargs, "post")
    actual = _presign(mine, args, kwargs, "post")
    assert actual == expected
    return actual


S3_CALLS: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {
    "get": (("get_object", {"Bucket": "bucket", "Key": "key"}), {}),
    "get-special-key": (
        ("get_object", {"Bucket": "bucket", "Key": "a b/c+d~e%f&g=h?ü/../x//"}),
        {},
    ),
    "get-response-headers": (
        (
            "get_object",
            {
                "Bucket": "bucket",
                "Key": "k",
                "VersionId": "v 1",
                "ResponseContentDisposition": 'attachment; filename="a b.txt"',
                "Range": "bytes=0-9",
            },
        ),
        {"ExpiresIn": 60},
    ),
    "put": (
        ("put_object", {"Bucket": "bucket", "Key": "up/load", "ContentType": "text/plain"}),
        {"ExpiresIn": 604800},
    ),
    "put-with-body": (("put_object", {"Bucket": "bucket", "Key": "k", "Body": b"data"}), {}),
    "put-with-empty-body": (("put_object", {"Bucket": "bucket", "Key": "k", "Body": b""}), {}),
    "put-metadata": (
        (
            "put_object",
            {"Bucket": "bucket", "Key": "k", "Metadata": {"a": "b"}, "ACL": "private"},
        ),
        {},
    ),
    "dotted-bucket": (("get_object", {"Bucket": "my.bucket", "Key": "k"}), {}),
    "list": (("list_objects_v2", {"Bucket": "bucket", "Prefix": "p/"}), {}),
    "head-as-get": (("head_object", {"Bucket": "bucket", "Key": "k"}), {"HttpMethod": "GET"}),
    "list-buckets": (("list_buckets",), {}),
    "location": (("get_bucket_location", {"Bucket": "bucket"}), {}),
    "positional-params": (("get_object", {"Bucket": "bucket", "Key": "k"}, 30, "PUT"), {}),
    "unknown-method": (("no_such_method",), {}),
    "invalid-params": (("get_object", {"Bucket": "bucket"}), {}),
}


@pytest.mark.parametrize("call", sorted(S3_CALLS))
@pytest.mark.parametrize("client", S3_CLIENTS)
def test_s3_url(client: str, call: str) -> None:
    args, kwargs = S3_CALLS[call]
    _assert_same(client, *args, **kwargs)


def test_default_s3_presign_is_hmac_v1_in_old_regions() -> None:
    """The legacy default is visible in the URL (the differential checks the rest)."""
    assert "Signature=" in _assert_same(
        "s3-default-v2-region", "get_object", {"Bucket": "b", "Key": "k"}
    )
    assert "X-Amz-Signature=" in _assert_same(
        "s3-default", "get_object", {"Bucket": "b", "Key": "k"}
    )


OTHER_CALLS: dict[str, tuple[str, tuple[Any, ...], dict[str, Any]]] = {
    "sts-identity": ("sts", ("get_caller_identity",), {}),
    "sts-assume-role": (
        "sts",
        (
            "assume_role",
            {"RoleArn": "arn:aws:iam::123456789012:role/r", "RoleSessionName": "a b+c"},
        ),
        {"ExpiresIn": 900},
    ),
    "sts-global-identity": ("sts-global", ("get_caller_identity",), {"HttpMethod": "GET"}),
    "dynamodb-list": ("dynamodb", ("list_tables", {"Limit": 3}), {}),
}


@pytest.mark.parametrize("call", sorted(OTHER_CALLS))
def test_other_service_url(call: str) -> None:
    client, args, kwargs = OTHER_CALLS[call]
    _assert_same(client, *args, **kwargs)


def test_sts_is_presigned_with_query_sigv4() -> None:
    url = _assert_same("sts", "get_caller_identity")
    assert "Action=GetCallerIdentity" in url
    assert "X-Amz-Credential=AKIDEXAMPLE%2F20240517%2Fus-west-2%2Fsts%2Faws4_request" in url


_KEYS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)
_TOKENS = st.text(st.characters(codec="ascii", min_codepoint=32, max_codepoint=126), max_size=30)


_EXTRAS: dict[str, dict[str, st.SearchStrategy[str]]] = {
    "get_object": {
        "VersionId": _TOKENS,
        "ResponseContentType": _TOKENS,
        "ResponseContentDisposition": _TOKENS,
        "Range": _TOKENS,
        "SSECustomerAlgorithm": st.just("AES256"),
        "SSECustomerKey": _TOKENS,
    },
    "put_object": {
        "ContentType": _TOKENS,
        "CacheControl": _TOKENS,
        "ACL": st.sampled_from(["private", "public-read"]),
        "StorageClass": st.just("STANDARD_IA"),
    },
    "head_object": {"VersionId": _TOKENS, "IfMatch": _TOKENS},
    "delete_object": {"VersionId": _TOKENS},
}


@st.composite
def _s3_calls(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    method = draw(st.sampled_from(sorted(_EXTRAS)))
    extra = draw(st.fixed_dictionaries({}, optional=_EXTRAS[method]))
    return method, {
        "Bucket": draw(st.sampled_from(["bucket", "my.bucket"])),
        "Key": draw(_KEYS),
        **extra,
    }


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    client=st.sampled_from(S3_CLIENTS),
    call=_s3_calls(),
    expires=st.integers(min_value=1, max_value=604800),
    http_method=st.sampled_from([None, "GET", "PUT", "HEAD"]),
)
def test_s3_url_matches_for_any_key(
    client: str, call: tuple[str, dict[str, str]], expires: int, http_method: str | None
) -> None:
    method, params = call
    url = _assert_same(client, method, Params=params, ExpiresIn=expires, HttpMethod=http_method)
    assert url.startswith("http")


_BUCKETS = st.one_of(
    st.text(st.sampled_from(list("abZ09.-_")), min_size=1, max_size=70),
    st.sampled_from(
        [
            "arn:aws:s3:us-west-2:123456789012:accesspoint/ap",
            "arn:aws:s3:us-east-1:123456789012:accesspoint:ap",
            "arn:aws:s3-object-lambda:us-east-1:123456789012:accesspoint/ol",
        ]
    ),
)


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(client=st.sampled_from(S3_CLIENTS), bucket=_BUCKETS)
def test_s3_url_matches_for_any_bucket(client: str, bucket: str) -> None:
    """Bucket names on both sides of the global-endpoint and virtual-host rules (case,
    dots, edge hyphens, underscores, more than 63 characters, ARNs), errors included."""
    _assert_same(client, "get_object", {"Bucket": bucket, "Key": "k"})


class _Label(str):
    """A str subclass whose ``str()`` differs: headers carry ``str(value)``."""

    def __str__(self) -> str:
        return "label"


#: Values a compiled presigner must hand back to the general path (which reports them or
#: serializes them its way): too short, not text, bytes, a text subclass.
_AWKWARD = st.sampled_from(["", None, 7, b"k", _Label("t")])
_SEQUENCE_BUCKETS = st.sampled_from(
    [
        "bucket",
        "my.bucket",
        "b",
        "Bad_Bucket",
        "bad/bucket",
        "arn:aws:s3:us-west-2:123456789012:accesspoint/ap",
    ]
)


@st.composite
def _call_sequences(draw: st.DrawFn) -> list[tuple[str, dict[str, Any]]]:
    calls = []
    for _ in range(draw(st.integers(min_value=2, max_value=8))):
        method = draw(st.sampled_from(["get_object", "head_object", "put_object"]))
        params: dict[str, Any] = {"Bucket": draw(_SEQUENCE_BUCKETS)}
        params["Key"] = draw(st.one_of(_KEYS, _AWKWARD))
        extra = draw(
            st.sampled_from([None, "VersionId", "SSECustomerKey", "NoSuchParam", "ContentType"])
        )
        if extra is not None:
            params[extra] = draw(st.one_of(_TOKENS, _AWKWARD))
        if draw(st.booleans()):
            params = dict(reversed(params.items()))  # the names in another order
        calls.append((method, params))
    return calls


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(client=st.sampled_from(S3_CLIENTS), calls=_call_sequences())
def test_one_client_presigns_any_sequence_as_botocore_does(
    client: str, calls: list[tuple[str, dict[str, Any]]]
) -> None:
    """strato compiles a presigner per operation and parameter names and keeps endpoints
    per bucket: one client's answers must not depend on what it presigned before, valid or
    not (the clients are shared by every example, so the state carries over)."""
    for method, params in calls:
        _assert_same(client, method, params)


@pytest.mark.parametrize("client", S3_CLIENTS)
def test_a_bucket_ending_in_a_newline_is_a_host_label_as_botocores_pattern_says(
    client: str,
) -> None:
    """botocore's ``VALID_HOST_LABEL_RE`` ends in ``$``, which a final newline passes."""
    _assert_same(client, "get_object", {"Bucket": "abc\n", "Key": "k"})


def test_directory_bucket_url_uses_a_session() -> None:
    """A directory bucket's URL carries an S3 Express session, made by CreateSession first
    (through the client) and reused by later calls and URLs."""
    from .test_s3express import SESSION

    boto, mine = make_pair("s3", None, region_name="us-west-2", **TOKEN)
    boto_recorder, strato_recorder = BotocoreRecorder(SESSION), StratoRecorder(SESSION)
    boto.meta.events.register("before-send", boto_recorder)
    mine._transport = strato_recorder
    params = {"Bucket": "mybucket--usw2-az1--x-s3", "Key": "k"}
    for _ in range(2):
        expected = _presign(boto, ("get_object", params), {})
        assert _presign(mine, ("get_object", params), {}) == expected
        assert "X-Amz-S3session-Token=" in expected
    assert [r.url for r in strato_recorder.requests] == [r.url for r in boto_recorder.requests]
    assert len(strato_recorder.requests) == 1
    assert strato_recorder.requests[0].headers == boto_recorder.requests[0].headers | {
        "user-agent": strato_recorder.requests[0].headers["user-agent"]
    }


def test_plain_urls_send_nothing() -> None:
    """Presigning sends nothing: a recorder on the transport stays empty."""
    _, mine = make_pair("s3", {"signature_version": "s3v4"}, region_name="us-west-2", **CREDS)
    recorder = StratoRecorder(Canned())
    mine._transport = recorder
    _presign(mine, ("get_object", {"Bucket": "b", "Key": "k"}), {})
    assert recorder.requests == []


POSTS: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {
    "plain": (("bucket", "key"), {}),
    "filename": (("bucket", "uploads/${filename}"), {}),
    "fields-and-conditions": (
        ("bucket", "k"),
        {
            "Fields": {"acl": "public-read", "Content-Type": "image/png"},
            "Conditions": [
                {"acl": "public-read"},
                ["content-length-range", 1, 1048576],
                ["starts-with", "$Content-Type", "image/"],
            ],
            "ExpiresIn": 120,
        },
    ),
    "dotted-bucket": (("my.bucket", "k"), {}),
    "directory-bucket": (("mybucket--usw2-az1--x-s3", "k"), {}),
    "positional": (("bucket", "k", {"acl": "private"}, [{"acl": "private"}], 60), {}),
    # The expiration is the clock plus a timedelta in botocore: fractions and negative
    # amounts come out the same.
    "expires-fraction": (("bucket", "k"), {"ExpiresIn": 90.75}),
    "expires-negative": (("bucket", "k"), {"ExpiresIn": -60}),
}


@pytest.mark.parametrize("post", sorted(POSTS))
@pytest.mark.parametrize("client", S3_CLIENTS)
def test_s3_post(client: str, post: str) -> None:
    args, kwargs = POSTS[post]
    _assert_same_post(client, *args, **kwargs)


@pytest.mark.parametrize("client", ["s3v4", "sigv2"])
def test_post_expiring_past_9999_overflows_as_in_botocore(client: str) -> None:
    """botocore's ``now + timedelta`` overflows; the signers' whole-second path hands such
    an expiry to datetime to fail the same way."""
    failed = _assert_same_post(client, "bucket", "k", ExpiresIn=10**12)
    assert failed == ("OverflowError", "date value out of range")


def test_post_is_s3_only() -> None:
    boto, mine = _pair("sts")
    assert not hasattr(boto, "generate_presigned_post")
    assert not hasattr(mine, "generate_presigned_post")


def test_post_does_not_change_the_callers_fields() -> None:
    fields = {"acl": "private"}
    conditions: list[Any] = [{"acl": "private"}]
    result = _assert_same_post("s3v4", "bucket", "k", fields, conditions)
    assert fields == {"acl": "private"}
    assert conditions == [{"acl": "private"}]
    assert result["fields"]["key"] == "k"
    assert "x-amz-signature" in result["fields"]


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    client=st.sampled_from(S3_CLIENTS),
    key=_KEYS,
    fields=st.dictionaries(_TOKENS, _KEYS, max_size=3),
    conditions=st.lists(
        st.one_of(
            st.dictionaries(_TOKENS, _KEYS, min_size=1, max_size=1),
            st.tuples(st.just("starts-with"), _TOKENS, _KEYS).map(list),
        ),
        max_size=3,
    ),
    expires=st.integers(min_value=1, max_value=604800),
)
def test_s3_post_matches_for_any_form(
    client: str, key: str, fields: dict[str, str], conditions: list[Any], expires: int
) -> None:
    result = _assert_same_post(client, "bucket", key, fields, conditions, expires)
    assert isinstance(result, dict)


@pytest.mark.parametrize(
    ("service", "region", "args"),
    [
        ("sts", "us-west-2", ("get_caller_identity",)),
        ("s3", "us-west-2", ("get_object", {"Bucket": "b", "Key": "k"})),
        ("s3", "eu-central-1", ("get_object", {"Bucket": "b", "Key": "k"})),
    ],
)
def test_url_without_credentials(service: str, region: str, args: tuple[Any, ...]) -> None:
    boto, mine = make_pair(service, None, region_name=region)
    expected = _presign(boto, args, {})
    assert _presign(mine, args, {}) == expected == ("NoCredentialsError", expected[1])


def test_post_without_credentials_is_a_typed_error() -> None:
    """botocore fails with AttributeError on None credentials; strato raises
    NoCredentialsError (docs/compatibility.md)."""
    boto, mine = make_pair("s3", None, region_name="eu-central-1")
    assert _presign(boto, ("b", "k"), {}, "post")[0] == "AttributeError"
    assert _presign(mine, ("b", "k"), {}, "post")[0] == "NoCredentialsError"


@pytest.mark.parametrize("version", ["v4a", "foo", "s3"])
@pytest.mark.parametrize(
    ("service", "args", "method"),
    [
        ("s3", ("get_object", {"Bucket": "b", "Key": "k"}), "url"),
        ("s3", ("b", "k"), "post"),
        ("sts", ("get_caller_identity",), "url"),
    ],
)
def test_requested_signature_versions(
    version: str, service: str, args: tuple[Any, ...], method: str
) -> None:
    """Versions with no presigner fail as botocore's UnsupportedSignatureVersionError
    (``v4a-query``, ``foo-presign-post``); ``s3`` presigns even STS with HMAC-v1."""
    boto, mine = make_pair(
        service, {"signature_version": version}, region_name="us-west-2", **CREDS
    )
    expected = _presign(boto, args, {}, method)
    assert _presign(mine, args, {}, method) == expected
    if version != "s3":
        assert expected[0] == "UnsupportedSignatureVersionError"


class _Text(str):
    """A str subclass: json writes it as text, and so must the policy encoder."""


_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.text(max_size=8).map(_Text),
)
_JSON = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=2)
    ),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(
    expiration=st.text(max_size=25),
    conditions=st.lists(
        st.one_of(st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=2), _JSON),
        max_size=5,
    ),
)
def test_post_policy_document_is_json_dumps(expiration: str, conditions: list[Any]) -> None:
    """The policy text equals ``json.dumps`` of the document, for any JSON conditions."""
    import json

    from strato.signing._post import _policy_json

    expected = json.dumps({"expiration": expiration, "conditions": conditions})
    assert _policy_json(expiration, conditions, []) == expected


@settings(max_examples=100, deadline=None)
@given(secret=st.text(max_size=150), message=st.binary(max_size=300))
def test_hmac_sha1_pads_give_hmacs(secret: str, message: bytes) -> None:
    """The HMAC-v1 signers' MAC equals :mod:`hmac`'s, keys longer than a block included."""
    import hashlib
    import hmac

    from strato.signing._hmacv1 import SHA1_PADS
    from strato.signing._util import hmac_of

    expected = hmac.new(secret.encode("utf-8"), message, hashlib.sha1).digest()
    assert hmac_of(SHA1_PADS[secret], message).digest() == expected
