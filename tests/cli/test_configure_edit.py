"""strato.config.edit against the AWS CLI v1's own file writer, in process.

Generated files and edits: strato's text must equal the AWS CLI's byte for byte, and
botocore must read the value back. Each input on which the AWS CLI writes a wrong
file is asserted on its own below, with what strato writes instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.configloader import raw_config_parse  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.config.edit import set_values, unset_value
from strato.exceptions import InvalidConfigError

from ._configure_files import (
    NESTED_KEY,
    PROFILES,
    SUB_KEYS,
    TOP_KEYS,
    VALUES,
    aws_cli_update,
    config_file,
    config_header,
)


def _botocore_reads(text: str, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "read"
    path.write_text(text)
    parsed: dict[str, Any] = raw_config_parse(str(path))
    return parsed


@st.composite
def edit(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A section and what to set in it: up to two values, or one nested key."""
    section = draw(st.sampled_from([*(config_header(p) for p in PROFILES), "preview"]))
    if draw(st.booleans()):
        values: dict[str, Any] = {NESTED_KEY: {draw(st.sampled_from(SUB_KEYS)): draw(VALUES)}}
    else:
        keys = draw(st.lists(st.sampled_from(TOP_KEYS), unique=True, min_size=1, max_size=2))
        values = {k: draw(VALUES) for k in keys}
    return section, values


@settings(max_examples=300, deadline=None)
@given(text=config_file(), change=edit())
def test_set_matches_the_aws_cli_writer(
    text: str, change: tuple[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    section, values = change
    ours = set_values(text, section, values)
    assert ours == aws_cli_update(text, section, values)
    read = _botocore_reads(ours, tmp_path_factory.mktemp("read"))[section]
    for key, value in values.items():
        if isinstance(value, dict):
            assert read[key] == read[key] | value  # botocore's nested parse strips values
        else:
            assert read[key] == value.strip()


@settings(max_examples=100, deadline=None)
@given(section=st.sampled_from([config_header(p) for p in PROFILES]), value=VALUES)
def test_new_file_matches_the_aws_cli_writer(section: str, value: str) -> None:
    assert set_values("", section, {"region": value}) == aws_cli_update(
        None, section, {"region": value}
    )


@settings(max_examples=200, deadline=None)
@given(text=config_file(), change=edit(), data=st.data())
def test_unset_removes_exactly_what_set_added(
    text: str, change: tuple[str, dict[str, Any]], data: st.DataObject
) -> None:
    """Unsetting a key that was not there before a set gives back the original bytes."""
    section, values = change
    key = data.draw(st.sampled_from(sorted(values)))
    value = values[key]
    sub = next(iter(value)) if isinstance(value, dict) else None
    if unset_value(text, section, key, sub) is not None:
        return  # it was there already: removing it is not an inverse
    after = unset_value(set_values(text, section, {key: value}), section, key, sub)
    had_section = set_values(text, section, {}) == text
    assert after == (text if had_section else text + f"[{section}]\n")


def test_unset_of_the_last_nested_key_removes_the_block() -> None:
    text = "[default]\ns3 =\n    addressing_style = path\nregion = x\n"
    assert unset_value(text, "default", "s3", "addressing_style") == "[default]\nregion = x\n"
    two = "[default]\ns3 =\n    a = 1\n    b = 2\n"
    assert unset_value(two, "default", "s3", "a") == "[default]\ns3 =\n    b = 2\n"
    assert unset_value(two, "default", "s3", "c") is None
    assert unset_value(two, "default", "region") is None
    assert unset_value(two, "profile dev", "s3") is None


# -- where the AWS CLI v1 writes a wrong file ------------------------------------------


def test_no_final_newline_before_a_trailing_comment(tmp_path: Path) -> None:
    """The AWS CLI glues the new key onto the last line, commenting it out."""
    text = "[default]\nregion = x\n# note"
    assert aws_cli_update(text, "default", {"output": "json"}) == (
        "[default]\nregion = x\n# noteoutput = json\n\n"
    )
    ours = set_values(text, "default", {"output": "json"})
    assert ours == "[default]\nregion = x\n# note\noutput = json\n"
    assert _botocore_reads(ours, tmp_path)["default"]["output"] == "json"


def test_no_final_newline_after_a_nested_block() -> None:
    text = "[default]\ns3 =\n    addressing_style = path"
    values = {"s3": {"max_concurrent_requests": "4"}}
    assert aws_cli_update(text, "default", values).endswith("path    max_concurrent_requests = 4\n")
    assert set_values(text, "default", values) == (
        "[default]\ns3 =\n    addressing_style = path\n    max_concurrent_requests = 4\n"
    )


def test_a_key_written_with_capitals_is_replaced_not_duplicated(tmp_path: Path) -> None:
    """configparser lowercases keys: a second ``region`` line makes the file unreadable."""
    text = "[default]\nRegion = x\n"
    assert aws_cli_update(text, "default", {"region": "y"}) == (
        "[default]\nRegion = x\nregion = y\n"
    )
    ours = set_values(text, "default", {"region": "y"})
    assert ours == "[default]\nRegion = y\n"
    assert _botocore_reads(ours, tmp_path)["default"]["region"] == "y"


def test_a_nested_key_named_like_a_top_level_key_is_left_alone() -> None:
    text = "[default]\ns3 =\n    region = nested\n"
    assert aws_cli_update(text, "default", {"region": "top"}) == "[default]\ns3 =\nregion = top\n"
    assert set_values(text, "default", {"region": "top"}) == (
        "[default]\ns3 =\n    region = nested\nregion = top\n"
    )


def test_a_header_botocore_reads_as_the_profile_is_found() -> None:
    """``[profile 'dev']`` and ``[profile  dev]`` are profile dev to botocore."""
    for header in ("profile 'dev'", "profile  dev"):
        text = f"[{header}]\nregion = x\n"
        assert "[profile dev]" in aws_cli_update(text, "profile dev", {"region": "y"})
        assert set_values(text, "profile dev", {"region": "y"}) == f"[{header}]\nregion = y\n"


def test_crlf_line_endings_are_kept() -> None:
    text = "[default]\r\nregion = x\r\n"
    assert aws_cli_update(text, "default", {"output": "json"}) == (
        "[default]\nregion = x\noutput = json\n"
    )
    assert set_values(text, "default", {"output": "json"}) == (
        "[default]\r\nregion = x\r\noutput = json\r\n"
    )


def test_a_nested_block_starting_with_a_blank_line() -> None:
    """The AWS CLI crashes (UnboundLocalError); strato adds the key to the block."""
    text = "[default]\ns3 =\n\n    addressing_style = path\n"
    with pytest.raises(UnboundLocalError):
        aws_cli_update(text, "default", {"s3": {"max_concurrent_requests": "4"}})
    assert set_values(text, "default", {"s3": {"max_concurrent_requests": "4"}}) == (
        text + "    max_concurrent_requests = 4\n"
    )


def test_value_and_block_are_not_mixed_up() -> None:
    """The AWS CLI turns both into a value over several lines; strato refuses."""
    nested = "[default]\ns3 =\n    addressing_style = path\n"
    assert aws_cli_update(nested, "default", {"s3": "x"}) == (
        "[default]\ns3 = x\n    addressing_style = path\n"
    )
    with pytest.raises(InvalidConfigError, match="nested block"):
        set_values(nested, "default", {"s3": "x"})
    scalar = "[default]\ns3 = x\n"
    with pytest.raises(InvalidConfigError, match="is a value"):
        set_values(scalar, "default", {"s3": {"addressing_style": "path"}})


@pytest.mark.parametrize("bad", ["a\nb", "a\rb"])
def test_line_breaks_are_refused(bad: str) -> None:
    for section, values in (
        (bad, {"k": "v"}),
        ("default", {bad: "v"}),
        ("default", {"k": bad}),
        ("default", {"s3": {"k": bad}}),
    ):
        with pytest.raises(InvalidConfigError, match="newline"):
            set_values("", section, values)
