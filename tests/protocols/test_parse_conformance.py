"""botocore's protocol output suites, run through strato's parsers the way botocore runs them.

Each case is parsed by botocore 1.44.8 (with botocore.model) and by strato (with strato.model)
through the same harness as botocore's tests/unit/test_protocols.py: ResponseMetadata and
error keys other than Code/Message are dropped, blobs compared as text, timestamps as epoch
seconds, and errors re-parsed with the modeled error shape. Where botocore disagrees with
the suite, botocore wins: the case is listed in DIVERGENCES and strato must equal botocore.
"""

from __future__ import annotations

import base64
import copy
import json
import math
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import botocore.model
import botocore.parsers
import pytest
from botocore.awsrequest import HeadersDict

from strato import model as strato_model
from strato.protocols.parse import create_parser

ROOT = Path(__file__).resolve().parents[2]
SUITES = ROOT / "tests" / "data" / "conformance" / "botocore-protocol-tests"
FILES = sorted(SUITES.glob("output/*.json")) + sorted(SUITES.glob("legacy/output/*.json"))

# Cases where botocore 1.44.8 does not produce the suite's expected result (botocore's own
# protocol-tests-ignore-list.json skips most of them). strato must equal botocore here.
_GENERIC_5XX = "empty-bodied 500: botocore reports the HTTP status, not the x-amzn-errortype"
_NO_CODE_KEY = "json protocol reads only __type: the body's 'code' is ignored, status used"
_MESSAGE_KEPT = "botocore keeps the body's <Message>Hi</Message>; the suite expects ''"
_FLATTENED = "flattened list with member locationName: botocore looks up the item name only"
DIVERGENCES: dict[str, str] = {
    "ec2.json::Ec2ComplexError": _MESSAGE_KEPT,
    "ec2.json::Ec2XmlLists": _FLATTENED,
    "json.json::AwsJson11FooErrorUsingXAmznErrorType": _GENERIC_5XX,
    "json.json::AwsJson11FooErrorUsingXAmznErrorTypeWithUri": _GENERIC_5XX,
    "json.json::AwsJson11FooErrorUsingXAmznErrorTypeWithUriAndNamespace": _GENERIC_5XX,
    "json.json::AwsJson11FooErrorUsingCode": _NO_CODE_KEY,
    "json.json::AwsJson11FooErrorUsingCodeAndNamespace": _NO_CODE_KEY,
    "json.json::AwsJson11FooErrorUsingCodeUriAndNamespace": _NO_CODE_KEY,
    "json_1_0.json::AwsJson10FooErrorUsingXAmznErrorType": _GENERIC_5XX,
    "json_1_0.json::AwsJson10FooErrorUsingXAmznErrorTypeWithUri": _GENERIC_5XX,
    "json_1_0.json::AwsJson10FooErrorUsingXAmznErrorTypeWithUriAndNamespace": _GENERIC_5XX,
    "json_1_0.json::AwsJson10FooErrorUsingCode": _NO_CODE_KEY,
    "json_1_0.json::AwsJson10FooErrorUsingCodeAndNamespace": _NO_CODE_KEY,
    "json_1_0.json::AwsJson10FooErrorUsingCodeUriAndNamespace": _NO_CODE_KEY,
    "query.json::QueryComplexError": "query errors get no default Message key",
    "query.json::QueryXmlLists": _FLATTENED,
    "rest-json.json::RestJsonFooErrorUsingXAmznErrorType": _GENERIC_5XX,
    "rest-json.json::RestJsonFooErrorUsingXAmznErrorTypeWithUri": _GENERIC_5XX,
    "rest-json.json::RestJsonFooErrorUsingXAmznErrorTypeWithUriAndNamespace": _GENERIC_5XX,
    "rest-json.json::RestJsonHttpPayloadTraitsWithNoBlobBody": "empty blob payload gives ''",
    "rest-json.json::RestJsonHttpPayloadWithUnsetUnion": "empty union payload raises",
    "rest-json.json::RestJsonInputAndOutputWithQuotedStringHeaders": "header lists: plain split",
    "rest-json.json::RestJsonDeserializesDenseSetMapAndSkipsNull": "null in a map of lists raises",
    "rest-json.json::MediaTypeHeaderOutputBase64": "mediaType string header is not decoded",
    "rest-xml.json::BodyWithXmlName": "target shape's locationName (Hello) replaces the member's",
    "rest-xml.json::ComplexError": _MESSAGE_KEPT,
    "rest-xml.json::HttpPayloadTraitsWithNoBlobBody": "empty blob payload gives ''",
    "rest-xml.json::RestXmlHttpPayloadWithUnsetUnion": "empty union payload raises",
    "rest-xml.json::XmlLists": _FLATTENED,
}

# Divergences where strato does not copy botocore: a timestamp list header is split on every
# comma, so botocore hands "Mon" to dateutil, which answers with the next Monday from today.
# strato refuses the fragment instead (InvalidTimestampError, a ValueError).
STRATO_DIFFERS: dict[str, Any] = {
    "rest-json.json::RestJsonInputAndOutputWithTimestampHeaders": "raised InvalidTimestampError",
    "rest-xml.json::InputAndOutputWithTimestampHeaders": "raised InvalidTimestampError",
}


def _load_cases() -> Iterator[Any]:
    assert FILES, f"protocol suites not found under {SUITES}"
    for path in FILES:
        label = f"{'legacy/' if path.parent.parent.name == 'legacy' else ''}{path.name}"
        for suite in json.loads(path.read_text(encoding="utf-8")):
            for index, case in enumerate(suite["cases"]):
                case_id = f"{label}::{case.get('id') or suite['description'] + f'#{index}'}"
                yield pytest.param(suite, case, id=case_id)


class _MockRawResponse:
    """botocore's EventStream reads ``raw.stream()``."""

    def __init__(self, data: bytes) -> None:
        self._data = base64.b64decode(data)

    def stream(self) -> Iterator[bytes]:
        yield self._data


def _plain(value: Any) -> Any:
    """bytes as text and datetimes as epoch seconds, as botocore's harness compares them."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, datetime):
        return value.timestamp()
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return _plain(list(value))
    return value


def _fixup(parsed: dict[str, Any]) -> dict[str, Any]:
    parsed.pop("ResponseMetadata", None)
    parsed = _plain(parsed)
    if "Error" in parsed:
        parsed["Error"] = {k: v for k, v in parsed["Error"].items() if k in ("Code", "Message")}
    for key, value in parsed.items():
        if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
            parsed[key] = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return parsed


def _run(
    suite: dict[str, Any],
    case: dict[str, Any],
    model_module: Any,
    make_parser: Callable[[str], Any],
    headers_type: Callable[[dict[str, str]], Any],
) -> Any:
    """Parse the case's response like botocore's test_output_compliance; exceptions are results."""
    description = {k: v for k, v in copy.deepcopy(suite).items() if k != "cases"}
    given = copy.deepcopy(case["given"])
    name = given.get("name", "OperationName")
    description["operations"] = {name: given}
    raw = case["response"]
    model = model_module.ServiceModel(description)
    operation = model_module.OperationModel(given, model, name)
    protocol = model.metadata["protocol"]
    parser = make_parser(protocol)
    if "body" in raw:
        body: Any = raw["body"].encode("utf-8")
    else:
        body = b"<xml/>" if protocol == "query" else b""
    if protocol == "smithy-rpc-v2-cbor":
        body = base64.b64decode(body)
    if operation.has_event_stream_output:
        body = _MockRawResponse(body)
    response = {
        "status_code": raw["status_code"],
        "headers": headers_type(raw.get("headers", {})),
        "body": body,
        "context": {"operation_name": name},
    }
    output_shape = operation.output_shape
    try:
        if "error" in case:
            parsed = parser.parse(response, output_shape)
            error_shape = model.shape_for_error_code(parsed.get("Error", {}).get("Code"))
            if error_shape is not None:
                parsed.update(parser.parse(response, error_shape))
        else:
            if protocol == "query" and output_shape is not None and output_shape.members:
                output_shape.serialization["resultWrapper"] = f"{name}Result"
            parsed = parser.parse(response, output_shape)
        return _fixup(parsed)
    except Exception as error:
        return f"raised {type(error).__name__}"


def _expected(case: dict[str, Any]) -> Any:
    if "error" in case:
        expected = {
            "Error": {"Code": case.get("errorCode", ""), "Message": case.get("errorMessage", "")}
        }
        expected.update(case["error"])
        return expected
    return case["result"]


def _botocore_parser(protocol: str) -> Any:
    return botocore.parsers.create_parser(protocol)


@pytest.mark.parametrize(("suite", "case"), list(_load_cases()))
def test_output_case(
    suite: dict[str, Any], case: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    case_id = request.node.callspec.id
    reference = _run(suite, case, botocore.model, _botocore_parser, HeadersDict)
    ours = _run(suite, case, strato_model, create_parser, dict)
    expected = _expected(case)
    if case_id in STRATO_DIFFERS:
        assert reference != expected
        assert ours == STRATO_DIFFERS[case_id]
    elif case_id in DIVERGENCES:
        assert reference != expected, "botocore now agrees with the suite: drop the divergence"
        assert ours == reference
    else:
        assert reference == expected, "botocore disagrees with the suite: add a divergence"
        assert ours == expected


def test_every_output_suite_is_run() -> None:
    names = {str(path.relative_to(SUITES)) for path in FILES}
    assert {"output/smithy-rpc-v2-cbor.json", "legacy/output/rest-xml.json"} <= names
    assert len(names) == 15
    assert len(list(_load_cases())) == 475
