"""The ``strato`` command: ``configure``, ``sso``, ``whoami`` and ``doctor``.

Each command lives in its own module, which registers its parser and imports what it
needs only when it runs, so ``strato configure get region`` loads little beyond argparse.
Exit codes a script can rely on: 0 found/ok, 1 not set or findings or an error, 2 usage.
"""

from __future__ import annotations

import sys

from ._common import CommandError, build_parser

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["CommandError", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors become one line on stderr and an exit code, never a traceback."""
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help(sys.stderr)
        return 2
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
