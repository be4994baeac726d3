"""Timestamp parsing for responses, matching botocore's ``parse_timestamp`` without dateutil.

As botocore returns them: epoch numbers (and numeric text) become local time, in
:class:`LocalTime` (dateutil's ``tzlocal()``); ISO 8601 and RFC 822/1123 texts keep their
zone (UTC for ``Z``/``GMT``/``UTC``, else the written offset); a text that carries no zone
stays naive, as dateutil leaves it.
The forms AWS sends (``2026-01-01T00:00:00[.000]Z``, ``Thu, 01 Jan 2026 00:00:00 GMT``) are
read by slicing; the general patterns are compiled only for other texts, since compiling
them costs milliseconds at the first call.
"""

from __future__ import annotations

import time

from strato._time import UTC, datetime, timedelta, timezone, tzinfo

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from typing import Any

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)
_ZERO = timedelta(0)

_ZONE = r"(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)"
_ISO = (
    r"(?P<y>\d{4})-?(?P<mo>\d{2})-?(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    rf"\s*{_ZONE}?"
)
_RFC822 = (
    r"(?:[A-Za-z]{3},?\s+)?(?P<d>\d{1,2})[\s-]+(?P<mon>[A-Za-z]{3})[\s-]+(?P<y>\d{4})\s+"
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d+))?)?"
    rf"\s*{_ZONE}?"
)
_compiled: list[re.Pattern[str]] = []
_MONTHS = {
    name: index
    for index, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def parse_timestamp(value: Any) -> datetime:
    """Parse an epoch number (or numeric text), an ISO 8601 or an RFC 822 timestamp."""
    if isinstance(value, (int, float)):
        return _from_epoch(value)
    if isinstance(value, str):
        common = _iso_utc(value) or _http_date(value)
        if common is not None:
            return common
    try:
        return _from_epoch(float(value), value)
    except (TypeError, ValueError):
        pass
    if isinstance(value, str):
        iso, rfc822 = _patterns()
        text = value.strip()
        try:
            match = iso.fullmatch(text)
            if match is not None:
                return _build(match, int(match["mo"]))
            match = rfc822.fullmatch(text)
            if match is not None and match["mon"].lower() in _MONTHS:
                return _build(match, _MONTHS[match["mon"].lower()])
        except ValueError as error:
            raise _invalid(f'Invalid timestamp "{value}": {error}') from None
    reason = "Unknown string format" if str(value).strip() else "String does not contain a date"
    raise _invalid(f'Invalid timestamp "{value}": {reason}: {value}')


def _invalid(message: str) -> ValueError:
    """botocore raises a bare ValueError here; strato's typed one is a ValueError too."""
    from strato.exceptions import InvalidTimestampError

    return InvalidTimestampError(msg=message)


def _patterns() -> list[re.Pattern[str]]:
    """The general ISO 8601 and RFC 822 patterns, compiled at their first use."""
    if not _compiled:
        import re

        _compiled.extend(re.compile(p, re.IGNORECASE) for p in (_ISO, _RFC822))
    return _compiled


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _iso_utc(text: str) -> datetime | None:
    """``YYYY-MM-DDTHH:MM:SS[.fraction]Z``, else None (also for out-of-range fields)."""
    size = len(text)
    if (
        size < 20
        or text[-1] != "Z"
        or text[4] != "-"
        or text[7] != "-"
        or text[10] != "T"
        or text[13] != ":"
        or text[16] != ":"
    ):
        return None
    fraction = ""
    if size > 20:
        fraction = text[20:-1]
        if text[19] != "." or not fraction:
            return None
    fields = (text[:4], text[5:7], text[8:10], text[11:13], text[14:16], text[17:19])
    if not _ascii_digits("".join(fields) + fraction):
        return None
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    y, mo, d, h, mi, s = map(int, fields)
    try:
        return datetime(y, mo, d, h, mi, s, micro, UTC)
    except ValueError:
        return None  # the general path reports it


def _http_date(text: str) -> datetime | None:
    """``Thu, 01 Jan 2026 00:00:00 GMT`` (RFC 1123), else None."""
    if (
        len(text) != 29
        or not text.endswith(" GMT")
        or text[3:5] != ", "
        or text[7] != " "
        or text[11] != " "
        or text[16] != " "
        or text[19] != ":"
        or text[22] != ":"
    ):
        return None
    weekday, month_name = text[:3], text[8:11]
    if not (weekday.isascii() and weekday.isalpha() and month_name.isascii()):
        return None
    month = _MONTHS.get(month_name.lower())
    fields = (text[5:7], text[12:16], text[17:19], text[20:22], text[23:25])
    if month is None or not _ascii_digits("".join(fields)):
        return None
    d, y, h, mi, s = map(int, fields)
    try:
        return datetime(y, month, d, h, mi, s, 0, UTC)
    except ValueError:
        return None


class LocalTime(tzinfo):
    """The process's local zone as dateutil's ``tzlocal()`` models it, which botocore gives
    epoch timestamps: the current standard and daylight offsets of ``time`` (no historical
    offsets), DST decided by ``time.localtime`` of the wall time read as standard time, and
    ambiguous wall times settled by ``fold``. Equal when the two offsets are.
    """

    def __init__(self) -> None:
        self._std = timedelta(seconds=-time.timezone)
        self._dst = timedelta(seconds=-time.altzone) if time.daylight else self._std
        self._saved = self._dst - self._std
        self._names = tuple(time.tzname)

    def __repr__(self) -> str:
        return "tzlocal()"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LocalTime):
            return NotImplemented
        return (self._std, self._dst) == (other._std, other._dst)

    def __hash__(self) -> int:
        return hash((self._std, self._dst))

    def __reduce__(self) -> tuple[type[LocalTime], tuple[()]]:
        return (LocalTime, ())

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None if self._saved else self._std
        return self._dst if self._is_dst(dt) else self._std

    def dst(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None if self._saved else _ZERO
        return self._saved if self._is_dst(dt) else _ZERO

    def tzname(self, dt: datetime | None) -> str:
        return self._names[bool(dt is not None and self._is_dst(dt))]

    def fromutc(self, dt: datetime) -> datetime:
        wall = dt + self._std
        wall += self._saved if self._is_dst(wall.replace(fold=1)) else _ZERO
        # The second of two equal wall times (fold=1) is the one at standard time.
        fold = int(self._ambiguous(wall) and wall - dt == self._std)
        return wall.replace(fold=fold)

    def _naive_dst(self, dt: datetime) -> bool:
        seconds = (dt.replace(tzinfo=None) - _NAIVE_EPOCH).total_seconds()
        return bool(time.localtime(seconds + time.timezone).tm_isdst)

    def _ambiguous(self, dt: datetime) -> bool:
        return not self._naive_dst(dt) and self._naive_dst(dt - self._saved)

    def _is_dst(self, dt: datetime) -> bool:
        if not self._saved:
            return False
        if self._ambiguous(dt):
            return not dt.fold
        return self._naive_dst(dt)


def _from_epoch(seconds: float, value: Any = None) -> datetime:
    """``fromtimestamp`` in local time, with botocore's fallback outside the C range: the
    epoch in local time plus a timedelta (whose wall clock keeps 1970's offset)."""
    local = LocalTime()
    try:
        return datetime.fromtimestamp(seconds, local)
    except (OverflowError, OSError):
        pass
    try:
        return _EPOCH.astimezone(local) + timedelta(seconds=seconds)
    except (OverflowError, OSError):
        from strato.exceptions import TimestampOutOfRangeError

        shown = seconds if value is None else value
        message = f'Unable to calculate correct timezone offset for "{shown}"'
        raise TimestampOutOfRangeError(msg=message) from None


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
    return stamp.replace(tzinfo=_zone(zone))


def _zone(text: str) -> timezone:
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    digits = text[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return timezone(-offset if text[0] == "-" else offset)
