"""The endpoint rules language's standard library, with botocore's semantics for each function.

Each function takes already-evaluated arguments. Type errors raise
``EndpointResolutionError`` with botocore's message texts.
"""

from __future__ import annotations

from strato import exceptions as errors
from strato._lazy import once

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Mapping
    from typing import Any

# Checks that run while a client is made are scans, not regexes, so ``re`` loads late.
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ASCII_DIGITS = frozenset("0123456789")


def _end_anchored(value: str) -> str:
    """What a regex's ``$`` sees as the end: a final newline may follow it."""
    return value[:-1] if value.endswith("\n") else value


def _is_host_label(value: str) -> bool:
    """botocore's ``^(?!-)[a-zA-Z\\d-]{1,63}(?<!-)$`` (``\\d`` is any unicode decimal)."""
    label = _end_anchored(value)
    return (
        0 < len(label) <= 63
        and label[0] != "-"
        and label[-1] != "-"
        and all(c in _ASCII_LETTERS or c == "-" or c.isdecimal() for c in label)
    )


def _is_ipv4(value: str) -> bool:
    """``^(?:[0-9]{1,3}\\.){3}[0-9]{1,3}$``: four dotted groups of one to three digits."""
    groups = _end_anchored(value).split(".")
    return len(groups) == 4 and all(
        0 < len(group) <= 3 and _ASCII_DIGITS.issuperset(group) for group in groups
    )


@once
def _ipv6_literal() -> re.Pattern[str]:
    """RFC 3986 ``IP-literal`` (IPv6address with an optional RFC 6874 zone id), anchored."""
    h16 = "[0-9A-Fa-f]{1,4}"
    ls32 = rf"(?:{h16}:{h16}|(?:[0-9]{{1,3}}\.){{3}}[0-9]{{1,3}})"
    forms = [
        rf"(?:{h16}:){{6}}{ls32}",
        rf"::(?:{h16}:){{5}}{ls32}",
        rf"(?:{h16})?::(?:{h16}:){{4}}{ls32}",
        rf"(?:(?:{h16}:)?{h16})?::(?:{h16}:){{3}}{ls32}",
        rf"(?:(?:{h16}:){{0,2}}{h16})?::(?:{h16}:){{2}}{ls32}",
        rf"(?:(?:{h16}:){{0,3}}{h16})?::{h16}:{ls32}",
        rf"(?:(?:{h16}:){{0,4}}{h16})?::{ls32}",
        rf"(?:(?:{h16}:){{0,5}}{h16})?::{h16}",
        rf"(?:(?:{h16}:){{0,6}}{h16})?::",
    ]
    zone = r"(?:%25|%)(?:[A-Za-z0-9._!\-~]|%[a-fA-F0-9]{2})+"
    import re

    return re.compile(rf"^\[(?:{'|'.join(forms)})(?:{zone})?\]$")


def is_set(value: Any) -> bool:
    return value is not None


def not_(value: Any) -> bool:
    return not value


def string_equals(left: Any, right: Any) -> bool:
    if not (isinstance(left, str) and isinstance(right, str)):
        raise errors.EndpointResolutionError(
            msg=f"Both values must be strings, not {type(left)} and {type(right)}."
        )
    return left == right


def boolean_equals(left: Any, right: Any) -> bool:
    if not (isinstance(left, bool) and isinstance(right, bool)):
        raise errors.EndpointResolutionError(
            msg=f"Both arguments must be bools, not {type(left)} and {type(right)}."
        )
    return left is right


def substring(value: Any, start: int, stop: int, reverse: bool) -> str | None:
    if not isinstance(value, str):
        raise errors.EndpointResolutionError(msg=f"Input must be a string, not {type(value)}.")
    if start >= stop or len(value) < stop or not value.isascii():
        return None
    if reverse is True:
        return value[len(value) - stop : len(value) - start]
    return value[start:stop]


def uri_encode(value: Any) -> str | None:
    if value is None:
        return None
    from strato._urlpath import quote

    text = value if isinstance(value, (str, bytes)) else str(value)
    return quote(text.encode("utf-8") if isinstance(text, str) else text, safe="-._~")


def _is_ip_url(url: str, hostname: str | None) -> bool:
    if hostname is None:
        return False
    if _is_ipv4(hostname):
        return True
    if any(ch in url for ch in "\t\r\n"):
        return False
    return _ipv6_literal().match(f"[{hostname}]") is not None


def parse_url(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    from strato import _urlpath

    try:
        scheme, netloc, path, query, hostname = _url_parts(value)
    except ValueError:
        return None
    if scheme not in ("https", "http") or query:
        return None
    normalized = _urlpath.quote(_urlpath.remove_dot_segments(path))
    if not normalized.endswith("/"):
        normalized += "/"
    return {
        "scheme": scheme,
        "authority": netloc,
        "path": path,
        "normalizedPath": normalized,
        "isIp": _is_ip_url(value, hostname),
    }


def _url_parts(value: str) -> tuple[str, str, str, str, str | None]:
    """``urlparse``'s scheme, netloc, path (``;params`` cut off), query and hostname, its
    ``ValueError`` for a bad port; plain URLs without loading urllib.parse."""
    from strato import _urlpath

    scheme, netloc, path, query, _ = _urlpath.split_url(value)
    if ";" not in path and "[" not in netloc and netloc.isascii():
        _urlpath.netloc_port(netloc)
        return scheme, netloc, path, query, _urlpath.netloc_hostname(netloc)
    from urllib.parse import urlparse

    parts = urlparse(value)
    parts.port  # noqa: B018 - a malformed port raises here
    return parts.scheme, parts.netloc, parts.path, parts.query, parts.hostname


def is_valid_host_label(value: Any, allow_subdomains: Any) -> bool:
    if value is None:
        return False
    if allow_subdomains is True:
        return all(_is_host_label(label) for label in value.split("."))
    if allow_subdomains is False and "." in value:
        return False
    return _is_host_label(value)


def is_virtual_hostable_s3_bucket(value: Any, allow_subdomains: Any) -> bool:
    if value is None or len(value) < 3 or value.lower() != value or _is_ipv4(value):
        return False
    return is_valid_host_label(value, allow_subdomains)


def parse_arn(value: Any) -> dict[str, Any] | None:
    if value is None or not value.startswith("arn:"):
        return None
    parts = value.split(":", 5)
    if len(parts) < 6:
        return None
    _, partition, service, region, account, resource = parts
    if not (partition and service and resource):
        return None
    return {
        "partition": partition,
        "service": service,
        "region": region,
        "accountId": account,
        "resourceId": resource.replace(":", "/").split("/"),
    }


def get_attr(value: Any, path: str) -> Any:
    """Walk ``a.b[0]``; a missing key or index gives None (botocore lets KeyError escape)."""
    return walk_attr(value, parse_attr_path(path))


def walk_attr(value: Any, steps: tuple[tuple[str, str, int], ...]) -> Any:
    """:func:`get_attr` over a path already split by :func:`parse_attr_path`."""
    for kind, key, index in steps:
        if kind == "index":
            if key:
                value = value.get(key) if isinstance(value, dict) else None
            if value is None or index >= len(value):
                return None
            return value[index]
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _attr_index(part: str) -> tuple[str, int] | None:
    """The first ``name[digits]`` in ``part``, as ``re.search(r"(\\w*)\\[(\\d+)\\]")`` finds it."""
    bracket = part.find("[")
    while bracket != -1:
        close = part.find("]", bracket + 1)
        digits = part[bracket + 1 : close]
        if close != -1 and digits and all(c.isdecimal() for c in digits):
            start = bracket
            while start > 0 and (part[start - 1].isalnum() or part[start - 1] == "_"):
                start -= 1
            return part[start:bracket], int(digits)
        bracket = part.find("[", bracket + 1)
    return None


def parse_attr_path(path: str) -> tuple[tuple[str, str, int], ...]:
    """Steps of a getAttr path: ("key", name, 0) or a final ("index", name, i)."""
    steps: list[tuple[str, str, int]] = []
    for part in path.split("."):
        found = _attr_index(part)
        if found is not None:
            steps.append(("index", found[0], found[1]))
            break
        steps.append(("key", part, 0))
    return tuple(steps)


#: id(partitions document) -> (the document, pinned so the id stays its own; its function)
_PARTITION_FUNCTIONS: dict[int, tuple[object, Callable[[Any], dict[str, Any]]]] = {}


def partition_function(partitions: Mapping[str, Any]) -> Callable[[Any], dict[str, Any]]:
    """``aws.partition`` bound to one partitions document, once per document (the loader
    keeps one per data path): the rule sets and the presigner's global-endpoint check
    share it."""
    found = _PARTITION_FUNCTIONS.get(id(partitions))
    if found is None:
        found = _PARTITION_FUNCTIONS[id(partitions)] = (partitions, _bind(partitions))
    return found[1]


def _bind(partitions: Mapping[str, Any]) -> Callable[[Any], dict[str, Any]]:
    """``aws.partition`` over ``partitions``.

    A partition's region regex is compiled the first time a region not listed by name
    reaches it: listed regions, the usual case, need no ``re``.
    """
    table = [
        (
            frozenset(entry["regions"]),
            entry["regionRegex"],
            {**entry["outputs"], "name": entry["id"]},
        )
        for entry in partitions["partitions"]
    ]
    default = table[0][2]
    compiled: dict[str, re.Pattern[str]] = {}

    def matches(pattern: str, region: str) -> bool:
        regex = compiled.get(pattern)
        if regex is None:
            import re

            regex = compiled[pattern] = re.compile(pattern)
        return regex.match(region) is not None

    def aws_partition(region: Any) -> dict[str, Any]:
        if region is not None:
            for regions, pattern, outputs in table:
                if region in regions or matches(pattern, region):
                    return outputs
        return default

    return aws_partition


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "isSet": is_set,
    "not": not_,
    "stringEquals": string_equals,
    "booleanEquals": boolean_equals,
    "substring": substring,
    "uriEncode": uri_encode,
    "parseURL": parse_url,
    "isValidHostLabel": is_valid_host_label,
    "aws.isVirtualHostableS3Bucket": is_virtual_hostable_s3_bucket,
    "aws.parseArn": parse_arn,
    "getAttr": get_attr,
}
