"""Random modeled HTTP responses for any operation, and a normal form to compare parsed results.

``modeled_response(service_model, operation_name, data)`` draws a valid answer in the
service's protocol (query, ec2, json, rest-json, rest-xml, smithy-rpc-v2-cbor) from the
operation's output shape: members bound to headers and the status code, payloads (streaming
blobs too), flattened and wrapped XML lists and maps, base64 blobs, timestamps in the
protocol's default form and in each member's ``timestampFormat``, epoch floats, non-ASCII
text. Sometimes it is a modeled error of the operation (its envelope, code and members) or an
unmodeled one. Operations with an event-stream output get a bare 200 (callers skip them).

``comparable(result)`` turns what either library returned or raised into plain values that
compare equal exactly when the results agree, datetimes by instant, offset and wall clock.
``local_zone(name)`` sets the process's local time zone meanwhile (epoch timestamps parse
to local time).
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import json
import math
import os
import struct
import time
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import botocore.model
from hypothesis import strategies as st

Headers = list[tuple[str, str]]
Response = tuple[int, Headers, bytes]

#: Deeper structures than this are drawn empty, so recursive shapes stay finite.
MAX_DEPTH = 3
_UTC = datetime.UTC
_XML_CHARS = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc"),  # surrogates; control characters XML forbids
)
_TEXT = st.one_of(
    st.text(alphabet="abcXYZ019 -_./:", max_size=8),
    st.text(alphabet=_XML_CHARS, max_size=6),
    st.sampled_from(["é", "日本語", "Ω≈ç√", "😀", " padded "]),
)
#: Header values go through http.client: printable ASCII, no edge whitespace, no commas
#: (a comma splits header lists).
_HEADER_TEXT = st.text(alphabet="abcXYZ019-_./:;=", min_size=1, max_size=10)
#: The rest of a header name after a modeled prefix (``x-amz-meta-``): token characters.
_HEADER_NAME = st.text(alphabet="abcxyz019-_.", min_size=1, max_size=8)
_INSTANTS = st.one_of(
    st.datetimes(
        min_value=datetime.datetime(1970, 1, 2),
        max_value=datetime.datetime(2100, 1, 1),
    ),
    # pre-1970, and around the DST changes of 2023 in America/Los_Angeles
    st.datetimes(
        min_value=datetime.datetime(1901, 1, 1), max_value=datetime.datetime(1969, 12, 31)
    ),
    st.sampled_from(
        [
            datetime.datetime(2023, 11, 5, 8, 30),
            datetime.datetime(2023, 11, 5, 9, 30),
            datetime.datetime(2023, 3, 12, 10, 30),
            datetime.datetime(1970, 1, 1),
        ]
    ),
).map(lambda moment: moment.replace(tzinfo=_UTC))
#: Tags of the XML error envelope, left out of an error shape's members.
_XML_ERROR_FIELDS = frozenset(("Code", "Message", "Type", "RequestId"))
_MODELED_ERROR_CHANCE = 0.25
_UNMODELED_ERROR_CHANCE = 0.1


def modeled_response(
    service_model: botocore.model.ServiceModel,
    operation_name: str,
    data: st.DataObject,
) -> Response:
    """A random (status, headers, body) answer to ``operation_name``."""
    operation = service_model.operation_model(operation_name)
    writer = _Writer(service_model, operation, data)
    if operation.has_event_stream_output:
        return 200, [("Content-Length", "0")], b""
    roll = data.draw(st.floats(min_value=0, max_value=1), label="error roll")
    if operation.error_shapes and roll < _MODELED_ERROR_CHANCE:
        shape = data.draw(st.sampled_from(operation.error_shapes), label="modeled error")
        return writer.finish(*writer.modeled_error(shape))
    if roll > 1 - _UNMODELED_ERROR_CHANCE:
        return writer.finish(*writer.unmodeled_error())
    return writer.finish(*writer.success())


class _Writer:
    """Draws values along shapes and writes them in one protocol's wire form."""

    def __init__(
        self,
        service: botocore.model.ServiceModel,
        operation: botocore.model.OperationModel,
        data: st.DataObject,
    ) -> None:
        self.service = service
        self.operation = operation
        self.data = data
        self.protocol = service.resolved_protocol
        self.headers: Headers = []

    def draw(self, strategy: st.SearchStrategy[Any], label: str = "") -> Any:
        return self.data.draw(strategy, label=label or None)

    def chance(self, label: str) -> bool:
        return bool(self.draw(st.booleans(), label))

    # --- the three kinds of answer ----------------------------------------------------

    def success(self) -> tuple[int, bytes]:
        shape = self.operation.output_shape
        request_id = self.draw(_HEADER_TEXT, "request id")
        protocol = self.protocol
        if protocol in ("query", "ec2"):
            self.headers.append(("Content-Type", "text/xml"))
            return 200, self._query_success(shape, request_id)
        if protocol == "json":
            self.headers += [("Content-Type", self._json_type()), ("x-amzn-RequestId", request_id)]
            body = {} if shape is None else self._json_structure(shape, 0)
            return 200, self._json_bytes(body)
        if protocol == "smithy-rpc-v2-cbor":
            self.headers += [
                ("Content-Type", "application/cbor"),
                ("smithy-protocol", "rpc-v2-cbor"),
                ("x-amzn-RequestId", request_id),
            ]
            return 200, _cbor(self._cbor_structure(shape, 0) if shape is not None else {})
        self._rest_request_id(request_id)
        if shape is None:
            return 200, b""
        return self._rest_success(shape)

    def modeled_error(self, shape: botocore.model.StructureShape) -> tuple[int, bytes]:
        status = int(shape.metadata.get("error", {}).get("httpStatusCode", 400))
        code = shape.error_code
        message = self.draw(_TEXT, "message")
        request_id = self.draw(_HEADER_TEXT, "request id")
        protocol = self.protocol
        if protocol in ("query", "ec2", "rest-xml"):
            members = self._xml_members(shape, 0, skip=_XML_ERROR_FIELDS)[1]
            return status, self._xml_error(code, message, request_id, members)
        if protocol == "rest-json":
            self._rest_request_id(request_id)
            self.headers.append(("Content-Type", "application/json"))
            body = self._json_structure(shape, 0)
            self._bind_headers(shape)
            if self.chance("code in header"):
                self.headers.append(("x-amzn-ErrorType", f"{code}:http://internal.amazon.com/"))
            else:
                body["code"] = code
            body["message"] = message
            return status, self._json_bytes(body)
        self.headers.append(("x-amzn-RequestId", request_id))
        error_type = code
        if self.service.metadata.get("awsQueryCompatible") and shape.name != code:
            # The body names the shape; the query code rides in a header.
            self.headers.append(("x-amzn-query-error", f"{code};Sender"))
            error_type = shape.name
        namespace = self.draw(st.sampled_from(["", "com.amazonaws.svc#"]), "namespace")
        if protocol == "json":
            self.headers.append(("Content-Type", self._json_type()))
            body = {**self._json_structure(shape, 0), "__type": namespace + error_type}
            body["message" if self.chance("lower-case message") else "Message"] = message
            return status, self._json_bytes(body)
        self.headers += [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")]
        fields = {**self._cbor_structure(shape, 0), "__type": namespace + error_type}
        return status, _cbor({**fields, "message": message})

    def unmodeled_error(self) -> tuple[int, bytes]:
        status = self.draw(st.sampled_from([400, 403, 404, 409, 500, 503]), "status")
        code = self.draw(st.sampled_from(["SomethingWrong", "AccessDenied", "Throttling"]))
        message = self.draw(_TEXT, "message")
        request_id = self.draw(_HEADER_TEXT, "request id")
        if status >= 500 and self.chance("no body"):
            self.headers.append(("x-amzn-RequestId", request_id))
            return status, self.draw(st.sampled_from([b"", b"<html><body>busy</body></html>"]))
        protocol = self.protocol
        if protocol in ("query", "ec2", "rest-xml"):
            return status, self._xml_error(code, message, request_id, "")
        self.headers.append(("x-amzn-RequestId", request_id))
        if protocol == "smithy-rpc-v2-cbor":
            self.headers.append(("smithy-protocol", "rpc-v2-cbor"))
            return status, _cbor({"__type": code, "message": message})
        if protocol == "rest-json":
            self.headers.append(("x-amzn-ErrorType", code))
        return status, self._json_bytes({"__type": code, "message": message})

    def finish(self, status: int, body: bytes) -> Response:
        """HEAD answers carry no body; Content-Length is the body's unless a member set it."""
        if self.operation.http.get("method") == "HEAD":
            body = b""
        if not any(name.lower() == "content-length" for name, _ in self.headers):
            self.headers.append(("Content-Length", str(len(body))))
        return status, self.headers, body

    # --- REST bindings ------------------------------------------------------------------

    def _rest_request_id(self, request_id: str) -> None:
        if self.protocol == "rest-xml":
            self.headers += [("x-amz-request-id", request_id), ("x-amz-id-2", request_id + "==")]
        else:
            self.headers.append(("x-amzn-RequestId", request_id))

    def _rest_success(self, shape: botocore.model.StructureShape) -> tuple[int, bytes]:
        status = 200
        for name, member in shape.members.items():
            if member.serialization.get("location") == "statusCode" and self.chance(name):
                status = self.draw(st.sampled_from([200, 201, 202, 206]), "status code")
        body = self._rest_body(shape)
        self._bind_headers(shape, len(body))
        return status, body

    def _rest_body(self, shape: botocore.model.StructureShape) -> bytes:
        xml = self.protocol == "rest-xml"
        payload = shape.serialization.get("payload")
        if payload is None:
            if xml:
                members = self._xml_members(shape, 0)
                if members == ("", "") and self.chance("empty body"):
                    return b""
                return self._xml_document(_root_name(shape), members, shape)
            self.headers.append(("Content-Type", "application/json"))
            return self._json_bytes(self._json_structure(shape, 0))
        member = shape.members[payload]
        if member.type_name in ("blob", "string"):
            if not self.chance(f"{payload} present"):
                return b""
            if member.type_name == "string":
                return str(self.draw(_TEXT, payload)).encode("utf-8")
            return bytes(self.draw(st.binary(max_size=40), payload))
        if not self.chance(f"{payload} present"):
            return b""
        if xml:
            name = member.serialization.get("name", member.name)
            return self._xml_document(name, self._xml_members(member, 0), member)
        return self._json_bytes(self._json_value(member, 0))

    def _bind_headers(self, shape: botocore.model.StructureShape, body_size: int = 0) -> None:
        taken = {name.lower() for name, _ in self.headers}
        for name, member in shape.members.items():
            location = member.serialization.get("location")
            if location == "headers":
                prefix = member.serialization.get("name", "")
                keys = self.draw(st.lists(_HEADER_NAME, max_size=2, unique=True), name)
                for key in keys:
                    if (prefix + key).lower() not in taken:
                        taken.add((prefix + key).lower())
                        self.headers.append((prefix + key, self.draw(_HEADER_TEXT, key)))
                continue
            header = member.serialization.get("name", name)
            if location != "header" or header.lower() in taken or not self.chance(name):
                continue
            if header.lower() in ("transfer-encoding", "connection"):
                continue
            taken.add(header.lower())
            self.headers.append((header, self._header_value(member, header, body_size)))

    def _header_value(self, member: botocore.model.Shape, header: str, body_size: int) -> str:
        lowered = header.lower()
        if lowered == "content-length":
            return str(body_size)
        if lowered == "content-encoding":
            return "identity"
        if lowered == "expires" and self.chance("unparsable Expires"):
            return str(self.draw(st.sampled_from(["never", "0", "Thu, 99 Foo 2024", "-1"])))
        if lowered.startswith("x-amz-checksum-") and member.type_name == "string":
            # A checksum that is not base64 is a documented difference (botocore: binascii.Error).
            digest = self.draw(
                st.binary(min_size=4, max_size=4) | st.binary(min_size=32, max_size=32)
            )
            return base64.b64encode(digest).decode()
        type_name = member.type_name
        if type_name == "list":
            items = self.draw(st.lists(self._header_scalar(member.member), min_size=1, max_size=3))
            return ", ".join(items)
        if type_name == "string" and member.serialization.get("jsonvalue"):
            document = self.draw(_json_documents(), "json header")
            return base64.b64encode(json.dumps(document).encode()).decode()
        return str(self.draw(self._header_scalar(member), header))

    def _header_scalar(self, shape: botocore.model.Shape) -> st.SearchStrategy[str]:
        type_name = shape.type_name
        if type_name == "timestamp":
            fmt = shape.serialization.get("timestampFormat", "rfc822")
            return _INSTANTS.flatmap(lambda moment: _timestamp_text(moment, fmt))
        if type_name == "boolean":
            return st.sampled_from(["true", "false"])
        if type_name in ("integer", "long"):
            return st.integers(min_value=-(2**31), max_value=2**31 - 1).map(str)
        if type_name in ("float", "double"):
            return _floats().map(repr)
        if type_name == "blob":
            return st.binary(max_size=12).map(lambda raw: base64.b64encode(raw).decode())
        if shape.enum:
            return st.sampled_from([value for value in shape.enum if "," not in value] or ["x"])
        return _HEADER_TEXT

    # --- XML ------------------------------------------------------------------------------

    def _query_success(self, shape: botocore.model.Shape | None, request_id: str) -> bytes:
        name = self.operation.name
        members = "" if shape is None else self._xml_members(shape, 0)[1]
        xmlns = f' xmlns="https://{self.service.endpoint_prefix}.amazonaws.com/doc/"'
        if self.protocol == "ec2":
            inner = f"<requestId>{escape(request_id)}</requestId>{members}"
        else:
            wrapper = shape.serialization.get("resultWrapper") if shape is not None else None
            result = f"<{wrapper}>{members}</{wrapper}>" if wrapper else members
            meta = f"<RequestId>{escape(request_id)}</RequestId>"
            inner = f"{result}<ResponseMetadata>{meta}</ResponseMetadata>"
        return f"<{name}Response{xmlns}>{inner}</{name}Response>".encode()

    def _xml_error(self, code: str, message: str, request_id: str, members: str) -> bytes:
        self.headers.append(("Content-Type", "text/xml"))
        fields = f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message>{members}"
        rid = escape(request_id)
        if self.protocol == "ec2":
            text = f"<Response><Errors><Error>{fields}</Error></Errors><RequestID>{rid}</RequestID>"
            return (text + "</Response>").encode()
        if self.protocol == "rest-xml":
            self._rest_request_id(request_id)
            if self.service.endpoint_prefix == "s3":
                return f"<Error>{fields}<RequestId>{rid}</RequestId></Error>".encode()
        error = f"<Error><Type>Sender</Type>{fields}</Error>"
        return f"<ErrorResponse>{error}<RequestId>{rid}</RequestId></ErrorResponse>".encode()

    def _xml_document(
        self, root: str, members: tuple[str, str], shape: botocore.model.Shape
    ) -> bytes:
        namespace = shape.serialization.get("xmlNamespace", {}).get("uri")
        if namespace is None and self.chance("xmlns"):
            namespace = "http://s3.amazonaws.com/doc/2006-03-01/"
        xmlns = f" xmlns={quoteattr(namespace)}" if namespace else ""
        prolog = '<?xml version="1.0" encoding="UTF-8"?>\n' if self.chance("prolog") else ""
        attributes, children = members
        return f"{prolog}<{root}{xmlns}{attributes}>{children}</{root}>".encode()

    def _xml_members(
        self, shape: botocore.model.StructureShape, depth: int, skip: frozenset[str] = frozenset()
    ) -> tuple[str, str]:
        """A structure's body members as XML: (attributes, child elements); ``skip`` names
        tags the envelope already has."""
        chosen = [name for name in self._chosen_members(shape, depth) if name not in skip]
        attributes = []
        parts = []
        for name in chosen:
            member = shape.members[name]
            serialization = member.serialization
            if serialization.get("location"):
                continue
            tag = serialization.get("name", name)
            if serialization.get("xmlAttribute"):
                value = escape(str(self.draw(_HEADER_TEXT, name)))
                if ":" in tag:
                    prefix = tag.split(":")[0]
                    uri = "http://www.w3.org/2001/XMLSchema-instance"
                    attributes.append(f' xmlns:{prefix}="{uri}"')
                attributes.append(f' {tag}="{value}"')
                continue
            parts.append(self._xml_member(member, tag, depth + 1))
        return "".join(attributes), "".join(parts)

    def _xml_member(self, shape: botocore.model.Shape, tag: str, depth: int) -> str:
        type_name = shape.type_name
        if type_name == "list":
            items = self._items(shape, depth)
            if shape.serialization.get("flattened"):
                item_tag = shape.member.serialization.get("name", tag)
                return "".join(self._xml_member(shape.member, item_tag, depth) for _ in items)
            item_tag = shape.member.serialization.get("name", "member")
            inner = "".join(self._xml_member(shape.member, item_tag, depth) for _ in items)
            return f"<{tag}>{inner}</{tag}>"
        if type_name == "map":
            key_tag = shape.key.serialization.get("name", "key")
            value_tag = shape.value.serialization.get("name", "value")
            entries = [
                f"{self._xml_member(shape.key, key_tag, depth)}"
                f"{self._xml_member(shape.value, value_tag, depth)}"
                for _ in self._map_keys(shape, depth)
            ]
            if shape.serialization.get("flattened"):
                return "".join(f"<{tag}>{entry}</{tag}>" for entry in entries)
            return f"<{tag}>" + "".join(f"<entry>{e}</entry>" for e in entries) + f"</{tag}>"
        if type_name == "structure":
            attributes, children = self._xml_members(shape, depth)
            return f"<{tag}{attributes}>{children}</{tag}>"
        return f"<{tag}>{escape(self._xml_scalar(shape))}</{tag}>"

    def _xml_scalar(self, shape: botocore.model.Shape) -> str:
        type_name = shape.type_name
        if type_name == "timestamp":
            fmt = shape.serialization.get("timestampFormat", "iso8601")
            return str(self.draw(_INSTANTS.flatmap(lambda m: _timestamp_text(m, fmt))))
        if type_name == "blob":
            return base64.b64encode(self.draw(st.binary(max_size=16))).decode()
        if type_name == "boolean":
            return "true" if self.chance("boolean") else "false"
        if type_name in ("integer", "long"):
            return str(self.draw(_integers(type_name)))
        if type_name in ("float", "double"):
            return repr(self.draw(_floats()))
        if shape.enum and self.chance("enum value"):
            return str(self.draw(st.sampled_from(shape.enum)))
        return str(self.draw(_TEXT))

    # --- JSON ----------------------------------------------------------------------------

    def _json_type(self) -> str:
        return f"application/x-amz-json-{self.service.metadata.get('jsonVersion', '1.0')}"

    def _json_bytes(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=self.chance("ascii json")).encode("utf-8")

    def _json_structure(self, shape: botocore.model.StructureShape, depth: int) -> dict[str, Any]:
        if shape.is_document_type:
            return dict(self.draw(st.dictionaries(_HEADER_TEXT, _json_documents(), max_size=2)))
        if shape.is_tagged_union and self.chance("unknown union member"):
            return {"SomeNewMember": 1}
        out: dict[str, Any] = {}
        for name in self._chosen_members(shape, depth):
            member = shape.members[name]
            if member.serialization.get("location"):
                continue
            key = member.serialization.get("name", name)
            out[key] = self._json_value(member, depth + 1)
        return out

    def _json_value(self, shape: botocore.model.Shape, depth: int) -> Any:
        type_name = shape.type_name
        if type_name == "structure":
            return self._json_structure(shape, depth)
        if type_name == "list":
            return [self._json_value(shape.member, depth) for _ in self._items(shape, depth)]
        if type_name == "map":
            return {
                key: self._json_value(shape.value, depth) for key in self._map_keys(shape, depth)
            }
        if type_name == "timestamp":
            fmt = shape.serialization.get("timestampFormat", "unixTimestamp")
            if fmt == "unixTimestamp":
                return self.draw(_INSTANTS.flatmap(_epoch_number), "epoch")
            return self.draw(_INSTANTS.flatmap(lambda moment: _timestamp_text(moment, fmt)))
        if type_name == "blob":
            return base64.b64encode(self.draw(st.binary(max_size=16))).decode()
        if type_name == "boolean":
            return self.chance("boolean")
        if type_name in ("integer", "long"):
            return self.draw(_integers(type_name))
        if type_name in ("float", "double"):
            return self.draw(_floats())
        if shape.enum and self.chance("enum value"):
            return self.draw(st.sampled_from(shape.enum))
        return self.draw(_TEXT)

    # --- CBOR ----------------------------------------------------------------------------

    def _cbor_structure(self, shape: botocore.model.StructureShape, depth: int) -> dict[str, Any]:
        if shape.is_document_type:
            return dict(self.draw(st.dictionaries(_HEADER_TEXT, _json_documents(), max_size=2)))
        return {
            name: self._cbor_value(shape.members[name], depth + 1)
            for name in self._chosen_members(shape, depth)
        }

    def _cbor_value(self, shape: botocore.model.Shape, depth: int) -> Any:
        type_name = shape.type_name
        if type_name == "structure":
            return self._cbor_structure(shape, depth)
        if type_name == "list":
            return [self._cbor_value(shape.member, depth) for _ in self._items(shape, depth)]
        if type_name == "map":
            return {
                key: self._cbor_value(shape.value, depth) for key in self._map_keys(shape, depth)
            }
        if type_name == "timestamp":
            return _Tagged(self.draw(_INSTANTS.flatmap(_epoch_number), "epoch"))
        if type_name == "blob":
            return bytes(self.draw(st.binary(max_size=16)))
        if type_name == "boolean":
            return self.chance("boolean")
        if type_name in ("integer", "long"):
            return self.draw(_integers(type_name))
        if type_name in ("float", "double"):
            return self.draw(_floats())
        if shape.enum and self.chance("enum value"):
            return self.draw(st.sampled_from(shape.enum))
        return self.draw(_TEXT)

    # --- shared draws ----------------------------------------------------------------------

    def _chosen_members(self, shape: botocore.model.StructureShape, depth: int) -> list[str]:
        """Which members are present: exactly one of a union, none beyond ``MAX_DEPTH``."""
        names = list(shape.members)
        if not names or (depth >= MAX_DEPTH and not shape.is_tagged_union):
            return []
        if shape.is_tagged_union:
            return [self.draw(st.sampled_from(names), f"{shape.name} union member")]
        picked = self.draw(st.lists(st.booleans(), min_size=len(names), max_size=len(names)))
        return [name for name, keep in zip(names, picked, strict=True) if keep]

    def _items(self, shape: botocore.model.ListShape, depth: int) -> range:
        if depth >= MAX_DEPTH:
            return range(0)
        return range(self.draw(st.integers(min_value=0, max_value=3), f"{shape.name} size"))

    def _map_keys(self, shape: botocore.model.MapShape, depth: int) -> list[str]:
        if depth >= MAX_DEPTH:
            return []
        key_shape = shape.key
        keys = st.sampled_from(key_shape.enum) if key_shape.enum else _TEXT
        return list(self.draw(st.lists(keys, max_size=3, unique=True), f"{shape.name} keys"))


def _root_name(shape: botocore.model.StructureShape) -> str:
    name = str(shape.serialization.get("name", shape.name))
    return name if name != "Error" else "ErrorResult"  # <Error> at the root is S3's 200 error


def _integers(type_name: str) -> st.SearchStrategy[int]:
    bits = 31 if type_name == "integer" else 63
    return st.integers(min_value=-(2**bits), max_value=2**bits - 1)


def _floats() -> st.SearchStrategy[float]:
    return st.floats(allow_nan=False, allow_infinity=False, width=64)


def _json_documents() -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers(-1000, 1000) | _HEADER_TEXT
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=2) | st.dictionaries(_HEADER_TEXT, inner, max_size=2)
        ),
        max_leaves=4,
    )


def _epoch_number(moment: datetime.datetime) -> st.SearchStrategy[float | int]:
    whole = int(moment.timestamp())
    return st.sampled_from([whole, whole + 0.5, round(moment.timestamp(), 3), float(whole)])


def _timestamp_text(moment: datetime.datetime, fmt: str) -> st.SearchStrategy[str]:
    if fmt == "unixTimestamp":
        return _epoch_number(moment).map(str)
    if fmt == "rfc822":
        return st.just(moment.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    forms = [
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        (moment + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+02:00"),
        (moment - datetime.timedelta(minutes=330)).strftime("%Y-%m-%dT%H:%M:%S.%f-0530"),
    ]
    return st.sampled_from(forms)


# --- CBOR encoding (RFC 8949), as much as responses use ------------------------------------


class _Tagged:
    """An epoch timestamp, written under CBOR tag 1."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


def _cbor_head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * width):
            return bytes([major << 5 | info]) + argument.to_bytes(width, "big")
    raise ValueError(f"{argument} does not fit a CBOR head")


def _cbor(value: Any) -> bytes:
    if value is None:
        return b"\xf6"
    if isinstance(value, bool):
        return b"\xf5" if value else b"\xf4"
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _cbor_head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor(item) for item in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(
            _cbor(key) + _cbor(item) for key, item in value.items()
        )
    if isinstance(value, _Tagged):
        return _cbor_head(6, 1) + _cbor(value.seconds)
    raise TypeError(f"no CBOR form for {type(value).__name__}")


# --- comparison ------------------------------------------------------------------------------

_KEPT_METADATA = ("HTTPStatusCode", "RequestId")


def comparable(parsed: Any) -> Any:
    """A plain-value form of a result or a raised exception, equal when the two agree.

    Streams are read out (a read error is part of the result); ``ResponseMetadata`` keeps
    the status, the lower-cased headers and the request id; a datetime is its UTC instant,
    its offset and its wall clock (``isoformat``), not its tzinfo class or zone name.
    """
    if isinstance(parsed, BaseException):
        response = getattr(parsed, "response", None)
        return ("raised", type(parsed).__name__, str(parsed), comparable(response))
    if isinstance(parsed, dict):
        return {
            key: _metadata(value) if key == "ResponseMetadata" else comparable(value)
            for key, value in parsed.items()
        }
    if isinstance(parsed, list | tuple):
        return [comparable(item) for item in parsed]
    if isinstance(parsed, datetime.datetime):
        if parsed.tzinfo is None:
            return ("naive datetime", parsed.isoformat())
        instant = parsed.astimezone(_UTC).isoformat()
        return ("datetime", instant, parsed.utcoffset(), parsed.isoformat())
    if isinstance(parsed, float) and math.isnan(parsed):
        return ("float", "nan")
    if type(parsed).__name__ == "EventStream":
        return ("event stream",)
    if hasattr(parsed, "read") and not isinstance(parsed, bytes | str):
        try:
            return ("stream", parsed.read())
        except Exception as error:  # the read's own failure is the observable
            return ("stream raised", type(error).__name__, str(error))
    return parsed


def _metadata(metadata: Any) -> Any:
    if not isinstance(metadata, dict):
        return comparable(metadata)
    kept = {key: metadata[key] for key in _KEPT_METADATA if key in metadata}
    headers = metadata.get("HTTPHeaders")
    if headers is not None:
        kept["HTTPHeaders"] = {str(name).lower(): value for name, value in headers.items()}
    return kept


@contextlib.contextmanager
def local_zone(name: str) -> Iterator[str]:
    """The process's local time zone is ``name`` (``TZ`` + ``time.tzset``), then restored."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield name
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
