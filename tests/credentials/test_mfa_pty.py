"""The MFA prompt on a real terminal: a child process under a pseudo-terminal resolves
an MFA role profile against moto; the test waits for botocore's exact prompt, types a
code, and checks that STS received it and that the terminal did not echo it."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from pathlib import Path

import strato
from conformance._isolation import Home
from emulators.recorder import Recorder

from ._roles import REGION, sts

__all__ = ["sts"]  # the fixture

SERIAL = "arn:aws:iam::123456789012:mfa/pty-user"
PROMPT = f"Enter MFA code for {SERIAL}: ".encode()
CODE = "654321"
#: Generous bound on the child's whole run; exceeding it fails the test.
DEADLINE_SECONDS = 60.0

_CHILD = """
import strato
creds = strato.Session(profile_name="a").get_credentials()
frozen = creds.get_frozen_credentials()
print("RESOLVED", creds.method, frozen.access_key[:4], frozen.account_id, flush=True)
"""


def _profile(home: Home) -> None:
    home.write_config(
        "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/mfa\nsource_profile = b\n"
        f"mfa_serial = {SERIAL}\n[profile b]\naws_access_key_id = AKIDPTY\n"
        "aws_secret_access_key = s\n"
    )


def _read_until(fd: int, wanted: bytes, seen: bytearray, deadline: float) -> bool:
    """Read the terminal into ``seen`` until ``wanted`` shows or the child closes it."""
    while wanted not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"timed out waiting for {wanted!r}; the terminal showed {bytes(seen)!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            return False
        if not chunk:
            return False
        seen.extend(chunk)
    return True


def test_prompt_on_the_terminal_without_echo(home: Home, sts: Recorder, tmp_path: Path) -> None:
    _profile(home)
    script = tmp_path / "child.py"
    script.write_text(_CHILD)
    env = {
        **home.env,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "AWS_ENDPOINT_URL_STS": sts.url,
        "AWS_DEFAULT_REGION": REGION,
    }
    deadline = time.monotonic() + DEADLINE_SECONDS
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty
        try:
            os.execve(sys.executable, [sys.executable, str(script)], env)
        finally:
            os._exit(127)
    seen = bytearray()
    try:
        assert _read_until(fd, PROMPT, seen, deadline), f"no prompt: {bytes(seen)!r}"
        before_code = len(seen)
        os.write(fd, f"{CODE}\r".encode())
        _read_until(fd, b"RESOLVED", seen, deadline)
        _read_until(fd, b"\n", seen, deadline)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    output = bytes(seen)
    assert os.waitstatus_to_exitcode(status) == 0, output
    assert output.count(PROMPT) == 1
    assert CODE.encode() not in output[before_code:], "the MFA code was echoed"
    assert b"RESOLVED assume-role ASIA 123456789012" in output
    ((request, _),) = sts.take()
    params = dict(request.params)
    assert (params["TokenCode"], params["SerialNumber"]) == (CODE, SERIAL)


def test_replaced_prompter_gets_the_prompt(home: Home, sts: Recorder) -> None:
    _profile(home)
    asked: list[str] = []

    def prompter(prompt: str) -> str:
        asked.append(prompt)
        return "111222"

    creds = strato.Session(profile_name="a", mfa_prompter=prompter).get_credentials()
    assert creds is not None and not asked  # deferred: no prompt before first use
    assert creds.get_frozen_credentials().account_id == "123456789012"
    assert asked == [PROMPT.decode()]
    ((request, _),) = sts.take()
    assert dict(request.params)["TokenCode"] == "111222"
