"""What each library makes of the files a :class:`Home` points at, in one comparable shape.

An outcome is ``("ok", profiles, sso_sessions)`` or ``("error", class name, message)``.
Only ``ConfigParseError`` is caught on strato's side: any other exception is a bug and
fails the test where it happens.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import botocore.session

import strato
from strato.config.files import load_config_file
from strato.exceptions import ConfigNotFound, ConfigParseError

from ._isolation import Home

Outcome: TypeAlias = tuple[str, Any, Any]


def botocore_outcome() -> Outcome:
    """botocore's merged view; a missing config file has no ``sso_sessions`` key, read as {}."""
    try:
        full = botocore.session.Session().full_config
    except Exception as exc:
        return ("error", type(exc).__name__, str(exc))
    return ("ok", full["profiles"], full.get("sso_sessions", {}))


def strato_outcome(home: Home) -> Outcome:
    """strato's view through its public Session: profile names, then each scoped config."""
    try:
        names = strato.Session().available_profiles
        profiles = {name: strato.Session(profile_name=name).get_scoped_config() for name in names}
        try:
            sections = load_config_file(str(home.config)).sso_sessions
        except ConfigNotFound:
            sections = {}
    except ConfigParseError as exc:
        return ("error", type(exc).__name__, str(exc))
    return ("ok", profiles, {name: section.values for name, section in sections.items()})


def assert_same(strato_result: Outcome, botocore_result: Outcome) -> None:
    """Same profiles in the same order with the same values, or the same error class.

    strato's parse errors add ``:line: reason`` after botocore's message, so botocore's
    message must be a prefix of strato's.
    """
    assert strato_result[:2] == botocore_result[:2], (
        f"strato {strato_result!r} != botocore {botocore_result!r}"
    )
    if strato_result[0] == "ok":
        assert list(strato_result[1]) == list(botocore_result[1]), "profile order differs"
        assert strato_result[2] == botocore_result[2], "sso_sessions differ"
    else:
        assert strato_result[2].startswith(botocore_result[2]), (
            f"message {strato_result[2]!r} does not start with botocore's {botocore_result[2]!r}"
        )
