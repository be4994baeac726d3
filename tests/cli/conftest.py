"""A throw-away home for each CLI test, and runners for ``strato`` and the AWS CLI v1 in it.

Both commands run as real processes with ``HOME`` in the temporary directory and no
``AWS_*`` variable from the outer environment, so they read and write only its files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from integration._servers import Server, start_moto

#: The AWS CLI v1 from the test environment (``awscli`` vendors its own botocore).
AWS = str(Path(sys.executable).with_name("aws"))


class Home:
    """A home directory with ``~/.aws``, an environment pointing at it, and two runners."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.aws = root / ".aws"
        self.config_path = self.aws / "config"
        self.credentials_path = self.aws / "credentials"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("AWS_", "BOTO_", "_AWS"))
        }
        self.env["HOME"] = str(root)

    def write(self, config: str | None = None, credentials: str | None = None) -> None:
        """Create ``~/.aws`` and the given files (0600, as the CLIs create them)."""
        self.aws.mkdir(mode=0o700, exist_ok=True)
        for path, text in ((self.config_path, config), (self.credentials_path, credentials)):
            if text is not None:
                path.write_text(text)
                path.chmod(0o600)

    def read(self) -> tuple[str | None, str | None]:
        """The config and credentials files' text (None for a file that does not exist)."""
        return tuple(  # type: ignore[return-value]
            p.read_text() if p.exists() else None for p in (self.config_path, self.credentials_path)
        )

    def strato(
        self, *args: str, input: str | None = None, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``python -m strato ARGS`` in this home."""
        return self._run([sys.executable, "-m", "strato", *args], input, env)

    def aws_cli(
        self, *args: str, input: str | None = None, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """The AWS CLI v1's ``aws ARGS`` in this home."""
        return self._run([AWS, *args], input, env)

    def _run(
        self, argv: list[str], input: str | None, env: Mapping[str, str] | None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            argv,
            input=input,
            capture_output=True,
            text=True,
            env={**self.env, **(env or {})},
            cwd=self.root,
            timeout=60,
            check=False,
        )


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    yield Home(tmp_path)


@pytest.fixture(scope="module")
def moto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A moto server for the tests of one module (whoami, export-credentials)."""
    server = start_moto(tmp_path_factory.mktemp("moto"))
    yield server
    server.stop()
