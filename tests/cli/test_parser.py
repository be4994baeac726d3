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

from strato.cli import _fast, _parser

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
    parser = _parser.build_parser(argv if lazy else None)
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
    assert "sso" not in _parser._modules_for(argv)
    assert _parser._modules_for(["--help"]) == _parser.COMMAND_MODULES


@pytest.mark.parametrize("columns", [None, "0", "50", "x", "132"])
def test_help_width_is_shutils(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _parser._columns() == shutil.get_terminal_size().columns


_FAST_WORDS = st.sampled_from(
    [
        "configure",
        "get",
        "list",
        "whoami",
        "region",
        "s3.addressing_style",
        "--profile",
        "dev",
        "--json",
        "--all",
        "--verbose",
        "--sso-session",
        "--services",
        "--js",
        "-x",
        "--",
        "",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_FAST_WORDS, max_size=6))
def test_what_the_fast_path_accepts_argparse_parses_the_same(argv: list[str]) -> None:
    fast = _fast.parse(argv)
    if fast is None:
        return
    assert _parse(argv, lazy=False) == ("parsed", vars(fast))


@pytest.mark.parametrize(
    "argv",
    [
        ["configure", "get", "region"],
        ["--profile", "dev", "configure", "get", "region"],
        ["configure", "get", "s3.addressing_style", "--profile", "dev", "--services", "local"],
        ["configure", "list", "--all", "--json"],
        ["whoami", "--json", "--profile", "dev"],
    ],
)
def test_the_common_commands_take_the_fast_path(argv: list[str]) -> None:
    fast = _fast.parse(argv)
    assert fast is not None
    assert _parse(argv, lazy=False) == ("parsed", vars(fast))


def test_configure_get_loads_no_argparse(home) -> None:  # type: ignore[no-untyped-def]
    home.write(config="[default]\nregion = eu-west-3\n")
    code = (
        "import sys; from strato.cli import main; code = main(['configure', 'get', 'region']); "
        "print(sorted(m for m in ('argparse', 're', 'gettext') if m in sys.modules))"
    )
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code], env=home.env, capture_output=True, text=True, check=True
    )
    assert out.stdout == "eu-west-3\n[]\n"
