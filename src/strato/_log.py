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

#: boto3's default format for :func:`set_stream_logger`.
DEFAULT_FORMAT = "%(asctime)s %(name)s [%(levelname)s] %(message)s"


def debug(name: str, msg: str, *args: Any) -> None:
    if "logging" in sys.modules:
        sys.modules["logging"].getLogger(name).debug(msg, *args)


def info(name: str, msg: str, *args: Any) -> None:
    if "logging" in sys.modules:
        sys.modules["logging"].getLogger(name).info(msg, *args)


def warning(name: str, msg: str, *args: Any, exc_info: bool = False) -> None:
    import logging

    logging.getLogger(name).warning(msg, *args, exc_info=exc_info)


def logger_name(name: str) -> str:
    """strato's logger for a name boto3 code passes: strato logs what boto3 and botocore
    log under ``strato``, so ``botocore.endpoint`` is ``strato.endpoint``."""
    for prefix in ("boto3", "botocore"):
        if name == prefix or name.startswith(prefix + "."):
            return "strato" + name[len(prefix) :]
    return name


def set_stream_logger(
    name: str = "strato", level: int = 10, format_string: str | None = None
) -> None:
    """boto3's ``set_stream_logger``: a stderr handler at ``level`` on the logger ``name``
    (``'boto3'`` and ``'botocore'`` mean ``'strato'``; ``''`` is the root logger)."""
    import logging

    logger = logging.getLogger(logger_name(name))
    logger.setLevel(level)
    handler = logging.StreamHandler()
    handler.setLevel(level)
    handler.setFormatter(
        logging.Formatter(DEFAULT_FORMAT if format_string is None else format_string)
    )
    logger.addHandler(handler)
