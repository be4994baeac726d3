"""A command run on a real pseudo-terminal: wait for what it shows, type, send Ctrl-D.

The child gets the pty as stdin, stdout and stderr (its controlling terminal), so
prompts, echo and line editing behave as in a terminal. Every wait has a generous
deadline whose expiry fails the test with what the terminal showed.
"""

from __future__ import annotations

import os
import pty
import select
import time
from collections.abc import Mapping, Sequence

#: Bound on any one wait; exceeding it fails the test (it is not a timing assertion).
DEADLINE_SECONDS = 60.0
CTRL_D = b"\x04"


class Terminal:
    """A child process on the master side of a pty."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], cwd: str) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: its controlling terminal is the pty
            try:
                os.chdir(cwd)
                os.execve(argv[0], list(argv), dict(env))
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.seen = bytearray()
        self.returncode: int | None = None

    def expect(self, wanted: str) -> None:
        """Read until ``wanted`` has been shown since the last ``expect``."""
        target = wanted.encode()
        start = len(self.seen)
        deadline = time.monotonic() + DEADLINE_SECONDS
        while target not in self.seen[start:]:
            left = deadline - time.monotonic()
            assert left > 0, f"waited for {wanted!r}; the terminal showed {bytes(self.seen)!r}"
            if not self._read(left):
                raise AssertionError(f"closed before {wanted!r}: {bytes(self.seen)!r}")

    def type(self, text: str) -> None:
        """Type ``text`` followed by Enter."""
        os.write(self.fd, text.encode() + b"\r")

    def eof(self) -> None:
        """Ctrl-D at the start of a line: the end of input."""
        os.write(self.fd, CTRL_D)

    def wait(self) -> tuple[int, str]:
        """Read to the end, reap the child: its exit status and everything shown."""
        deadline = time.monotonic() + DEADLINE_SECONDS
        while self._read(deadline - time.monotonic()):
            pass
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode, self.seen.decode(errors="replace")

    def _read(self, timeout: float) -> bool:
        assert timeout > 0, f"the terminal stayed open; it showed {bytes(self.seen)!r}"
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.seen.extend(chunk)
        return bool(chunk)
