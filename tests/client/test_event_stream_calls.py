"""Differential: operations with an event-stream output, through whole clients.

The canned transports answer S3 SelectObjectContent (rest-xml) and Lambda
InvokeWithResponseStream (rest-json) with ``application/vnd.amazon.eventstream`` bodies: both
clients must hand back an ``EventStream`` that yields the same events (and raises the same
``EventStreamError``), next to the same other response members.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any

import pytest

from ._compare import assert_same_outcome, outcome_view
from ._harness import Canned, call_botocore, call_strato
from .conftest import make_pair

CREDS = {"aws_access_key_id": "AKID", "aws_secret_access_key": "SECRET"}


def _message(headers: dict[str, str], payload: bytes = b"") -> bytes:
    """An event-stream message whose headers are all strings (type 7)."""
    encoded = b""
    for name, value in headers.items():
        raw = value.encode("utf-8")
        encoded += bytes([len(name)]) + name.encode("ascii") + b"\x07"
        encoded += struct.pack("!H", len(raw)) + raw
    prelude = struct.pack("!II", 16 + len(encoded) + len(payload), len(encoded))
    prelude += struct.pack("!I", zlib.crc32(prelude))
    message = prelude + encoded + payload
    return message + struct.pack("!I", zlib.crc32(message))


def _event(event_type: str, payload: bytes = b"") -> bytes:
    return _message({":message-type": "event", ":event-type": event_type}, payload)


SELECT = {
    "Bucket": "b",
    "Key": "k.csv",
    "Expression": "SELECT * FROM S3Object",
    "ExpressionType": "SQL",
    "InputSerialization": {"CSV": {}},
    "OutputSerialization": {"CSV": {}},
}
STATS = (
    b"<Stats><BytesScanned>9</BytesScanned><BytesProcessed>9</BytesProcessed>"
    b"<BytesReturned>4</BytesReturned></Stats>"
)
CASES: dict[str, tuple[str, str, dict[str, Any], Canned, str]] = {
    "s3-select": (
        "s3",
        "select_object_content",
        SELECT,
        Canned(
            200,
            {"x-amz-request-id": "s3-req", "x-amz-id-2": "host"},
            _event("Records", b"1,2\n") + _event("Stats", STATS) + _event("End"),
        ),
        "Payload",
    ),
    "s3-select-error-event": (
        "s3",
        "select_object_content",
        SELECT,
        Canned(
            200,
            {"x-amz-request-id": "s3-req", "x-amz-id-2": "host"},
            _event("Records", b"1,2\n")
            + _message(
                {":message-type": "error", ":error-code": "Busy", ":error-message": "Try later"}
            ),
        ),
        "Payload",
    ),
    "lambda-response-stream": (
        "lambda",
        "invoke_with_response_stream",
        {"FunctionName": "f"},
        Canned(
            200,
            {
                "x-amzn-RequestId": "req",
                "X-Amz-Executed-Version": "$LATEST",
                "Content-Type": "application/vnd.amazon.eventstream",
            },
            _event("PayloadChunk", b"hello ")
            + _event("PayloadChunk", b"world")
            + _event("InvokeComplete", b'{"LogResult": "bG9n"}'),
        ),
        "EventStream",
    ),
}


def _events(stream: Any) -> Any:
    events = []
    try:
        for event in stream:
            events.append(event)
    except Exception as error:
        events.append(outcome_view(error))
    stream.close()
    return events


@pytest.mark.parametrize("case", list(CASES))
def test_same_events(case: str) -> None:
    service, method, params, canned, member = CASES[case]
    boto, mine = make_pair(
        service, {"retries": {"total_max_attempts": 1}}, region_name="eu-west-1", **CREDS
    )
    _, boto_outcome = call_botocore(boto, method, dict(params), canned)
    _, strato_outcome = call_strato(mine, method, dict(params), canned)
    assert type(strato_outcome[member]).__name__ == "EventStream"
    boto_events = _events(boto_outcome.pop(member))
    strato_events = _events(strato_outcome.pop(member))
    assert strato_events == boto_events
    if case == "s3-select-error-event":
        assert strato_events[-1][:2] == (
            "EventStreamError",
            "An error occurred (Busy) when calling the SelectObjectContent operation: Try later",
        )
    assert len(strato_events) == (2 if case == "s3-select-error-event" else 3)
    assert_same_outcome(boto_outcome, strato_outcome)


def test_an_error_status_is_parsed_as_an_error() -> None:
    canned = Canned(
        404,
        {"x-amzn-RequestId": "req", "x-amzn-ErrorType": "ResourceNotFoundException"},
        b'{"Message": "Function not found"}',
    )
    boto, mine = make_pair(
        "lambda", {"retries": {"total_max_attempts": 1}}, region_name="eu-west-1", **CREDS
    )
    _, boto_outcome = call_botocore(
        boto, "invoke_with_response_stream", {"FunctionName": "f"}, canned
    )
    _, strato_outcome = call_strato(
        mine, "invoke_with_response_stream", {"FunctionName": "f"}, canned
    )
    assert type(strato_outcome).__name__ == "ResourceNotFoundException"
    assert_same_outcome(boto_outcome, strato_outcome)
