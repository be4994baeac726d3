"""The argparse command tree: every command module registers its parsers here."""

from __future__ import annotations

import argparse
import os
import sys

from ._common import add_common_options

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

#: The command modules, in the order ``strato --help`` lists them; each has ``register``.
COMMAND_MODULES = (
    "configure",
    "configure_list",
    "export_credentials",
    "sso",
    "whoami",
    "doctor",
)


#: The modules that define a command word (``configure`` ACTION for ``configure``).
_MODULES_OF = {
    "sso": ("sso",),
    "whoami": ("whoami",),
    "doctor": ("doctor",),
    ("configure", "list"): ("configure_list",),
    ("configure", "list-profiles"): ("configure_list",),
    ("configure", "export-credentials"): ("export_credentials",),
    ("configure", "get"): ("configure",),
    ("configure", "set"): ("configure",),
    ("configure", "unset"): ("configure",),
    ("configure", "import"): ("configure",),
}
_CONFIGURE_MODULES = ("configure", "configure_list", "export_credentials")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command tree; only the branch ``argv`` names when it names one.

    Building every parser costs about as much as importing argparse, so a command that
    is spelled out gets just its own; help, typos and bare ``strato`` get the whole tree.
    """
    parser = _Parser(
        prog="strato",
        description="AWS configuration and credentials: set them up, see where each value "
        "comes from, check them.",
    )
    add_common_options(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for name in _modules_for(argv):
        module = __import__(f"strato.cli.{name}", fromlist=["register"])
        module.register(commands)
    return parser


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, its width found without ``shutil`` (which loads bz2, lzma
    and fnmatch): argparse makes one for every argument added, not only for help."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, width or _columns() - 2)


def _columns() -> int:
    """``shutil.get_terminal_size().columns``: ``COLUMNS``, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    """Every parser of the tree uses :class:`_Formatter`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def _modules_for(argv: Sequence[str] | None) -> Sequence[str]:
    """The command modules whose parsers ``argv`` needs (all of them when in doubt)."""
    words = _leading_words(argv, 2) if argv is not None else []
    if not words:
        return COMMAND_MODULES
    if words[0] == "configure":
        if len(words) == 1:  # the prompts, or a word that is not an action
            return _CONFIGURE_MODULES
        return _MODULES_OF.get(("configure", words[1]), _CONFIGURE_MODULES)
    return _MODULES_OF.get(words[0], COMMAND_MODULES)


def _leading_words(argv: Sequence[str], count: int) -> list[str]:
    """The first ``count`` positional words, ``--profile VALUE`` skipped; [] on any other
    option before them (``-h`` and the like: the whole tree answers)."""
    words: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--profile":
            next(args, None)
        elif arg.startswith("--profile="):
            continue
        elif arg.startswith("-"):
            return words
        else:
            words.append(arg)
            if len(words) == count:
                break
    return words
