"""An isolated process environment and home directory, shared by strato and botocore.

Both libraries read ``os.environ`` live, so one patched environment drives both, and
nothing from the real machine (home files, IMDS, boto2 files) can leak into a test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from unittest import mock

import pytest


class Home:
    """A temporary ``HOME`` with the shared files at their default places."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = root / ".aws" / "config"
        self.credentials = root / ".aws" / "credentials"
        self.env: dict[str, str] = {
            "HOME": str(root),
            # botocore would otherwise try 169.254.169.254.
            "AWS_EC2_METADATA_DISABLED": "true",
            "BOTO_CONFIG": str(root / "no-boto-config"),
            "AWS_CONFIG_FILE": str(self.config),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.credentials),
        }

    def write_config(self, text: str | bytes) -> Path:
        return _write(self.config, text)

    def write_credentials(self, text: str | bytes) -> Path:
        return _write(self.credentials, text)

    @contextmanager
    def active(self, **extra: str) -> Iterator[Home]:
        """``os.environ`` is exactly this home's environment plus ``extra`` inside."""
        with mock.patch.dict(os.environ, {**self.env, **extra}, clear=True):
            yield self

    def active_under_pytest(self) -> AbstractContextManager[Home]:
        """:meth:`active`, keeping pytest's own bookkeeping variable in the environment."""
        kept = {k: v for k, v in os.environ.items() if k == "PYTEST_CURRENT_TEST"}
        return self.active(**kept)


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.fixture(scope="module", autouse=True)
def module_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    """Nothing from the real machine (files, IMDS, env, proxies) reaches either library.

    Suites use it by importing it into their conftest (an autouse fixture per module).
    """
    home = Home(tmp_path_factory.mktemp("home"))
    with home.active_under_pytest():
        yield home
