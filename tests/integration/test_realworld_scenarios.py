"""AWS's own Python examples (tests/realworld/vendor) against moto: boto3, then strato.

Each scenario runs twice on an emptied moto, once with boto3 1.44.8 and once with strato
behind the shim (the example's ``import boto3`` is strato, and no module of the real
libraries is loaded: checked in the child). What a person sees must be the same: exit
status, output, the example's log records, the error it ends with; and moto must hold the
same records after both. Where strato still differs, the entry in ``scenarios.KNOWN``
says how, and the test is a strict expected failure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from realworld import _harness as harness
from realworld.scenarios import KNOWN, SCENARIOS, Scenario

from ._servers import Server

if not harness.EXAMPLES.is_dir():
    pytest.skip(harness.NO_EXAMPLES, allow_module_level=True)


def _param(scenario: Scenario) -> Any:
    marks = []
    if scenario.id in KNOWN:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[scenario.id]))
    if scenario.slow:
        marks.append(pytest.mark.slow)
    return pytest.param(scenario, id=scenario.id, marks=marks)


def _run_once(
    library: str, scenario: Scenario, moto: Server, home: Path
) -> tuple[harness.Outcome, dict[str, list[str]]]:
    harness.reset_moto(moto.url, scenario.region, scenario.setup)
    outcome = harness.run(
        library,
        ["script", str(harness.EXAMPLES / scenario.directory / scenario.script), *scenario.args],
        cwd=harness.EXAMPLES / scenario.directory,
        home=home,
        endpoint_url=moto.url,
        region=scenario.region,
        stdin=scenario.stdin.replace("{home}", str(home)),
        extra=scenario.extra,
    )
    harness.assert_library(outcome, library)
    return outcome, harness.moto_state(moto.url, scenario.region)


@pytest.mark.parametrize("scenario", [_param(s) for s in SCENARIOS])
def test_scenario_as_with_boto3(scenario: Scenario, moto: Server, tmp_path: Path) -> None:
    theirs, their_state = _run_once("boto3", scenario, moto, tmp_path / "boto3")
    ours, our_state = _run_once("strato", scenario, moto, tmp_path / "strato")
    assert ours.shown() == theirs.shown(), harness.first_difference(theirs, ours)
    assert our_state == their_state
