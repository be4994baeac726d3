"""smithy-rs's cross-SDK profile-file parser suite, settled by botocore 1.44.8.

Every case is run through botocore and through strato with the same files, and strato
must equal botocore. The suite's own expectation is asserted only where botocore agrees
with it; the cases where it does not are listed in ``DIVERGENCES`` (and in
``docs/divergences.md``), and a listed case that starts agreeing fails, so the table
stays true.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ._isolation import Home
from ._outcomes import Outcome, assert_same, botocore_outcome, strato_outcome
from ._paths import PROFILE_FILE_SUITE, ROOT

_CASES: list[dict[str, Any]] = json.loads(
    (PROFILE_FILE_SUITE / "profile-parser-tests.json").read_text(encoding="utf-8")
)["tests"]

_INLINE_COMMENT = "configparser has no inline comments: ' # ...' / ' ; ...' stay in the value"
_DUPLICATE_SECTION = "a repeated section header is a ConfigParseError (configparser strict)"
_NESTED_DICT = "a 'key =' block with indented lines becomes a dict, not the raw string"

#: Case index -> why botocore 1.44.8 (and so strato) differs from the suite.
DIVERGENCES: dict[int, str] = {
    2: "any character is allowed in a profile name: [profile foo!bar] is kept",
    16: "':' is a key/value delimiter: 'key : value' is read as key=value",
    20: _INLINE_COMMENT,
    21: _INLINE_COMMENT,
    22: _INLINE_COMMENT,
    23: _INLINE_COMMENT,
    34: _DUPLICATE_SECTION,
    35: "a repeated key in one section is a ConfigParseError (configparser strict)",
    36: _DUPLICATE_SECTION,
    37: _DUPLICATE_SECTION,
    38: "[default] and [profile default] both write 'default': the later section wins whole",
    40: "credentials-file section names are used verbatim: [in valid 2] is a profile",
    41: "any key text is a property name: 'in valid' is kept",
    44: _NESTED_DICT,
    46: _NESTED_DICT,
    47: "an empty sub-property name is accepted as the key ''",
    48: _NESTED_DICT,
    49: _NESTED_DICT,
    51: _DUPLICATE_SECTION,
    52: _DUPLICATE_SECTION,
    55: "credentials-file [profile foo] is a profile literally named 'profile foo'",
    59: "section names are not trimmed: '   profile foo    ' does not start with 'profile'",
    60: "credentials-file names are not trimmed ('   foo    '); [profile bar] is 'profile bar'",
}


def _suite_agrees(expected: dict[str, Any], result: Outcome) -> bool:
    """Does an outcome match the suite's expectation? Error wording is the SDK's own."""
    if "errorContaining" in expected:
        return result[0] == "error"
    config = expected["config"]
    if result[0] != "ok" or result[1] != config["profiles"]:
        return False
    return "sso_sessions" not in config or result[2] == config["sso_sessions"]


def _write_inputs(home: Home, case: dict[str, Any]) -> None:
    inputs = case["input"]
    if "configFile" in inputs:
        home.write_config(inputs["configFile"])
    if "credentialsFile" in inputs:
        home.write_credentials(inputs["credentialsFile"])


@pytest.mark.parametrize(
    "index", range(len(_CASES)), ids=[f"{i:02d}-{c['name'][:50]}" for i, c in enumerate(_CASES)]
)
def test_parser_case(index: int, home: Home) -> None:
    case = _CASES[index]
    _write_inputs(home, case)
    reference = botocore_outcome()
    result = strato_outcome(home)
    assert_same(result, reference)
    agrees = _suite_agrees(case["output"], reference)
    if index in DIVERGENCES:
        assert not agrees, f"case {index} is listed in DIVERGENCES but botocore agrees with it"
    else:
        assert agrees, f"botocore disagrees with case {index}: record it in DIVERGENCES"
        assert _suite_agrees(case["output"], result)


def test_divergences_are_documented() -> None:
    """Every divergent case has a row in docs/divergences.md, and no row is stale."""
    doc = (ROOT / "docs" / "divergences.md").read_text(encoding="utf-8")
    rows = {
        int(cells[2])
        for line in doc.splitlines()
        if (cells := [c.strip() for c in line.split("|")])[1:2] == ["profile-parser-tests"]
    }
    assert rows == set(DIVERGENCES)
