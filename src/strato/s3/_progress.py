"""Upload bodies that report progress to boto3's ``Callback`` as s3transfer does.

s3transfer counts the bytes of a part while the HTTP layer sends them, summed into
calls of 256 KiB (urllib3 reads 16 KiB blocks, so every call but a part's last is
exactly 262144) and the rest when the part's body closes. strato counts a byte the first
time it is read from the part (a checksum or signature may read a part before it is
sent), and cuts the calls at the same 256 KiB steps, so the calls are the same.
"""

from __future__ import annotations

import io

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ._bandwidth import Limiter

    Callback = Callable[[int], Any]

#: s3transfer's AggregatedProgressCallback threshold.
STEP = 256 * 1024


class PartBody(io.RawIOBase):
    """``size`` bytes of a file from ``start``: a path opened on first read (so only parts
    being sent hold a descriptor), or an open file object. Seekable within the part."""

    def __init__(
        self,
        source: str | Any,
        start: int,
        size: int,
        callback: Callback | None,
        limiter: Limiter | None = None,
    ) -> None:
        self._source = source
        self._file: Any = None if isinstance(source, str) else source
        self._start = start
        self._size = size
        self._position = 0
        self._counted = 0  # the high-water mark: bytes already reported or pending
        self._pending = 0
        self._callback = callback
        self._limiter = limiter

    def _opened(self) -> Any:
        if self._file is None:
            self._file = open(self._source, "rb")  # noqa: SIM115 - closed by close()
            self._file.seek(self._start)
        return self._file

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def __len__(self) -> int:
        return self._size

    def read(self, size: int | None = -1) -> bytes:
        left = max(self._size - self._position, 0)
        amount = left if size is None or size < 0 else min(left, size)
        data: bytes = self._opened().read(amount) if amount else b""
        self._position += len(data)
        if self._position > self._counted:
            fresh = self._position - self._counted
            self._counted = self._position
            if self._limiter is not None:
                self._limiter.consume(fresh)
            self._count(fresh)
        return data

    def readall(self) -> bytes:
        return self.read()

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _count(self, amount: int) -> None:
        if self._callback is None:
            return
        self._pending += amount
        while self._pending >= STEP:
            self._pending -= STEP
            self._callback(STEP)

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence not in (0, 1, 2):
            raise ValueError(f"invalid whence ({whence}, should be 0, 1 or 2)")
        base = (0, self._position, self._size)[whence]
        self._position = max(base + offset, 0)
        self._opened().seek(self._start + self._position)
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        if self.closed:
            return
        if self._callback is not None and self._pending:
            self._callback(self._pending)
            self._pending = 0
        if self._file is not None:
            self._file.close()
        super().close()
