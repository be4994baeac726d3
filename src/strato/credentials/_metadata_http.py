"""One HTTP request to a metadata endpoint (instance metadata, container credentials).

On strato's own HTTP/1.1 (:mod:`strato._http`: ``socket``, and ``ssl`` for https), one
connection per request, no pool: these providers run at cold start on EC2, ECS and
Lambda, where ``http.client`` (and the ``email`` package it loads) would cost more CPU
than the request. The bytes sent are those ``http.client`` wrote for this module before
(header values in Latin-1, as botocore's urllib3 sends them here); failures are
botocore's exceptions with its texts, so providers retry on the same ones and quote
the same messages. Imported only when a metadata provider sends.
"""

from __future__ import annotations

import _socket

from .. import _http
from .._urlpath import netloc_hostname, netloc_port, plain_split
from ..exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    HTTPClientError,
    ReadTimeoutError,
    SSLError,
    StratoError,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ssl
    from collections.abc import Mapping

#: The failures botocore retries for metadata requests (its ``RETRYABLE_HTTP_ERRORS``).
RETRYABLE = (ReadTimeoutError, EndpointConnectionError, ConnectionClosedError, ConnectTimeoutError)

#: The botocore error for each kind of :class:`strato._http.Failure` but ``client``.
_ERRORS: dict[str, type[StratoError]] = {
    "connect": EndpointConnectionError,
    "connect-timeout": ConnectTimeoutError,
    "read-timeout": ReadTimeoutError,
    "tls": SSLError,
    "closed": ConnectionClosedError,
}

#: http.client's socket option (urllib3's too): no Nagle delay for a one-packet request.
_NODELAY = [(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)]


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
    """Send one request; ``timeout`` bounds the connect, the TLS handshake and each read."""
    try:
        return _exchange(method, url, headers, timeout)
    except _http.Failure as failure:
        if failure.kind == "client":
            raise HTTPClientError(error=failure.error) from None
        raise _ERRORS[failure.kind](endpoint_url=url, error=failure.error) from None


def _where(url: str) -> tuple[bool, str, int | None, str]:
    """Whether ``url`` is https, its host name ("" for none), its port and its path and
    query, as ``urlsplit`` reads them: by hand for a plain ``http[s]://`` URL
    (:func:`strato._urlpath.plain_split`), as the endpoints' defaults are;
    :mod:`urllib.parse` (about 2.5 ms to import) for others."""
    parts = plain_split(url)
    if parts is not None:
        scheme, netloc, path, query, _ = parts
        host, port = netloc_hostname(netloc), netloc_port(netloc)
    else:
        from urllib.parse import urlsplit

        split = urlsplit(url)
        scheme, host, port = split.scheme, split.hostname, split.port
        path, query = split.path, split.query
    return scheme == "https", host or "", port, (path or "/") + ("?" + query if query else "")


def _exchange(method: str, url: str, headers: Mapping[str, str], timeout: float) -> Response:
    try:
        tls, host, port, target = _where(url)
        values = {name: value.encode("latin-1") for name, value in headers.items()}
    except ValueError as exc:  # a bad port or IPv6 literal; a value http.client refuses
        raise _http.Failure("client", exc) from None
    default_port = 443 if tls else 80
    if port is None:
        port = default_port
    host_header = _http.host_header(host, port, default_port)
    head, _, _ = _http.request_head(method, _http.origin_target(target), host_header, values, None)
    sock = _http.connect(host, port, timeout, _NODELAY)
    if tls:
        sock = _http.wrap_tls(sock, _tls_context(), host)
    conn = _http.Connection(sock, ())
    try:
        sock.sendall(head)
        answer = _http.read_head(conn, method)
        body = _http.Body(conn, answer, _http.Connection.close).read_all()
    except TimeoutError as exc:
        raise _http.Failure("read-timeout", exc) from None
    except (OSError, ValueError) as exc:  # a reset, a garbled answer
        raise _http.Failure("tls" if _http.is_tls_error(exc) else "closed", exc) from None
    finally:
        conn.close()
    return Response(url, answer.status, body, answer.header_dict().get("Content-Type"))


def _tls_context() -> ssl.SSLContext:
    """The context ``http.client.HTTPSConnection`` makes by default: the system's trust
    store, host names checked, ALPN ``http/1.1``, post-handshake authentication."""
    import ssl

    context = ssl.create_default_context()
    context.set_alpn_protocols(["http/1.1"])
    if context.post_handshake_auth is not None:
        context.post_handshake_auth = True
    return context
