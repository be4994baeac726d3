"""Sending requests with urllib3: one connection pool per client, botocore-named errors.

urllib3 (with ssl and http.client) is imported when a client sends its first request,
not when it is created: making a client costs no network stack.
"""

from __future__ import annotations

import os

from .. import _log
from .._lazy import once
from ..exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    HTTPClientError,
    ProxyConnectionError,
    ReadTimeoutError,
    SSLError,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    import urllib3

_LOG = "strato.client"


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


@once
def _no_retries() -> Any:
    """One ``Retry(False)`` for every request: urllib3 never changes it in place."""
    from urllib3.util.retry import Retry

    return Retry(False)


class Transport:
    """A urllib3 pool manager (and proxy managers) configured once per client."""

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
        self._verify = verify
        self._proxies = dict(proxies) if proxies is not None else None
        self._proxies_config = dict(proxies_config or {})
        self._options = (connect_timeout, read_timeout, max_pool_connections, tcp_keepalive)
        self._client_cert = client_cert
        self._pool_kwargs: dict[str, Any] | None = None
        self._manager: urllib3.PoolManager | None = None
        self._proxy_managers: dict[str, urllib3.ProxyManager] = {}
        self._env_proxies: dict[tuple[str, str], str | None] = {}

    def _pool_manager(self) -> urllib3.PoolManager:
        """The direct pool manager, built (and urllib3 imported) on first use."""
        if self._manager is None:
            import socket

            import urllib3

            connect_timeout, read_timeout, max_pool_connections, tcp_keepalive = self._options
            cert = self._client_cert
            cert_file, key_file = (cert, None) if isinstance(cert, str) else (cert or (None, None))
            options = list(urllib3.connection.HTTPConnection.default_socket_options)
            if tcp_keepalive:
                options.append((socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1))
            self._pool_kwargs = {
                "timeout": urllib3.Timeout(connect=connect_timeout, read=read_timeout),
                "maxsize": max_pool_connections,
                "socket_options": options,
                "cert_file": cert_file,
                "key_file": key_file,
            }
            self._manager = urllib3.PoolManager(
                **self._pool_kwargs, **self._tls_kwargs(self._verify)
            )
        return self._manager

    @staticmethod
    def _tls_kwargs(verify: bool | str | None) -> dict[str, Any]:
        """TLS options; ``None`` means the default bundle (certifi's, found only now)."""
        import ssl

        if verify is None:
            verify = default_verify()
        if verify is False:
            return {"cert_reqs": ssl.CERT_NONE}
        if isinstance(verify, str):
            if os.path.isdir(verify):
                return {"cert_reqs": ssl.CERT_REQUIRED, "ca_cert_dir": verify}
            return {"cert_reqs": ssl.CERT_REQUIRED, "ca_certs": verify}
        return {"cert_reqs": ssl.CERT_REQUIRED}

    def _proxy_for(self, url: str) -> str | None:
        """``Config.proxies``, else the environment's (``HTTPS_PROXY``, ``NO_PROXY``, ...),
        read once per host, as botocore reads them when it makes the client."""
        scheme, netloc = _scheme_and_host(url)
        if self._proxies is not None:
            return self._proxies.get(scheme)
        key = (scheme, netloc)
        if key not in self._env_proxies:
            from urllib.request import getproxies_environment, proxy_bypass

            bypass = proxy_bypass(netloc)
            self._env_proxies[key] = None if bypass else getproxies_environment().get(scheme)
        return self._env_proxies[key]

    def _request_target(self, url: str, proxy_url: str | None) -> str:
        """botocore's request target: the absolute URL when a proxy forwards the request
        (plain HTTP, or HTTPS through an HTTPS proxy set to forward), else the origin form."""
        if proxy_url is not None and (
            url.startswith("http:")
            or (
                proxy_url.startswith("https:")
                and self._proxies_config.get("proxy_use_forwarding_for_https")
            )
        ):
            return url
        return _origin_form(url)

    def _manager_for(self, proxy_url: str | None) -> urllib3.PoolManager:
        direct = self._pool_manager()
        if proxy_url is None:
            return direct
        manager = self._proxy_managers.get(proxy_url)
        if manager is None:
            import urllib3

            assert self._pool_kwargs is not None
            if "://" not in proxy_url:
                proxy_url = "http://" + proxy_url
            tls = self._tls_kwargs(self._verify)
            if self._proxies_config.get("proxy_ca_bundle"):
                tls["ca_certs"] = self._proxies_config["proxy_ca_bundle"]
            manager = urllib3.ProxyManager(
                proxy_url,
                use_forwarding_for_https=bool(
                    self._proxies_config.get("proxy_use_forwarding_for_https")
                ),
                **self._pool_kwargs,
                **tls,
            )
            self._proxy_managers[proxy_url] = manager
        return manager

    def send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | Any,
        stream: bool = False,
    ) -> HTTPResponse:
        """Send once (retries are the client's business) and map failures to typed errors.

        As botocore sends: the pool's own ``urlopen`` with the request target untouched,
        header values as UTF-8, and no body at all (so no ``Content-Length: 0`` on a GET)
        when it is empty.
        """
        import socket

        import urllib3.exceptions as u3  # absolute: no package fromlist work per request

        proxy_url = self._proxy_for(url)
        if body == b"":
            body = None
        # botocore encodes str values before urllib3 (which would write Latin-1) sees them.
        sent: dict[str, Any] = {
            name: value.encode("utf-8") if isinstance(value, str) else value
            for name, value in headers.items()
        }
        try:
            pool = self._manager_for(proxy_url).connection_from_url(url)
            response = pool.urlopen(
                method,
                self._request_target(url, proxy_url),
                body=body,
                headers=sent,
                redirect=False,
                retries=_no_retries(),
                assert_same_host=False,
                preload_content=False,
                decode_content=False,
                enforce_content_length=False,
            )
            body_bytes = b"" if stream else response.read()
        except u3.SSLError as e:
            raise SSLError(endpoint_url=url, error=e) from None
        except (u3.NewConnectionError, socket.gaierror) as e:
            raise EndpointConnectionError(endpoint_url=url, error=e) from None
        except u3.ProxyError as e:
            raise ProxyConnectionError(
                proxy_url=_mask_proxy_url(proxy_url or ""), error=e
            ) from None
        except u3.ConnectTimeoutError as e:
            raise ConnectTimeoutError(endpoint_url=url, error=e) from None
        except u3.ReadTimeoutError as e:
            raise ReadTimeoutError(endpoint_url=url, error=e) from None
        except u3.ProtocolError as e:
            raise ConnectionClosedError(endpoint_url=url, error=e) from None
        except u3.MaxRetryError as e:
            reason = e.reason
            if isinstance(reason, u3.ConnectTimeoutError):
                raise ConnectTimeoutError(endpoint_url=url, error=reason) from None
            if isinstance(reason, u3.ProxyError):
                raise ProxyConnectionError(
                    proxy_url=_mask_proxy_url(proxy_url or ""), error=reason
                ) from None
            if isinstance(reason, u3.SSLError):
                raise SSLError(endpoint_url=url, error=reason) from None
            raise EndpointConnectionError(endpoint_url=url, error=reason) from None
        except Exception as e:
            _log.debug(_LOG, "Exception received when sending urllib3 HTTP request: %r", e)
            raise HTTPClientError(error=e) from None
        return HTTPResponse(url, response.status, dict(response.headers), body_bytes, response)

    def close(self) -> None:
        if self._manager is not None:
            self._manager.clear()
        for manager in self._proxy_managers.values():
            manager.clear()
