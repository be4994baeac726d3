"""The per-shape caches and timestamp fast paths give what the general code gives.

Facts derived once per shape must not leak between protocol dialects that read the same
shape differently, nor between calls; the timestamp fast paths must agree with the general
ISO 8601 / RFC 822 patterns on every text, including near misses.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import botocore.model
import botocore.parsers
import botocore.serialize
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.model import ServiceModel
from strato.protocols import create_serializer, timestamps
from strato.protocols.parse import create_parser
from strato.protocols.timestamps import parse_timestamp

# --- timestamp fast paths ---------------------------------------------------------------

MOMENTS = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC)
)
COMMON_FORMS = (
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S.%fZ",
    "%a, %d %b %Y %H:%M:%S GMT",
)
# Characters that turn a common form into a near miss (other separators, signs, digits
# outside ASCII, letters of zone names).
NOISE = st.sampled_from(list("0123456789-:+., TZzGMUjanSEP\u0663\u00b2"))


def _general(text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """What parse_timestamp gives with the fast paths switched off (result or error text)."""
    with monkeypatch.context() as patch:
        patch.setattr(timestamps, "_iso_utc", lambda _: None)
        patch.setattr(timestamps, "_http_date", lambda _: None)
        return _outcome(text)


def _outcome(text: str) -> Any:
    try:
        parsed = parse_timestamp(text)
    except ValueError as error:
        return ("error", str(error))
    return (parsed, parsed.tzinfo)


@st.composite
def near_misses(draw: st.DrawFn) -> str:
    moment = draw(MOMENTS)
    text = list(moment.strftime(draw(st.sampled_from(COMMON_FORMS))))
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(("replace", "insert", "delete")))
        if action == "insert" or not text:
            text.insert(position, draw(NOISE))
        elif action == "replace":
            text[min(position, len(text) - 1)] = draw(NOISE)
        else:
            del text[min(position, len(text) - 1)]
    return "".join(text)


@settings(max_examples=400, deadline=None)
@given(text=near_misses())
def test_fast_paths_agree_with_general_patterns(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _outcome(text) == _general(text, monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        "1hu, 01 Jan 2026 00:00:00 GMT",
        "Thu, 01 Jan 2026 00:00:00 UTC",
        "Thu, 1 Jan 2026 00:00:00 GMT",
        "Thu,01 Jan 2026 00:00:00 GMT",
        "Thu, 01 Jan 2026 00:00 GMT",
        "Thu, 01 Jnn 2026 00:00:00 GMT",
        "Thu, 01 JAN 2026 00:00:00 GMT",
        "Thu, \u06601 Jan 2026 00:00:00 GMT",
        "Thu, 01-Jan-2026 00:00:00 GMT",
        "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00,5Z",
        "2026-01-01 00:00:00Z",
        "2026-01-01T00:00:00z",
        "+026-01-01T00:00:00Z",
        "2026-01-01T00:00:0\u0663Z",
        "2026-01-01T00:00:00.1\u0663Z",
        "2026-01-01T00:00:0\u00b2Z",
        "Thu, 01 Jan 2026 00:00:0\u00b2 GMT",
        "2026-01-01T00:00:00.1 Z",
        "2026-01-01T00:00:00.000+00:00",
        "20260101T000000Z",
    ],
)
def test_near_misses_read_like_general_path(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _outcome(text) == _general(text, monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30T00:00:00Z",
        "2026-01-01T24:00:00.000Z",
        "2026-01-01T00:00:60Z",
        "Fri, 31 Feb 2026 00:00:00 GMT",
        "Thu, 01 Jan 2026 25:00:00 GMT",
    ],
)
def test_out_of_range_common_forms_report_like_general_path(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = _outcome(text)
    assert outcome[0] == "error"
    assert outcome == _general(text, monkeypatch)


def test_common_forms_are_aware_utc() -> None:
    expected = datetime(2026, 1, 1, 1, 2, 3, tzinfo=UTC)
    for text in ("2026-01-01T01:02:03Z", "Thu, 01 Jan 2026 01:02:03 GMT"):
        parsed = parse_timestamp(text)
        assert parsed == expected
        assert parsed.tzinfo is UTC
    assert parse_timestamp("2026-01-01T01:02:03.5Z") == expected + timedelta(microseconds=500000)


# --- caches shared by dialects ----------------------------------------------------------

QUERY_MODEL: dict[str, Any] = {
    "metadata": {"apiVersion": "2020-01-01", "protocol": "query", "serviceId": "Cache Test"},
    "operations": {
        "Op": {
            "name": "Op",
            "http": {"method": "POST", "requestUri": "/"},
            "input": {"shape": "Input"},
        }
    },
    "shapes": {
        "Input": {
            "type": "structure",
            "members": {
                "lowerName": {"shape": "Text", "locationName": "lowerName"},
                "Query": {"shape": "Text", "queryName": "QueryOnly"},
                "Nested": {"shape": "Nested"},
            },
        },
        "Nested": {
            "type": "structure",
            "members": {"inner": {"shape": "Text", "locationName": "innerName"}},
        },
        "Text": {"type": "string"},
    },
}
PARAMS = {"lowerName": "a", "Query": "b", "Nested": {"inner": "c"}}


@pytest.mark.parametrize("first", ["query", "ec2"])
def test_query_and_ec2_names_do_not_share_a_cache(first: str) -> None:
    """One model object serialized in both dialects, in either order, as botocore does."""
    ours = ServiceModel(QUERY_MODEL, "cachetest").operation_model("Op")
    reference = botocore.model.ServiceModel(QUERY_MODEL, "cachetest").operation_model("Op")
    order = [first, "ec2" if first == "query" else "query"]
    for protocol in order:
        body = create_serializer(protocol).serialize_to_request(dict(PARAMS), ours)["body"]
        expected = botocore.serialize.create_serializer(protocol).serialize_to_request(
            dict(PARAMS), reference
        )["body"]
        assert body == expected


def test_repeated_parses_reuse_plans_without_changing_results() -> None:
    """Parsing again (served from the cached plans) still gives botocore's answer."""
    shape = ServiceModel(QUERY_MODEL, "cachetest").shape_for("Input")
    reference_shape = botocore.model.ServiceModel(QUERY_MODEL, "cachetest").shape_for("Input")
    body = (
        b"<Input><lowerName>x</lowerName><Query>q</Query>"
        b"<Nested><innerName>y</innerName></Nested></Input>"
    )
    response = {"status_code": 200, "headers": {"x-amz-request-id": "r"}, "body": body}
    expected = botocore.parsers.RestXMLParser().parse(response, reference_shape)
    parser = create_parser("rest-xml")
    first = parser.parse(response, shape)
    assert first == expected
    assert first["Nested"] == {"inner": "y"}
    assert parser.parse(response, shape) == expected
