"""Differential tests: generated responses parsed by botocore and by strato give equal dicts.

Hypothesis builds wire responses from real service models (sts and sns: query, ec2: ec2,
sqs and dynamodb: json, s3: rest-xml, lambda: rest-json): bodies, bound headers, request ids,
modeled and unmodeled errors, HTML and empty error pages, broken bodies. Each response goes
through botocore.parsers.create_parser(protocol) with botocore.model shapes and through
strato.protocols.parse.create_parser with strato.model shapes, as the client does (output
shape, then the modeled error shape for errors). Exceptions must match by class name.
"""

from __future__ import annotations

import base64
import functools
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

import botocore.model
import botocore.parsers
import pytest
from botocore.awsrequest import HeadersDict
from botocore.loaders import Loader
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strato import model as strato_model
from strato.protocols.parse import create_parser

MAX_DEPTH = 4
XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=12,
)
HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=12)
EPOCH_SECONDS = st.integers(min_value=0, max_value=4_102_444_800)
REQUEST_ID = st.sampled_from(["", "req-1", "4c0d6d1e-8a6e-4b8e-9d2a-1b2c3d4e5f60"])


@functools.cache
def _description(service: str) -> dict[str, Any]:
    loaded: dict[str, Any] = Loader().load_service_model(service, "service-2")
    return loaded


@functools.cache
def _models(service: str) -> tuple[Any, Any]:
    return (
        botocore.model.ServiceModel(_description(service), service),
        strato_model.ServiceModel(_description(service), service),
    )


# --- wire values ------------------------------------------------------------------------


def _iso(seconds: int, micros: int, style: int) -> str:
    stamp = datetime.fromtimestamp(seconds, UTC) + timedelta(microseconds=micros)
    if style == 0:
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == 1:
        return stamp.strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
    if style == 2:
        return stamp.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


TIMESTAMP_TEXT = st.builds(
    _iso, EPOCH_SECONDS, st.integers(0, 999_999), st.integers(min_value=0, max_value=3)
)
FINITE = st.floats(allow_nan=False, allow_infinity=False, width=64)


def _scalar_text(type_name: str) -> st.SearchStrategy[str]:
    """A scalar as text, the way XML bodies and headers carry it."""
    if type_name in ("integer", "long"):
        return st.integers(-(2**40), 2**40).map(str)
    if type_name in ("float", "double"):
        return FINITE.map(repr)
    if type_name == "boolean":
        return st.sampled_from(["true", "false", "True", ""])
    if type_name == "timestamp":
        return TIMESTAMP_TEXT
    if type_name == "blob":
        return st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode())
    return XML_TEXT


def _json_value(shape: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type:
            return st.recursive(
                st.none() | st.booleans() | st.integers() | XML_TEXT,
                lambda inner: (
                    st.lists(inner, max_size=2) | st.dictionaries(XML_TEXT, inner, max_size=2)
                ),
                max_leaves=4,
            )
        members = {
            m.serialization.get("name", name): m
            for name, m in shape.members.items()
            if m.serialization.get("location") is None
        }
        if depth >= MAX_DEPTH or not members:
            return st.just({})
        fields = {key: _json_value(m, depth + 1) for key, m in members.items()}
        if shape.is_tagged_union:
            one = st.one_of([st.builds(lambda v, k=k: {k: v}, s) for k, s in fields.items()])
            return one | st.builds(lambda v: {"NewMember": v}, XML_TEXT)
        # Keys in any order (the result follows the model's), some of them null.
        fields = {key: value | st.none() for key, value in fields.items()}
        chosen = st.fixed_dictionaries({}, optional={**fields, "Unmodeled": XML_TEXT})
        return chosen.flatmap(lambda d: st.permutations(list(d.items())).map(dict))
    if kind == "list":
        if depth >= MAX_DEPTH:
            return st.just([])
        return st.lists(_json_value(shape.member, depth + 1), max_size=3)
    if kind == "map":
        if depth >= MAX_DEPTH:
            return st.just({})
        return st.dictionaries(XML_TEXT, _json_value(shape.value, depth + 1), max_size=3)
    if kind in ("integer", "long"):
        return st.integers(-(2**53), 2**53)
    if kind in ("float", "double"):
        return FINITE | st.integers(-1000, 1000)
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return EPOCH_SECONDS | st.floats(0, 4e9).map(lambda f: round(f, 3))
    if kind == "blob":
        return st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode())
    return XML_TEXT


def _xml_member_nodes(draw: Callable[..., Any], name: str, member: Any, depth: int) -> list[Any]:
    """The element(s) a structure member becomes under its parent."""
    serialization = member.serialization
    tag = serialization.get("name", name)
    if member.type_name == "list" and serialization.get("flattened"):
        item_tag = member.member.serialization.get("name", tag)
        count = draw(st.integers(0, 3)) if depth < MAX_DEPTH else 0
        return [_xml_node(draw, item_tag, member.member, depth + 1) for _ in range(count)]
    if member.type_name == "map" and serialization.get("flattened"):
        count = draw(st.integers(0, 3)) if depth < MAX_DEPTH else 0
        return [_xml_entry(draw, tag, member, depth) for _ in range(count)]
    return [_xml_node(draw, tag, member, depth)]


def _xml_entry(draw: Callable[..., Any], tag: str, shape: Any, depth: int) -> Any:
    entry = ElementTree.Element(tag)
    key_tag = shape.key.serialization.get("name", "key")
    value_tag = shape.value.serialization.get("name", "value")
    entry.append(_xml_node(draw, key_tag, shape.key, depth + 1))
    entry.append(_xml_node(draw, value_tag, shape.value, depth + 1))
    return entry


def _xml_node(draw: Callable[..., Any], tag: str, shape: Any, depth: int) -> Any:
    node = ElementTree.Element(tag)
    kind = shape.type_name
    if kind == "structure":
        if depth >= MAX_DEPTH:
            return node
        members = [
            (n, m)
            for n, m in shape.members.items()
            if m.serialization.get("location") is None
            and not m.serialization.get("eventstream")
            and not (m.type_name == "blob" and m.serialization.get("streaming"))
        ]
        if shape.is_tagged_union and members:
            members = [draw(st.sampled_from(members))]
        for name, member in members:
            if not draw(st.booleans()):
                continue
            if member.serialization.get("xmlAttribute"):
                attribute = member.serialization["name"]
                if ":" in attribute:
                    uri = shape.serialization.get("xmlNamespace", {}).get("uri", "urn:x")
                    node.set(f"xmlns:{attribute.split(':')[0]}", uri)
                node.set(attribute, draw(XML_TEXT))
                continue
            node.extend(_xml_member_nodes(draw, name, member, depth + 1))
        if draw(st.integers(0, 9)) == 0:
            ElementTree.SubElement(node, "Unmodeled").text = draw(XML_TEXT)
        return node
    if kind == "list":
        item_tag = shape.member.serialization.get("name", "member")
        count = draw(st.integers(0, 3)) if depth < MAX_DEPTH else 0
        node.extend(_xml_node(draw, item_tag, shape.member, depth + 1) for _ in range(count))
        return node
    if kind == "map":
        count = draw(st.integers(0, 3)) if depth < MAX_DEPTH else 0
        node.extend(_xml_entry(draw, "entry", shape, depth) for _ in range(count))
        return node
    node.text = draw(_scalar_text(kind))
    return node


def _xml_bytes(root: Any, namespace: str | None) -> bytes:
    if namespace:
        root.set("xmlns", namespace)
    body: bytes = ElementTree.tostring(root, encoding="utf-8")
    return body


def _header_value(draw: Callable[..., Any], shape: Any) -> str:
    if shape.serialization.get("jsonvalue"):
        doc = draw(st.dictionaries(HEADER_TEXT, st.integers() | HEADER_TEXT, max_size=2))
        return base64.b64encode(json.dumps(doc).encode()).decode()
    if shape.type_name == "list":
        return ",".join(draw(st.lists(HEADER_TEXT.filter(lambda s: "," not in s), max_size=3)))
    if shape.type_name == "timestamp":
        return draw(TIMESTAMP_TEXT | EPOCH_SECONDS.map(str))
    if shape.type_name in ("string", "blob"):
        return str(draw(HEADER_TEXT))
    return str(draw(_scalar_text(shape.type_name)))


def _bound_headers(draw: Callable[..., Any], shape: Any | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if shape is None:
        return headers
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        if location == "header" and draw(st.booleans()):
            header = member.serialization.get("name", name)
            spelled = draw(st.sampled_from([header, header.lower(), header.upper()]))
            headers[spelled] = _header_value(draw, member)
        elif location == "headers":
            prefix = member.serialization.get("name", "")
            for key in draw(st.lists(HEADER_TEXT, max_size=2, unique=True)):
                headers[prefix + key] = draw(HEADER_TEXT)
    return headers


def _request_headers(draw: Callable[..., Any]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name in draw(
        st.lists(
            st.sampled_from(
                ["x-amzn-RequestId", "x-amz-request-id", "x-amz-id-2", "X-Amzn-Requestid"]
            ),
            max_size=3,
            unique=True,
        )
    ):
        headers[name] = draw(REQUEST_ID)
    return headers


# --- responses per protocol ---------------------------------------------------------------


ERROR_STATUSES = st.sampled_from([300, 301, 400, 403, 404, 409, 500, 502, 503])


def _error_names(service_model: Any, operation: Any) -> st.SearchStrategy[str]:
    names = [shape.name for shape in operation.error_shapes] or ["NotModeled"]
    codes = [s.error_code for s in service_model.error_shapes][:20]
    return st.sampled_from(sorted({*names, *codes, "Throttling", "InternalError"}))


def _broken_body() -> st.SearchStrategy[bytes]:
    return st.sampled_from([b"", b"  ", b"<html><body>Bad Gateway</body></html>", b"{", b"<a>"])


@st.composite
def _query_response(draw: Callable[..., Any], service: str, operation_name: str) -> Any:
    service_model = _models(service)[0]
    operation = service_model.operation_model(operation_name)
    headers = _request_headers(draw)
    namespace = service_model.metadata.get("xmlNamespace") or None
    ec2 = service_model.protocol == "ec2"
    if draw(st.integers(0, 3)) == 0:
        status = draw(ERROR_STATUSES)
        if draw(st.integers(0, 4)) == 0:
            return status, headers, draw(_broken_body())
        root = ElementTree.Element("Response" if ec2 else "ErrorResponse")
        error_parent = ElementTree.SubElement(root, "Errors") if ec2 else root
        error = ElementTree.SubElement(error_parent, "Error")
        if not ec2:
            ElementTree.SubElement(error, "Type").text = draw(
                st.sampled_from(["Sender", "Receiver"])
            )
        ElementTree.SubElement(error, "Code").text = draw(_error_names(service_model, operation))
        if draw(st.booleans()):
            ElementTree.SubElement(error, "Message").text = draw(XML_TEXT)
        ElementTree.SubElement(root, "RequestID" if ec2 else "RequestId").text = draw(REQUEST_ID)
        return status, headers, _xml_bytes(root, namespace if draw(st.booleans()) else None)
    root = ElementTree.Element(f"{operation_name}Response")
    output = operation.output_shape
    if output is not None:
        wrapper = output.serialization.get("resultWrapper")
        result = _xml_node(draw, wrapper or "Result", output, 0)
        if wrapper:
            root.append(result)
        else:
            root.extend(list(result))
    if ec2:
        ElementTree.SubElement(root, "requestId").text = draw(REQUEST_ID)
    else:
        metadata = ElementTree.SubElement(root, "ResponseMetadata")
        ElementTree.SubElement(metadata, "RequestId").text = draw(REQUEST_ID)
    return draw(st.sampled_from([200, 200, 204, 300])), headers, _xml_bytes(root, namespace)


@st.composite
def _json_response(draw: Callable[..., Any], service: str, operation_name: str) -> Any:
    service_model = _models(service)[0]
    operation = service_model.operation_model(operation_name)
    headers = _request_headers(draw)
    rest = service_model.protocol == "rest-json"
    if draw(st.integers(0, 3)) == 0:
        status = draw(ERROR_STATUSES)
        if draw(st.integers(0, 4)) == 0:
            return status, headers, draw(_broken_body())
        code = draw(_error_names(service_model, operation))
        code = draw(
            st.sampled_from(
                [code, f"com.amazonaws.{service}#{code}", f"{code}:http://internal.amazon.com/"]
            )
        )
        body: dict[str, Any] = {}
        if draw(st.booleans()):
            body["__type"] = code
        if rest and draw(st.booleans()):
            headers["x-amzn-ErrorType"] = f"{code}:http://internal.amazon.com/"
        if rest and draw(st.booleans()):
            body["code"] = code
        for key in draw(st.lists(st.sampled_from(["message", "Message"]), unique=True)):
            body[key] = draw(XML_TEXT)
        if service_model.metadata.get("awsQueryCompatible") is not None and draw(st.booleans()):
            headers["x-amzn-query-error"] = draw(
                st.sampled_from(["AWS.SimpleQueueService.NonExistentQueue;Sender", ";Sender", "X"])
            )
        return status, headers, json.dumps(body).encode()
    output = operation.output_shape
    status = 200
    if output is None:
        return status, headers, b"" if draw(st.booleans()) else b"{}"
    headers.update(_bound_headers(draw, output))
    payload = output.serialization.get("payload")
    if payload is not None:
        member = output.members[payload]
        if member.type_name in ("blob", "string"):
            return status, headers, draw(st.binary(max_size=20) | XML_TEXT.map(str.encode))
        return status, headers, json.dumps(draw(_json_value(member))).encode()
    return status, headers, json.dumps(draw(_json_value(output))).encode()


@st.composite
def _rest_xml_response(draw: Callable[..., Any], service: str, operation_name: str) -> Any:
    service_model = _models(service)[0]
    operation = service_model.operation_model(operation_name)
    headers = _request_headers(draw)
    if draw(st.integers(0, 3)) == 0:
        status = draw(ERROR_STATUSES)
        choice = draw(st.integers(0, 5))
        if choice == 0:
            return status, headers, draw(_broken_body())
        root = ElementTree.Element("Error" if choice > 1 else "ErrorResponse")
        error = root if choice > 1 else ElementTree.SubElement(root, "Error")
        ElementTree.SubElement(error, "Code").text = draw(_error_names(service_model, operation))
        if draw(st.booleans()):
            ElementTree.SubElement(error, "Message").text = draw(XML_TEXT)
        if draw(st.booleans()):
            ElementTree.SubElement(error, "Key").text = draw(XML_TEXT)
        ElementTree.SubElement(root, "RequestId").text = draw(REQUEST_ID)
        if draw(st.booleans()):
            ElementTree.SubElement(root, "HostId").text = draw(REQUEST_ID)
        return status, headers, _xml_bytes(root, None)
    output = operation.output_shape
    if output is None:
        return 200, headers, b""
    headers.update(_bound_headers(draw, output))
    namespace = "http://s3.amazonaws.com/doc/2006-03-01/" if draw(st.booleans()) else None
    payload = output.serialization.get("payload")
    if payload is not None:
        member = output.members[payload]
        if member.type_name in ("blob", "string"):
            return 200, headers, draw(XML_TEXT).encode()
        tag = member.serialization.get("name", payload)
        return 200, headers, _xml_bytes(_xml_node(draw, tag, member, 0), namespace)
    root = _xml_node(draw, f"{operation_name}Result", output, 0)
    return draw(st.sampled_from([200, 204])), headers, _xml_bytes(root, namespace)


# --- comparison ---------------------------------------------------------------------------


def _parse(service_model: Any, operation_name: str, parser: Any, response: dict[str, Any]) -> Any:
    """What the client does: the output shape, then the modeled error shape for errors."""
    operation = service_model.operation_model(operation_name)
    try:
        parsed = parser.parse(response, operation.output_shape)
        if response["status_code"] >= 300 and "Error" in parsed:
            error_shape = service_model.shape_for_error_code(parsed["Error"].get("Code"))
            if error_shape is not None:
                parsed.update(parser.parse(response, error_shape))
    except Exception as error:
        return f"raised {type(error).__name__}"
    return parsed


def _check(service: str, operation_name: str, wire: tuple[int, dict[str, str], bytes]) -> None:
    status, headers, body = wire
    bc_model, st_model = _models(service)
    protocol = st_model.protocol
    if status < 300 and st_model.operation_model(operation_name).has_streaming_output:
        # The transport hands streaming bodies over unread; both parsers must leave them be.
        body = io.BytesIO(body)
    reference = _parse(
        bc_model,
        operation_name,
        botocore.parsers.create_parser(protocol),
        {"status_code": status, "headers": HeadersDict(headers), "body": body},
    )
    ours = _parse(
        st_model,
        operation_name,
        create_parser(protocol),
        {"status_code": status, "headers": dict(headers), "body": body},
    )
    assert ours == reference
    assert _key_order(ours) == _key_order(reference)


def _key_order(value: Any) -> Any:
    """Every dict's keys in their order, nested: results list members as botocore does."""
    if isinstance(value, dict):
        return [(key, _key_order(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_key_order(item) for item in value]
    return None


CASES = [
    ("sts", "AssumeRole", _query_response),
    ("sts", "GetCallerIdentity", _query_response),
    ("sts", "GetSessionToken", _query_response),
    ("sns", "ListTopics", _query_response),
    ("sns", "GetTopicAttributes", _query_response),
    ("sns", "Publish", _query_response),
    ("ec2", "DescribeInstances", _query_response),
    ("ec2", "DescribeRegions", _query_response),
    ("sqs", "ReceiveMessage", _json_response),
    ("sqs", "GetQueueAttributes", _json_response),
    ("sqs", "ListQueues", _json_response),
    ("dynamodb", "GetItem", _json_response),
    ("dynamodb", "Query", _json_response),
    ("dynamodb", "DescribeTable", _json_response),
    ("lambda", "GetFunction", _json_response),
    ("lambda", "Invoke", _json_response),
    ("lambda", "ListFunctions", _json_response),
    ("s3", "ListObjectsV2", _rest_xml_response),
    ("s3", "HeadObject", _rest_xml_response),
    ("s3", "GetObject", _rest_xml_response),
    ("s3", "GetBucketAcl", _rest_xml_response),
    ("s3", "GetBucketLifecycleConfiguration", _rest_xml_response),
    ("s3", "GetObjectTagging", _rest_xml_response),
    ("s3", "ListBuckets", _rest_xml_response),
    ("s3", "GetBucketPolicy", _rest_xml_response),
]


@pytest.mark.parametrize(
    ("service", "operation_name", "strategy"),
    CASES,
    ids=[f"{service}.{operation}" for service, operation, _ in CASES],
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_same_parse_as_botocore(
    service: str, operation_name: str, strategy: Any, data: st.DataObject
) -> None:
    _check(service, operation_name, data.draw(strategy(service, operation_name)))
