"""Differential tests over INI texts written by others: fuzz corpora, parser suites and
botocore's own fixtures, each read as the config file and as the credentials file.

Only the inputs are used (their expectations belong to other SDKs): strato must read
every one of them exactly as botocore 1.44.8 does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ._paths import CONFORMANCE
from .outcome import differences, observe, report
from .scenario import Scenario, materialize, new_root


def _files() -> list[tuple[str, bytes]]:
    cases = []
    for suite, pattern in (
        ("aws-c-auth-profile-fuzz-corpus", "parse_*_profile/*"),
        ("botocore-config-fixtures", "cfg/**/*"),
        ("aws-sdk-go-v1-ini", "*/*"),
    ):
        for path in sorted((CONFORMANCE / suite).glob(pattern)):
            if path.is_file() and not path.name.endswith("_expected"):
                cases.append((str(path.relative_to(CONFORMANCE)), path.read_bytes()))
    suite = json.loads(
        (CONFORMANCE / "smithy-rs-profile-file/profile-parser-tests.json").read_text()
    )
    for index, test in enumerate(suite["tests"]):
        for key, text in test["input"].items():
            cases.append((f"smithy-rs profile-parser #{index} {key}", text.encode()))
    return cases


CASES = _files()


def test_corpus_is_present() -> None:
    assert len(CASES) >= 180


@pytest.mark.parametrize(("name", "data"), CASES, ids=[name for name, _ in CASES])
@pytest.mark.parametrize("role", ["config", "credentials"])
def test_file_reads_like_botocore(name: str, data: bytes, role: str, base_dir: Path) -> None:
    scenario = Scenario(**{role: data})  # type: ignore[arg-type]
    env = materialize(scenario, new_root(base_dir))
    problems = differences(observe("botocore", {}, env), observe("strato", {}, env))
    assert not problems, report(name, problems)
