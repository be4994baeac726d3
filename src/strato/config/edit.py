"""Line-based edits of the shared config and credentials files, written safely.

Edits are placed where the AWS CLI places them (a key replaced in its line, a new key
after the section's last ``key = value`` line, a new section at the end), so files
edited by either tool look the same; every other byte is kept. A file is only
rewritten whole: under a lock, through a temporary file renamed over it.
"""

from __future__ import annotations

from .._atomic import write_atomic
from ..exceptions import ConfigParseError, InvalidConfigError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import TypeAlias

    Value: TypeAlias = str | Mapping[str, str]

#: Section kinds botocore names by their second shell word (``[profile 'my name']``).
_KINDS = ("profile", "sso-session", "services")
#: Characters after which botocore's ``shlex.split`` would not read a name back as-is.
_SHELL_SPECIAL = " \t\"'\\"
_SUB_INDENT = "    "


def section_name(kind: str, name: str) -> str:
    """``profile dev``; quoted as one shell word when botocore would split it otherwise."""
    if any(c in _SHELL_SPECIAL for c in name):
        import shlex

        name = shlex.quote(name)
    return f"{kind} {name}"


def check_text(value: str, what: str) -> None:
    """Refuse a line break in a section, key or value: it would write a second line."""
    if "\n" in value or "\r" in value:
        raise InvalidConfigError(
            error_msg=f"Invalid {what}: newline characters and carriage returns are not allowed"
        )


class _Line:
    """One line of a file as the INI dialect reads it."""

    __slots__ = ("header", "indent", "key", "owner", "text", "value")

    def __init__(self, text: str) -> None:
        self.text = text
        self.header: str | None = None  # a section header's name
        self.key: str | None = None  # an option line's key, as written
        self.value = ""  # an option line's value on its own line
        self.owner: int | None = None  # a continuation line: the index of its option
        self.indent = 0


def _lines(text: str) -> list[_Line]:
    """Classify lines exactly as :func:`strato.config.ini.parse` reads them."""
    import io

    lines = [_Line(t) for t in io.StringIO(text, newline="").readlines()]
    option: int | None = None
    indent = 0
    for index, line in enumerate(lines):
        stripped = line.text.strip()
        if not stripped or stripped[0] in "#;":
            continue
        line_indent = len(line.text) - len(line.text.lstrip())
        if option is not None and line_indent > indent:
            line.owner = option
            continue
        indent = line_indent
        line.indent = line_indent
        close = stripped.rfind("]")
        if stripped[0] == "[" and close > 1:
            line.header = stripped[1:close]
            option = None
            continue
        eq, colon = stripped.find("="), stripped.find(":")
        delim = colon if eq < 0 or 0 <= colon < eq else eq
        if delim > 0:
            line.key = stripped[:delim].rstrip()
            line.value = stripped[delim + 1 :].strip()
            option = index
    return lines


def _looks_like_option(text: str) -> bool:
    """A line the AWS CLI counts as ``key = value`` (commented-out ones included)."""
    return any(c in ":=" and text[i - 1] not in ":=" for i, c in enumerate(text) if i)


def _same_section(found: str, wanted: str, exact: bool) -> bool:
    """Whether header ``found`` is the section botocore reads as ``wanted``."""
    if found == wanted or exact:
        return found == wanted
    kind = wanted.split(" ", 1)[0]
    if kind not in _KINDS or not found.startswith(kind):
        return False
    from .files import _second_word

    return _second_word(found) == _second_word(wanted)


class _Edit:
    """Pending changes to a list of lines, applied in one pass."""

    def __init__(self, lines: list[_Line], newline: str) -> None:
        self.lines = lines
        self.newline = newline
        self.replace: dict[int, str] = {}
        self.insert: dict[int, list[str]] = {}

    def text(self) -> str:
        out: list[str] = []
        for index in range(len(self.lines) + 1):
            added = self.insert.get(index)
            if added:
                if out and not out[-1].endswith(("\n", "\r")):
                    out[-1] += self.newline
                out.extend(added)
            if index < len(self.lines):
                line = self.replace.get(index, self.lines[index].text)
                if line:  # a removed line is replaced by ""
                    out.append(line)
        return "".join(out)

    def line(self, text: str) -> str:
        return text + self.newline

    def block(self, key: str, value: Value, indent: str = "") -> list[str]:
        if isinstance(value, str):
            return [self.line(f"{indent}{key} = {value}")]
        subs = [self.line(f"{indent}{_SUB_INDENT}{k} = {v}") for k, v in value.items()]
        return [self.line(f"{indent}{key} ="), *subs]

    def continuation(self, option: int) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line.owner == option]


def _newline(text: str) -> str:
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def _find(lines: list[_Line], section: str, exact: bool) -> tuple[int, int] | None:
    """The target section's header index and end; the last match is the one botocore reads."""
    found = None
    for index, line in enumerate(lines):
        if line.header is not None and _same_section(line.header, section, exact):
            found = index
    if found is None:
        return None
    end = next((i for i in range(found + 1, len(lines)) if lines[i].header is not None), len(lines))
    return found, end


def set_values(text: str, section: str, values: Mapping[str, Value], *, exact: bool = False) -> str:
    """``text`` with ``values`` set in ``section`` (created when missing).

    A mapping value is a nested block (``s3 =`` then indented ``key = value`` lines).
    ``exact``: match the section name as written (the credentials file) rather than as
    botocore reads config-file names (``[profile "dev"]`` is ``[profile dev]``).
    """
    check_text(section, "section name")
    for key, value in values.items():
        check_text(key, "key")
        for sub, sub_value in value.items() if not isinstance(value, str) else ():
            check_text(sub, "key")
            check_text(sub_value, f"value for key {key}")
        if isinstance(value, str):
            check_text(value, f"value for key {key}")
    lines = _lines(text)
    edit = _Edit(lines, _newline(text))
    span = _find(lines, section, exact)
    if span is None:
        added = [edit.line(f"[{section}]")]
        for key, value in values.items():
            added += edit.block(key, value)
        edit.insert[len(lines)] = added
        return edit.text()
    start, end = span
    options = {line.key.lower(): i for i, line in enumerate(lines[start:end], start) if line.key}
    last = max(
        (i for i in range(start + 1, end) if _looks_like_option(lines[i].text)), default=start
    )
    pending: list[str] = []
    for key, value in values.items():
        index = options.get(key.lower())
        if index is None:
            pending += edit.block(key, value)
        elif isinstance(value, str):
            _replace_value(edit, index, value)
        else:
            _set_nested(edit, index, value)
    if pending:
        # After the last key line; at the end of the file the AWS CLI puts them one
        # line further down (below the first comment or blank line that follows).
        at = last + 1 if end < len(lines) else min(last + 2, len(lines))
        edit.insert.setdefault(at, []).extend(pending)
    return edit.text()


def _describe(line: _Line, index: int) -> str:
    return f"{line.key} (line {index + 1})"


def _replace_value(edit: _Edit, index: int, value: str) -> None:
    line = edit.lines[index]
    rest = edit.continuation(index)
    if rest and not line.value:
        raise InvalidConfigError(
            error_msg=f"{_describe(line, index)} is a nested block, not a value; "
            "unset it first to replace it with a value"
        )
    edit.replace[index] = edit.line(f"{line.key} = {value}")
    for i in rest:  # the rest of a value written over several lines
        edit.replace[i] = ""


def _set_nested(edit: _Edit, index: int, values: Mapping[str, str]) -> None:
    line = edit.lines[index]
    if line.value:
        raise InvalidConfigError(
            error_msg=f"{_describe(line, index)} is a value, not a nested block; "
            "unset it first to write keys under it"
        )
    pending = dict(values)
    for i in edit.continuation(index):
        sub = edit.lines[i]
        name = _sub_key(sub)
        if name in pending:
            prefix = sub.text[: len(sub.text) - len(sub.text.lstrip())]
            edit.replace[i] = edit.line(f"{prefix}{name} = {pending.pop(name)}")
    if not pending:
        return
    # The AWS CLI's end of the block: the next line at the key's own indentation that
    # looks like an option (or any option or header), after trailing blanks and comments.
    at = next(
        (
            i
            for i in range(index + 1, len(edit.lines))
            if edit.lines[i].owner is None
            and (
                edit.lines[i].header is not None
                or edit.lines[i].key is not None
                or (
                    _looks_like_option(edit.lines[i].text)
                    and len(edit.lines[i].text) - len(edit.lines[i].text.lstrip()) == line.indent
                )
            )
        ),
        len(edit.lines),
    )
    edit.insert.setdefault(at, []).extend(
        edit.line(f"{_SUB_INDENT}{k} = {v}") for k, v in pending.items()
    )


def unset_value(
    text: str, section: str, key: str, sub: str | None = None, *, exact: bool = False
) -> str | None:
    """``text`` without ``key`` (or its nested ``sub``) in ``section``; None if not there.

    A nested block left without keys goes too: botocore reads an empty ``s3 =`` as a
    value, not as an empty block.
    """
    lines = _lines(text)
    span = _find(lines, section, exact)
    if span is None:
        return None
    start, end = span
    edit = _Edit(lines, _newline(text))
    index = next(
        (i for i in range(start + 1, end) if (lines[i].key or "").lower() == key.lower()), None
    )
    if index is None:
        return None
    rest = edit.continuation(index)
    if sub is not None:
        if lines[index].value:
            return None
        subs = [i for i in rest if _sub_key(lines[i]) == sub]
        if not subs:
            return None
        if any(i not in subs and "=" in lines[i].text for i in rest):
            index, rest = subs[0], subs[1:]  # other keys stay: remove this one only
    edit.replace[index] = ""
    for i in rest:
        edit.replace[i] = ""
    return edit.text()


def _sub_key(line: _Line) -> str:
    """The key of a line nested under ``s3 =``, as botocore splits it (at the first ``=``)."""
    return line.text.strip().partition("=")[0].strip()


def update_file(path: str, change: Callable[[str], str | None]) -> bool:
    """Apply ``change`` to the file at ``path`` under its lock; True if it was rewritten.

    ``change`` gets the current text ("" for a missing file) and returns the new text,
    or None for no change. A file the INI dialect cannot read is refused with its line,
    and so is a result it could not read. A missing directory is created 0700, a new
    file 0600; an existing file keeps its mode, and a symbolic link its target.
    """
    import os

    from .._filelock import FileLock
    from . import ini
    from .files import _BOM, decode

    path = os.path.realpath(path)
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder, mode=0o700)
    with FileLock(os.path.join(folder, f".{os.path.basename(path)}.lock")):
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            data, mode = b"", 0o600
        bom = _BOM if data.startswith(_BOM) else b""
        old = decode(data, path)
        ini.parse(old, path)
        new = change(old)
        if new is None or new == old:
            return False
        try:
            ini.parse(new, path)
        except ConfigParseError as error:  # never write a file botocore could not read
            raise InvalidConfigError(
                error_msg=f"refusing an edit that would leave {path} unreadable "
                f"({error.kwargs.get('reason')} at line {error.kwargs.get('line')}); "
                "nothing was written"
            ) from None
        write_atomic(path, bom + new.encode("utf-8"), mode)
    return True
