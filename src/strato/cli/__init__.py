"""The ``strato`` command: ``configure``, ``sso``, ``whoami`` and ``doctor``.

Each command lives in its own module, which registers its parser and imports what it
needs only when it runs; the commonest commands are parsed without argparse (:mod:`._fast`).
Exit codes a script can rely on: 0 found/ok, 1 not set or findings or an error, 2 usage.
"""

from __future__ import annotations

import sys

from . import _fast
from ._common import CommandError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

__all__ = ["CommandError", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors become one line on stderr and an exit code, never a traceback."""
    if argv is None:
        argv = sys.argv[1:]
    args: Any = _fast.parse(argv)
    if args is None:
        from ._parser import build_parser

        parser = build_parser(argv)
        args = parser.parse_args(argv)
        if getattr(args, "run", None) is None:
            parser.print_help(sys.stderr)
            return 2
    run = args.run
    from ..exceptions import StratoError

    try:
        code: int = run(args)
    except CommandError as error:
        print(f"strato: {error}", file=sys.stderr)
        return error.code
    except StratoError as error:
        print(f"strato: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    return code
