"""Runs a transfer's part requests: in order on the caller's thread (``use_threads=False``)
or on a pool of ``max_concurrency`` threads, never more than that many parts ahead of the
oldest unfinished one, so the parts held in memory stay bounded. The first failure stops
the rest (parts not started are skipped; downloads check ``failed`` between reads) and is
the one raised."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from concurrent.futures import Future, ThreadPoolExecutor
    from typing import Any, TypeVar

    from ._bandwidth import Limiter
    from .transfer import TransferConfig

    T = TypeVar("T")


class _Skipped(Exception):
    """A part not started because another one failed first."""


class Runner:
    def __init__(self, use_threads: bool, workers: int, max_bandwidth: int | None = None) -> None:
        self._pool: ThreadPoolExecutor | None = None
        if use_threads:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(workers, thread_name_prefix="strato-s3")
        self._window = workers
        self._error: BaseException | None = None
        #: ``max_bandwidth``'s limiter, shared by the transfer's threads.
        self.limiter: Limiter | None = None
        if max_bandwidth is not None:
            from ._bandwidth import Limiter

            self.limiter = Limiter(max_bandwidth)

    @property
    def failed(self) -> bool:
        return self._error is not None

    def _guarded(self, task: Callable[[], T]) -> T:
        if self._error is not None:
            raise _Skipped
        try:
            return task()
        except BaseException as error:
            if self._error is None:
                self._error = error
            raise

    def run(self, tasks: Iterable[Callable[[], T]]) -> list[T]:
        """Each task's result, in the tasks' order; the first failure raised."""
        if self._pool is None:
            return [self._guarded(task) for task in tasks]
        futures: list[Future[T]] = []
        try:
            for index, task in enumerate(tasks):
                if index >= self._window:
                    futures[index - self._window].exception()  # wait: bounds what is held
                if self._error is not None:
                    break
                futures.append(self._pool.submit(self._guarded, task))
            for future in futures:
                future.exception()
        except BaseException as error:
            if self._error is None:
                self._error = error
            for future in futures:
                future.cancel()
            for future in futures:
                if not future.cancelled():
                    future.exception()
        if self._error is not None:
            raise self._error
        return [future.result() for future in futures]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_transfer(
    transfer: Callable[..., None], config: TransferConfig, client: Any, *args: Any
) -> None:
    """One transfer (``transfer(client, *args, config, runner)``) with its own runner."""
    threads, workers = bool(config.use_threads), config.max_request_concurrency
    with Runner(threads, workers, config.max_bandwidth) as runner:
        transfer(client, *args, config, runner)
