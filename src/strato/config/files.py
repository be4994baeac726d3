"""Finding, reading and merging the shared ``config`` and ``credentials`` files.

A parsed file is immutable as long as the file is unchanged, so parses are cached
by path and ``stat`` signature: a new Session re-reads nothing until a file changes.
"""

from __future__ import annotations

import os
import stat

from .. import exceptions as errors
from . import ini
from .ini import Section

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

    _Signature: TypeAlias = tuple[int, int, int, int, int]

_BOM = b"\xef\xbb\xbf"
_SHELL_BLANKS = str.maketrans("\t\r\n", "   ")
_cache: dict[tuple[str, str], tuple[_Signature, dict[str, Section]]] = {}


def expand_path(path: str) -> str:
    """``$VAR`` first, then ``~``, as botocore expands the file settings."""
    return os.path.expanduser(os.path.expandvars(path))


def _signature(path: str) -> _Signature | None:
    """The file's identity and version, or None when it is not a regular file."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_dev, st.st_ctime_ns)


def read_ini(path: str) -> dict[str, Section]:
    """Sections of the INI file at ``path`` (a configured path, expanded here).

    A missing path or a directory raises :class:`ConfigNotFound`; a file that cannot
    be opened reads as empty, as botocore does.
    """
    full = expand_path(path)
    sig = _signature(full)
    if sig is None:
        raise errors.ConfigNotFound(path=full)
    key = (full, path)
    hit = _cache.get(key)
    if hit is not None and hit[0] == sig:
        return hit[1]
    try:
        with open(full, "rb") as fh:
            data = fh.read()
    except OSError:
        sections: dict[str, Section] = {}
    else:
        sections = ini.parse(decode(data, full), full, path)
    _cache[key] = (sig, sections)
    return sections


def decode(data: bytes, path: str) -> str:
    """A config file's bytes as text: UTF-8, a leading BOM dropped, errors with their line."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise errors.ConfigParseError(
            path=path, line=line, reason=f"not valid UTF-8 (byte {data[exc.start]:#04x})"
        ) from None


class ConfigFile:
    """The config file's sections sorted by kind, the way botocore names them."""

    __slots__ = ("other", "profiles", "services", "sso_sessions")

    def __init__(
        self,
        profiles: dict[str, Section] | None = None,
        sso_sessions: dict[str, Section] | None = None,
        services: dict[str, Section] | None = None,
        other: dict[str, Section] | None = None,
    ) -> None:
        self.profiles = {} if profiles is None else profiles
        self.sso_sessions = {} if sso_sessions is None else sso_sessions
        self.services = {} if services is None else services
        self.other = {} if other is None else other


def _second_word(name: str) -> str | None:
    """``profile "my name"`` -> ``my name``: POSIX shell words, exactly two of them."""
    if '"' in name or "'" in name or "\\" in name:
        import shlex

        try:
            words = shlex.split(name)
        except ValueError:
            return None
    else:
        words = [w for w in name.translate(_SHELL_BLANKS).split(" ") if w]
    return words[1] if len(words) == 2 else None


def classify(sections: dict[str, Section]) -> ConfigFile:
    """Sort config-file sections into profiles, sso-sessions, services and the rest."""
    out = ConfigFile()
    for name, section in sections.items():
        if name.startswith("profile"):
            target = out.profiles
        elif name.startswith("sso-session"):
            target = out.sso_sessions
        elif name.startswith("services"):
            target = out.services
        elif name == "default":
            out.profiles[name] = section
            continue
        else:
            out.other[name] = section
            continue
        short = _second_word(name)
        if short is not None:
            target[short] = section
    return out


_classified: dict[str, tuple[dict[str, Section], ConfigFile]] = {}


def load_config_file(path: str) -> ConfigFile:
    """The config file at ``path``; :class:`ConfigNotFound` if there is none.

    Classified once per parse: the parse cache hands back the same sections object
    while the file is unchanged.
    """
    sections = read_ini(path)
    hit = _classified.get(path)
    if hit is None or hit[0] is not sections:
        hit = _classified[path] = (sections, classify(sections))
    return hit[1]


def merge_profiles(config: ConfigFile | None, credentials: dict[str, Section] | None) -> ConfigFile:
    """Config-file profiles with credentials-file sections merged over them key by key."""
    if config is None:
        config = ConfigFile()
    if not credentials:
        return config
    profiles = dict(config.profiles)
    for name, cred in credentials.items():
        base = profiles.get(name)
        if base is None:
            profiles[name] = cred
        else:
            profiles[name] = Section(
                name, base.line, base.values | cred.values, base.origins | cred.origins
            )
    return ConfigFile(profiles, config.sso_sessions, config.services, config.other)


def load_full_config(config_path: str, credentials_path: str) -> ConfigFile:
    """Both files as botocore's ``full_config`` sees them: the config file classified,
    credentials-file profiles merged over its profiles; a missing file reads as empty."""
    try:
        config: ConfigFile | None = load_config_file(config_path)
    except errors.ConfigNotFound:
        config = None
    try:
        credentials: dict[str, Section] | None = read_ini(credentials_path)
    except errors.ConfigNotFound:
        credentials = None
    return merge_profiles(config, credentials)
