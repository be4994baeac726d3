"""HTTP/1.1 on ``socket`` and ``ssl``: connections, request bytes, response framing.

urllib3 costs ~50 ms of CPU to import and ``http.client`` ~20 ms (it loads ``email``), while
a first call needs only ``socket`` and ``ssl``. This module writes the bytes urllib3 (as
botocore drives it) writes and reads responses as ``http.client`` does; pooling, proxies
and the mapping to strato's errors are its users': the clients' transport
(``clients/transport.py``) and the metadata credential providers
(``credentials/_metadata_http.py``). It imports nothing of strato, so either can load it.

Sockets are ``_socket``'s: the ``socket`` module (with ``selectors`` and ``enum``, about
2.5 ms to import) adds nothing a connection needs here; https loads it with ``ssl``.
"""

from __future__ import annotations

import _socket
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable, Iterator, Mapping
    from typing import Any

_MAX_LINE = 65536  # http.client's limits
_MAX_HEADERS = 100
_BLOCK = 16384  # urllib3's block size for file-like bodies
_ONE_WRITE = 65536  # a body of known length up to this size goes out in the head's write
_NO_BODY_EXPECTED = frozenset({"GET", "HEAD", "DELETE", "TRACE", "OPTIONS", "CONNECT"})


class Failure(Exception):
    """A transport failure; ``kind`` says which botocore error it becomes.

    Kinds: ``connect`` (DNS, refused), ``connect-timeout``, ``read-timeout``, ``tls``,
    ``proxy`` (reaching the proxy failed), ``closed`` (the exchange broke), ``client``
    (a request urllib3 would refuse to send: ``HTTPClientError``).
    """

    def __init__(self, kind: str, error: BaseException | str) -> None:
        super().__init__(kind, error)
        self.kind = kind
        self.error = error


class IncompleteRead(Exception):
    """A body that ended early, shown as ``http.client`` shows it."""

    def __init__(self, got: int, expected: int | None) -> None:
        super().__init__(got, expected)
        self.got, self.expected = got, expected

    def __repr__(self) -> str:
        more = "" if self.expected is None else f", {self.expected} more expected"
        return f"IncompleteRead({self.got} bytes read{more})"

    __str__ = __repr__


def is_tls_error(error: BaseException) -> bool:
    """Whether ``error`` is ssl's, without importing ssl for plain-HTTP calls."""
    ssl = sys.modules.get("ssl")
    return ssl is not None and isinstance(error, ssl.SSLError)


def _broken(inner: BaseException) -> Exception:
    """urllib3's ``ProtocolError('Connection broken: ...', inner)`` (same text)."""
    return Exception(f"Connection broken: {inner!r}", inner)


class Connection:
    """A connected socket with a read buffer; ``key`` names the pool it returns to."""

    __slots__ = ("_buf", "key", "reused", "sock")

    def __init__(self, sock: Any, key: tuple[Any, ...]) -> None:
        self.sock = sock
        self.key = key
        self.reused = False
        self._buf = bytearray()

    def close(self) -> None:
        self.sock.close()

    def dropped(self) -> bool:
        """Whether an idle connection was closed by its peer (or has stray bytes): a
        readable idle socket can only mean that (urllib3's ``is_connection_dropped``)."""
        if self._buf:
            return True
        import select

        try:
            if hasattr(select, "poll"):  # no FD_SETSIZE limit
                poller = select.poll()
                poller.register(self.sock, select.POLLIN)
                return bool(poller.poll(0))
            return bool(select.select([self.sock], [], [], 0)[0])
        except (OSError, ValueError):
            return True

    def buffered(self) -> int:
        return len(self._buf)

    def fill(self) -> bool:
        """One read of the socket into the buffer; False at EOF."""
        data = self.sock.recv(65536)
        if not data:
            return False
        self._buf += data
        return True

    def readline(self) -> bytes:
        """One line with its ending (``b""`` at EOF); a longer one than http.client takes
        is an error."""
        buf = self._buf
        start = 0
        while True:
            end = buf.find(b"\n", start)
            if end != -1:
                line = bytes(buf[: end + 1])
                del buf[: end + 1]
                break
            start = len(buf)
            if start > _MAX_LINE or not self.fill():
                line = bytes(buf)
                buf.clear()
                break
        if len(line) > _MAX_LINE:
            raise ValueError("got more than 65536 bytes when reading a line")
        return line

    def take_head(self) -> list[str] | None:
        """A response head's lines, without their CRLFs, when the first arrival holds all
        of it in the plain form (every line ending in CRLF, no more lines or longer ones
        than http.client takes); else None, leaving the buffer to ``readline``."""
        buf = self._buf
        if not buf and not self.fill():
            return None
        end = buf.find(b"\r\n\r\n")
        if end == -1:
            return None
        block = bytes(buf[:end])
        if block.count(b"\n") != block.count(b"\r\n"):  # a bare LF ends lines too
            return None
        lines = block.decode("iso-8859-1").split("\r\n")
        if len(lines) > _MAX_HEADERS + 1 or max(map(len, lines)) > _MAX_LINE - 2:
            return None
        del buf[: end + 4]
        return lines

    def read(self, amount: int) -> bytes:
        """Up to ``amount`` bytes, fewer only at EOF."""
        buf = self._buf
        while len(buf) < amount and self.fill():
            pass
        data = bytes(buf[:amount])
        del buf[:amount]
        return data

    def read_some(self, amount: int) -> bytes:
        """What has arrived, up to ``amount`` (waits for at least one byte unless EOF)."""
        if not self._buf:
            self.fill()
        data = bytes(self._buf[:amount])
        del self._buf[:amount]
        return data


def _lookup_name(host: str) -> str | bytes:
    """The host as ``getaddrinfo`` gets it: an ASCII name as the bytes the ``idna`` codec
    would give (so the codec, with ``unicodedata`` and ``stringprep``, is not loaded); a
    name that codec refuses (an empty or over-long label) or a non-ASCII one stays text,
    for ``getaddrinfo`` to encode, or refuse, as before."""
    if not host.isascii():
        return host
    labels = host.split(".")
    if len(labels[-1]) < 64 and all(0 < len(label) < 64 for label in labels[:-1]):
        return host.encode("ascii")
    return host


def connect(
    host: str,
    port: int,
    timeout: float | None,
    options: list[tuple[int, int, int]],
) -> _socket.socket:
    """A TCP connection as urllib3 makes it: each address in turn, the options set first.

    ``Failure('connect')`` for DNS failures and refusals, ``connect-timeout`` on timeout.
    Names are resolved by ``socket.getaddrinfo`` once something has loaded ``socket``
    (tools and tests hook it there), else by the ``_socket`` function it wraps.
    """
    loaded = sys.modules.get("socket")
    getaddrinfo = _socket.getaddrinfo if loaded is None else loaded.getaddrinfo
    try:
        infos = getaddrinfo(_lookup_name(host), port, _socket.AF_UNSPEC, _socket.SOCK_STREAM)
    except OSError as e:
        raise Failure("connect", e) from None
    last: OSError | None = None
    for family, kind, proto, _, address in infos:
        sock = _socket.socket(family, kind, proto)
        try:
            for level, name, value in options:
                sock.setsockopt(level, name, value)
            sock.settimeout(timeout)
            sock.connect(address)
            return sock
        except TimeoutError as e:
            sock.close()
            raise Failure("connect-timeout", e) from None
        except OSError as e:
            sock.close()
            last = e
    raise Failure("connect", last or OSError("getaddrinfo returns an empty list"))


def wrap_tls(sock: Any, context: ssl.SSLContext, server_hostname: str) -> Any:
    """The TLS session over ``sock`` (a socket, or TLS to a proxy), the host name checked
    as urllib3 checks it for botocore's context (which leaves it to urllib3).

    A handshake timeout is a read timeout, as urllib3 reports it; other TLS and
    certificate errors are ``tls``.
    """
    import ssl

    try:
        if isinstance(sock, ssl.SSLSocket):
            wrapped: Any = TLSInTLS(sock, context, server_hostname)
        else:
            wrapped = context.wrap_socket(sock, server_hostname=server_hostname)
        if context.verify_mode != ssl.CERT_NONE and not context.check_hostname:
            match_hostname(wrapped.getpeercert(), server_hostname)
        return wrapped
    except TimeoutError as e:
        sock.close()
        raise Failure("read-timeout", e) from None
    except (ssl.SSLError, CertificateError) as e:
        sock.close()
        raise Failure("tls", e) from None
    except OSError as e:
        sock.close()
        raise Failure("closed", e) from None


class CertificateError(ValueError):
    """A certificate that does not name the host (urllib3's messages)."""


def _dns_match(pattern: str, hostname: str) -> bool:
    """RFC 6125 matching with one wildcard at most, in the leftmost label only."""
    if not pattern:
        return False
    labels = pattern.lower().split(".")
    stars = labels[0].count("*")
    if stars > 1:
        raise CertificateError(f"too many wildcards in certificate DNS name: {pattern!r}")
    if not stars:
        return pattern.lower() == hostname.lower()
    names = hostname.lower().split(".")
    if len(names) != len(labels) or names[1:] != labels[1:]:
        return False
    first, leftmost = names[0], labels[0]
    if leftmost == "*":
        return bool(first)
    if leftmost.startswith("xn--") or hostname.startswith("xn--"):
        return first == leftmost  # no wildcard inside an IDNA label
    prefix, _, suffix = leftmost.partition("*")
    return (
        len(first) >= len(prefix) + len(suffix)
        and first.startswith(prefix)
        and first.endswith(suffix)
    )


def _packed_ip(text: str) -> bytes | None:
    for family in (_socket.AF_INET, _socket.AF_INET6):
        try:
            return _socket.inet_pton(family, text)
        except (OSError, ValueError):
            continue
    return None


def match_hostname(cert: Any, hostname: str) -> None:
    """urllib3's ``match_hostname``: a DNS or IP subjectAltName must match (the subject's
    commonName only when there are none), else ``CertificateError`` naming them."""
    host_ip = _packed_ip(hostname)
    names = []
    for key, value in cert.get("subjectAltName", ()):
        if key == "DNS":
            if host_ip is None and _dns_match(value, hostname):
                return
            names.append(value)
        elif key == "IP Address":
            if host_ip is not None and _packed_ip(value.rstrip()) == host_ip:
                return
            names.append(value)
    if host_ip is None and not names:
        for part in cert.get("subject", ()):
            for key, value in part:
                if key == "commonName":
                    if _dns_match(value, hostname):
                        return
                    names.append(value)
    if len(names) > 1:
        shown = ", ".join(map(repr, names))
        raise CertificateError(f"hostname {hostname!r} doesn't match either of {shown}")
    if names:
        raise CertificateError(f"hostname {hostname!r} doesn't match {names[0]!r}")
    raise CertificateError("no appropriate subjectAltName fields were found")


class TLSInTLS:
    """TLS to the origin inside TLS to an HTTPS proxy (``ssl`` cannot wrap an SSLSocket):
    the inner session runs over memory buffers fed from and to the outer socket."""

    def __init__(self, outer: Any, context: ssl.SSLContext, server_hostname: str) -> None:
        import ssl

        self._outer = outer
        self._incoming = ssl.MemoryBIO()
        self._outgoing = ssl.MemoryBIO()
        self._tls = context.wrap_bio(self._incoming, self._outgoing, False, server_hostname)
        self._run(self._tls.do_handshake)

    def _run(self, step: Callable[[], Any]) -> Any:
        import ssl

        while True:
            try:
                result = step()
            except ssl.SSLWantReadError:
                self._flush()
                data = self._outer.recv(65536)
                if not data:
                    self._incoming.write_eof()
                else:
                    self._incoming.write(data)
                continue
            except ssl.SSLZeroReturnError:
                result = b""
            self._flush()
            return result

    def _flush(self) -> None:
        pending = self._outgoing.read()
        if pending:
            self._outer.sendall(pending)

    def send(self, data: Any) -> int:
        count: int = self._run(lambda: self._tls.write(data))
        return count

    def sendall(self, data: Any) -> None:
        view = memoryview(data)
        while view:
            view = view[self.send(view) :]

    def recv(self, size: int) -> bytes:
        data: bytes = self._run(lambda: self._tls.read(size))
        return data

    def getpeercert(self) -> Any:
        return self._tls.getpeercert()

    def settimeout(self, timeout: float | None) -> None:
        self._outer.settimeout(timeout)

    def fileno(self) -> int:
        fileno: int = self._outer.fileno()
        return fileno

    def close(self) -> None:
        self._outer.close()


_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-~")
_PATH_CHARS = _UNRESERVED | frozenset("!$&'()*+,;=:@/")
_QUERY_CHARS = _PATH_CHARS | {"?"}
_HEX = frozenset("0123456789abcdefABCDEF")


def _encode_invalid(component: str, allowed: frozenset[str]) -> str:
    """urllib3's percent-encoding of a path or query: characters outside ``allowed`` as
    UTF-8 ``%XX``, existing escapes upper-cased, and a stray ``%`` (one not starting an
    escape) makes every ``%`` an escaped ``%25``."""
    if "%" not in component and component.isascii() and all(c in allowed for c in component):
        return component
    pieces = []
    escapes = 0
    i = 0
    while i < len(component):
        if (
            component[i] == "%"
            and i + 2 < len(component)
            and component[i + 1] in _HEX
            and component[i + 2] in _HEX
        ):
            pieces.append(component[i : i + 3].upper())
            escapes += 1
            i += 3
        else:
            pieces.append(component[i])
            i += 1
    raw = "".join(pieces).encode("utf-8", "surrogatepass")
    keep_percent = escapes == raw.count(b"%")
    out = bytearray()
    for byte in raw:
        if (keep_percent and byte == 0x25) or (byte < 128 and chr(byte) in allowed):
            out.append(byte)
        else:
            out += b"%%%02X" % byte
    return out.decode()


def origin_target(target: str) -> str:
    """The origin-form target as urllib3 sends it: path and query percent-encoded where
    they hold characters a target may not, any fragment dropped."""
    target = target.partition("#")[0]
    path, mark, query = target.partition("?")
    path = _encode_invalid(path, _PATH_CHARS)
    return path + "?" + _encode_invalid(query, _QUERY_CHARS) if mark else path


def _without_dot_segments(path: str) -> str:
    """RFC 3986's ``remove_dot_segments``, as urllib3 applies it to absolute URLs."""
    output: list[str] = []
    for segment in path.split("/"):
        if segment == ".":
            continue
        if segment != "..":
            output.append(segment)
        elif output:
            output.pop()
    if path.startswith("/") and (not output or output[0]):
        output.insert(0, "")
    if path.endswith(("/.", "/..")):
        output.append("")
    return "/".join(output)


def absolute_target(url: str) -> tuple[str, str]:
    """The absolute-form target urllib3 makes of ``url`` for a forwarding proxy (scheme and
    host lower-cased, dot segments removed, percent-encoded, no fragment), and the
    ``Host`` header http.client takes from it."""
    scheme, _, rest = url.partition("://")
    end = len(rest)
    for mark in "/\\?#":
        found = rest.find(mark)
        if found != -1 and found < end:
            end = found
    authority, rest = rest[:end], rest[end:]
    rest, _, _ = rest.partition("#")
    path, mark, query = rest.partition("?")
    auth, at, host_port = authority.rpartition("@")
    if host_port.startswith("["):
        host, _, after = host_port.partition("]")
        host, port = host.lower() + "]", after[1:]
    else:
        host, _, port = host_port.partition(":")
        host = host.lower() if host.isascii() else host.encode("idna").decode("ascii")
    netloc = (auth + at if auth else "") + host + (":" + str(int(port)) if port else "")
    if path:
        path = _encode_invalid(_without_dot_segments(path), _PATH_CHARS)
    target = f"{scheme.lower()}://{netloc}{path}"
    if mark:
        target += "?" + _encode_invalid(query, _QUERY_CHARS)
    if "%" in netloc:  # http.client drops an IPv6 zone, and whatever follows it
        netloc = netloc.partition("%")[0] + "]"
    return target, netloc


#: Headers whose values an error message must not show (http.client's would).
_SECRET_HEADERS = frozenset({b"authorization", b"proxy-authorization", b"x-amz-security-token"})


def _header_line(name: str | bytes, value: Any) -> bytes:
    """``Name: value`` as http.client's ``putheader`` checks and writes it; str values go
    out as UTF-8 (botocore encodes them before urllib3 sees them)."""
    raw_name = name.encode("ascii") if isinstance(name, str) else name
    if isinstance(value, str):
        raw = value.encode("utf-8")
    elif isinstance(value, int):
        raw = str(value).encode("ascii")
    else:
        raw = bytes(value)
    if not raw_name or raw_name[:1] in b": \t\r\n\x0b\x0c" or any(c in raw_name for c in b":\r\n"):
        raise Failure("client", ValueError(f"Invalid header name {raw_name!r}"))
    if (b"\r" in raw or b"\n" in raw) and _folds_badly(raw):
        shown = b"***" if raw_name.lower() in _SECRET_HEADERS else raw
        raise Failure("client", ValueError(f"Invalid header value {shown!r}"))
    return raw_name + b": " + raw


def _plain_name(name: str) -> bool:
    """A text header name ``_header_line`` takes as it is (line breaks checked apart)."""
    return bool(name) and name.isascii() and name[0] not in ": \t\x0b\x0c" and ":" not in name


def _header_block(headers: Mapping[str, Any]) -> bytes:
    """The header lines as ``_header_line`` writes them, joined: in one piece when every
    name and value is text without line breaks (the client's headers), else line by line,
    which raises http.client's errors for the first bad one."""
    try:
        text: str | None = "\r\n".join(map(": ".join, headers.items()))
    except TypeError:  # a name or value that is not text
        text = None
    if (
        text is not None
        and text.count("\r") == len(headers) - 1 == text.count("\n")
        and all(map(_plain_name, headers))
    ):
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            pass  # line by line, for the error of the value itself
    try:
        return b"\r\n".join([_header_line(name, value) for name, value in headers.items()])
    except UnicodeEncodeError as e:
        raise Failure("client", e) from None


def _folds_badly(value: bytes) -> bool:
    """http.client's test: a LF not followed by SP/HT, or a CR not followed by SP/HT/LF."""
    for i, byte in enumerate(value):
        after = value[i + 1 : i + 2]
        if byte == 10 and after not in (b" ", b"\t"):
            return True
        if byte == 13 and after not in (b" ", b"\t", b"\n"):
            return True
    return False


def _body_chunks(body: Any) -> tuple[Any, int | None]:
    """urllib3's ``body_to_chunks``: the pieces to send and the length when known."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if isinstance(body, bytes):
        return (body,), len(body)
    if hasattr(body, "read"):
        import io

        encode = isinstance(body, io.TextIOBase)

        def blocks() -> Iterator[bytes]:
            while True:
                block = body.read(_BLOCK)
                if not block:
                    return
                yield block.encode("utf-8") if encode else block

        return blocks(), None
    try:
        view = memoryview(body)
    except TypeError:
        try:
            return iter(body), None
        except TypeError:
            raise Failure(
                "client",
                TypeError(
                    "'body' must be a bytes-like object, file-like object, or iterable. "
                    f"Instead was {body!r}"
                ),
            ) from None
    return (body,), view.nbytes


def _ascii_or_idna(host: str) -> bytes:
    """http.client's Host encoding (the ``idna`` codec only for a non-ASCII name)."""
    try:
        return host.encode("ascii")
    except UnicodeEncodeError:
        return host.encode("idna")


def host_header(host: str, port: int, default_port: int | None) -> str:
    """``Host`` as http.client writes it for a connection: IPv6 in brackets (no zone),
    the port unless it is the scheme's ``default_port``."""
    shown = f"[{host.partition('%')[0]}]" if ":" in host else host
    return shown if port == default_port else f"{shown}:{port}"


def request_head(
    method: str,
    target: str,
    host: str | None,
    headers: Mapping[str, Any],
    body: Any,
) -> tuple[bytes, Any, bool]:
    """The request head urllib3 writes, and the body's pieces and whether they are chunked.

    Request line, ``Host`` (unless given), ``Accept-Encoding: identity`` (unless given),
    the framing header urllib3 adds (``Content-Length``, or ``Transfer-Encoding: chunked``
    for a body of unknown length), then the headers in order. A small body of known
    length comes back in the head, to go in one write (the same bytes; http.client sends
    a bytes body with its head too), and then there are no pieces.
    """
    if not (method.isascii() and method.isprintable()) and any(ord(c) < 0x20 for c in method):
        raise Failure("client", ValueError(f"method can't contain control characters. {method!r}"))
    if not (target.isascii() and target.isprintable()) or " " in target:
        for c in target:
            if c <= " " or c == "\x7f":
                raise Failure(
                    "client",
                    ValueError(
                        f"URL can't contain control characters. {target!r} (found at least {c!r})"
                    ),
                )
    keys = {name.lower() for name in headers}
    try:
        lines = [f"{method} {target} HTTP/1.1".encode("ascii")]
    except UnicodeEncodeError as e:
        raise Failure("client", e) from None
    if "host" not in keys and host is not None:
        lines.append(b"Host: " + _ascii_or_idna(host))
    if "accept-encoding" not in keys:
        lines.append(b"Accept-Encoding: identity")
    if body is None:
        chunks, length = None, (None if method.upper() in _NO_BODY_EXPECTED else 0)
    else:
        chunks, length = _body_chunks(body)
    if "content-length" in keys:
        chunked = False
    elif "transfer-encoding" in keys:
        chunked = True
    else:
        chunked = length is None and chunks is not None
        if chunked:
            lines.append(b"Transfer-Encoding: chunked")
        elif length is not None:
            lines.append(b"Content-Length: " + str(length).encode("ascii"))
    if headers:
        lines.append(_header_block(headers))
    lines.append(b"\r\n")
    head = b"\r\n".join(lines)
    if not chunked and chunks is not None:
        whole, chunks = _small_body(chunks)
        if whole is not None:
            return head + whole, None, False
    return head, chunks, chunked


def _small_body(chunks: Any) -> tuple[bytes | None, Any]:
    """The body in one piece when its pieces are bytes and come to ``_ONE_WRITE`` bytes at
    most (a file is read that far ahead), else None and pieces that send the same bytes."""
    if type(chunks) is tuple:
        (whole,) = chunks
        if type(whole) is bytes and len(whole) <= _ONE_WRITE:
            return whole, None
        return None, chunks
    taken: list[Any] = []
    size = 0
    pieces = iter(chunks)
    for piece in pieces:
        taken.append(piece)
        size += len(piece)
        if type(piece) is not bytes or size > _ONE_WRITE:
            from itertools import chain

            return None, chain(taken, pieces)
    return b"".join(taken), None


def send_body(sock: Any, chunks: Any, chunked: bool) -> None:
    """The body pieces, chunk-framed when ``chunked`` (empty pieces skipped, as urllib3)."""
    if chunks is not None:
        for chunk in chunks:
            if not chunk:
                continue
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8")
            if chunked:
                sock.sendall(b"%x\r\n%b\r\n" % (len(chunk), chunk))
            else:
                sock.sendall(chunk)
    if chunked:
        sock.sendall(b"0\r\n\r\n")


class HeaderDict(dict[str, str]):
    """Response headers as sent (a plain dict to iterate and compare), looked up without
    regard to case, as botocore's ``AWSResponse.headers`` is."""

    def _key(self, name: str) -> str:
        if name not in self.keys():
            lower = name.lower()
            for key in self:
                if key.lower() == lower:
                    return key
        return name

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(self._key(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(self._key(name))

    def get(self, name: str, default: Any = None) -> Any:
        return super().get(self._key(name), default)


class Head:
    """A response's status line and headers, and how its body is framed."""

    __slots__ = ("_first", "chunked", "headers", "length", "status", "will_close")

    def __init__(
        self,
        status: int,
        headers: list[tuple[str, str]],
        length: int | None,
        chunked: bool,
        will_close: bool,
    ) -> None:
        self.status = status
        self.headers = headers
        self.length = length
        self.chunked = chunked
        self.will_close = will_close
        first: dict[str, str] = {}  # lower-cased name -> its first value
        for name, value in reversed(headers):
            first[name.lower()] = value
        self._first = first

    def header_dict(self) -> HeaderDict:
        """``dict(urllib3_response.headers)``: repeated names joined with ``, `` under the
        first spelling seen."""
        if len(self._first) == len(self.headers):  # no name repeats
            return HeaderDict(self.headers)
        spelled: dict[str, str] = {}
        values: dict[str, list[str]] = {}
        for name, value in self.headers:
            key = name.lower()
            if key not in spelled:
                spelled[key] = name
                values[key] = [value]
            else:
                values[key].append(value)
        return HeaderDict({spelled[key]: ", ".join(found) for key, found in values.items()})

    def first(self, name: str) -> str | None:
        """The first value of the header ``name`` (lower case)."""
        return self._first.get(name)


def _status_line(conn: Connection) -> tuple[int, int, str]:
    """(version, status, reason) as ``http.client`` reads and checks it."""
    line = conn.readline().decode("iso-8859-1")
    if not line:
        raise ConnectionError("Remote end closed connection without response")
    return _status(line)


def _status(line: str) -> tuple[int, int, str]:
    parts = line.split(None, 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise ValueError(f"BadStatusLine({line!r})")
    version = 10 if parts[0] == "HTTP/1.0" else 11
    if not parts[0].startswith("HTTP/1."):
        raise ValueError(f"UnknownProtocol({parts[0]!r})")
    if len(parts[1]) != 3 or not parts[1].isdigit() or not 100 <= int(parts[1]) <= 999:
        raise ValueError(f"BadStatusLine({line!r})")
    return version, int(parts[1]), parts[2].strip() if len(parts) > 2 else ""


def _header_lines(conn: Connection) -> list[str]:
    """The header lines, with their endings, read line by line."""
    lines: list[str] = []
    while True:
        line = conn.readline()
        if line in (b"\r\n", b"\n", b""):
            return lines
        lines.append(line.decode("iso-8859-1"))
        if len(lines) > _MAX_HEADERS:
            raise ValueError(f"got more than {_MAX_HEADERS} headers")


def _parse_headers(lines: list[str]) -> list[tuple[str, str]]:
    """Name/value pairs as the ``email`` parser behind http.client makes them (values lose
    leading blanks; a line that is not a header ends the headers), with urllib3's
    unfolding: a line break and the blanks around it become one space."""
    parsed: list[tuple[str, str]] = []
    for line in lines:
        if line[:1] in (" ", "\t"):
            if parsed:
                name, value = parsed[-1]
                parsed[-1] = (name, value + line)
            continue
        name, colon, value = line.partition(":")
        if line.startswith("From ") and not colon:
            continue
        # A name is printable ASCII without blanks (0x21-0x7E).
        if not colon or " " in name or not (name.isascii() and name.isprintable()):
            break
        parsed.append((name, value.lstrip(" \t")))
    return [(name, _unfold(value.rstrip("\r\n"))) for name, value in parsed]


def _unfold(value: str) -> str:
    if "\r\n" not in value:
        return value
    pieces = value.split("\r\n")
    out = pieces[0]
    for piece in pieces[1:]:
        rest = piece.lstrip(" \t")
        if len(rest) == len(piece):  # no blank after the break: not a fold
            out += "\r\n" + piece
        else:
            out = out.rstrip(" \t") + " " + rest
    return out


def read_head(conn: Connection, method: str) -> Head:
    """The final response's head (``100 Continue`` skipped), and its framing as
    http.client decides it."""
    while True:
        lines = conn.take_head()
        if lines is None:  # line by line, as http.client reads
            version, status, _ = _status_line(conn)
            if status != 100:
                headers = _parse_headers(_header_lines(conn))
                break
            _header_lines(conn)
        else:
            version, status, _ = _status(lines[0] + "\r\n")
            if status != 100:
                headers = _parse_headers([line + "\r\n" for line in lines[1:]])
                break
    head = Head(status, headers, None, False, False)
    encoding = head.first("transfer-encoding")
    head.chunked = bool(encoding) and encoding.lower() == "chunked"  # type: ignore[union-attr]
    connection = (head.first("connection") or "").lower()
    if version == 11:
        head.will_close = "close" in connection
    else:
        head.will_close = not (
            head.first("keep-alive") is not None
            or "keep-alive" in connection
            or "keep-alive" in (head.first("proxy-connection") or "").lower()
        )
    length = head.first("content-length")
    if length and not head.chunked:
        try:
            head.length = int(length)
        except ValueError:
            head.length = None
        else:
            if head.length < 0:
                head.length = None
    if status in (204, 304) or 100 <= status < 200 or method == "HEAD":
        head.length = 0
        head.chunked = False
    if not head.will_close and not head.chunked and head.length is None:
        head.will_close = True
    return head


class Body:
    """A response body read from its connection as asked, the object behind
    ``HTTPResponse.raw``; the connection goes back to its pool (``release``) once the body
    has been read to its end, and is closed if the body is closed before that."""

    def __init__(self, conn: Connection, head: Head, release: Callable[[Connection], None]) -> None:
        self._conn: Connection | None = conn
        self._release = release
        self._will_close = head.will_close
        self._chunked = head.chunked
        self._left = head.length  # this chunk's bytes when chunked; None: until close
        self._read = 0
        if not self._chunked and self._left == 0:
            self._finish()

    def _finish(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            if self._will_close:
                conn.close()
            else:
                self._release(conn)

    def close(self) -> None:
        """Drop the connection unless the body was read to its end."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    @property
    def closed(self) -> bool:
        return self._conn is None

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        """Bytes of the body read so far."""
        return self._read

    def read(self, amt: int | None = None) -> bytes:
        """``amt`` bytes (fewer only at the end), or all the rest; ``Failure`` when the
        exchange breaks (a short body only when read whole, as http.client's)."""
        return self._guarded(self._read_chunked if self._chunked else self._read_plain, amt)

    def _guarded(self, reader: Callable[[int | None], bytes], amt: int | None) -> bytes:
        if self._conn is None:
            return b""
        try:
            data = reader(amt)
        except Failure:
            self.close()
            raise
        except TimeoutError as e:
            self.close()
            raise Failure("read-timeout", e) from None
        except (OSError, ValueError) as e:
            self.close()
            if is_tls_error(e):
                raise Failure("tls", e) from None
            raise Failure("closed", _broken(e)) from None
        self._read += len(data)
        return data

    def _read_plain(self, amt: int | None) -> bytes:
        conn = self._conn
        assert conn is not None
        left = self._left
        if left is None:
            if amt is None:  # until the peer closes
                pieces = []
                while piece := conn.read_some(65536):
                    pieces.append(piece)
                self._finish()
                return b"".join(pieces)
            data = conn.read(amt)
            if not data and amt:
                self._finish()
            return data
        want = left if amt is None else min(amt, left)
        data = conn.read(want)
        self._left = left - len(data)
        if len(data) < want:  # the peer closed early
            self.close()
            if amt is None:
                raise Failure("closed", _broken(IncompleteRead(len(data), self._left)))
        elif not self._left:
            self._finish()
        return data

    def _chunk_left(self) -> int:
        """Bytes left in the current chunk, reading the next size line when it is used
        up; 0 at the last chunk (trailers read, the connection released)."""
        conn = self._conn
        if conn is None:
            return 0
        if not self._left:
            size = conn.readline().split(b";", 1)[0].strip()
            try:
                self._left = int(size, 16)
            except ValueError:
                raise Failure("closed", _broken(IncompleteRead(0, None))) from None
            if self._left == 0:
                while conn.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                self._finish()
        return self._left or 0

    def _chunk_read(self, want: int, some: bool) -> bytes:
        assert self._conn is not None
        piece = self._conn.read_some(want) if some else self._conn.read(want)
        if not piece or (not some and len(piece) < want):
            raise Failure("closed", _broken(IncompleteRead(len(piece), None)))
        self._left = (self._left or 0) - len(piece)
        if not self._left:
            self._conn.read(2)  # the chunk's CRLF
        return piece

    def _read_chunked(self, amt: int | None) -> bytes:
        pieces: list[bytes] = []
        got = 0
        while amt is None or got < amt:
            left = self._chunk_left()
            if not left:
                break
            piece = self._chunk_read(left if amt is None else min(left, amt - got), False)
            pieces.append(piece)
            got += len(piece)
        return b"".join(pieces)

    def _read_some(self, amt: int | None) -> bytes:
        """What has arrived of the body, up to ``amt``: one read of the socket at most."""
        assert amt is not None and self._conn is not None
        if self._chunked:
            left = self._chunk_left()
            return self._chunk_read(min(left, amt), True) if left else b""
        if self._left is None:
            data = self._conn.read_some(amt)
            if not data:
                self._finish()
            return data
        return self._read_plain(min(amt, self._conn_buffered_or(amt)))

    def _conn_buffered_or(self, amt: int) -> int:
        """A read size that does not wait for more than one arrival: what is buffered, or
        the first arrival's size."""
        assert self._conn is not None
        if not self._conn.buffered():
            self._conn.fill()
        return max(1, min(amt, self._conn.buffered()))

    def read_all(self) -> bytes:
        """The whole body as botocore reads it (in pieces, so a Content-Length body cut
        short is returned as it came rather than failing)."""
        pieces = []
        while piece := self.read(65536):
            pieces.append(piece)
        return b"".join(pieces)

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def readlines(self) -> list[bytes]:
        return self.read().splitlines(True)

    def stream(self, amt: int = 2**16, decode_content: bool | None = None) -> Iterator[bytes]:
        """Pieces of up to ``amt`` bytes as they arrive, until the body ends (event
        streams decode each piece as it comes)."""
        while self._conn is not None:
            data = self._guarded(self._read_some, amt)
            if data:
                yield data
