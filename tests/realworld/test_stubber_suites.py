"""The examples' own pytest suites (botocore.stub.Stubber and the test_tools stubbers), run
under pytest in a child process with boto3 and then with strato behind the shim.

No server: every call is stubbed (a call that is not would fail on the loopback-only name
guard of the child). Each test must end as it does with boto3 (passed, failed, error),
including the tests that fail with boto3 1.44.8 too. The suites marked in ``KNOWN_SUITES``
still differ with strato: strict expected failures, with the first difference as reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from . import _harness as harness
from .scenarios import KNOWN_SUITES, SUITES

if not harness.EXAMPLES.is_dir():
    pytest.skip(harness.NO_EXAMPLES, allow_module_level=True)


def _param(directory: str) -> Any:
    marks = []
    if directory in KNOWN_SUITES:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_SUITES[directory]))
    return pytest.param(directory, id=directory.replace("/", "."), marks=marks)


@pytest.mark.parametrize("directory", [_param(d) for d in SUITES])
def test_suite_as_with_boto3(directory: str, tmp_path: Path) -> None:
    theirs, their_results = harness.run_pytest("boto3", directory, tmp_path / "boto3")
    harness.assert_library(theirs, "boto3")
    assert their_results, f"boto3's run collected nothing:\n{theirs.raw_stderr[-2000:]}"
    ours, our_results = harness.run_pytest("strato", directory, tmp_path / "strato")
    harness.assert_library(ours, "strato")
    assert our_results == their_results, harness.suite_difference(their_results, our_results)
