"""``StreamingBody``: the object a streaming output member holds, as in botocore.

It wraps the transport's raw stream and checks that exactly Content-Length bytes arrived.
Translating the transport's own timeout / protocol errors into ``ReadTimeoutError`` and
``ResponseStreamingError`` is the transport's job: its raw stream's ``read``/``readinto``
should raise those strato exceptions itself, and they pass through unchanged here.
"""

from __future__ import annotations

import io

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, Protocol

    class BodyChecksum(Protocol):
        """A running checksum of the bytes read that can tell whether they were the right
        ones."""

        def update(self, data: bytes | memoryview, /) -> None: ...

        def check(self) -> None: ...


_DEFAULT_CHUNK_SIZE = 1024


class StreamingBody(io.IOBase):
    """A read-once HTTP body with content-length verification and chunk/line iterators."""

    def __init__(self, raw_stream: Any, content_length: int | str | None) -> None:
        self._raw_stream = raw_stream
        self._content_length = content_length
        self._amount_read = 0

    def __del__(self) -> None:
        """Do not close the raw stream on collection (IOBase would): the pool owns it."""

    def readable(self) -> bool:
        try:
            return bool(self._raw_stream.readable())
        except AttributeError:
            return False

    def read(self, amt: int | None = None) -> bytes:
        """Read at most ``amt`` bytes (all when None); verify the length at end of stream."""
        chunk: bytes = self._raw_stream.read(amt)
        self._amount_read += len(chunk)
        if amt is None or (not chunk and amt > 0):
            self._verify_content_length()
        return chunk

    def readinto(self, buffer: Any) -> int:
        count: int = self._raw_stream.readinto(buffer)
        self._amount_read += count
        if count == 0 and len(buffer) > 0:
            self._verify_content_length()
        return count

    def readlines(self, hint: int = -1) -> list[bytes]:
        """The raw stream's lines (botocore does not count or verify these bytes)."""
        lines: list[bytes] = self._raw_stream.readlines()
        return lines

    def __iter__(self) -> Iterator[bytes]:
        return self.iter_chunks(_DEFAULT_CHUNK_SIZE)

    def __next__(self) -> bytes:
        chunk = self.read(_DEFAULT_CHUNK_SIZE)
        if chunk:
            return chunk
        raise StopIteration

    next = __next__

    def __enter__(self) -> Any:
        return self._raw_stream

    def __exit__(self, *exc_info: object) -> None:
        self._raw_stream.close()

    def iter_lines(
        self, chunk_size: int = _DEFAULT_CHUNK_SIZE, keepends: bool = False
    ) -> Iterator[bytes]:
        """Lines split on any line boundary, read ``chunk_size`` bytes at a time."""
        pending = b""
        for chunk in self.iter_chunks(chunk_size):
            lines = (pending + chunk).splitlines(True)
            for line in lines[:-1]:
                yield line.splitlines(keepends)[0]
            pending = lines[-1]
        if pending:
            yield pending.splitlines(keepends)[0]

    def iter_chunks(self, chunk_size: int = _DEFAULT_CHUNK_SIZE) -> Iterator[bytes]:
        while True:
            chunk = self.read(chunk_size)
            if chunk == b"":
                break
            yield chunk

    def _verify_content_length(self) -> None:
        if self._content_length is None:
            return
        expected = int(self._content_length)
        if self._amount_read != expected:
            from strato.exceptions import IncompleteReadError  # loads the call errors

            raise IncompleteReadError(actual_bytes=self._amount_read, expected_bytes=expected)

    def tell(self) -> int:
        position: int = self._raw_stream.tell()
        return position

    def close(self) -> None:
        """Close the underlying HTTP response stream."""
        self._raw_stream.close()


class StreamingChecksumBody(StreamingBody):
    """A ``StreamingBody`` that checks the response checksum when read to the end
    (botocore's ``StreamingChecksumBody``): ``FlexibleChecksumError`` on a mismatch."""

    def __init__(self, body: StreamingBody, checksum: BodyChecksum) -> None:
        super().__init__(body._raw_stream, body._content_length)
        self._checksum = checksum

    def read(self, amt: int | None = None) -> bytes:
        chunk = super().read(amt)
        self._checksum.update(chunk)
        if amt is None or (not chunk and amt > 0):
            self._checksum.check()
        return chunk

    def readinto(self, buffer: Any) -> int:
        count = super().readinto(buffer)
        self._checksum.update(memoryview(buffer)[:count])
        if count == 0 and len(buffer) > 0:
            self._checksum.check()
        return count
