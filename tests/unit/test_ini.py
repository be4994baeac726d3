"""The INI dialect: provenance of every value, and errors that point at the line."""

from __future__ import annotations

import pytest

from strato.config import ini
from strato.exceptions import ConfigParseError


def test_values_remember_file_line_and_section() -> None:
    text = "[DEFAULT]\nregion = us-east-1\n[profile dev]\noutput : json\ns3 =\n  a = b\n\n  c = d\n"
    sections = ini.parse(text, "/abs/config", "~/.aws/config")
    dev = sections["profile dev"]
    assert dev.values == {"output": "json", "s3": {"a": "b", "c": "d"}, "region": "us-east-1"}
    assert str(dev.origins["output"]) == "~/.aws/config:4 [profile dev]"
    assert str(dev.origins["region"]) == "~/.aws/config:2 [DEFAULT]"
    assert str(dev.origins[("s3", "c")]) == "~/.aws/config:8 [profile dev]"
    assert dev.line == 3


def test_continuation_lines_join_with_newlines_and_comments_drop() -> None:
    sections = ini.parse("[a]\nx = one\n  two\n  # gone\n  three\ny = v # kept\n", "f")
    assert sections["a"].values == {"x": "one\ntwo\nthree", "y": "v # kept"}


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("region = x\n", 1, "before the first [section]"),
        ("[a]\n[b]\n[a]\n", 3, "duplicate section [a]"),
        ("[a]\nregion = x\nREGION = y\n", 3, "duplicate key 'region'"),
        ("[a]\nok = 1\nnot a pair\n", 3, "no '=' or ':'"),
        ("[a]\n= value\n", 2, "no key"),
        ("[a]\ns3 =\n  fine = 1\n  broken\n", 4, "has no '='"),
    ],
)
def test_errors_name_the_line_and_reason(text: str, line: int, reason: str) -> None:
    with pytest.raises(ConfigParseError) as err:
        ini.parse(text, "/tmp/cfg")
    message = str(err.value)
    assert message.startswith(f"Unable to parse config file: /tmp/cfg:{line}: ")
    assert reason in message
    assert err.value.kwargs["line"] == line


def test_section_name_runs_to_the_last_bracket_and_is_not_trimmed() -> None:
    sections = ini.parse("[a]b] x\nk = v\n[ default ]\nk = w\n", "f")
    assert list(sections) == ["a]b", " default "]
