"""The command line builds only the parsers a command names; whatever ``argv`` says,
the result (the parsed namespace, or the usage error and its exit status) is the one
the whole command tree gives, and the help width is ``shutil``'s terminal width."""

from __future__ import annotations

import contextlib
import io
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.cli import _common

_WORDS = st.sampled_from(
    [
        "configure",
        "get",
        "set",
        "unset",
        "list",
        "list-profiles",
        "export-credentials",
        "import",
        "sso",
        "login",
        "logout",
        "whoami",
        "doctor",
        "region",
        "us-west-2",
        "--profile",
        "--profile=dev",
        "dev",
        "--json",
        "--all",
        "--format",
        "env",
        "--sso-session",
        "--csv",
        "-h",
        "--help",
        "--bogus",
        "lst",
    ]
)


def _parse(argv: list[str], lazy: bool) -> tuple[str, object]:
    parser = _common.build_parser(argv if lazy else None)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            namespace = parser.parse_args(argv)
        except SystemExit as exit_:
            return "exit", (exit_.code, out.getvalue(), err.getvalue())
    return "parsed", vars(namespace)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, max_size=5))
def test_a_partial_tree_parses_as_the_whole_tree(argv: list[str]) -> None:
    assert _parse(argv, lazy=True) == _parse(argv, lazy=False)


@pytest.mark.parametrize("argv", [["configure", "get", "region"], ["whoami"], ["doctor"]])
def test_a_named_command_builds_only_its_modules(argv: list[str]) -> None:
    assert "sso" not in _common._modules_for(argv)
    assert _common._modules_for(["--help"]) == _common.COMMAND_MODULES


@pytest.mark.parametrize("columns", [None, "0", "50", "x", "132"])
def test_help_width_is_shutils(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _common._columns() == shutil.get_terminal_size().columns
