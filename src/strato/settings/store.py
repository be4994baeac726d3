"""Resolving a setting through its chain, and explaining where the value came from."""

from __future__ import annotations

import os

from .. import _log
from .. import exceptions as errors
from .table import SECTIONS, SETTINGS, STRATO_SETTINGS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from typing import Any

    from ..config.ini import Section
    from .table import Setting

_LOG = "strato.settings"


class Candidate:
    """A value found for a setting, as written, and where it was found."""

    __slots__ = ("source", "value")

    def __init__(self, value: Any, source: str) -> None:
        self.value = value
        self.source = source

    def __repr__(self) -> str:
        return f"Candidate({self.value!r}, {self.source!r})"


class Explanation:
    """The resolved value of a setting, its source, and the values it shadows."""

    __slots__ = ("members", "name", "shadowed", "source", "value")

    def __init__(
        self,
        name: str,
        value: Any,
        source: str | None,
        shadowed: tuple[Candidate, ...] = (),
        members: tuple[Explanation, ...] = (),
    ) -> None:
        self.name = name
        self.value = value
        self.source = source
        self.shadowed = shadowed
        self.members = members

    def __repr__(self) -> str:
        return f"Explanation({self.name!r}, {self.value!r}, source={self.source!r})"

    def __str__(self) -> str:
        if self.source is None:
            return f"{self.name} = {self.value!r} (not set)"
        text = f"{self.name} = {self.value!r} (from {self.source})"
        for c in self.shadowed:
            text += f"\n  shadows {c.value!r} from {c.source}"
        for m in self.members:
            text += "\n  " + str(m).replace("\n", "\n  ")
        return text


class SettingsStore:
    """Looks settings up: session value > environment > active profile > default.

    ``scoped`` returns the active profile's section; it is only called when a
    lookup gets that far, so an environment value never touches the files.
    """

    def __init__(
        self,
        instance_vars: Mapping[str, Any],
        environ: Mapping[str, str],
        scoped: Callable[[], Section],
    ) -> None:
        self._instance_vars = instance_vars
        self._environ = environ
        self._scoped = scoped
        self.memo: dict[str, Any] | None = None
        # Names in the environment (as bytes) while a snapshot is open: probing a set is
        # far cheaper than ``os.environ.get`` of a missing name, which raises inside.
        self._env_present: frozenset[bytes] | None = None
        # Values from the files, by setting (the row itself: an ``s3`` member and a top-level
        # setting may share a name), for the profile section they were read from.
        self._file_values: dict[Setting, Any] = {}
        self._file_values_of: Section | None = None

    def snapshot(self) -> _Snapshot:
        """``with store.snapshot():`` lookups inside are made once each and remembered.

        Making a client asks for some settings (and the profile) many times; the
        environment and files do not change within that one call, but may between calls,
        so the memo lives only as long as the block.
        """
        return _Snapshot(self)

    def get(self, name: str) -> Any:
        memo = self.memo
        if memo is None:
            return self._lookup(name)
        if name in memo:
            return memo[name]
        value = memo[name] = self._lookup(name)
        return value

    def _lookup(self, name: str) -> Any:
        if name in SECTIONS:
            return self._section(name, explain=False)[0]
        setting = SETTINGS.get(name) or STRATO_SETTINGS.get(name)
        if setting is None:
            return None
        value = self._first_value(setting)
        return None if value is None else self._converted(setting, value)

    def _converted(self, setting: Setting, value: Any) -> Any:
        if setting.convert is None:
            return value
        try:
            return setting.convert(value)
        except (TypeError, ValueError):
            # The error names the source: found again, the slow way, with provenance.
            for candidate in self._candidates(setting):
                return self._convert(setting, candidate)
            raise

    def _first_value(self, setting: Setting) -> Any:
        """What :meth:`_candidates` yields first, without building its provenance."""
        value = self._instance_vars.get(setting.name)
        if value is not None:
            return value
        environ = self._environ
        present = self._env_present
        for var in setting.env_vars:
            if present is not None and _env_key(var) not in present:
                continue
            value = environ.get(var)
            if value is not None:
                return value
        if not setting.config_keys:
            return setting.default
        profile = self._scoped()
        if profile is not self._file_values_of:
            self._file_values, self._file_values_of = {}, profile
        file_values = self._file_values
        if setting in file_values:
            return file_values[setting]
        value = file_values[setting] = _file_value(profile, setting)
        return value

    def explain(self, name: str) -> Explanation:
        if name in SECTIONS:
            explanation = self._section(name, explain=True)[1]
            assert explanation is not None
            return explanation
        setting = SETTINGS.get(name) or STRATO_SETTINGS.get(name)
        if setting is None:
            return Explanation(name, None, None)
        found = list(self._candidates(setting, include_default=True))
        if not found:
            return Explanation(name, None, None)
        return Explanation(
            name, self._convert(setting, found[0]), found[0].source, tuple(found[1:])
        )

    def _candidates(self, setting: Setting, include_default: bool = True) -> Iterator[Candidate]:
        """Every value the chain can see, highest precedence first, found lazily."""
        value = self._instance_vars.get(setting.name)
        if value is not None:
            yield Candidate(value, "session")
        for var in setting.env_vars:
            env_value = self._environ.get(var)
            if env_value is not None:
                yield Candidate(env_value, f"env {var}")
        if setting.config_keys:
            profile = self._scoped()
            for key in setting.config_keys:
                found = _profile_value(profile, key)
                if found is not None:
                    yield found
        if include_default and setting.default is not None:
            yield Candidate(setting.default, "default")

    def _convert(self, setting: Setting, candidate: Candidate) -> Any:
        if setting.convert is None:
            return candidate.value
        try:
            return setting.convert(candidate.value)
        except (TypeError, ValueError):
            raise errors.InvalidConfigValueError(
                error_msg=(
                    f"Invalid value {candidate.value!r} for {setting.name} "
                    f"(from {candidate.source}): expected an integer"
                )
            ) from None

    def _section(self, name: str, explain: bool) -> tuple[Any, Explanation | None]:
        """A nested block (``s3 =``) overlaid with its members' own lookups."""
        profile = self._scoped()
        block = profile.values.get(name)
        origin = profile.origins.get(name)
        source = str(origin) if origin is not None else None
        if block and not isinstance(block, dict):
            # botocore ignores the members too then: the whole section reads as None.
            _log.debug(_LOG, "The %s config key is not a dictionary type, ignoring it", name)
            return None, Explanation(name, None, None) if explain else None
        result: Any = dict(block) if isinstance(block, dict) else block
        members = []
        for member, setting in SECTIONS[name].items():
            if not explain:
                # The common path: the first value only, with no provenance built.
                raw = self._first_value(setting)
                if raw is None:
                    continue
                if isinstance(result, dict):
                    result[member] = self._converted(setting, raw)
                    continue
            found = list(self._candidates(setting))
            if not found:
                continue
            if result is None:
                result = {}
            elif not isinstance(result, dict):
                raise errors.InvalidConfigError(
                    error_msg=f"{name} is set to an empty value at {source}, but {member} "
                    f"is also configured for it (from {found[0].source}); write {name} "
                    "as a nested block"
                )
            result[member] = self._convert(setting, found[0])
            if explain:
                members.append(
                    Explanation(member, result[member], found[0].source, tuple(found[1:]))
                )
        if not explain:
            return result, None
        return result, Explanation(name, result, source, (), tuple(members))


class _Snapshot:
    """The context manager of :meth:`SettingsStore.snapshot` (contextlib costs imports)."""

    def __init__(self, store: SettingsStore) -> None:
        self._store = store
        self._outer = False

    def __enter__(self) -> None:
        store = self._store
        self._outer = store.memo is None
        if self._outer:
            store.memo = {}
            if store._environ is os.environ and os.supports_bytes_environ:
                store._env_present = frozenset(os.environb)

    def __exit__(self, *exc: object) -> None:
        if self._outer:
            self._store.memo = None
            self._store._env_present = None


_ENV_KEYS: dict[str, bytes] = {}


def _env_key(name: str) -> bytes:
    """An environment variable's name as ``os.environb`` holds it."""
    key = _ENV_KEYS.get(name)
    if key is None:
        key = _ENV_KEYS[name] = os.fsencode(name)
    return key


def _file_value(profile: Section, setting: Setting) -> Any:
    """The active profile's value of a setting, else its default (the files' part of a
    lookup: fixed for a given parsed profile, so :class:`SettingsStore` keeps it)."""
    values = profile.values
    for key in setting.config_keys:
        if isinstance(key, str):
            value = values.get(key)
        else:
            block = values.get(key[0])
            value = block.get(key[1]) if isinstance(block, dict) else None
        if value is not None:
            return value
    return setting.default


def _profile_value(profile: Section, key: str | tuple[str, str]) -> Candidate | None:
    if isinstance(key, str):
        value = profile.values.get(key)
        if value is None:
            return None
        return Candidate(value, str(profile.origins[key]))
    block = profile.values.get(key[0])
    if not isinstance(block, dict) or key[1] not in block:
        return None
    origin = profile.origins.get(key)
    return Candidate(block[key[1]], str(origin) if origin else f"[{profile.name}] {key[0]}")
