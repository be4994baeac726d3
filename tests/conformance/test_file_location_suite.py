"""smithy-rs's file-location suite: where the two files are and which profile is active.

strato is a POSIX implementation and, like botocore, expands ``~`` with
``os.path.expanduser``: ``HOME`` first, then the password database. The Windows cases
still run (strato must equal botocore on this platform), but their backslash paths and
``USERPROFILE``/``HOMEDRIVE`` rules do not apply, so they are listed in ``DIVERGENCES``.
"""

from __future__ import annotations

import json
import os
from typing import Any
from unittest import mock

import botocore.session
import pytest

from strato.config.files import expand_path
from strato.settings.store import SettingsStore

from ._paths import PROFILE_FILE_SUITE, ROOT

_CASES: list[dict[str, Any]] = json.loads(
    (PROFILE_FILE_SUITE / "file-location-tests.json").read_text(encoding="utf-8")
)["tests"]

_WINDOWS = "Windows case: not applicable to a POSIX implementation (os.path.expanduser rules)"

#: Case index -> why botocore 1.44.8 on Linux (and so strato) differs from the suite.
DIVERGENCES: dict[int, str] = {
    i: _WINDOWS for i, case in enumerate(_CASES) if case["platform"] == "windows"
}


def _no_files() -> Any:
    raise AssertionError("locating the files must not read them")


def _strato_locations() -> tuple[str, str, str]:
    """Profile and expanded file paths as strato's settings resolve them."""
    settings = SettingsStore({}, os.environ, _no_files)
    return (
        settings.get("profile") or "default",
        expand_path(settings.get("config_file")),
        expand_path(settings.get("credentials_file")),
    )


def _botocore_locations() -> tuple[str, str, str]:
    session = botocore.session.Session()
    paths = [session.get_config_variable(n) for n in ("config_file", "credentials_file")]
    expanded = [os.path.expanduser(os.path.expandvars(p)) for p in paths]
    return (session.get_config_variable("profile") or "default", expanded[0], expanded[1])


def _suite_agrees(case: dict[str, Any], found: tuple[str, str, str]) -> bool:
    expected = (case.get("profile", found[0]), case["configLocation"], case["credentialsLocation"])
    return found == expected


@pytest.mark.parametrize(
    "index", range(len(_CASES)), ids=[f"{i}-{c['platform']}" for i, c in enumerate(_CASES)]
)
def test_location_case(index: int) -> None:
    case = _CASES[index]
    with mock.patch.dict(os.environ, case["environment"], clear=True):
        found = _strato_locations()
        assert found == _botocore_locations()
    agrees = _suite_agrees(case, found)
    if index in DIVERGENCES:
        assert not agrees, f"case {index} is listed in DIVERGENCES but agrees"
    else:
        assert agrees, f"case {index} disagrees with the suite: record it in DIVERGENCES"


def test_divergences_are_documented() -> None:
    doc = (ROOT / "docs" / "divergences.md").read_text(encoding="utf-8")
    rows = {
        int(cells[2])
        for line in doc.splitlines()
        if (cells := [c.strip() for c in line.split("|")])[1:2] == ["file-location-tests"]
    }
    assert rows == set(DIVERGENCES)
