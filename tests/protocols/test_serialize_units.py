"""Focused serializer behaviours: timestamps, CBOR heads, host labels, tokens, validation."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest

from strato.exceptions import ParamValidationError
from strato.model import OperationModel, ServiceModel, StructureShape
from strato.protocols import create_serializer
from strato.protocols._serialize_common import convert_timestamp, fill_idempotency_tokens
from strato.protocols.serialize_cbor import encode_cbor

MOMENT = datetime.datetime(2020, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.UTC)


def _operation(protocol: str, members: dict[str, Any], **op: Any) -> OperationModel:
    description = {
        "metadata": {
            "protocol": protocol,
            "apiVersion": "2020-01-01",
            "jsonVersion": "1.0",
            "targetPrefix": "Svc",
        },
        "operations": {
            "Op": {
                "name": "Op",
                "http": {"method": "POST", "requestUri": "/"},
                "input": {"shape": "In"},
                **op,
            }
        },
        "shapes": {
            "In": {"type": "structure", "members": members, "locationName": "In"},
            "Str": {"type": "string"},
            "Time": {"type": "timestamp"},
            "Int": {"type": "integer"},
        },
    }
    return ServiceModel(description).operation_model("Op")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("iso8601", "2020-01-02T03:04:05.123456Z"),
        ("unixtimestamp", 1577934245.123456),
        ("rfc822", "Thu, 02 Jan 2020 03:04:05 GMT"),
    ],
)
def test_timestamp_formats_keep_botocore_precision(fmt: str, expected: Any) -> None:
    assert convert_timestamp(MOMENT, fmt) == expected
    assert convert_timestamp(MOMENT.replace(microsecond=0), "iso8601") == "2020-01-02T03:04:05Z"


def test_header_timestamps_drop_sub_seconds() -> None:
    op = _operation(
        "rest-json", {"T": {"shape": "Time", "location": "header", "locationName": "X-T"}}
    )
    request = create_serializer("rest-json").serialize_to_request({"T": MOMENT}, op)
    assert request["headers"]["X-T"] == "Thu, 02 Jan 2020 03:04:05 GMT"


def test_query_timestamps_and_naive_datetimes_are_utc() -> None:
    op = _operation("query", {"T": {"shape": "Time"}})
    naive = MOMENT.replace(tzinfo=None)
    body = create_serializer("query").serialize_to_request({"T": naive}, op)["body"]
    assert body == {"Action": "Op", "Version": "2020-01-01", "T": "2020-01-02T03:04:05.123456Z"}


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, "00"),
        (23, "17"),
        (24, "1818"),
        (255, "18ff"),
        (256, "190100"),
        (65536, "1a00010000"),
        (2**32, "1b0000000100000000"),
        (-1, "20"),
        (-500, "3901f3"),
    ],
)
def test_cbor_integer_heads_are_shortest(value: int, encoded: str) -> None:
    assert encode_cbor(
        value, ServiceModel({"shapes": {"I": {"type": "long"}}}).shape_for("I")
    ).hex() == (encoded)


def test_cbor_body_of_a_structure() -> None:
    op = _operation("smithy-rpc-v2-cbor", {"S": {"shape": "Str"}, "T": {"shape": "Time"}})
    params = {"S": "hi", "T": MOMENT.replace(microsecond=0)}
    request = create_serializer("smithy-rpc-v2-cbor").serialize_to_request(params, op)
    # map(2), "S", "hi", "T", tag 1, uint32 epoch seconds
    assert request["body"].hex() == "a26153626869" + "6154" + "c1" + "1a" + f"{1577934245:08x}"
    assert request["url_path"] == "/service/Svc/operation/Op"
    assert request["headers"]["Content-Type"] == "application/cbor"


def test_host_label_must_be_a_hostname_fragment() -> None:
    op = _operation(
        "json",
        {"L": {"shape": "Str", "hostLabel": True}},
        endpoint={"hostPrefix": "{L}.data."},
    )
    serializer = create_serializer("json")
    assert serializer.serialize_to_request({"L": "a-b.c"}, op)["host_prefix"] == "a-b.c.data."
    with pytest.raises(ParamValidationError) as raised:
        serializer.serialize_to_request({"L": "a/b"}, op)
    assert str(raised.value) == (
        "Parameter validation failed:\nInvalid value for parameter(s): L. Must contain only "
        "alphanumeric characters, hyphen, or period."
    )


def test_missing_idempotency_tokens_get_a_uuid4() -> None:
    op = _operation("json", {"Token": {"shape": "Str", "idempotencyToken": True}})
    params: dict[str, Any] = {}
    fill_idempotency_tokens(params, op)
    assert uuid.UUID(params["Token"]).version == 4
    kept = {"Token": "mine"}
    fill_idempotency_tokens(kept, op)
    assert kept == {"Token": "mine"}


def test_serializer_validates_first_unless_told_not_to() -> None:
    op = _operation("json", {"N": {"shape": "Int"}})
    with pytest.raises(ParamValidationError, match="Invalid type for parameter N"):
        create_serializer("json").serialize_to_request({"N": "x"}, op)
    request = create_serializer("json", include_validation=False).serialize_to_request(
        {"N": "x"}, op
    )
    assert request["body"] == b'{"N": "x"}'


def test_model_is_lazy_and_cached() -> None:
    op = _operation("json", {"N": {"shape": "Int"}})
    assert isinstance(op.input_shape, StructureShape)
    assert op.input_shape is op.input_shape
    assert op.service_model.operation_model("Op") is op
    assert op.input_shape.members["N"].type_name == "integer"
