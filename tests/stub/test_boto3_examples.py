"""examples_boto3.py, a stubbed test suite written for boto3, run as written and again with
only its import lines naming strato: every test ends the same way."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest

from ._both import error_view

SOURCE = Path(__file__).with_name("examples_boto3.py")
#: boto3's import lines and strato's, the only change the suite gets.
STRATO_IMPORTS = {
    "import boto3\n": "import strato as boto3\n",
    "from botocore.exceptions import ": "from strato.exceptions import ",
    "from botocore.stub import ": "from strato.stub import ",
}


def _module(library: str) -> types.ModuleType:
    text = SOURCE.read_text()
    if library == "strato":
        for theirs, ours in STRATO_IMPORTS.items():
            assert text.count(theirs) == 1
            text = text.replace(theirs, ours)
    module = types.ModuleType(f"examples_{library}")
    exec(compile(text, str(SOURCE), "exec"), module.__dict__)
    return module


def _outcome(test: Any) -> Any:
    try:
        test()
    except Exception as error:
        return error_view(error)
    return "passed"


def _tests() -> list[str]:
    return sorted(name for name in vars(_module("boto3")) if name.startswith("test_"))


@pytest.mark.parametrize("name", _tests())
def test_the_suite_ends_as_with_boto3(name: str) -> None:
    theirs = _outcome(getattr(_module("boto3"), name))
    ours = _outcome(getattr(_module("strato"), name))
    assert ours == theirs
    # The suite's one failing test fails as it should, with botocore's AssertionError.
    assert (theirs == "passed") is (name != "test_forgotten_call_is_reported")


def test_the_strato_run_uses_no_boto3() -> None:
    module = _module("strato")
    assert module.boto3.__name__ == "strato"
    assert module.Stubber.__module__ == "strato.stub"
    assert module.ClientError.__module__ == "strato.exceptions"
