"""Flexible request checksums (``x-amz-checksum-*``), as botocore 1.44.8 applies them.

With ``request_checksum_calculation = when_supported`` (the default) every operation with an
``httpChecksum`` trait gets a CRC32; streaming uploads over https carry it in the trailer of
an aws-chunked body instead of a header, so the body need not be read twice.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Protocol

    from ..model import OperationModel

    Buffer = bytes | bytearray | memoryview

    class _Digest(Protocol):
        def update(self, data: Buffer, /) -> None: ...
        def digest(self) -> bytes: ...


_CHECKSUM_PREFIX = "x-amz-checksum-"
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_SUPPORTED = ("crc32", "sha1", "sha256", "sha512")
#: Algorithms botocore computes only with the optional awscrt package.
_NEEDS_CRT = ("crc32c", "crc64nvme", "xxhash64", "xxhash3", "xxhash128")
_CHUNK_SIZE = 1024 * 1024


class _Crc32:
    """CRC32 with hashlib's ``update``/``digest`` shape."""

    def __init__(self) -> None:
        self._value = 0

    def update(self, data: Buffer, /) -> None:
        import zlib

        self._value = zlib.crc32(data, self._value)

    def digest(self) -> bytes:
        return self._value.to_bytes(4, "big")


def _digest(algorithm: str) -> _Digest:
    if algorithm == "crc32":
        return _Crc32()
    import hashlib  # OpenSSL's library loads when a request needs it, not with the client

    return hashlib.new(algorithm)


def _is_checksum_header(name: str) -> bool:
    """``x-amz-checksum-<letters and digits>``, in any case (no regex: ``re`` loads late)."""
    lower = name.lower()
    return lower.startswith(_CHECKSUM_PREFIX) and _ALNUM.issuperset(lower[len(_CHECKSUM_PREFIX) :])


def _b64(digest: _Digest) -> str:
    import base64

    return base64.b64encode(digest.digest()).decode("ascii")


class RequestChecksum:
    """The checksum one request carries: algorithm, header name, header or trailer."""

    __slots__ = ("algorithm", "algorithm_header", "name", "trailer")

    def __init__(self, algorithm: str, trailer: bool, algorithm_header: str | None) -> None:
        self.algorithm = algorithm
        self.name = f"x-amz-checksum-{algorithm}"
        self.trailer = trailer
        self.algorithm_header = algorithm_header


def enable_response_validation(
    operation: OperationModel, params: dict[str, Any], validation: str
) -> tuple[str, ...]:
    """Ask for response checksums (``ChecksumMode=ENABLED``) where the operation can; the
    algorithms to validate the response with, most preferred first (none if not asked)."""
    store = operation.__dict__  # the trait's reading, kept on the operation
    trait = store.get(_RESPONSE_TRAIT)
    if trait is None:
        trait = store[_RESPONSE_TRAIT] = _response_trait(operation)
    member, algorithms = trait
    if member is None:
        return ()
    if validation == "when_supported":
        params.setdefault(member, "ENABLED")
    if member not in params:
        return ()
    return algorithms


_RESPONSE_TRAIT = "_strato_response_checksums"


def _response_trait(operation: OperationModel) -> tuple[str | None, tuple[str, ...]]:
    """The operation's validation-mode member and the algorithms it offers that strato
    checks, in preference order: model facts, read once per operation."""
    trait = operation.http_checksum
    member = trait.get("requestValidationModeMember")
    if member is None:
        return None, ()
    offered = {algorithm.lower() for algorithm in trait.get("responseAlgorithms", [])}
    return member, tuple(algorithm for algorithm in _SUPPORTED if algorithm in offered)


def validate_response(
    algorithms: tuple[str, ...], headers: Mapping[str, str], body: Any, context: dict[str, Any]
) -> Any:
    """botocore's ``handle_checksum_body``: check the body against the first algorithm (in
    ``_SUPPORTED``'s order, botocore's preference) whose ``x-amz-checksum-*`` header came back;
    a composite ``...-N`` checksum is skipped. Bytes are checked now, a streaming body once read
    to the end. The algorithm goes to ``context["checksum"]["response_algorithm"]``."""
    sent: dict[str, str] = {}  # lower-cased checksum header -> its first value
    for name, value in headers.items():
        lower = name.lower()
        if lower.startswith(_CHECKSUM_PREFIX) and lower not in sent:
            sent[lower] = value
    if not sent:
        return body
    for algorithm in algorithms:
        expected = sent.get(_CHECKSUM_PREFIX + algorithm)
        if expected is None or "-" in expected:
            continue
        checksum = ResponseChecksum(algorithm, expected)
        if isinstance(body, bytes | bytearray):
            checksum.update(body)
            checksum.check()
        else:
            from ..protocols.streaming import StreamingChecksumBody

            body = StreamingChecksumBody(body, checksum)
        context.setdefault("checksum", {})["response_algorithm"] = algorithm
        return body
    return body


class ResponseChecksum:
    """The digest of a response body and the base64 checksum the service sent for it."""

    __slots__ = ("_digest", "_expected")

    def __init__(self, algorithm: str, expected: str) -> None:
        self._digest = _digest(algorithm)
        self._expected = expected

    def update(self, data: Buffer, /) -> None:
        self._digest.update(data)

    def check(self) -> None:
        """Raise botocore's ``FlexibleChecksumError`` if the body does not match."""
        import base64
        import binascii

        try:
            matches = self._digest.digest() == base64.b64decode(self._expected)
        except binascii.Error:
            matches = False  # botocore lets binascii's error escape
        if not matches:
            from strato.exceptions import FlexibleChecksumError

            raise FlexibleChecksumError(
                error_msg=f"Expected checksum {self._expected} did not match calculated "
                f"checksum: {_b64(self._digest)}"
            )


def resolve(
    operation: OperationModel,
    params: dict[str, Any],
    headers: dict[str, str],
    *,
    https: bool,
    calculation: str,
    signature_version: Any,
) -> RequestChecksum | None:
    """Which checksum the request gets, if any; a caller-set checksum header wins."""
    trait = operation.http_checksum
    required = operation.http_checksum_required or trait.get("requestChecksumRequired")
    member = trait.get("requestAlgorithmMember")
    if not (required or member) or any(_is_checksum_header(name) for name in headers):
        return None  # (an operation without the trait gets none whatever the headers)
    algorithm_header = None
    if member and member in params:
        algorithm = str(params[member]).lower()
        if algorithm not in _SUPPORTED:
            from strato.exceptions import FlexibleChecksumError, MissingDependencyException

            if algorithm in _NEEDS_CRT:
                raise MissingDependencyException(
                    msg=f"Using {algorithm.upper()} requires an additional dependency. You "
                    "will need to pip install botocore[crt] before proceeding."
                )
            raise FlexibleChecksumError(error_msg=f"Unsupported checksum algorithm: {algorithm}")
    elif required or (member and calculation == "when_supported"):
        algorithm = "crc32"
        shape = operation.input_shape
        member_shape = shape.members.get(member) if shape is not None and member else None
        if member_shape is not None:
            algorithm_header = member_shape.serialization.get("name")
    else:
        return None
    trailer = operation.has_streaming_input and https and signature_version != "s3"
    return RequestChecksum(algorithm, trailer, algorithm_header)


def _get(headers: Mapping[str, str], name: str) -> str | None:
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), None)


def _pop(headers: dict[str, str], name: str) -> None:
    for key in [k for k in headers if k.lower() == name.lower()]:
        del headers[key]


def content_length(body: Any) -> int | None:
    """botocore's ``determine_content_length``: len, else the rest of a seekable stream."""
    if not body:
        return 0
    try:
        return len(body)
    except (AttributeError, TypeError):
        pass
    if hasattr(body, "seek") and hasattr(body, "tell"):
        import io

        try:
            start: int = body.tell()
            body.seek(0, 2)
            end: int = body.tell()
            body.seek(start)
            return end - start
        except io.UnsupportedOperation:
            pass
    return None


def apply(checksum: RequestChecksum, headers: dict[str, str], body: Any) -> Any:
    """Add the checksum to ``headers`` (or frame ``body`` with a trailer); returns the body."""
    if checksum.trailer:
        headers["Transfer-Encoding"] = "chunked"
        encoding = _get(headers, "Content-Encoding")
        _pop(headers, "Content-Encoding")
        headers["Content-Encoding"] = f"{encoding},aws-chunked" if encoding else "aws-chunked"
        headers["X-Amz-Trailer"] = checksum.name
        length = content_length(body)
        if length is not None:
            headers["X-Amz-Decoded-Content-Length"] = str(length)
        _pop(headers, "Content-Length")
        body = AwsChunkedBody(body, checksum.algorithm, checksum.name)
    else:
        headers[checksum.name] = _body_checksum(checksum.algorithm, body)
    if checksum.algorithm_header is not None:
        headers[checksum.algorithm_header] = checksum.algorithm.upper()
    return body


def _body_checksum(algorithm: str, body: Any) -> str:
    digest = _digest(algorithm)
    if isinstance(body, bytes | bytearray):
        digest.update(bytes(body))
    elif body is not None:
        start = body.tell()
        for chunk in iter(lambda: body.read(_CHUNK_SIZE), b""):
            digest.update(chunk)
        body.seek(start)
    return _b64(digest)


class AwsChunkedBody:
    """``aws-chunked`` framing of a body, with its checksum as the trailer.

    Seeking back to 0 restarts the encoding (for retries); ``tell`` counts encoded bytes.
    """

    def __init__(self, raw: Any, algorithm: str, trailer_name: str) -> None:
        import io

        self._raw = io.BytesIO(raw) if isinstance(raw, bytes | bytearray) else raw
        self._algorithm = algorithm
        self._trailer_name = trailer_name
        self._reset()

    def _reset(self) -> None:
        self._pending = b""
        self._done = False
        self._position = 0
        self._digest = _digest(self._algorithm)

    def seek(self, offset: int, whence: int = 0) -> None:
        if offset != 0 or whence != 0:
            from strato.exceptions import AwsChunkedWrapperError

            raise AwsChunkedWrapperError(error_msg="Can only seek to start of stream")
        self._reset()
        self._raw.seek(0)

    def tell(self) -> int:
        return self._position

    def _next_chunk(self) -> bytes:
        data: bytes = self._raw.read(_CHUNK_SIZE)
        self._digest.update(data)
        if data:
            return b"%x\r\n%s\r\n" % (len(data), data)
        self._done = True
        return b"0\r\n%s:%s\r\n\r\n" % (
            self._trailer_name.encode("ascii"),
            _b64(self._digest).encode("ascii"),
        )

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` encoded bytes (all that remain when ``size`` is None or < 1)."""
        want = None if size is None or size < 1 else size
        while not self._done and (want is None or len(self._pending) < want):
            self._pending += self._next_chunk()
        cut = len(self._pending) if want is None else want
        out, self._pending = self._pending[:cut], self._pending[cut:]
        self._position += len(out)
        return out
