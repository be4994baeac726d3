"""botocore's protocol input suites, serialized by strato and by botocore 1.44.8.

Every case is checked twice: strato's request dict must equal botocore's exactly, and
(like botocore's tests/unit/test_protocols.py) the request must match the suite: body
compared as parsed JSON / XML / CBOR / form pairs, URI with its query string, expected
headers present with their values, ``forbidHeaders`` absent, ``requireHeaders`` present,
and the host when given. Where botocore disagrees with the suite, botocore wins: the case
is listed in DIVERGENCES, and the test checks that botocore still disagrees.
"""

from __future__ import annotations

import base64
import copy
import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from xml.etree import ElementTree

import botocore.model
import botocore.serialize
import pytest
from botocore.awsrequest import prepare_request_dict
from botocore.utils import percent_encode_sequence

from strato.model import ListShape, MapShape, ServiceModel, Shape, StructureShape
from strato.protocols import create_serializer
from strato.protocols._serialize_common import fill_idempotency_tokens

ROOT = Path(__file__).resolve().parents[2]
SUITES = ROOT / "tests" / "data" / "conformance" / "botocore-protocol-tests"
FILES = sorted(SUITES.glob("input/*.json")) + sorted(SUITES.glob("legacy/input/*.json"))
TOKEN = "00000000-0000-4000-8000-000000000000"

# Where botocore 1.44.8 does not produce what the suite expects; strato equals botocore there.
_COMPRESSION = "gzip request compression is applied after serialization, not by it"
_HOST_PATH = "the endpoint path is joined without the suite's trailing slash"
_EC2_NAMES = "ec2 capitalises only locationName/queryName, not plain member names"
_FLATTENED_NAME = "a flattened query list uses its member's locationName, not the list's"
_JSON_EMPTY_BODY = "the json protocol always sends a '{}' body"
_JSON_NULL = "None members are serialized as JSON null"
_DOC_PAYLOAD = 'a document payload is sent as {"null": <document>}'
_CHECKSUM = "Content-MD5 is added by a later handler"
_PAYLOAD_CONTENT_TYPE = "blob/string payloads get no default Content-Type"
_UNSET_PAYLOAD = "an unset structure payload sends '{}'"
_HEADER_LIST = "list headers are joined with ',' (no space)"
_JSONVALUE = "a jsonvalue header is JSON-encoded before base64"
_EMPTY_LIST_HEADER = "an empty list header is not sent"
_QUERY_PRECEDENCE = "map query parameters override named ones"
_XML_ROOT_NAME = "the XML root is named by the member reference, not the target shape's xmlName"
_XML_CONTENT_TYPE = "rest-xml sets no Content-Type for XML bodies"
_NO_ROOT_NAME = "an XML body whose shape has no locationName raises KeyError('name')"

DIVERGENCES: dict[str, tuple[str, ...]] = {
    "input/ec2.json::Ec2QueryEndpointTraitWithHostLabel": (_EC2_NAMES,),
    "input/ec2.json::Ec2QueryHostWithPath": (_HOST_PATH,),
    "input/ec2.json::SDKAppliedContentEncoding_ec2Query": (_COMPRESSION,),
    "input/ec2.json::SDKAppendsGzipAndIgnoresHttpProvidedEncoding_ec2Query": (_COMPRESSION,),
    "input/ec2.json::Ec2ProtocolIdempotencyTokenAutoFill": (_EC2_NAMES,),
    "input/ec2.json::Ec2ProtocolIdempotencyTokenAutoFillIsSet": (_EC2_NAMES,),
    "input/ec2.json::Ec2Lists": (_EC2_NAMES,),
    "input/ec2.json::Ec2TimestampsInput": (_EC2_NAMES,),
    "input/json.json::sends_requests_to_slash": (_JSON_EMPTY_BODY,),
    "input/json.json::includes_x_amz_target_and_content_type": (_JSON_EMPTY_BODY,),
    "input/json.json::AwsJson11HostWithPath": (_HOST_PATH,),
    "input/json.json::AwsJson11StructuresDontSerializeNullValues": (_JSON_NULL,),
    "input/json.json::SDKAppliedContentEncoding_awsJson1_1": (_COMPRESSION,),
    "input/json.json::SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsJson1_1": (_COMPRESSION,),
    "input/json_1_0.json::AwsJson10HostWithPath": (_HOST_PATH,),
    "input/json_1_0.json::SDKAppliedContentEncoding_awsJson1_0": (_COMPRESSION,),
    "input/json_1_0.json::SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsJson1_0": (_COMPRESSION,),
    "input/query.json::QueryHostWithPath": (_HOST_PATH,),
    "input/query.json::SDKAppliedContentEncoding_awsQuery": (_COMPRESSION,),
    "input/query.json::SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsQuery": (_COMPRESSION,),
    "input/query.json::QueryFlattenedListArgWithXmlName": (_FLATTENED_NAME,),
    "input/rest-json.json::DocumentTypeAsPayloadInput": (_DOC_PAYLOAD,),
    "input/rest-json.json::DocumentTypeAsPayloadInputString": (_DOC_PAYLOAD,),
    "input/rest-json.json::RestJsonHttpChecksumRequired": (_CHECKSUM,),
    "input/rest-json.json::RestJsonEnumPayloadRequest": (_PAYLOAD_CONTENT_TYPE,),
    "input/rest-json.json::RestJsonHttpPayloadTraitsWithBlob": (_PAYLOAD_CONTENT_TYPE,),
    "input/rest-json.json::RestJsonHttpPayloadWithUnsetUnion": (_UNSET_PAYLOAD,),
    "input/rest-json.json::RestJsonStringPayloadRequest": (_PAYLOAD_CONTENT_TYPE,),
    "input/rest-json.json::RestJsonInputAndOutputWithStringHeaders": (_HEADER_LIST,),
    "input/rest-json.json::RestJsonInputAndOutputWithQuotedStringHeaders": (_HEADER_LIST,),
    "input/rest-json.json::RestJsonInputAndOutputWithNumericHeaders": (_HEADER_LIST,),
    "input/rest-json.json::RestJsonInputAndOutputWithBooleanHeaders": (_HEADER_LIST,),
    "input/rest-json.json::RestJsonInputAndOutputWithTimestampHeaders": (_HEADER_LIST,),
    "input/rest-json.json::RestJsonInputAndOutputWithEnumHeaders": (_HEADER_LIST,),
    "input/rest-json.json::RestJsonInputAndOutputWithIntEnumHeaders": (_HEADER_LIST,),
    "input/rest-json.json::MediaTypeHeaderInputBase64": (_JSONVALUE,),
    "input/rest-json.json::RestJsonNullAndEmptyHeaders": (_EMPTY_LIST_HEADER,),
    "input/rest-json.json::SDKAppliedContentEncoding_restJson1": (_COMPRESSION,),
    "input/rest-json.json::SDKAppendedGzipAfterProvidedEncoding_restJson1": (_COMPRESSION,),
    "input/rest-json.json::RestJsonQueryPrecedence": (_QUERY_PRECEDENCE,),
    "input/rest-xml.json::BodyWithXmlName": (
        _XML_ROOT_NAME,
        _XML_CONTENT_TYPE,
    ),
    "input/rest-xml.json::FlattenedXmlMap": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::FlattenedXmlMapWithXmlName": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::RestXmlEnumPayloadRequest": (_PAYLOAD_CONTENT_TYPE,),
    "input/rest-xml.json::HttpPayloadWithMemberXmlName": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::HttpPayloadWithStructure": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::RestXmlHttpPayloadWithUnion": (
        _XML_ROOT_NAME,
        _XML_CONTENT_TYPE,
    ),
    "input/rest-xml.json::HttpPayloadWithXmlName": (
        _XML_ROOT_NAME,
        _XML_CONTENT_TYPE,
    ),
    "input/rest-xml.json::HttpPayloadWithXmlNamespace": (
        _XML_ROOT_NAME,
        _XML_CONTENT_TYPE,
    ),
    "input/rest-xml.json::HttpPayloadWithXmlNamespaceAndPrefix": (
        _XML_ROOT_NAME,
        _XML_CONTENT_TYPE,
    ),
    "input/rest-xml.json::RestXmlStringPayloadRequest": (_PAYLOAD_CONTENT_TYPE,),
    "input/rest-xml.json::InputAndOutputWithStringHeaders": (_HEADER_LIST,),
    "input/rest-xml.json::InputAndOutputWithNumericHeaders": (_HEADER_LIST,),
    "input/rest-xml.json::InputAndOutputWithBooleanHeaders": (_HEADER_LIST,),
    "input/rest-xml.json::InputAndOutputWithTimestampHeaders": (_HEADER_LIST,),
    "input/rest-xml.json::InputAndOutputWithEnumHeaders": (_HEADER_LIST,),
    "input/rest-xml.json::NestedXmlMapRequest": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::FlatNestedXmlMapRequest": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::NestedXmlMapWithXmlNameSerializes": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::NullAndEmptyHeaders": (_EMPTY_LIST_HEADER,),
    "input/rest-xml.json::SDKAppliedContentEncoding_restXml": (_COMPRESSION,),
    "input/rest-xml.json::SDKAppendedGzipAfterProvidedEncoding_restXml": (_COMPRESSION,),
    "input/rest-xml.json::RestXmlQueryPrecedence": (_QUERY_PRECEDENCE,),
    "input/rest-xml.json::RecursiveShapes": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::SimpleScalarProperties": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::SimpleScalarPropertiesWithEscapedCharacter": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::SimpleScalarPropertiesWithWhiteSpace": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::SimpleScalarPropertiesPureWhiteSpace": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::RestXmlSupportsNaNFloatInputs": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::RestXmlSupportsInfinityFloatInputs": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::RestXmlSupportsNegativeInfinityFloatInputs": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlAttributes": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlAttributesWithEscaping": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlAttributesOnPayload": (
        _XML_ROOT_NAME,
        _XML_CONTENT_TYPE,
    ),
    "input/rest-xml.json::XmlBlobs": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlEmptyLists": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlEmptyMaps": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlEmptyStrings": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlEnums": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlIntEnums": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlLists": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlMaps": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlMapsXmlName": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::RestXmlXmlMapWithXmlNamespace": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlNamespaces": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlTimestamps": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlTimestampsWithDateTimeFormat": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlTimestampsWithDateTimeOnTargetFormat": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlTimestampsWithEpochSecondsFormat": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlTimestampsWithEpochSecondsOnTargetFormat": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlTimestampsWithHttpDateFormat": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlTimestampsWithHttpDateOnTargetFormat": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlUnionsWithStructMember": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlUnionsWithStringMember": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlUnionsWithBooleanMember": (_XML_CONTENT_TYPE,),
    "input/rest-xml.json::XmlUnionsWithUnionMember": (_XML_CONTENT_TYPE,),
    "legacy/input/rest-json.json::Content-Type and JSON body#25.7": (_PAYLOAD_CONTENT_TYPE,),
    "legacy/input/rest-xml.json::Idempotency token auto fill#23.0": (_NO_ROOT_NAME,),
    "legacy/input/rest-xml.json::Idempotency token auto fill#23.1": (_NO_ROOT_NAME,),
}


def _load_cases() -> Iterator[Any]:
    assert FILES, f"protocol suites not found under {SUITES}"
    for path in FILES:
        label = str(path.relative_to(SUITES))
        for suite_index, suite in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            for case_index, case in enumerate(suite["cases"]):
                name = case.get("id") or f"{suite['description']}#{suite_index}.{case_index}"
                yield pytest.param(label, suite, case, id=f"{label}::{name}")


CASES = list(_load_cases())


def _description(suite: dict[str, Any], case: dict[str, Any]) -> tuple[dict[str, Any], str]:
    description = {k: copy.deepcopy(v) for k, v in suite.items() if k != "cases"}
    name = case["given"].get("name", "OperationName")
    description["operations"] = {name: copy.deepcopy(case["given"])}
    return description, name


def _with_floats(value: Any, shape: Shape) -> Any:
    """The suites write non-finite floats as "NaN" / "Infinity" / "-Infinity" strings."""
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        return {
            k: _with_floats(v, shape.members[k]) if k in shape.members else v
            for k, v in value.items()
        }
    if isinstance(shape, ListShape) and isinstance(value, list):
        return [_with_floats(v, shape.member) for v in value]
    if isinstance(shape, MapShape) and isinstance(value, dict):
        return {k: _with_floats(v, shape.value) for k, v in value.items()}
    if shape.type_name in ("float", "double") and value in ("NaN", "Infinity", "-Infinity"):
        return float(value)
    return value


def _run(serialize: Callable[[], dict[str, Any]]) -> dict[str, Any] | Exception:
    try:
        return serialize()
    except Exception as e:
        return e


def _serialize_both(
    suite: dict[str, Any], case: dict[str, Any]
) -> tuple[dict[str, Any] | Exception, dict[str, Any] | Exception]:
    description, name = _description(suite, case)
    protocol = suite["metadata"]["protocol"]
    operation = ServiceModel(description).operation_model(name)
    params = copy.deepcopy(case.get("params", {}))
    if operation.input_shape is not None:
        params = _with_floats(params, operation.input_shape)
    # The client fills missing idempotency tokens before serializing (botocore: a handler).
    fill_idempotency_tokens(params, operation, lambda: TOKEN)
    serializer = create_serializer(protocol, include_validation=False)
    ours = _run(lambda: serializer.serialize_to_request(copy.deepcopy(params), operation))
    b_operation = botocore.model.ServiceModel(copy.deepcopy(description)).operation_model(name)
    b_serializer = botocore.serialize.SERIALIZERS[protocol]()
    theirs = _run(lambda: b_serializer.serialize_to_request(params, b_operation))
    return ours, theirs


def _prepared(request: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """The request as the HTTP layer sends it: form body encoded, URL joined to the endpoint."""
    request = copy.deepcopy(request)
    if isinstance(request["body"], dict):
        request["body"] = percent_encode_sequence(request["body"]).encode("utf-8")
    prepare_request_dict(request, endpoint)
    return request


def _xml_canonical(data: bytes) -> str:
    return ElementTree.canonicalize(data.decode("utf-8"), strip_text=True)


def _nan_as_text(value: Any) -> Any:
    """NaN never equals itself; compare it as text inside decoded bodies."""
    if isinstance(value, dict):
        return {k: _nan_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nan_as_text(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return value


def _body_mismatch(
    protocol: str, actual: bytes, expected: str, decode_cbor: Callable[[bytes], Any]
) -> str | None:
    """Why ``actual`` differs from the suite's body (compared as parsed data), or None."""
    if protocol == "smithy-rpc-v2-cbor":
        want = _nan_as_text(decode_cbor(base64.b64decode(expected))) if expected else None
        got = _nan_as_text(decode_cbor(actual)) if actual else None
    elif not expected or not actual:
        want, got = expected.encode("utf-8"), actual
    elif protocol in ("json", "rest-json") and expected.lstrip()[:1] in ("{", "["):
        want, got = json.loads(expected), json.loads(actual)
    elif protocol == "rest-xml" and expected.lstrip().startswith("<"):
        want, got = _xml_canonical(expected.encode("utf-8")), _xml_canonical(actual)
    elif protocol in ("query", "ec2"):
        want = sorted(parse_qsl(expected, keep_blank_values=True))
        got = sorted(parse_qsl(actual.decode("utf-8"), keep_blank_values=True))
    else:
        want, got = expected.encode("utf-8"), actual
    return None if want == got else f"body {got!r} != {want!r}"


def _uri_mismatch(actual: str, expected: str) -> str | None:
    path, _, query = actual.partition("?")
    want_path, _, want_query = expected.partition("?")
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    want_pairs = sorted(parse_qsl(want_query, keep_blank_values=True))
    if path != want_path or pairs != want_pairs:
        return f"uri {actual!r} != {expected!r}"
    return None


def _mismatches(
    protocol: str,
    request: dict[str, Any],
    expected: dict[str, Any],
    endpoint: str | None,
    decode_cbor: Callable[[bytes], Any],
) -> list[str]:
    prepared = _prepared(request, endpoint or "https://example.com")
    problems: list[str] = []
    body = prepared["body"]
    if not isinstance(body, bytes):
        problems.append(f"body is {type(body)}, not bytes")
    elif (why := _body_mismatch(protocol, body, expected.get("body", ""), decode_cbor)) is not None:
        problems.append(why)
    headers = {k.lower(): v for k, v in prepared["headers"].items()}
    for name, value in expected.get("headers", {}).items():
        actual = headers.get(name.lower())
        if name.lower() == "content-type" and value == "application/x-www-form-urlencoded":
            # botocore always sends "; charset=utf-8" after the form media type.
            value += "; charset=utf-8"
        if actual != value:
            problems.append(f"header {name}: {actual!r} != {value!r}")
    forbidden = expected.get("forbidHeaders", [])
    problems += [f"forbidden header {h}" for h in forbidden if h.lower() in headers]
    # Content-Length is added when the request is prepared for sending, not by the serializer.
    required = [h for h in expected.get("requireHeaders", []) if h.lower() != "content-length"]
    problems += [f"missing header {h}" for h in required if h.lower() not in headers]
    url = urlsplit(prepared["url"])
    uri = url.path + (f"?{url.query}" if url.query else "")
    if (why := _uri_mismatch(uri, expected.get("uri", ""))) is not None:
        problems.append(why)
    if "method" in expected and prepared["method"] != expected["method"]:
        problems.append(f"method {prepared['method']} != {expected['method']}")
    host = expected.get("host")
    if host is not None and host != url.netloc and not (url.netloc + url.path).startswith(host):
        problems.append(f"host {url.netloc!r} != {host!r}")
    return problems


@pytest.mark.parametrize(("label", "suite", "case"), CASES)
def test_input_case(
    label: str,
    suite: dict[str, Any],
    case: dict[str, Any],
    request: pytest.FixtureRequest,
    cbor_decoder: Callable[[bytes], Any],
) -> None:
    ours, theirs = _serialize_both(suite, case)
    case_id = request.node.callspec.id
    if isinstance(theirs, Exception):
        assert case_id in DIVERGENCES, f"botocore raised {theirs!r}"
        assert type(ours) is type(theirs)
        assert str(ours) == str(theirs)
        return
    assert ours == theirs
    assert isinstance(ours, dict)
    protocol = suite["metadata"]["protocol"]
    endpoint = suite.get("clientEndpoint")
    problems = _mismatches(protocol, ours, case["serialized"], endpoint, cbor_decoder)
    if case_id in DIVERGENCES:
        assert problems, f"botocore now matches the suite; drop {case_id} from DIVERGENCES"
    else:
        assert problems == []


def test_every_suite_file_is_run() -> None:
    names = {str(p.relative_to(SUITES)) for p in FILES}
    assert {
        "input/query.json",
        "input/smithy-rpc-v2-cbor.json",
        "legacy/input/rest-xml.json",
    } <= names
    assert len(CASES) == 529


def test_divergences_name_real_cases() -> None:
    ids = {param.id for param in CASES}
    assert set(DIVERGENCES) <= ids
