"""An isolated home and environment for each test: no real ~/.aws, no network."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


class Sandbox:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.aws = home / ".aws"
        self.aws.mkdir()

    def config(self, text: str | bytes) -> Path:
        return self._write(self.aws / "config", text)

    def credentials(self, text: str | bytes) -> Path:
        return self._write(self.aws / "credentials", text)

    def _write(self, path: Path, text: str | bytes) -> Path:
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return path


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    home = tmp_path / "home"
    home.mkdir()
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(
        {
            "HOME": str(home),
            "AWS_EC2_METADATA_DISABLED": "true",
            "BOTO_CONFIG": str(home / "no-boto"),
        }
    )
    try:
        yield Sandbox(home)
    finally:
        os.environ.clear()
        os.environ.update(saved)
