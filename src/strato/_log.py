"""Logging that costs nothing until the application uses :mod:`logging`.

If ``logging`` was never imported, nobody configured a handler, so DEBUG and INFO
records could not go anywhere: skip them without importing the module. Warnings
import it, since Python's last-resort handler prints them.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def debug(name: str, msg: str, *args: Any) -> None:
    if "logging" in sys.modules:
        sys.modules["logging"].getLogger(name).debug(msg, *args)


def info(name: str, msg: str, *args: Any) -> None:
    if "logging" in sys.modules:
        sys.modules["logging"].getLogger(name).info(msg, *args)


def warning(name: str, msg: str, *args: Any, exc_info: bool = False) -> None:
    import logging

    logging.getLogger(name).warning(msg, *args, exc_info=exc_info)
