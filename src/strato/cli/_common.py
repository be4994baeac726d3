"""What every command shares: the parser tree, the error type, how paths are shown."""

from __future__ import annotations

import argparse
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

#: The command modules, in the order ``strato --help`` lists them; each has ``register``.
COMMAND_MODULES = (
    "configure",
    "configure_list",
    "export_credentials",
    "sso",
    "whoami",
    "doctor",
)


class CommandError(Exception):
    """A failure explained in one line; ``code`` is the exit status (1, or 2 for usage)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree; every command adds ``--profile`` through ``common_options``."""
    parser = argparse.ArgumentParser(
        prog="strato",
        description="AWS configuration and credentials: set them up, see where each value "
        "comes from, check them.",
    )
    add_common_options(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = __import__(f"strato.cli.{name}", fromlist=["register"])
        module.register(commands)
    return parser


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """``--profile`` is accepted before or after the command, as the AWS CLI accepts it."""
    parser.add_argument(
        "--profile",
        default=argparse.SUPPRESS,
        help="the profile to use (default: AWS_DEFAULT_PROFILE, else AWS_PROFILE, else default)",
    )


def profile_name(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> str:
    """The profile a command acts on, chosen as the AWS CLI chooses it."""
    explicit: str | None = getattr(args, "profile", None)
    if explicit:
        return explicit
    env = os.environ if environ is None else environ
    # botocore's order (the AWS CLI v1's too): AWS_DEFAULT_PROFILE before AWS_PROFILE
    return env.get("AWS_DEFAULT_PROFILE") or env.get("AWS_PROFILE") or "default"


def display_path(path: str, line: int | None = None) -> str:
    """``~/.aws/config:12``: the home directory shortened, the line appended when known."""
    home = os.path.expanduser("~")
    shown = "~" + path[len(home) :] if home != "~" and path.startswith(home + os.sep) else path
    return shown if line is None else f"{shown}:{line}"
