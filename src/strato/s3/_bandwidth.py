"""``max_bandwidth``: the bytes a transfer reads (from its file while uploading, from the
network while downloading) held to that many a second, across its threads, by making
each read wait until the bytes before it were due."""

from __future__ import annotations

import threading
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


class Limiter:
    def __init__(
        self,
        rate: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._rate = rate
        self._clock = clock
        self._sleep = sleep
        self._due = 0.0  # when the bytes already granted have been paid for
        self._lock = threading.Lock()

    def consume(self, amount: int) -> None:
        """Wait until ``amount`` more bytes keep the rate at or under ``rate``."""
        if amount <= 0:
            return
        with self._lock:
            now = self._clock()
            start = max(now, self._due)
            self._due = start + amount / self._rate
        if start > now:
            self._sleep(start - now)
