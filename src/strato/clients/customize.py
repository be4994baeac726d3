"""Service-specific behaviour botocore applies around serialization and parsing.

Only what changes the request or the result: S3's bucket-less request URIs (the
endpoint rules place the bucket), S3's parameter rules, upload bodies, ``Expect`` and XML
escaping, S3's URL-encoded listings and GetBucketLocation, IAM's policy documents,
idempotency tokens. botocore's other request handlers are in ``service_handlers``.
"""

from __future__ import annotations

from .. import _urlpath
from ..protocols._serialize_common import fill_idempotency_tokens, percent_encode_sequence
from . import service_handlers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection
    from typing import Any

    from ..model import OperationModel, ServiceModel

#: S3 operations whose bytes or text ``Body`` botocore turns into a file object.
_S3_UPLOADS = ("PutObject", "UploadPart")
_S3_ESCAPED_XML = ("DeleteObjects", "PutBucketLifecycleConfiguration")
_S3_LISTINGS = {
    "ListObjects": (
        ("Delimiter", "Marker", "NextMarker"),
        (("Contents", "Key"), ("CommonPrefixes", "Prefix")),
    ),
    "ListObjectsV2": (
        ("Delimiter", "Prefix", "StartAfter"),
        (("Contents", "Key"), ("CommonPrefixes", "Prefix")),
    ),
    "ListObjectVersions": (
        ("KeyMarker", "NextKeyMarker", "Prefix", "Delimiter"),
        (("Versions", "Key"), ("DeleteMarkers", "Key"), ("CommonPrefixes", "Prefix")),
    ),
}


def _is_s3(model: ServiceModel) -> bool:
    return model.endpoint_prefix == "s3"


def before_serialize(
    model: ServiceModel, operation: OperationModel, params: dict[str, Any], context: dict[str, Any]
) -> None:
    fill_idempotency_tokens(params, operation)
    if _is_s3(model):
        import strato.clients.s3_params as s3_params

        s3_params.prepare(operation.name, params)
    body = params.get("Body")
    if _is_s3(model) and operation.name in _S3_UPLOADS and isinstance(body, str | bytes):
        import io

        params["Body"] = io.BytesIO(body.encode("utf-8") if isinstance(body, str) else body)
    if _is_s3(model) and operation.name in _S3_LISTINGS and "EncodingType" not in params:
        params["EncodingType"] = "url"
        context["encoding_type_auto_set"] = True
    service_handlers.before_parameter_build(model, operation, params)


def before_serialize_is_check(
    model: ServiceModel, operation: OperationModel, names: Collection[str]
) -> bool:
    """Whether :func:`before_serialize` leaves a call with these parameter names as it is
    (S3's bucket-name check aside, which only raises): a presigner compiled per names
    skips it."""
    if any(name not in names for name in operation.idempotent_members):
        return False
    if service_handlers.has_param_handlers(model, operation):
        return False
    if not _is_s3(model):
        return True
    import strato.clients.s3_params as s3_params

    return (
        s3_params.only_checks_bucket(operation.name, names)
        and not (operation.name in _S3_UPLOADS and "Body" in names)
        and not (operation.name in _S3_LISTINGS and "EncodingType" not in names)
    )


def escape_xml_newlines(model: ServiceModel, operation: OperationModel, body: Any) -> Any:
    """S3 parses these two XML bodies with line-break normalisation: send CR/LF as entities."""
    if model.endpoint_prefix != "s3" or operation.name not in _S3_ESCAPED_XML or not body:
        return body
    return body.replace(b"\r", b"&#xD;").replace(b"\n", b"&#xA;")


def add_expect_header(
    model: ServiceModel, operation: OperationModel, headers: dict[str, str], body: Any
) -> None:
    """S3 uploads of a file-like body ask for ``100-continue`` before sending it (not for an
    empty one under botocore's ``BOTO_EXPERIMENTAL__NO_EMPTY_CONTINUE=true``)."""
    if (
        model.endpoint_prefix == "s3"
        and operation.http.get("method") in ("PUT", "POST")
        and hasattr(body, "read")
    ):
        import os

        if os.environ.get("BOTO_EXPERIMENTAL__NO_EMPTY_CONTINUE", "").lower() == "true":
            import strato.clients.checksums as checksums

            if checksums.content_length(body) == 0:
                return
        headers["Expect"] = "100-continue"


def after_parse(operation: OperationModel, parsed: dict[str, Any], context: dict[str, Any]) -> None:
    """Undo the URL encoding of S3 listings that the client asked for on its own."""
    if not context.get("encoding_type_auto_set") or parsed.get("EncodingType") != "url":
        return
    from urllib.parse import unquote_plus

    top, nested = _S3_LISTINGS[operation.name]
    for key in top:
        if key in parsed:
            parsed[key] = unquote_plus(parsed[key])
    for outer, inner in nested:
        for member in parsed.get(outer, ()):
            member[inner] = unquote_plus(member[inner])


_ENDPOINT_PARTS: dict[str, tuple[str, str, str, str, str]] = {}


def join_url(
    endpoint_url: str, url_path: str, host_prefix: str | None, query: dict[str, Any] | str
) -> str:
    """The endpoint, the serialized path and query, and the host prefix, as botocore joins them."""
    parts = _ENDPOINT_PARTS.get(endpoint_url)
    if parts is None:  # a client's endpoints are few: each is split once
        if len(_ENDPOINT_PARTS) >= 256:
            _ENDPOINT_PARTS.clear()
        parts = _ENDPOINT_PARTS[endpoint_url] = _urlpath.split_url(endpoint_url)
    scheme, base_netloc, base_path, base_query, fragment = parts
    if not url_path or url_path == "/":
        path = base_path or "/"
    elif base_path.endswith("/") and url_path.startswith("/"):
        path = base_path[:-1] + url_path
    else:
        path = base_path + url_path
    netloc = (host_prefix or "") + base_netloc
    url = _unsplit(scheme, netloc, path, base_query, fragment)
    if query:
        encoded = percent_encode_sequence(query) if isinstance(query, dict) else query
        url += ("&" if "?" in url else "?") + encoded
    return url


def _unsplit(scheme: str, netloc: str, path: str, query: str, fragment: str) -> str:
    """``urlunsplit`` of an endpoint's parts; written out for ``http(s)``."""
    if scheme not in ("http", "https"):
        from urllib.parse import urlunsplit

        return urlunsplit((scheme, netloc, path, query, fragment))
    url = path
    if netloc or url[:2] != "//":
        if url and url[:1] != "/":
            url = "/" + url
        url = "//" + netloc + url
    url = scheme + ":" + url
    if query:
        url += "?" + query
    if fragment:
        url += "#" + fragment
    return url


def encode_body(body: Any) -> Any:
    """Query-protocol dicts become a form body (``+`` for spaces, as botocore sends it);
    text becomes UTF-8; streams pass through."""
    if isinstance(body, dict):
        fields = []
        names = _QUOTED_NAMES
        for key, value in body.items():
            if isinstance(key, str) and isinstance(value, str):
                # _form_name and _quote_plus, their common cases written out.
                name = names.get(key) or _form_name(key)
                if not _FORM_SAFE.issuperset(value):
                    value = _quote_plus(value)
                fields.append(f"{name}={value}")
            else:  # numbers, bytes, sequences: urlencode's own rules
                from urllib.parse import urlencode

                fields.append(urlencode([(_utf8(key), _utf8(value))], doseq=True))
        return "&".join(fields).encode("ascii")
    if isinstance(body, str):
        return body.encode("utf-8")
    return body


_QUOTED_NAMES: dict[str, str] = {}


def _form_name(name: str) -> str:
    """``quote_plus`` of a parameter name (what ``urlencode`` applies), remembered: names
    come from the models and repeat. Values are not kept: they may be secrets."""
    quoted = _QUOTED_NAMES.get(name)
    if quoted is None:
        if len(_QUOTED_NAMES) >= 4096:
            _QUOTED_NAMES.clear()
        quoted = _QUOTED_NAMES[name] = _quote_plus(name)
    return quoted


#: What ``quote_plus`` keeps as is: most names and values are only these.
_FORM_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")


def _quote_plus(text: str) -> str:
    """``urllib.parse.quote_plus(text)``: ``_urlpath.quote`` with space kept, then ``+``."""
    if _FORM_SAFE.issuperset(text):
        return text
    return _urlpath.quote(text, " ").replace(" ", "+")


def _utf8(value: Any) -> Any:
    return value.encode("utf-8") if isinstance(value, str) else value


def decode_iam_policies(parsed: Any, shape: Any) -> None:
    """IAM returns policy documents as URL-encoded JSON; botocore hands back the document."""
    if shape is None:
        return
    if shape.type_name == "structure" and isinstance(parsed, dict):
        for name, member in shape.members.items():
            if name not in parsed:
                continue
            if member.type_name == "string" and member.name == "policyDocumentType":
                parsed[name] = _decoded_json(parsed[name])
            else:
                decode_iam_policies(parsed[name], member)
    elif shape.type_name == "list" and isinstance(parsed, list):
        for item in parsed:
            decode_iam_policies(item, shape.member)


def _decoded_json(value: Any) -> Any:
    import json
    from urllib.parse import unquote

    try:
        return json.loads(unquote(value))
    except (ValueError, TypeError):
        return value


def bucket_location(body: bytes) -> str | None:
    """S3 GetBucketLocation's answer is the root element's text, which no model describes.
    A body that is not XML is a ``ResponseParserError`` (botocore: a bare XML ParseError)."""
    from strato.protocols._xmltree import ExpatError, parse  # ElementTree's tree and errors

    try:
        text = parse(body).text
    except ExpatError as error:
        from strato.exceptions import ResponseParserError

        raise ResponseParserError(
            msg=f"Unable to parse GetBucketLocation response ({error}): {body[:100]!r}"
        ) from None
    return text
