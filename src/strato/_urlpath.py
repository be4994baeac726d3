"""URL helpers shared by the signers, the transport and the endpoint rules' ``parseURL``,
in place of :mod:`urllib.parse` (which imports ``re`` and ``ipaddress``: about 2.5 ms in
a fresh process) on the paths every call takes."""

from __future__ import annotations

#: Bytes ``urllib.parse.quote`` never encodes.
_ALWAYS_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
#: ``safe`` -> a ``str.translate`` table from each code point below 256 to itself or %XX.
_TABLES: dict[str, list[str]] = {}


def quote(text: str | bytes, safe: str = "/") -> str:
    """``urllib.parse.quote``: UTF-8 bytes outside the unreserved set and ``safe`` as
    ``%XX`` (lone surrogates are a ``UnicodeEncodeError``, as there)."""
    table = _TABLES.get(safe)
    if table is None:
        kept = _ALWAYS_SAFE.union(b for b in safe.encode("ascii", "ignore") if b < 128)
        table = _TABLES[safe] = [chr(b) if b in kept else f"%{b:02X}" for b in range(256)]
    if isinstance(text, str):
        if not text.isascii():
            text = text.encode("utf-8").decode("latin-1")
    else:
        text = text.decode("latin-1")
    return text.translate(table)


def plain_split(url: str) -> tuple[str, str, str, str, str] | None:
    """``urlsplit(url)`` as a tuple for a plain ``http(s)://`` URL (ASCII, none of the
    characters ``urlsplit`` removes or treats specially: tab, CR, LF, space, brackets,
    backslash), split by hand; else None."""
    scheme, sep, rest = url.partition("://")
    if not (sep and scheme in ("http", "https") and url.isascii()) or (
        # ``in`` tests, not a set's isdisjoint: each is one C scan of a short string
        "\t" in url
        or "\n" in url
        or "\r" in url
        or " " in url
        or "[" in url
        or "]" in url
        or "\\" in url
    ):
        return None
    rest, _, fragment = rest.partition("#")
    slash, mark = rest.find("/"), rest.find("?")
    if mark != -1 and (slash == -1 or mark < slash):  # a query straight after the host
        return scheme, rest[:mark], "", rest[mark + 1 :], fragment
    if slash == -1:
        return scheme, rest, "", "", fragment
    path, _, query = rest[slash:].partition("?")
    return scheme, rest[:slash], path, query, fragment


def split_url(url: str) -> tuple[str, str, str, str, str]:
    """``urlsplit(url)`` as a tuple; plain ``http(s)://`` URLs without urllib.parse."""
    parts = plain_split(url)
    if parts is not None:
        return parts
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme, parts.netloc, parts.path, parts.query, parts.fragment


def netloc_hostname(netloc: str) -> str | None:
    """``urlsplit(url).hostname`` of an ASCII ``netloc`` without brackets: the user part
    dropped, the name lower-cased (an IPv6 zone keeps its case), None when empty."""
    host = netloc.rpartition("@")[2].partition(":")[0]
    if not host:
        return None
    name, percent, zone = host.partition("%")
    return name.lower() + percent + zone


def netloc_port(netloc: str) -> int | None:
    """``urlsplit(url).port`` of an ASCII ``netloc`` without brackets (its ``ValueError``
    for a port that is not a number from 0 to 65535)."""
    text = netloc.rpartition("@")[2].partition(":")[2]
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"Port could not be cast to integer value as {text!r}")
    port = int(text)
    if port > 65535:
        raise ValueError("Port out of range 0-65535")
    return port


def remove_dot_segments(path: str) -> str:
    """RFC 3986 dot-segment removal that also collapses empty segments, as botocore does."""
    if not path:
        return "/"
    kept: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if kept:
                kept.pop()
        elif segment and segment != ".":
            kept.append(segment)
    lead = "/" if path[0] == "/" else ""
    trail = "/" if path[-1] == "/" and kept else ""
    return lead + "/".join(kept) + trail
