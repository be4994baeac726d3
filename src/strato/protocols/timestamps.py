"""Timestamp parsing for responses, matching botocore's ``parse_timestamp`` without dateutil.

Epoch numbers, ISO 8601 and RFC 822/1123 texts become aware UTC datetimes; a text that
carries no zone stays naive, as dateutil leaves it, so results compare equal to botocore's.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_ZONE = r"(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)"
_ISO = re.compile(
    r"(?P<y>\d{4})-?(?P<mo>\d{2})-?(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    rf"\s*{_ZONE}?",
    re.IGNORECASE,
)
_RFC822 = re.compile(
    r"(?:[A-Za-z]{3},?\s+)?(?P<d>\d{1,2})[\s-]+(?P<mon>[A-Za-z]{3})[\s-]+(?P<y>\d{4})\s+"
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d+))?)?"
    rf"\s*{_ZONE}?",
    re.IGNORECASE,
)
# The forms AWS sends almost always, parsed without the general patterns' fallbacks.
_ISO_UTC = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z", re.ASCII)
_HTTP_DATE = re.compile(
    r"[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT", re.ASCII
)
_MONTHS = {
    name: index
    for index, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def parse_timestamp(value: Any) -> datetime:
    """Parse an epoch number (or numeric text), an ISO 8601 or an RFC 822 timestamp."""
    if isinstance(value, int | float):
        return _from_epoch(value)
    if isinstance(value, str):
        fast = _common_utc(value)
        if fast is not None:
            return fast
    try:
        return _from_epoch(float(value))
    except (TypeError, ValueError):
        pass
    if isinstance(value, str):
        text = value.strip()
        try:
            match = _ISO.fullmatch(text)
            if match is not None:
                return _build(match, int(match["mo"]))
            match = _RFC822.fullmatch(text)
            if match is not None and match["mon"].lower() in _MONTHS:
                return _build(match, _MONTHS[match["mon"].lower()])
        except ValueError as error:
            raise ValueError(f'Invalid timestamp "{value}": {error}') from None
    raise ValueError(f'Invalid timestamp "{value}": Unknown string format: {value}')


def _common_utc(text: str) -> datetime | None:
    """``2026-01-01T00:00:00[.000]Z`` or ``Thu, 01 Jan 2026 00:00:00 GMT``, else None.

    Gives what the general path gives for them; out-of-range fields are left to that
    path, which reports them.
    """
    try:
        match = _ISO_UTC.fullmatch(text)
        if match is not None:
            y, mo, d, h, mi, s, fraction = match.groups()
            micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
            return datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), micro, UTC)
        match = _HTTP_DATE.fullmatch(text)
        if match is not None:
            d, mon, y, h, mi, s = match.groups()
            month = _MONTHS.get(mon.lower())
            if month is not None:
                return datetime(int(y), month, int(d), int(h), int(mi), int(s), 0, UTC)
    except ValueError:
        pass
    return None


def _from_epoch(seconds: float) -> datetime:
    """``fromtimestamp`` rounding, with botocore's timedelta fallback outside the C range."""
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError):
        return _EPOCH + timedelta(seconds=seconds)


def _build(match: re.Match[str], month: int) -> datetime:
    fraction = match["f"] or ""
    stamp = datetime(
        int(match["y"]),
        month,
        int(match["d"]),
        int(match["h"] or 0),
        int(match["mi"] or 0),
        int(match["s"] or 0),
        int(fraction[:6].ljust(6, "0")) if fraction else 0,
    )
    zone = match["zone"]
    if zone is None:
        return stamp
    return stamp.replace(tzinfo=_zone(zone)).astimezone(UTC)


def _zone(text: str) -> timezone:
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return timezone(-offset if text[0] == "-" else offset)
