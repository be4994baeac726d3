"""datetime's classes straight from its C module, ``_datetime``.

``import datetime`` runs the whole pure-Python implementation (about 1.3 ms in a fresh
process) before replacing its classes with ``_datetime``'s; these are those same
classes. Tests that freeze the clock patch ``datetime`` here, so it is looked up at
call time (``from strato._time import datetime`` inside functions).
"""

from __future__ import annotations

__all__ = ["UTC", "datetime", "timedelta", "timezone", "tzinfo"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import UTC, datetime, timedelta, timezone, tzinfo
else:
    try:
        from _datetime import UTC, datetime, timedelta, timezone, tzinfo
    except ImportError:  # an interpreter without the C module
        from datetime import UTC, datetime, timedelta, timezone, tzinfo
