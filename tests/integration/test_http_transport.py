"""strato's own HTTP/1.1 transport against real peers, each case next to botocore 1.44.8.

Servers answer with scripted raw bytes (framing, repeated headers, truncation, resets,
dropped keep-alive connections); TLS servers use a throwaway CA with per-SNI leaves; a real
proxy (``_proxy.py``) tunnels and forwards. Where botocore gives an answer or an error,
strato must give the same; connection reuse is checked by counting server connections.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import botocore.config  # type: ignore[import-untyped]
import pytest

import strato
from wire.tls import Authority

from ._compare import assert_same
from ._proxy import Proxy

KEYS = {"aws_access_key_id": "AKIDTRANSPORT", "aws_secret_access_key": "secret"}
ONE = {"total_max_attempts": 1}
_IDENTITY = (
    b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    b"<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/lean</Arn>"
    b"<UserId>AIDALEAN</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
    b"<ResponseMetadata><RequestId>req-lean</RequestId></ResponseMetadata>"
    b"</GetCallerIdentityResponse>"
)


#: Each library's client maker with its Config class (the ``makers`` fixture).
Makers = list[tuple[Callable[..., Any], Any]]
#: The ``both`` fixture: ``both(service, url, call, **options)``.
Both = Callable[..., list[Any]]


def _ok(body: bytes = _IDENTITY, *extra: bytes) -> bytes:
    head = [b"HTTP/1.1 200 OK", b"Content-Type: text/xml", *extra]
    head.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(head) + b"\r\n\r\n" + body


class RawServer:
    """Answers each request with the next scripted bytes (the last repeats). An answer of
    ``None`` closes the connection without a word; ``close_after`` closes after answering.
    Counts connections, and can drop every idle connection on demand."""

    def __init__(self, answers: list[bytes | None], context: ssl.SSLContext | None = None) -> None:
        self.answers = answers
        self.context = context
        self.requests: list[bytes] = []
        self.connections = 0
        self.close_after = False
        self.hold: float = 0  # seconds to wait mid-answer (after the first half)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"{'https://localhost' if context else 'http://127.0.0.1'}:{self.port}"
        self._live: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, sock: socket.socket) -> None:
        with contextlib.suppress(OSError, ValueError):
            if self.context is not None:
                sock = self.context.wrap_socket(sock, server_side=True)
            self._live.append(sock)
            with sock, sock.makefile("rb") as stream:
                self._answer(sock, stream)

    def _answer(self, sock: socket.socket, stream: Any) -> None:
        while True:
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                line = stream.readline()
                if not line:
                    return
                head += line
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            stream.read(length)
            answer = self.answers[min(len(self.requests), len(self.answers) - 1)]
            self.requests.append(head)
            if answer is None:
                return
            if self.hold:
                sock.sendall(answer[: len(answer) // 2])
                time.sleep(self.hold)
                answer = answer[len(answer) // 2 :]
            sock.sendall(answer)
            if self.close_after:
                return

    def drop_idle(self, reset: bool = False) -> None:
        """Close every connection: with a FIN, or then a RST when ``reset`` (its thread,
        woken by the shutdown, closes it with a zero linger)."""
        for sock in self._live:
            with contextlib.suppress(OSError):
                if reset:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.shutdown(socket.SHUT_RDWR)
        self._live.clear()

    def close(self) -> None:
        self._listener.close()
        self.drop_idle()
        for thread in self._threads:
            thread.join(5)


_Peer = TypeVar("_Peer", RawServer, Proxy)


def _closed_after(factory: Callable[..., _Peer]) -> Iterator[Callable[..., _Peer]]:
    """A fixture's maker of ``factory(...)`` peers, each closed when the test ends."""
    made: list[_Peer] = []

    def make(*args: Any, **kwargs: Any) -> _Peer:
        made.append(factory(*args, **kwargs))
        return made[-1]

    yield make
    for peer in made:
        peer.close()


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    """``raw_server(answers, context=None)``: a :class:`RawServer`."""
    yield from _closed_after(RawServer)


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    return Authority(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def makers(strato_client: Callable[..., Any], boto3_client: Callable[..., Any]) -> Makers:
    """Each library's client maker with its Config class: strato's, then boto3's."""
    return [(strato_client, strato.Config), (boto3_client, botocore.config.Config)]


@pytest.fixture
def both(makers: Makers) -> Both:
    """``both(service, url, call, **options)``: the outcome of ``call(client)`` for strato
    and for boto3, each client made with Config(**options): a result, or the error's
    class name and message."""

    def run(service: str, url: str, call: Callable[[Any], Any], **options: Any) -> list[Any]:
        extra = {key: options.pop(key) for key in ("verify",) if key in options}
        options.setdefault("retries", ONE)
        outcomes = []
        for make, config in makers:
            client = make(service, url, config=config(**options), **KEYS, **extra)
            try:
                outcomes.append(call(client))
            except Exception as e:
                outcomes.append((type(e).__name__, str(e)))
        return outcomes

    return run


def _identity(client: Any) -> Any:
    return client.get_caller_identity()


# -- response framing ------------------------------------------------------------------


_CHUNKED = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n"
    b"X-Twice: a\r\nx-twice: b\r\n\r\n"
    + b"".join(
        b"%x;ext=1\r\n%b\r\n" % (len(part), part)
        for part in (_IDENTITY[:50], _IDENTITY[50:51], _IDENTITY[51:])
    )
    + b"0\r\nTrailer: t\r\n\r\n"
)
_UNTIL_CLOSE = b"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n" + _IDENTITY
_FOLDED = _ok(_IDENTITY, b"X-Folded: one\r\n  two", b"X-Blank:   \t padded ")
_CONTINUE = b"HTTP/1.1 100 Continue\r\nX-Ignored: 1\r\n\r\n" + _ok()


@pytest.mark.parametrize(
    "answer",
    [_CHUNKED, _UNTIL_CLOSE, _FOLDED, _CONTINUE],
    ids=["chunked", "until-close", "folded", "100-continue"],
)
def test_response_framing_and_headers_match_botocore(
    answer: bytes,
    raw_server: Callable[..., RawServer],
    both: Both,
) -> None:
    server = raw_server([answer])
    server.close_after = answer is _UNTIL_CLOSE
    ours, theirs = both("sts", server.url, _identity)
    assert ours["Arn"] == "arn:aws:iam::123456789012:user/lean"
    assert_same(ours, theirs)
    assert ours["ResponseMetadata"]["HTTPHeaders"] == theirs["ResponseMetadata"]["HTTPHeaders"]


def test_repeated_headers_are_joined_as_urllib3_joins_them(
    raw_server: Callable[..., RawServer], strato_client: Callable[..., Any]
) -> None:
    server = raw_server([_CHUNKED])
    client = strato_client("sts", server.url, **KEYS)
    headers = client.get_caller_identity()["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-twice"] == "a, b"


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        # botocore reads a whole body in pieces: one cut short is parsed as it came
        (_ok()[:-20], "ResponseParserError"),
        (_CHUNKED[:-40], "ConnectionClosedError"),  # cut inside a chunk
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "ConnectionClosedError",
        ),
        (b"NOT HTTP\r\n\r\n", "ConnectionClosedError"),
        (None, "ConnectionClosedError"),  # closed without an answer
    ],
    ids=["short", "short-chunked", "bad-chunk-size", "bad-status-line", "no-answer"],
)
def test_broken_responses_are_botocores_errors(
    answer: bytes | None,
    error: str,
    raw_server: Callable[..., RawServer],
    both: Both,
) -> None:
    server = raw_server([answer])
    server.close_after = True
    ours, theirs = both("sts", server.url, _identity)
    assert ours == theirs
    assert ours[0] == error


def test_a_read_timeout_mid_body_is_botocores(
    raw_server: Callable[..., RawServer],
    both: Both,
) -> None:
    server = raw_server([_ok()])
    server.hold = 1.0
    ours, theirs = both("sts", server.url, _identity, read_timeout=0.3)
    assert ours == theirs
    assert ours[0] == "ReadTimeoutError"


# -- keep-alive ------------------------------------------------------------------------


def test_one_connection_serves_many_calls(
    raw_server: Callable[..., RawServer], strato_client: Callable[..., Any]
) -> None:
    server = raw_server([_ok()])
    client = strato_client("sts", server.url, **KEYS)
    for _ in range(3):
        client.get_caller_identity()
    assert server.connections == 1


def test_a_connection_the_server_dropped_is_replaced_without_a_retry(
    raw_server: Callable[..., RawServer],
    makers: Makers,
) -> None:
    outcomes = []
    for make, config in makers:
        server = raw_server([_ok()])
        client = make("sts", server.url, config=config(retries=ONE), **KEYS)
        client.get_caller_identity()
        server.drop_idle()
        time.sleep(0.05)  # the FIN has arrived; no assertion depends on timing beyond that
        outcomes.append(client.get_caller_identity()["ResponseMetadata"]["RetryAttempts"])
        assert server.connections == 2
        assert len(server.requests) == 2
    assert outcomes == [0, 0]


def test_a_stale_connection_whose_first_write_fails_is_replaced(
    raw_server: Callable[..., RawServer],
    strato_client: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server reset the pooled connection after the idle check passed (the check is
    made to miss it): nothing of the request went out, so it goes on a new connection."""
    from strato import _http

    server = raw_server([_ok()])
    client = strato_client("sts", server.url, config=strato.Config(retries=ONE), **KEYS)
    client.get_caller_identity()
    server.drop_idle(reset=True)
    time.sleep(0.05)  # the RST has arrived
    monkeypatch.setattr(_http.Connection, "dropped", lambda self: False)
    assert client.get_caller_identity()["ResponseMetadata"]["RetryAttempts"] == 0
    assert (server.connections, len(server.requests)) == (2, 2)


def test_head_and_204_have_no_body_and_keep_the_connection(
    raw_server: Callable[..., RawServer],
    makers: Makers,
) -> None:
    answers: list[bytes | None] = [
        b'HTTP/1.1 200 OK\r\nContent-Length: 10\r\nETag: "e"\r\n\r\n',
        b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
    ]
    results = []
    for make, config in makers:
        server = raw_server(answers)
        client = make("s3", server.url, config=config(retries=ONE), **KEYS)
        head = client.head_object(Bucket="b", Key="k")
        client.delete_object(Bucket="b", Key="k")
        results.append((head["ContentLength"], head["ETag"], server.connections))
    assert results[0] == results[1] == (10, '"e"', 1)


# -- streaming downloads ---------------------------------------------------------------

_PAYLOAD = bytes(range(256)) * 40


def test_streaming_body_reads_lazily_and_returns_its_connection(
    raw_server: Callable[..., RawServer], strato_client: Callable[..., Any]
) -> None:
    server = raw_server([_ok(_PAYLOAD, b"Content-Type: application/octet-stream")])
    client = strato_client("s3", server.url, **KEYS)
    body = client.get_object(Bucket="b", Key="k")["Body"]
    assert body.read(3) == _PAYLOAD[:3]
    assert body.tell() == 3
    assert b"".join(body.iter_chunks(1000)) == _PAYLOAD[3:]
    client.get_object(Bucket="b", Key="k")["Body"].read()
    assert server.connections == 1
    early = client.get_object(Bucket="b", Key="k")["Body"]
    early.read(10)
    early.close()  # not read to the end: the connection cannot be reused
    assert client.get_object(Bucket="b", Key="k")["Body"].read() == _PAYLOAD
    assert server.connections == 2


@pytest.mark.parametrize("whole", [True, False], ids=["read()", "read(amt)"])
def test_a_short_streaming_body_is_botocores_error(
    whole: bool,
    raw_server: Callable[..., RawServer],
    both: Both,
) -> None:
    server = raw_server([_ok(_PAYLOAD)[:-100]])
    server.close_after = True

    def download(client: Any) -> bytes:
        body = client.get_object(Bucket="b", Key="k")["Body"]
        return body.read() if whole else b"".join(body.iter_chunks(4096))

    ours, theirs = both("s3", server.url, download)
    assert ours == theirs
    assert ours[0] == ("ResponseStreamingError" if whole else "IncompleteReadError")


def test_a_stalled_stream_is_botocores_read_timeout(
    raw_server: Callable[..., RawServer],
    both: Both,
) -> None:
    server = raw_server([_ok(_PAYLOAD)])
    server.hold = 1.0

    def download(client: Any) -> bytes:
        body = client.get_object(Bucket="b", Key="k")["Body"]
        data: bytes = body.read()
        return data

    ours, theirs = both("s3", server.url, download, read_timeout=0.3)
    assert ours == theirs == ("ReadTimeoutError", 'Read timeout on endpoint URL: "None"')


def test_the_pool_keeps_at_most_max_pool_connections(
    raw_server: Callable[..., RawServer], strato_client: Callable[..., Any]
) -> None:
    server = raw_server([_ok(_PAYLOAD)])
    client = strato_client("s3", server.url, config=strato.Config(max_pool_connections=2), **KEYS)
    bodies = [client.get_object(Bucket="b", Key="k")["Body"] for _ in range(4)]
    assert server.connections == 4
    for body in bodies:
        body.read()
    for _ in range(4):
        client.get_object(Bucket="b", Key="k")["Body"].read()
    assert server.connections == 4  # two kept, reused one after the other
    assert [len(idle) for idle in client._transport._idle.values()] == [2]


# -- TLS -------------------------------------------------------------------------------


def test_tls_with_a_ca_bundle_matches_botocore(
    authority: Authority,
    raw_server: Callable[..., RawServer],
    both: Both,
) -> None:
    server = raw_server([_ok()], authority.context)
    ours, theirs = both("sts", server.url, _identity, verify=str(authority.ca_file))
    assert_same(ours, theirs)


@pytest.mark.parametrize("case", ["unknown-ca", "wrong-host", "no-bundle-file"])
def test_tls_failures_are_botocores_ssl_errors(
    case: str,
    authority: Authority,
    tmp_path: Path,
    raw_server: Callable[..., RawServer],
    both: Both,
) -> None:
    context = authority.context
    verify: Any = str(authority.ca_file)
    if case == "wrong-host":
        context = authority._context_for("elsewhere.example")  # no SNI choice: wrong leaf
    elif case == "unknown-ca":
        verify = str(Authority(tmp_path).ca_file)
    else:
        verify = str(tmp_path / "missing.pem")
    server = raw_server([_ok()], context)
    ours, theirs = both("sts", server.url, _identity, verify=verify)
    assert ours == theirs
    assert ours[0] == "SSLError"


def test_verify_false_accepts_any_certificate(
    tmp_path: Path,
    raw_server: Callable[..., RawServer],
    both: Both,
) -> None:
    server = raw_server([_ok()], Authority(tmp_path).context)
    ours, theirs = both("sts", server.url, _identity, verify=False)
    assert_same(ours, theirs)


def _client_certificate(directory: Path) -> tuple[Path, str, str]:
    """A CA file, and a client certificate and key it signed (files)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def build(subject: str, issuer: str, public: Any) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
            .not_valid_after(datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))
        )

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (
        build("client CA", "client CA", ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        build("client", "client CA", key.public_key())
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (directory / "client-ca.pem").write_bytes(ca.public_bytes(pem))
    (directory / "client.pem").write_bytes(leaf.public_bytes(pem))
    (directory / "client-key.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return (
        directory / "client-ca.pem",
        str(directory / "client.pem"),
        str(directory / "client-key.pem"),
    )


@pytest.mark.parametrize("as_pair", [True, False], ids=["cert-and-key", "one-file"])
def test_a_client_certificate_is_presented(
    as_pair: bool,
    authority: Authority,
    tmp_path: Path,
    raw_server: Callable[..., RawServer],
    both: Both,
) -> None:
    """The server requires a certificate from the client, signed by the CA it trusts."""
    client_ca, cert, key = _client_certificate(tmp_path)
    context = authority._new_context("localhost")
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(client_ca)
    server = raw_server([_ok()], context)
    if not as_pair:
        combined = tmp_path / "combined.pem"
        combined.write_text(Path(cert).read_text() + Path(key).read_text())
    client_cert: Any = (cert, key) if as_pair else str(combined)
    ours, theirs = both(
        "sts",
        server.url,
        _identity,
        verify=str(authority.ca_file),
        client_cert=client_cert,
    )
    assert isinstance(ours, dict)
    assert_same(ours, theirs)


# -- proxies ---------------------------------------------------------------------------


@pytest.fixture
def proxies() -> Iterator[Callable[..., Proxy]]:
    """``proxies(upstream_port, **options)``: a :class:`Proxy` to that port."""
    yield from _closed_after(Proxy)


def _with_credentials(url: str) -> str:
    return url.replace("://", "://us%40er:p%3Ass@")


@pytest.mark.parametrize("proxy_tls", [False, True], ids=["http-proxy", "https-proxy"])
@pytest.mark.parametrize("origin_tls", [False, True], ids=["http-url", "https-url"])
def test_through_a_proxy_as_botocore(
    proxy_tls: bool,
    origin_tls: bool,
    authority: Authority,
    raw_server: Callable[..., RawServer],
    proxies: Callable[..., Proxy],
    makers: Makers,
) -> None:
    """Forwarded (absolute target) for http URLs, CONNECT tunnels for https ones, TLS inside
    TLS through an HTTPS proxy; Proxy-Authorization from the proxy URL's credentials."""
    server = raw_server([_ok()], authority.context if origin_tls else None)
    seen = []
    outcomes = []
    for make, cls in makers:
        proxy = proxies(server.port, context=authority.context if proxy_tls else None)
        config = {
            "retries": ONE,
            "proxies": {
                "http": _with_credentials(proxy.url),
                "https": _with_credentials(proxy.url),
            },
            "proxies_config": {"proxy_ca_bundle": str(authority.ca_file)},
        }
        url = server.url.replace("127.0.0.1", "localhost")
        client = make("sts", url, config=cls(**config), verify=str(authority.ca_file), **KEYS)
        outcomes.append(client.get_caller_identity())
        line, headers = proxy.seen[0]
        seen.append(
            (
                line.split(b" HTTP/")[0] if origin_tls else line.split(b" ")[0],
                headers.get("proxy-authorization"),
                headers.get("host"),
            )
        )
    assert_same(outcomes[0], outcomes[1])
    assert seen[0] == seen[1]
    assert seen[0][1] == b"Basic dXNAZXI6cDpzcw=="  # us@er:p:ss


def test_https_forwarded_through_an_https_proxy_as_botocore(
    authority: Authority,
    raw_server: Callable[..., RawServer],
    proxies: Callable[..., Proxy],
    makers: Makers,
) -> None:
    """``proxy_use_forwarding_for_https``: the https URL goes to the proxy (over TLS) as an
    absolute target, no tunnel (the proxy here passes it on in plain HTTP)."""
    server = raw_server([_ok()])
    seen, outcomes = [], []
    for make, cls in makers:
        proxy = proxies(server.port, context=authority.context)
        config = {
            "retries": ONE,
            "proxies": {"https": proxy.url},
            "proxies_config": {
                "proxy_ca_bundle": str(authority.ca_file),
                "proxy_use_forwarding_for_https": True,
            },
        }
        url = f"https://localhost:{server.port}"
        client = make("sts", url, config=cls(**config), verify=str(authority.ca_file), **KEYS)
        outcomes.append(client.get_caller_identity())
        seen.append(proxy.seen[0])
    assert_same(outcomes[0], outcomes[1])
    assert seen[0][0] == seen[1][0] == f"POST https://localhost:{server.port}/ HTTP/1.1".encode()
    assert seen[0][1]["host"] == seen[1][1]["host"]


def test_an_unreachable_proxy_is_botocores_proxy_error(both: Both) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()
    proxy = f"http://user:secret@127.0.0.1:{port}"
    ours, theirs = both(
        "sts",
        "https://localhost:1",
        _identity,
        proxies={"https": proxy},
    )
    assert ours == theirs
    assert ours == (
        "ProxyConnectionError",
        f'Failed to connect to proxy URL: "http://***:***@127.0.0.1:{port}"',
    )


def test_a_refused_tunnel_is_botocores_error(
    proxies: Callable[..., Proxy],
    both: Both,
) -> None:
    proxy = proxies(1, reject=b"HTTP/1.1 407 Proxy Authentication Required")
    ours, theirs = both(
        "sts",
        "https://localhost:1",
        _identity,
        proxies={"https": proxy.url},
    )
    assert ours == theirs


def test_environment_proxies_and_no_proxy_as_botocore(
    monkeypatch: pytest.MonkeyPatch,
    raw_server: Callable[..., RawServer],
    proxies: Callable[..., Proxy],
    both: Both,
) -> None:
    server = raw_server([_ok()])
    proxy = proxies(server.port)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    for no_proxy, through in (("", 2), (".localhost,other", 0), ("*", 0), ("localhost:9", 2)):
        monkeypatch.setenv("no_proxy", no_proxy)
        before = len(proxy.seen)
        url = f"http://localhost:{server.port}"
        ours, theirs = both("sts", url, _identity)
        assert_same(ours, theirs)
        assert len(proxy.seen) - before == through
