"""Turn the suites' raw HTTP requests into ``SigningRequest`` objects, as a client would build
them: the query re-serialized with RFC 3986 encoding, the path raw (normalising signers encode
it) or pre-encoded (verbatim signers sign it as sent)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote

from strato.signing import SigningRequest


@dataclass(frozen=True)
class RawRequest:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes


def parse_raw_request(text: str) -> RawRequest:
    head, _, body = text.partition("\n\n")
    request_line, *header_lines = head.split("\n")
    method, rest = request_line.split(" ", 1)
    target = rest.rsplit(" ", 1)[0]  # drop "HTTP/1.1"; the path may contain spaces
    headers: list[tuple[str, str]] = []
    for line in header_lines:
        if line[:1] in (" ", "\t") and headers:  # folded continuation of the previous value
            name, value = headers[-1]
            headers[-1] = (name, f"{value}\n{line}")
        elif line:
            name, _, value = line.partition(":")
            headers.append((name, value))
    return RawRequest(method, target, headers, body.encode("utf-8"))


def to_signing_request(raw: RawRequest, *, encode_path: bool) -> SigningRequest:
    host = next(value for name, value in raw.headers if name.lower() == "host")
    path, _, query = raw.target.partition("?")
    if encode_path:
        path = quote(path, safe="/~")
    pairs = parse_qsl(query, keep_blank_values=True)
    encoded = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in pairs)
    url = f"https://{host}{path}" + (f"?{encoded}" if encoded else "")
    return SigningRequest(raw.method, url, raw.headers, raw.body)
