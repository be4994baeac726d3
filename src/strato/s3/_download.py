"""Download to a path or a file object: HeadObject, then one GetObject below the threshold
or ranged GetObjects of ``multipart_chunksize`` (with ``IfMatch`` the ETag) written at
their offsets as they arrive. A path is written to a temporary file beside it, renamed
over it at the end and removed on failure. Reads that break are retried from the part's
start, ``num_download_attempts`` times."""

from __future__ import annotations

import threading

from . import _args

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

    from ._progress import Callback
    from ._runner import Runner
    from .transfer import TransferConfig


def download(
    client: Any,
    bucket: str,
    key: str,
    target: Any,
    extra_args: dict[str, Any] | None,
    callback: Callback | None,
    config: TransferConfig,
    runner: Runner,
) -> None:
    extra = dict(extra_args) if extra_args else {}
    _args.check_known(extra, _args.ALLOWED_DOWNLOAD_ARGS)
    _args.check_bucket(bucket)
    sink = _sink_for(target)
    try:
        _Download(client, bucket, key, sink, extra, callback, config, runner).run()
    except BaseException:
        sink.discard()
        raise
    sink.finish()


class _Download:
    def __init__(
        self,
        client: Any,
        bucket: str,
        key: str,
        sink: _Sink,
        extra: dict[str, Any],
        callback: Callback | None,
        config: TransferConfig,
        runner: Runner,
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.key = key
        self.sink = sink
        self.extra = extra
        self.callback = callback
        self.config = config
        self.runner = runner

    def run(self) -> None:
        chunk = self.config.multipart_chunksize
        if self.client.meta.config.response_checksum_validation == "when_required":
            # s3transfer's first-chunk path: the first range tells the size and ETag.
            first = {**self.extra, "Range": f"bytes=0-{chunk - 1}"}
            answer = self.runner.run([lambda: self._get(first, 0)])[0]
            range_ = answer.get("ContentRange")
            size = int(range_.split("/")[-1]) if range_ else answer["ContentLength"]
            if size == 0:
                self.sink.write(0, b"")
            if size > chunk:
                self._ranges(size, answer.get("ETag"), chunk, skip_first=True)
            return
        head = self.client.head_object(Bucket=self.bucket, Key=self.key, **self.extra)
        size = head["ContentLength"]
        if size < self.config.multipart_threshold:
            self.runner.run([lambda: self._get(dict(self.extra), 0)])
        else:
            self._ranges(size, head.get("ETag"), chunk, skip_first=False)

    def _ranges(self, size: int, etag: str | None, chunk: int, skip_first: bool) -> None:
        count = _args.part_count(size, chunk)

        def tasks() -> Iterator[Callable[[], dict[str, Any]]]:
            for index in range(1 if skip_first else 0, count):
                args: dict[str, Any] = {"Range": _args.byte_range(chunk, index, count)}
                if etag is not None:
                    args["IfMatch"] = etag
                args.update(self.extra)
                yield lambda args=args, start=index * chunk: self._get(args, start)  # type: ignore[misc]

        self.runner.run(tasks())

    def _get(self, args: dict[str, Any], start: int) -> dict[str, Any]:
        """One GetObject streamed to the sink at ``start``; s3transfer's GetObjectTask."""
        from ..exceptions import ClientError, RetriesExceededError

        last: BaseException | None = None
        for _ in range(self.config.num_download_attempts):
            done = 0
            try:
                answer: dict[str, Any] = self.client.get_object(
                    Bucket=self.bucket, Key=self.key, **args
                )
                _check_range(args.get("Range"), answer.get("ContentRange"))
                body = answer["Body"]
                reads = 0
                while not self.runner.failed:
                    data = body.read(self.config.io_chunksize)
                    reads += 1
                    if self.runner.limiter is not None:
                        self.runner.limiter.consume(len(data))
                    if data and self.callback is not None:
                        self.callback(len(data))
                    if not data and reads > 1:
                        break
                    self.sink.write(start + done, data)
                    done += len(data)
                    if not data:
                        break
                return answer
            except ClientError as error:
                code = error.response.get("Error", {}).get("Code")
                if code == "PreconditionFailed":
                    from ..exceptions import S3DownloadFailedError

                    raise S3DownloadFailedError(
                        f'Contents of stored object "{self.key}" in bucket '
                        f'"{self.bucket}" did not match expected ETag.'
                    ) from None
                if code == "InvalidRange":  # an empty object asked for its first range
                    return {"ContentLength": 0, "ContentRange": None, "ETag": None}
                raise
            except _retryable() as error:
                last = error
                if done and self.callback is not None:
                    self.callback(-done)
        raise RetriesExceededError(last)


def _retryable() -> tuple[type[BaseException], ...]:
    """s3transfer's S3_RETRYABLE_DOWNLOAD_ERRORS (socket errors are OSErrors)."""
    from ..exceptions import IncompleteReadError, ReadTimeoutError, ResponseStreamingError

    return (OSError, ReadTimeoutError, IncompleteReadError, ResponseStreamingError)


def _check_range(asked: str | None, answered: str | None) -> None:
    """s3transfer's check that a ranged GET's Content-Range is the range asked for."""
    if not asked or not answered:
        return
    answered_range, total = answered.split("/")
    wanted = asked[len("bytes=") :]
    if "-" not in wanted:
        return
    first, last = wanted.split("-", 1)
    want_start = int(first)
    want_end = int(last) if last else int(total) - 1
    got_start, got_end = (int(part) for part in answered_range[len("bytes ") :].split("-", 1))
    from ..exceptions import S3ValidationError

    if got_start != want_start:
        raise S3ValidationError(
            f"Response range start `{got_start}` does not match requested start `{want_start}`"
        )
    if got_end > want_end:
        raise S3ValidationError(
            f"Response range end `{got_end}` exceeds requested end `{want_end}`"
        )


# --- where the bytes go ----------------------------------------------------------------


class _Sink:
    """Bytes written at their offsets; ``finish`` on success, ``discard`` on failure."""

    def write(self, offset: int, data: bytes) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Nothing to do for a caller's file object."""

    def discard(self) -> None:
        """Nothing to undo for a caller's file object."""


class _TempFile(_Sink):
    """A path: a temporary file beside it (s3transfer's name: the file's name and eight hex
    digits), opened at the first write, written with ``pwrite`` from any thread."""

    def __init__(self, path: str) -> None:
        import os
        import random

        suffix = os.extsep + "".join(random.choice("0123456789abcdefABCDEF") for _ in range(8))
        name = os.path.basename(path)
        self._path = path
        self._temp = os.path.join(os.path.dirname(path), name[: 255 - len(suffix)] + suffix)
        self._fd: int | None = None
        self._lock = threading.Lock()

    def write(self, offset: int, data: bytes) -> None:
        import os

        if self._fd is None:
            with self._lock:
                if self._fd is None:
                    self._fd = os.open(self._temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        view = memoryview(data)
        while view:
            written = os.pwrite(self._fd, view, offset)
            view = view[written:]
            offset += written

    def _close(self) -> None:
        import os

        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def finish(self) -> None:
        import os

        if self._fd is None:  # nothing was written: s3transfer's rename would fail too
            raise FileNotFoundError(self._temp)
        self._close()
        os.replace(self._temp, self._path)

    def discard(self) -> None:
        import contextlib
        import os

        opened = self._fd is not None
        self._close()
        if opened:
            with contextlib.suppress(OSError):
                os.remove(self._temp)


class _Seekable(_Sink):
    """A seekable file object: seek and write under a lock."""

    def __init__(self, fileobj: Any) -> None:
        self._file = fileobj
        self._lock = threading.Lock()

    def write(self, offset: int, data: bytes) -> None:
        with self._lock:
            self._file.seek(offset)
            self._file.write(data)


class _Stream(_Sink):
    """A stream (or a FIFO, a device): bytes written in order; ranges that arrive early
    wait in memory (at most ``max_concurrency`` parts: the runner's window)."""

    def __init__(self, fileobj: Any, close: bool = False) -> None:
        self._file = fileobj
        self._close = close
        self._next = 0
        self._waiting: dict[int, bytes] = {}
        self._lock = threading.Lock()

    def write(self, offset: int, data: bytes) -> None:
        with self._lock:
            if offset + len(data) <= self._next:
                return  # nothing new (a retried read's bytes, or no bytes at all)
            if offset < self._next:
                data = data[self._next - offset :]
                offset = self._next
            if len(data) <= len(self._waiting.get(offset, b"")):
                return
            self._waiting[offset] = data
            while self._next in self._waiting:
                piece = self._waiting.pop(self._next)
                self._file.write(piece)
                self._next += len(piece)

    def finish(self) -> None:
        if self._close:
            self._file.close()

    def discard(self) -> None:
        if self._close:
            self._file.close()


def _sink_for(target: Any) -> _Sink:
    """s3transfer's order: a special file (FIFO, device, socket), a path, a seekable
    object, anything with ``write``."""
    import os

    if isinstance(target, str):
        if _is_special(target):
            return _Stream(open(target, "wb"), close=True)
        return _TempFile(target)
    seekable = getattr(target, "seekable", None)
    if seekable is not None and seekable():
        return _Seekable(target)
    if seekable is None and hasattr(target, "seek") and hasattr(target, "tell"):
        try:
            target.seek(0, os.SEEK_CUR)
            return _Seekable(target)
        except OSError:
            pass
    if hasattr(target, "write"):
        return _Stream(target)
    raise RuntimeError(f"Output {target} of type: {type(target)} is not supported.")


def _is_special(path: str) -> bool:
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return any(check(mode) for check in (stat.S_ISCHR, stat.S_ISBLK, stat.S_ISFIFO, stat.S_ISSOCK))
