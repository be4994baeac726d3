"""The INI dialect botocore reads (Python's ``RawConfigParser`` defaults), with provenance.

Every value remembers the file, line and section it came from, so that settings can
be explained and every error can point at the line at fault.
"""

from __future__ import annotations

from .. import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

    Value: TypeAlias = str | dict[str, str]
    #: A key of :attr:`Section.origins`: an option name, or (option, nested key).
    OriginKey: TypeAlias = str | tuple[str, str]

# Plain string operations stand in for configparser's regular expressions (same
# results: ``str.strip`` and ``re``'s ``\s`` agree on what is white space), so that
# reading a config file does not import ``re``.
_DEFAULT = "DEFAULT"


class Origin:
    """Where a value was written: ``~/.aws/config:12 [profile dev]``."""

    __slots__ = ("line", "path", "section")

    def __init__(self, path: str, line: int, section: str) -> None:
        self.path = path
        self.line = line
        self.section = section

    def __str__(self) -> str:
        return f"{self.path}:{self.line} [{self.section}]"

    def __repr__(self) -> str:
        return f"Origin({self.path!r}, {self.line}, {self.section!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Origin) and (self.path, self.line, self.section) == (
            other.path,
            other.line,
            other.section,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.section))


class Section:
    """One parsed section: values after ``[DEFAULT]`` inheritance and nesting."""

    __slots__ = ("line", "name", "origins", "values")

    def __init__(
        self, name: str, line: int, values: dict[str, Value], origins: dict[OriginKey, Origin]
    ) -> None:
        self.name = name
        self.line = line
        self.values = values
        self.origins = origins

    def __repr__(self) -> str:
        return f"Section({self.name!r}, line={self.line}, keys={list(self.values)})"


EMPTY_SECTION = Section("", 0, {}, {})


class _Option:
    """A value being read: its first line, and continuation lines if any."""

    __slots__ = ("first", "line", "more", "section")

    def __init__(self, section: str, line: int, first: str) -> None:
        self.section = section
        self.line = line
        self.first = first
        self.more: list[tuple[str, int]] | None = None

    @property
    def parts(self) -> list[tuple[str, int]]:
        return [(self.first, self.line), *(self.more or ())]

    def text(self) -> str:
        if self.more is None:
            return self.first
        return "\n".join(p for p, _ in self.parts).rstrip()


def split_lines(text: str) -> list[str]:
    """Lines as a text-mode file yields them (``\\n``, ``\\r\\n`` and ``\\r`` end a line)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def parse(text: str, path: str, display: str | None = None) -> dict[str, Section]:
    """Parse ``text`` read from ``path``; origins name the file as ``display``.

    Raises :class:`ConfigParseError` naming ``path``, the line and the reason.
    """
    display = display or path
    sections: dict[str, dict[str, _Option]] = {}
    headers: dict[str, int] = {}
    defaults: dict[str, _Option] = {}
    current: dict[str, _Option] | None = None
    section_name = ""
    option: _Option | None = None
    blanks: list[int] = []  # blank lines after the current value: kept only if it continues
    indent = 0
    bad_line: tuple[int, str] | None = None

    for lineno, line in enumerate(split_lines(text), start=1):
        value = line.strip()
        if not value:
            if option is not None:
                blanks.append(lineno)
            continue
        first = value[0]
        if first in "#;":
            continue
        # where the first non-blank character is (most lines start with it)
        line_indent = 0 if line[0] == first else line.find(first)
        if option is not None and line_indent > indent:
            more = option.more if option.more is not None else []
            more.extend(("", n) for n in blanks)
            more.append((value, lineno))
            option.more = more
            blanks.clear()
            continue
        blanks.clear()
        indent = line_indent
        if first == "[" and (close := value.rfind("]")) > 1:
            section_name = value[1:close]
            if section_name in sections:
                raise errors.ConfigParseError(
                    path=path, line=lineno, reason=f"duplicate section [{section_name}]"
                )
            if section_name == _DEFAULT:
                current = defaults
            else:
                current = sections[section_name] = {}
                headers[section_name] = lineno
            option = None
            continue
        if current is None:
            raise errors.ConfigParseError(
                path=path, line=lineno, reason="a value before the first [section] header"
            )
        eq, colon = value.find("="), value.find(":")
        delim = colon if eq < 0 or 0 <= colon < eq else eq
        if delim < 0:
            bad_line = bad_line or (lineno, "no '=' or ':' in this line")
            continue
        key = value[:delim].rstrip()
        if not key:
            bad_line = bad_line or (lineno, "a value with no key")
        key = key.lower()
        if key in current:
            raise errors.ConfigParseError(
                path=path,
                line=lineno,
                reason=f"duplicate key {key!r} in section [{section_name}]",
            )
        option = current[key] = _Option(section_name, lineno, value[delim + 1 :].strip())

    if bad_line is not None:
        raise errors.ConfigParseError(path=path, line=bad_line[0], reason=bad_line[1])
    return {
        name: _finish(name, headers[name], options, defaults, path, display)
        for name, options in sections.items()
    }


def _finish(
    name: str,
    line: int,
    options: dict[str, _Option],
    defaults: dict[str, _Option],
    path: str,
    display: str,
) -> Section:
    values: dict[str, Value] = {}
    origins: dict[OriginKey, Origin] = {}
    merged = options
    if defaults:
        merged = options | {k: v for k, v in defaults.items() if k not in options}
    for key, opt in merged.items():
        origins[key] = Origin(display, opt.line, opt.section)
        if opt.more is None:  # one line: already stripped, and it cannot be nested
            values[key] = opt.first
            continue
        text = opt.text()
        if text.startswith("\n"):
            values[key] = _nested(key, opt, path, display, origins)
        else:
            values[key] = text
    return Section(name, line, values, origins)


def _nested(
    key: str, opt: _Option, path: str, display: str, origins: dict[OriginKey, Origin]
) -> dict[str, str]:
    """A ``key =`` followed by indented ``name = value`` lines: one level of nesting."""
    nested: dict[str, str] = {}
    for part, lineno in opt.parts:
        for sub_line in part.splitlines():
            sub_line = sub_line.strip()
            if not sub_line:
                continue
            sub_key, eq, sub_value = sub_line.partition("=")
            if not eq:
                raise errors.ConfigParseError(
                    path=path,
                    line=lineno,
                    # The line is not quoted: it may be a mistyped secret.
                    reason=f"a line nested under {key!r} has no '='",
                )
            nested[sub_key.strip()] = sub_value.strip()
            origins[(key, sub_key.strip())] = Origin(display, lineno, opt.section)
    return nested
