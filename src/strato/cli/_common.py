"""What every command shares: the error type, ``--profile``, how keys and paths are shown.

No argparse here: the common commands are parsed without it (:mod:`._fast`)."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


class CommandError(Exception):
    """A failure explained in one line; ``code`` is the exit status (1, or 2 for usage)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """``--profile`` is accepted before or after the command, as the AWS CLI accepts it."""
    from argparse import SUPPRESS

    parser.add_argument(
        "--profile",
        default=SUPPRESS,
        help="the profile to use (default: AWS_DEFAULT_PROFILE, else AWS_PROFILE, else default)",
    )


def mask(value: str) -> str:
    """The AWS CLI's mask for a key: sixteen ``*`` and the last four characters."""
    return "*" * 16 + value[-4:]


def display_path(path: str, line: int | None = None) -> str:
    """``~/.aws/config:12``: the home directory shortened, the line appended when known."""
    home = os.path.expanduser("~")
    shown = "~" + path[len(home) :] if home != "~" and path.startswith(home + os.sep) else path
    return shown if line is None else f"{shown}:{line}"
