"""Service-specific behaviour botocore applies around serialization and parsing.

Only what changes the request or the result: S3's bucket-less request URIs (the
endpoint rules place the bucket), S3's URL-encoded listings, idempotency tokens.
"""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit, urlunsplit

from ..protocols._serialize_common import fill_idempotency_tokens, percent_encode_sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import OperationModel, ServiceModel

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


def adjust_model(model: ServiceModel) -> None:
    """S3: drop ``/{Bucket}`` from request URIs (once per model), keeping it for HMAC-v1."""
    if not _is_s3(model):
        return
    for name in model.operation_names:
        http = model.operation_model(name).http
        uri = http.get("requestUri", "")
        if uri.startswith("/{Bucket}"):
            http["requestUri"] = uri[len("/{Bucket}") :]
            path = uri.split("?")[0]
            http["authPath"] = path + "/" if path == "/{Bucket}" else path


def before_serialize(
    model: ServiceModel, operation: OperationModel, params: dict[str, Any], context: dict[str, Any]
) -> None:
    fill_idempotency_tokens(params, operation)
    if _is_s3(model) and operation.name in _S3_LISTINGS and "EncodingType" not in params:
        params["EncodingType"] = "url"
        context["encoding_type_auto_set"] = True


def after_parse(operation: OperationModel, parsed: dict[str, Any], context: dict[str, Any]) -> None:
    """Undo the URL encoding of S3 listings that the client asked for on its own."""
    if not context.get("encoding_type_auto_set") or parsed.get("EncodingType") != "url":
        return
    top, nested = _S3_LISTINGS[operation.name]
    for key in top:
        if key in parsed:
            parsed[key] = unquote_plus(parsed[key])
    for outer, inner in nested:
        for member in parsed.get(outer, ()):
            member[inner] = unquote_plus(member[inner])


def join_url(
    endpoint_url: str, url_path: str, host_prefix: str | None, query: dict[str, Any] | str
) -> str:
    """The endpoint, the serialized path and query, and the host prefix, as botocore joins them."""
    parts = urlsplit(endpoint_url)
    base_path = parts.path
    if not url_path or url_path == "/":
        path = base_path or "/"
    elif base_path.endswith("/") and url_path.startswith("/"):
        path = base_path[:-1] + url_path
    else:
        path = base_path + url_path
    netloc = (host_prefix or "") + parts.netloc
    url = urlunsplit((parts.scheme, netloc, path, parts.query, parts.fragment))
    if query:
        encoded = percent_encode_sequence(query) if isinstance(query, dict) else query
        url += ("&" if "?" in url else "?") + encoded
    return url


def encode_body(body: Any) -> Any:
    """Query-protocol dicts become a form body; text becomes UTF-8; streams pass through."""
    if isinstance(body, dict):
        return percent_encode_sequence(body).encode("utf-8")
    if isinstance(body, str):
        return body.encode("utf-8")
    return body
