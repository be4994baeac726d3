"""Hypothesis strategies for config and credentials files, and the AWS CLI v1's writer.

The files hold what people write: sections in any order, comments (some of them
commented-out settings), blank lines, values with ``=`` and ``:``, and ``s3 =``
blocks. They stay clear of the inputs on which the AWS CLI is known to be wrong
(each of those has its own test): a top-level key named like a nested one, capitals
in keys, a nested block that starts with a blank line or is empty, values over
several lines, and a last line without its newline.
"""

from __future__ import annotations

import copy
import os
import tempfile
from typing import Any

from hypothesis import strategies as st

PROFILES = ("default", "dev", "my profile", "ops")
TOP_KEYS = ("region", "output", "role_arn", "source_profile", "cli_pager", "mfa_serial")
NESTED_KEY = "s3"
SUB_KEYS = ("addressing_style", "max_concurrent_requests", "use_accelerate_endpoint")
VALUES = st.sampled_from(
    ["us-east-1", "eu-west-3", "json", "", "arn:aws:iam::123456789012:role/r", "a=b", "two words"]
)
COMMENTS = st.sampled_from(
    ["# a note", "; semicolon note", "# region = us-west-1", "#output=text", "# [not a section]"]
)


def config_header(profile: str) -> str:
    """The header the AWS CLI writes for a profile in the config file."""
    if profile == "default":
        return "default"
    return f"profile '{profile}'" if " " in profile else f"profile {profile}"


@st.composite
def section_body(draw: st.DrawFn, keys: tuple[str, ...] = TOP_KEYS) -> list[str]:
    """Lines of one section: distinct keys, maybe an ``s3`` block, comments and blanks."""
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=4))
    items: list[list[str]] = [[f"{k} = {draw(VALUES)}"] for k in chosen]
    if keys is TOP_KEYS and draw(st.booleans()):
        subs = draw(st.lists(st.sampled_from(SUB_KEYS), unique=True, min_size=1, max_size=3))
        block = [f"{NESTED_KEY} ="] + [f"    {s} = {draw(VALUES)}" for s in subs]
        items.insert(draw(st.integers(0, len(items))), block)
    for _ in range(draw(st.integers(0, 3))):
        extra = [draw(COMMENTS)] if draw(st.booleans()) else [""]
        items.insert(draw(st.integers(0, len(items))), extra)
    return [line for item in items for line in item]


@st.composite
def config_file(draw: st.DrawFn) -> str:
    """A config file of some of the profiles and maybe a [preview] section."""
    names = draw(st.lists(st.sampled_from(PROFILES), unique=True, max_size=3))
    headers = [config_header(n) for n in names]
    if draw(st.booleans()):
        headers.insert(draw(st.integers(0, len(headers))), "preview")
    lines: list[str] = [draw(COMMENTS)] if draw(st.booleans()) else []
    for header in headers:
        lines.append(f"[{header}]")
        lines += draw(section_body())
    return "".join(line + "\n" for line in lines)


@st.composite
def credentials_file(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.sampled_from(PROFILES), unique=True, max_size=3))
    lines: list[str] = []
    for name in names:
        lines.append(f"[{name}]")
        lines += draw(section_body(keys=("aws_access_key_id", "aws_secret_access_key", "region")))
    return "".join(line + "\n" for line in lines)


def aws_cli_update(text: str | None, section: str, values: dict[str, Any]) -> str:
    """What the AWS CLI v1's own writer makes of ``text`` (None: no file yet)."""
    from awscli.customizations.configure.writer import (  # type: ignore[import-untyped]
        ConfigFileWriter,
    )

    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "config")
    try:
        if text is not None:
            with open(path, "w") as fh:
                fh.write(text)
        update = {"__section__": section, **copy.deepcopy(values)}
        ConfigFileWriter().update_config(update, path)
        with open(path) as fh:
            return fh.read()
    finally:
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        os.rmdir(folder)
