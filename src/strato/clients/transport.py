"""Sending requests: pooled keep-alive connections per client, botocore-named errors.

The HTTP/1.1 itself is :mod:`strato._http` (on ``socket`` and ``ssl`` only, loaded
with this module by the first request); here are the pools, TLS contexts, proxies, and the
mapping of failures to the errors botocore raises. Why not urllib3: docs/transport.md.
"""

from __future__ import annotations

import os

from .. import _http, _log
from .. import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ssl
    from collections.abc import Mapping
    from typing import Any

_LOG = "strato.client"
_DEFAULT_PORTS = {"http": 80, "https": 443}


class HTTPResponse:
    """Status, headers and either the whole body or the raw stream."""

    __slots__ = ("body", "headers", "raw", "status_code", "url")

    def __init__(
        self, url: str, status_code: int, headers: dict[str, str], body: bytes, raw: Any
    ) -> None:
        self.url = url
        self.status_code = status_code
        self.headers = headers
        self.body = body
        self.raw = raw


def default_verify() -> str | bool:
    """certifi's bundle when installed (as botocore), else the system's trust store."""
    import importlib

    try:
        certifi = importlib.import_module("certifi")
    except ImportError:
        return True
    return str(certifi.where())


def _scheme_and_host(url: str) -> tuple[str, str]:
    """``urlsplit``'s scheme and netloc of a URL the client built (absolute, well formed)."""
    scheme, _, rest = url.partition("://")
    end = len(rest)
    for mark in "/?#":
        found = rest.find(mark, 0, end)
        if found != -1:
            end = found
    return scheme.lower(), rest[:end]


def _origin_form(url: str) -> str:
    """The path and query of ``url`` exactly as built, ``/`` when empty: what botocore puts
    on the request line (``urlparse``'s path, so ``;params`` of the last segment drop out).

    urllib3 would remove ``.``/``..`` segments from a whole URL, changing what was signed.
    """
    rest = url.partition("://")[2]
    end = len(rest)
    for mark in "?#":
        found = rest.find(mark)
        if found != -1 and found < end:
            end = found
    slash = rest.find("/", 0, end)
    path = rest[slash:end] if slash != -1 else ""
    if ";" in path:
        path = path[: path.find(";", path.rfind("/"))]
    query = ""
    if end < len(rest) and rest[end] == "?":
        query = rest[end + 1 :].partition("#")[0]
    return (path or "/") + ("?" + query if query else "")


def _mask_proxy_url(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password is None and parts.username is None:
        return url
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://***:***@{host}{port}{parts.path}"


def _environment_proxies() -> dict[str, str]:
    """``urllib.request.getproxies_environment()`` (that module imports ``http.client``):
    ``<scheme>_proxy`` variables of any case, the lower-case spelling winning, and
    ``HTTP_PROXY`` ignored under CGI (``REQUEST_METHOD`` set)."""
    proxies: dict[str, str] = {}
    for name, value in os.environ.items():
        name = name.lower()
        if value and name[-6:] == "_proxy":
            proxies[name[:-6]] = value
    if "REQUEST_METHOD" in os.environ:
        proxies.pop("http", None)
    for name, value in os.environ.items():
        if name[-6:] == "_proxy":
            name = name.lower()
            if value:
                proxies[name[:-6]] = value
            else:
                proxies.pop(name[:-6], None)
    return proxies


def _bypassed(netloc: str, no_proxy: str | None) -> bool:
    """``urllib.request.proxy_bypass_environment``: whether ``NO_PROXY`` (``*``, or comma-
    separated names and suffixes, with or without the port) covers ``netloc``."""
    if no_proxy is None:
        return False
    if no_proxy == "*":
        return True
    host = netloc.lower()
    before, colon, port = host.rpartition(":")
    host_only = before if colon and port.isascii() and port.isdigit() else host
    for name in no_proxy.split(","):
        name = name.strip().lstrip(".").lower()
        if name and (
            name in (host_only, host) or host_only.endswith("." + name) or host.endswith("." + name)
        ):
            return True
    return False


def _fix_proxy_url(proxy_url: str) -> str:
    """botocore's: a scheme-less proxy is ``http://``."""
    if proxy_url.startswith(("http:", "https:")):
        return proxy_url
    return ("http:" if proxy_url.startswith("//") else "http://") + proxy_url


def _split_netloc(netloc: str, scheme: str) -> tuple[str, int, str | None, str | None]:
    """Host (lower case, IPv6 brackets and a trailing dot removed, as urllib3 connects and
    names it), port (the scheme's by default), user and password (percent-decoded)."""
    user = password = None
    if "@" in netloc:
        userinfo, _, netloc = netloc.rpartition("@")
        user, colon, secret = userinfo.partition(":")
        password = secret if colon else None
        from urllib.parse import unquote

        user, password = unquote(user), None if password is None else unquote(password)
    if netloc.startswith("["):
        host, _, after = netloc[1:].partition("]")
        port_text = after[1:] if after.startswith(":") else ""
    else:
        host, _, port_text = netloc.partition(":")
    port = int(port_text) if port_text else _DEFAULT_PORTS.get(scheme, 80)
    return host.lower().rstrip("."), port, user, password


class _Proxy:
    """A proxy URL taken apart: where to connect, and botocore's Proxy-Authorization."""

    __slots__ = ("headers", "host", "port", "scheme", "url")

    def __init__(self, url: str) -> None:
        self.url = url
        scheme, netloc = _scheme_and_host(url)
        self.scheme = scheme
        self.host, self.port, user, password = _split_netloc(netloc, scheme)
        self.headers: dict[str, str] = {}
        if user and password:
            from base64 import b64encode

            token = b64encode(f"{user}:{password}".encode("ascii")).decode()
            self.headers["Proxy-Authorization"] = f"Basic {token}"


class StreamingRaw:
    """A streaming response's raw body, with read failures as botocore's
    ``StreamingBody`` reports them (``ReadTimeoutError``, ``ResponseStreamingError``)."""

    __slots__ = ("_body",)

    def __init__(self, body: _http.Body) -> None:
        self._body = body

    def read(self, amt: int | None = None) -> bytes:
        try:
            return self._body.read(amt)
        except _http.Failure as failure:
            raise _streaming_error(failure) from None

    def readinto(self, buffer: Any) -> int:
        try:
            return self._body.readinto(buffer)
        except _http.Failure as failure:
            raise _streaming_error(failure) from None

    def stream(self, amt: int = 2**16, decode_content: bool | None = None) -> Any:
        try:
            yield from self._body.stream(amt)
        except _http.Failure as failure:
            raise _streaming_error(failure) from None

    def readlines(self) -> list[bytes]:
        return self.read().splitlines(True)

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._body.tell()

    @property
    def closed(self) -> bool:
        return self._body.closed

    def close(self) -> None:
        self._body.close()


def _streaming_error(failure: _http.Failure) -> Exception:
    if failure.kind == "read-timeout":  # urllib3's carries no URL: botocore says "None"
        return errors.ReadTimeoutError(endpoint_url=None, error=failure.error)
    return errors.ResponseStreamingError(error=failure.error)


class Transport:
    """Keep-alive connection pools (per scheme, host, port and proxy), TLS contexts and
    proxies, configured once per client."""

    def __init__(
        self,
        *,
        verify: bool | str | None = None,
        proxies: Mapping[str, str] | None = None,
        connect_timeout: float | None = 60,
        read_timeout: float | None = 60,
        max_pool_connections: int = 10,
        client_cert: str | tuple[str, str] | None = None,
        proxies_config: Mapping[str, Any] | None = None,
        tcp_keepalive: bool = False,
    ) -> None:
        import _socket  # the constants, without the socket module (see _http)

        self._verify = verify
        self._proxies = dict(proxies) if proxies is not None else None
        self._proxies_config = dict(proxies_config or {})
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._max_idle = max_pool_connections
        self._client_cert = client_cert
        self._socket_options = [(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)]
        if tcp_keepalive:
            self._socket_options.append((_socket.SOL_SOCKET, _socket.SO_KEEPALIVE, 1))
        self._idle: dict[tuple[Any, ...], list[_http.Connection]] = {}
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._env_proxies: dict[tuple[str, str], str | None] = {}

    def _proxy_for(self, url: str) -> str | None:
        """``Config.proxies``, else the environment's (``HTTPS_PROXY``, ``NO_PROXY``, ...),
        read once per host, as botocore reads them when it makes the client."""
        scheme, netloc = _scheme_and_host(url)
        if self._proxies is not None:
            proxy = self._proxies.get(scheme)
            return _fix_proxy_url(proxy) if proxy else None
        key = (scheme, netloc)
        if key not in self._env_proxies:
            found = _environment_proxies()
            proxy = None if _bypassed(netloc, found.get("no")) else found.get(scheme)
            self._env_proxies[key] = _fix_proxy_url(proxy) if proxy else None
        return self._env_proxies[key]

    def _forwards(self, url: str, proxy_url: str | None) -> bool:
        """Whether the proxy gets the request itself (plain HTTP, or HTTPS through an HTTPS
        proxy set to forward) rather than a CONNECT tunnel."""
        return proxy_url is not None and (
            url.startswith("http:")
            or (
                proxy_url.startswith("https:")
                and bool(self._proxies_config.get("proxy_use_forwarding_for_https"))
            )
        )

    def _context(self, purpose: str) -> ssl.SSLContext:
        """The TLS context for origins (``"origin"``) or proxies (``"proxy"``), made once.

        botocore's: no SSLv2/3, compression or tickets, ALPN http/1.1, the configured
        bundle (certifi's by default) unless ``verify=False``; for origins the host name is
        checked by :func:`_http.match_hostname` (urllib3's check, urllib3's messages), for
        proxies by ``ssl`` with ``proxy_ca_bundle`` and ``proxy_client_cert`` added.
        """
        context = self._contexts.get(purpose)
        if context is None:
            import ssl
            import sys

            verify = default_verify() if self._verify is None else self._verify
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.options |= (
                ssl.OP_NO_SSLv2 | ssl.OP_NO_SSLv3 | ssl.OP_NO_COMPRESSION | ssl.OP_NO_TICKET
            )
            context.post_handshake_auth = True
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE if verify is False else ssl.CERT_REQUIRED
            keylog = os.environ.get("SSLKEYLOGFILE")
            if keylog and not sys.flags.ignore_environment:
                context.keylog_filename = keylog
            cert = self._client_cert
            proxy_bundle = None
            if purpose == "proxy":
                proxy_bundle = self._proxies_config.get("proxy_ca_bundle")
                cert = self._proxies_config.get("proxy_client_cert")
                context.check_hostname = verify is not False
            if isinstance(verify, str) and os.path.isdir(verify):
                context.load_verify_locations(capath=verify)
            elif isinstance(verify, str):
                context.load_verify_locations(cafile=verify)
            elif verify is True and not proxy_bundle:
                context.load_default_certs()
            if proxy_bundle:
                context.load_verify_locations(cafile=proxy_bundle)
            if isinstance(cert, str):
                context.load_cert_chain(cert)
            elif cert:
                context.load_cert_chain(cert[0], cert[1])
            context.set_alpn_protocols(["http/1.1"])
            self._contexts[purpose] = context
        return context

    def _tls(self, sock: Any, purpose: str, host: str) -> Any:
        import ssl

        try:
            context = self._context(purpose)
        except ssl.SSLError as e:
            sock.close()
            raise _http.Failure("tls", e) from None
        except OSError as e:  # a bundle or certificate file that is not there
            sock.close()
            raise _http.Failure("tls" if purpose == "origin" else "proxy", e) from None
        return _http.wrap_tls(sock, context, host)

    def _checkout(self, key: tuple[Any, ...]) -> _http.Connection | None:
        """An idle pooled connection still open (the newest first), or None."""
        idle = self._idle.get(key)
        while idle:
            try:
                conn = idle.pop()
            except IndexError:
                break
            if conn.dropped():
                conn.close()
                continue
            conn.reused = True
            return conn
        return None

    def _release(self, conn: _http.Connection) -> None:
        """Back to its pool after a whole response, unless the pool is full."""
        idle = self._idle.setdefault(conn.key, [])
        if len(idle) < self._max_idle:
            idle.append(conn)
        else:
            conn.close()

    def _open(
        self, key: tuple[Any, ...], scheme: str, host: str, port: int, proxy: _Proxy | None
    ) -> _http.Connection:
        """A new connection: straight to the host, to the proxy (which forwards), or
        through the proxy's CONNECT tunnel; TLS when the URL (or proxy) is https."""
        timeout, options = self._connect_timeout, self._socket_options
        if proxy is None:
            sock: Any = _http.connect(host, port, timeout, options)
            if scheme == "https":
                sock = self._tls(sock, "origin", host)
            return _http.Connection(sock, key)
        try:
            sock = _http.connect(proxy.host, proxy.port, timeout, options)
            if proxy.scheme == "https":
                sock = self._tls(sock, "proxy", proxy.host)
        except _http.Failure as failure:
            if failure.kind == "read-timeout":
                raise
            raise _http.Failure("proxy", failure.error) from None
        if key[0] == "forward":
            return _http.Connection(sock, key)
        conn = _http.Connection(sock, key)
        self._tunnel(conn, host, port, proxy)
        conn.sock = self._tls(conn.sock, "origin", host)
        return conn

    def _tunnel(self, conn: _http.Connection, host: str, port: int, proxy: _Proxy) -> None:
        """``CONNECT host:port`` as http.client sends it (HTTP/1.0, the proxy headers)."""
        shown = f"[{host}]" if ":" in host else host
        lines = [f"CONNECT {shown}:{port} HTTP/1.0".encode("ascii")]
        lines += [f"{name}: {value}".encode("latin-1") for name, value in proxy.headers.items()]
        try:
            conn.sock.sendall(b"\r\n".join([*lines, b"", b""]))
            status_line = conn.readline().decode("iso-8859-1")
            parts = status_line.split(None, 2)
            code = parts[1] if len(parts) > 1 else ""
            if code != "200":  # urllib3 reports it as a proxy failure
                reason = parts[2].strip() if len(parts) > 2 else ""
                conn.close()
                raise _http.Failure("proxy", OSError(f"Tunnel connection failed: {code} {reason}"))
            while conn.readline() not in (b"\r\n", b"\n", b""):
                pass
        except TimeoutError as e:
            conn.close()
            raise _http.Failure("read-timeout", e) from None
        except OSError as e:
            conn.close()
            raise _http.Failure("closed", e) from None

    def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | Any,
        stream: bool = False,
    ) -> HTTPResponse:
        """Send once (retries are the client's business) and map failures to typed errors.

        As botocore sends: the request target untouched, header values as UTF-8, and no
        body at all (so no ``Content-Length: 0`` on a GET) when it is empty.
        """
        proxy_url = self._proxy_for(url)
        try:
            return self._exchange(method, url, headers, body, stream, proxy_url)
        except _http.Failure as failure:
            raise _error(failure, url, proxy_url) from None
        except Exception as e:
            _log.debug(_LOG, "Exception received when sending HTTP request: %r", e)
            raise errors.HTTPClientError(error=e) from None

    def _exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: Any,
        stream: bool,
        proxy_url: str | None,
    ) -> HTTPResponse:
        scheme, netloc = _scheme_and_host(url)
        host, port, _, _ = _split_netloc(netloc, scheme)
        proxy = _Proxy(proxy_url) if proxy_url is not None else None
        sent: Mapping[str, Any] = headers
        if proxy is not None and self._forwards(url, proxy_url):
            key: tuple[Any, ...] = ("forward", proxy_url)
            target, host_header = _http.absolute_target(url)
            if proxy.headers:
                sent = {**headers, **proxy.headers}
        else:
            key = (scheme, host, port, proxy_url)
            host_header = _http.host_header(host, port, _DEFAULT_PORTS.get(scheme))
            target = _http.origin_target(_origin_form(url))
        head, chunks, chunked = _http.request_head(
            method, target, host_header, sent, None if body == b"" else body
        )
        conn = self._checkout(key)
        while True:
            if conn is None:
                conn = self._open(key, scheme, host, port, proxy)
            sock = conn.sock
            sock.settimeout(self._connect_timeout)  # urllib3 sends under the connect timeout
            failed: OSError | None = None
            try:
                written = sock.send(head)
            except OSError as e:
                if conn.reused and not _http.is_tls_error(e):
                    conn.close()  # a pooled connection gone stale: nothing of it went out
                    conn = None
                    continue
                written, failed = 0, e
            break
        try:
            if failed is not None:
                raise failed
            if written < len(head):
                sock.sendall(memoryview(head)[written:])
            _http.send_body(sock, chunks, chunked)
        except OSError as e:
            if _http.is_tls_error(e):
                conn.close()
                raise _http.Failure("tls", e) from None
            if not isinstance(e, (BrokenPipeError, ConnectionResetError)):
                conn.close()
                raise _http.Failure("closed", e) from None
            # else the server may have answered and closed early: read its answer (urllib3)
        sock.settimeout(self._read_timeout)
        try:
            response_head = _http.read_head(conn, method)
        except TimeoutError as e:
            conn.close()
            raise _http.Failure("read-timeout", e) from None
        except (OSError, ValueError) as e:
            conn.close()
            raise _http.Failure("tls" if _http.is_tls_error(e) else "closed", e) from None
        raw = _http.Body(conn, response_head, self._release)
        body_bytes = b"" if stream else raw.read_all()
        return HTTPResponse(
            url,
            response_head.status,
            response_head.header_dict(),
            body_bytes,
            StreamingRaw(raw),
        )

    def close(self) -> None:
        idle, self._idle = self._idle, {}
        for conns in idle.values():
            for conn in conns:
                conn.close()


def _error(failure: _http.Failure, url: str, proxy_url: str | None) -> Exception:
    """The botocore error for a transport failure."""
    kind, error = failure.kind, failure.error
    if kind == "tls":
        return errors.SSLError(endpoint_url=url, error=error)
    if kind == "connect":
        return errors.EndpointConnectionError(endpoint_url=url, error=error)
    if kind == "proxy":
        return errors.ProxyConnectionError(proxy_url=_mask_proxy_url(proxy_url or ""), error=error)
    if kind == "connect-timeout":
        return errors.ConnectTimeoutError(endpoint_url=url, error=error)
    if kind == "read-timeout":
        return errors.ReadTimeoutError(endpoint_url=url, error=error)
    if kind == "closed":
        return errors.ConnectionClosedError(endpoint_url=url, error=error)
    return errors.HTTPClientError(error=error)
