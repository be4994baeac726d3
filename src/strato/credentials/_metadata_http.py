"""One HTTP request to a metadata endpoint (instance metadata, container credentials).

Plain ``http.client``, imported on first use: these providers run at cold start on
EC2, ECS and Lambda, where loading a connection-pool library would cost more than the
request. Failures are botocore's exceptions with its texts, so providers can retry on
the same ones and quote the same messages.
"""

from __future__ import annotations

from ..exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    HTTPClientError,
    ReadTimeoutError,
    SSLError,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import http.client
    from collections.abc import Mapping

#: The failures botocore retries for metadata requests (its ``RETRYABLE_HTTP_ERRORS``).
RETRYABLE = (ReadTimeoutError, EndpointConnectionError, ConnectionClosedError, ConnectTimeoutError)


class Response:
    """Status, body and content type of one answer."""

    __slots__ = ("body", "content_type", "status", "url")

    def __init__(self, url: str, status: int, body: bytes, content_type: str | None) -> None:
        self.url = url
        self.status = status
        self.body = body
        self.content_type = content_type

    def text(self) -> str:
        """The body decoded as botocore's ``AWSResponse.text`` does: the charset named by
        the content type, ISO-8859-1 for a ``text`` type without one, else UTF-8."""
        return self.body.decode(_charset(self.content_type) or "utf-8")


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"')
    return "ISO-8859-1" if "text" in content_type else None


def send(method: str, url: str, headers: Mapping[str, str], timeout: float) -> Response:
    """Send one request; ``timeout`` bounds the connect and each read."""
    import http.client
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError as exc:
        raise HTTPClientError(error=exc) from None
    if port is None:  # given, so that http.client does not read one from an IPv6 host
        port = 443 if parts.scheme == "https" else 80
    target = _encoded(parts.path or "/", _PATH_CHARS)
    if parts.query:
        target += "?" + _encoded(parts.query, _PATH_CHARS + "?")
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(host, port, timeout=timeout)
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        _connect(conn, url)
        try:
            conn.request(method, target, headers=dict(headers))
            answer = conn.getresponse()
            try:
                body = answer.read()
            except http.client.IncompleteRead as short:
                body = short.partial  # botocore does not enforce Content-Length here
        except TimeoutError:
            raise ReadTimeoutError(endpoint_url=url) from None
        except (http.client.HTTPException, ConnectionError):
            raise ConnectionClosedError(endpoint_url=url) from None
        except (ValueError, OSError) as exc:  # an illegal header value, a socket error
            raise HTTPClientError(error=exc) from None
        return Response(url, answer.status, body, answer.getheader("Content-Type"))
    finally:
        conn.close()


#: What urllib3 leaves as it is in a path (RFC 3986 unreserved, sub-delims, ``:@/``).
_PATH_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/"


def _encoded(component: str, allowed: str) -> str:
    """Percent-encode what urllib3 (so botocore) would: other characters as UTF-8, and
    ``%`` unless every ``%`` already starts an escape (those are upper-cased)."""
    if "%" not in component and all(c in allowed for c in component):
        return component
    import re

    component, escapes = re.subn(r"%[a-fA-F0-9]{2}", lambda m: m.group(0).upper(), component)
    data = component.encode("utf-8", "surrogatepass")
    keep_percent = escapes == data.count(b"%")
    out = []
    for byte in data:
        char = chr(byte)
        if (keep_percent and char == "%") or (byte < 128 and char in allowed):
            out.append(char)
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def _connect(conn: http.client.HTTPConnection, url: str) -> None:
    import ssl  # already loaded by http.client

    try:
        conn.connect()
    except TimeoutError:
        raise ConnectTimeoutError(endpoint_url=url) from None
    except ssl.SSLError as exc:
        raise SSLError(endpoint_url=url, error=exc) from None
    except OSError:
        raise EndpointConnectionError(endpoint_url=url) from None
