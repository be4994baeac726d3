"""``max_bandwidth``: the limiter on a fake clock (no timed assertions), and the upload
bodies and runner that use it."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from strato.s3._bandwidth import Limiter
from strato.s3._progress import STEP, PartBody
from strato.s3._runner import Runner


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@settings(max_examples=50, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**7),
    st.lists(st.tuples(st.integers(0, 10**6), st.floats(0, 2)), min_size=1, max_size=30),
)
def test_reads_never_run_ahead_of_the_rate(rate: int, reads: list[tuple[int, float]]) -> None:
    """Whatever the reads and the pauses between them, the bytes granted before each read
    of some bytes were due by then (granted <= rate x elapsed); an empty read never waits."""
    clock = _Clock()
    limiter = Limiter(rate, clock, clock.sleep)
    start = clock.now
    granted = 0
    for amount, pause in reads:
        clock.now += pause
        before = clock.now
        limiter.consume(amount)
        if amount:
            assert granted <= rate * (clock.now - start) + 1e-6 * rate
        else:
            assert clock.now == before
        granted += amount


def test_a_steady_stream_is_paced_at_the_rate() -> None:
    clock = _Clock()
    limiter = Limiter(1000, clock, clock.sleep)
    for _ in range(10):
        limiter.consume(500)
    assert clock.slept == [0.5] * 9  # the first read is free; each next one waits its turn


def test_upload_bodies_consume_each_byte_once_and_report_in_steps() -> None:
    clock = _Clock()
    limiter = Limiter(STEP, clock, clock.sleep)
    calls: list[int] = []
    data = bytes(3 * STEP + 5)
    body = PartBody(io.BytesIO(data), 0, len(data), calls.append, limiter)
    while body.read(100_000):
        pass
    body.seek(0)  # a second pass (a signature, a retry) is neither paced nor counted again
    assert body.read() == data
    body.close()
    assert calls == [STEP, STEP, STEP, 5]
    # each read waits for the ones before it: all but the last (86,437 bytes) paid for
    assert sum(clock.slept) == 7 * 100_000 / STEP


def test_the_runner_makes_one_limiter_per_transfer_when_asked() -> None:
    assert Runner(False, 1).limiter is None
    with Runner(True, 2, 1000) as runner:
        assert isinstance(runner.limiter, Limiter)
        assert runner.run([lambda: 1, lambda: 2, lambda: 3]) == [1, 2, 3]
