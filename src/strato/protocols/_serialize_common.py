"""Pieces every request serializer shares: the request dict, timestamps, base64, host prefixes.

The request dict has botocore's shape (``url_path``, ``query_string``, ``method``,
``headers``, ``body`` and optionally ``host_prefix`` / ``auth_path``) so the layers
after serialization (endpoint, signing, HTTP) read one format.
"""

from __future__ import annotations

from strato import exceptions as errors
from strato._urlpath import quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime
    from typing import Any

    from strato.model import OperationModel, Shape

    SerializedRequest = dict[str, Any]

# What a host label may hold (botocore's ``^[A-Za-z0-9.\-]+$``).
_HOST_LABEL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-"
_INFINITY = float("inf")
_ISO8601 = "%Y-%m-%dT%H:%M:%SZ"
_ISO8601_MICRO = "%Y-%m-%dT%H:%M:%S.%fZ"
SAFE_CHARS = "-._~"


def default_request(method: str = "POST") -> SerializedRequest:
    return {"url_path": "/", "query_string": "", "method": method, "headers": {}, "body": b""}


def percent_encode(value: Any, safe: str = SAFE_CHARS) -> str:
    """RFC 3986 encoding of ``value`` (text is UTF-8 encoded first, other types go via str)."""
    if not isinstance(value, (bytes, str)):
        value = str(value)
    return quote(value, safe)


def percent_encode_sequence(mapping: Mapping[str, Any]) -> str:
    """Form-encode a mapping; list values repeat the key (like ``urlencode(doseq=True)``)."""
    pairs: list[str] = []
    for key, value in mapping.items():
        values = value if isinstance(value, list) else [value]
        pairs.extend(f"{percent_encode(key)}={percent_encode(v)}" for v in values)
    return "&".join(pairs)


def get_base64(value: str | bytes | bytearray) -> str:
    """``base64.b64encode`` as text (binascii's: the base64 module imports ``re``; binascii
    itself loads at the first blob)."""
    from binascii import b2a_base64

    if isinstance(value, str):
        value = value.encode("utf-8")
    return b2a_base64(value, newline=False).decode("ascii")


def parse_to_aware_datetime(value: Any) -> datetime:
    """Normalise a user timestamp (datetime, epoch number or string, ISO 8601, RFC 822) to UTC.

    Naive values are taken as UTC, as botocore does. Raises ValueError when ``value`` is
    not a timestamp.
    """
    from strato._time import UTC, datetime
    from strato.protocols import timestamps  # loaded by the first timestamp, not the client

    parsed = value if isinstance(value, datetime) else timestamps.parse_timestamp(value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def timestamp_iso8601(value: datetime) -> str:
    return value.strftime(_ISO8601_MICRO if value.microsecond else _ISO8601)


def timestamp_unixtimestamp(value: datetime) -> int | float:
    import calendar  # it imports locale: only timestamps need it

    seconds = calendar.timegm(value.timetuple())
    if value.microsecond:
        # Add as integers before dividing so the float is rounded only once.
        return (seconds * 10**6 + value.microsecond) / 10**6
    return seconds


def timestamp_rfc822(value: datetime) -> str:
    import calendar
    from email.utils import formatdate  # only RFC 822 timestamps need it

    return formatdate(calendar.timegm(value.timetuple()), usegmt=True)


_TIMESTAMP_CONVERTERS: dict[str, Callable[[datetime], int | float | str]] = {
    "iso8601": timestamp_iso8601,
    "unixtimestamp": timestamp_unixtimestamp,
    "rfc822": timestamp_rfc822,
}


def convert_timestamp(value: Any, timestamp_format: str) -> int | float | str:
    """Render a user timestamp in one of the model's ``timestampFormat`` values."""
    return _TIMESTAMP_CONVERTERS[timestamp_format.lower()](parse_to_aware_datetime(value))


def handle_float(value: Any) -> Any:
    """Non-finite floats travel as the strings ``Infinity``, ``-Infinity`` and ``NaN``."""
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    if type(value) is float:
        return "NaN" if value != value else value
    from math import isnan  # as botocore: a huge int is an OverflowError, a Decimal converted

    return "NaN" if isnan(value) else value


def serialized_name(shape: Shape, default_name: str) -> str:
    name: str = shape.serialization.get("name", default_name)
    return name


def expand_host_prefix(
    parameters: Mapping[str, Any], operation_model: OperationModel
) -> str | None:
    """The operation's ``hostPrefix`` with its ``{label}`` members filled in, if it has one."""
    endpoint = operation_model.endpoint
    if endpoint is None or "hostPrefix" not in endpoint:
        return None
    expression: str = endpoint["hostPrefix"]
    input_shape = operation_model.input_shape
    if input_shape is None:
        return expression
    labels = {
        name: parameters[name]
        for name, member in input_shape.members.items()
        if member.serialization.get("hostLabel")
    }
    bad = [name for name, value in labels.items() if not _is_host_label(value)]
    if bad:
        raise errors.ParamValidationError(
            report=(
                f"Invalid value for parameter(s): {', '.join(bad)}. Must contain only "
                "alphanumeric characters, hyphen, or period."
            )
        )
    return expression.format(**labels)


def _is_host_label(value: Any) -> bool:
    """botocore's host label pattern (letters, digits, ``.``, ``-``) matches ``value``;
    like its ``$``, a final newline is allowed."""
    if not isinstance(value, str):
        import re  # the pattern's own TypeError for what is not text

        return re.match(r"^[A-Za-z0-9.\-]+$", value) is not None
    text = value[:-1] if value.endswith("\n") else value
    return bool(text) and not text.strip(_HOST_LABEL_CHARS)


def add_host_prefix(
    serialized: SerializedRequest, parameters: Mapping[str, Any], operation_model: OperationModel
) -> None:
    host_prefix = expand_host_prefix(parameters, operation_model)
    if host_prefix is not None:
        serialized["host_prefix"] = host_prefix


def add_query_compatible_header(
    serialized: SerializedRequest, operation_model: OperationModel
) -> None:
    if operation_model.service_model.is_query_compatible:
        serialized["headers"]["x-amzn-query-mode"] = "true"


def has_header(name: str, headers: Mapping[str, Any]) -> bool:
    lowered = name.lower()
    return any(key.lower() == lowered for key in headers)


def _new_token() -> str:
    from strato._ids import uuid4

    return uuid4()


def fill_idempotency_tokens(
    parameters: dict[str, Any],
    operation_model: OperationModel,
    token_factory: Callable[[], str] | None = None,
) -> None:
    """Give every missing top-level idempotency-token member a fresh UUID4 (in place)."""
    for name in operation_model.idempotent_members:
        if name not in parameters:
            parameters[name] = token_factory() if token_factory else _new_token()
