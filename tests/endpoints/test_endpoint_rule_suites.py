"""Conformance: the rules-engine vectors and every service's endpoint-tests-1.json.

Each case is checked three ways: strato equals botocore 1.44.8 (always), and strato equals the
vector's expectation unless the case is listed in DIVERGENCES, where botocore 1.44.8 wins
(the test then also proves botocore really disagrees with the vector).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore.loaders  # type: ignore[import-untyped]
import pytest

from strato.loader import Loader, create_loader

from . import _outcome
from ._paths import ENGINE_SUITE, SERVICE_SUITE

_DDB_ACCOUNT_ENDPOINTS = (
    "botocore 1.44.8's dynamodb rule set serves account-ID endpoints in aws-cn and "
    "aws-us-gov; the vectors (botocore 1.43.67) expect 'not supported in this partition' "
    "or the regional endpoint"
)
# (suite, case index) -> why botocore 1.44.8 disagrees with the vector.
DIVERGENCES: dict[tuple[str, int], str] = {
    ("dynamodb", index): _DDB_ACCOUNT_ENDPOINTS
    for index in (
        *(245, 246, 247, 248, 249, 250, 251, 252, 253, 256, 257, 258, 259, 260),
        *(263, 264, 265, 266, 293, 294, 295, 296, 297, 298, 299, 300, 301),
        *(341, 342, 343, 344, 345, 346, 347, 348, 349),
        *(477, 478, 479, 482, 483, 484, 485, 486, 487, 503, 504, 505, 529, 530, 531),
    )
}
SERVICES = sorted(p.name for p in SERVICE_SUITE.iterdir() if p.is_dir())
SHIPPED_DATA = Path(__file__).resolve().parents[2] / "src" / "strato" / "data"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:50]


def _cases(path: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(path.read_text())["testCases"]
    return cases


def _engine_params() -> Iterator[Any]:
    for path in sorted((ENGINE_SUITE / "test-cases").glob("*.json")):
        for index, case in enumerate(_cases(path)):
            yield pytest.param(
                path.stem, index, case, id=f"{path.stem}-{index}-{_slug(case['documentation'])}"
            )


def _service_params() -> Iterator[Any]:
    for service in SERVICES:
        for index, case in enumerate(_cases(SERVICE_SUITE / service / "endpoint-tests-1.json")):
            doc = _slug(case.get("documentation", ""))
            yield pytest.param(service, index, case, id=f"{service}-{index:03d}-{doc}")


@pytest.fixture(scope="module")
def strato_loader() -> Loader:
    return create_loader(None)


@pytest.fixture(scope="module")
def botocore_loader() -> botocore.loaders.Loader:
    return botocore.loaders.Loader()


def _check(
    suite: str,
    index: int,
    case: dict[str, Any],
    rules: tuple[Any, Any],
    partitions: tuple[Any, Any],
) -> None:
    params = case.get("params", {})
    ours = _outcome.strato(rules[0], partitions[0], dict(params))
    reference = _outcome.botocore(rules[1], partitions[1], dict(params))
    assert ours == reference
    if (suite, index) in DIVERGENCES:
        assert reference != _outcome.expected(case), "divergence no longer holds"
    else:
        assert ours == _outcome.expected(case)


@pytest.mark.parametrize(("suite", "index", "case"), list(_engine_params()))
def test_rules_engine_vectors(
    suite: str,
    index: int,
    case: dict[str, Any],
    strato_loader: Loader,
    botocore_loader: botocore.loaders.Loader,
) -> None:
    ruleset = json.loads((ENGINE_SUITE / "valid-rules" / f"{suite}.json").read_text())
    partitions = (strato_loader.load_data("partitions"), botocore_loader.load_data("partitions"))
    _check(suite, index, case, (ruleset, ruleset), partitions)


@pytest.mark.parametrize(("service", "index", "case"), list(_service_params()))
def test_service_endpoint_vectors(
    service: str,
    index: int,
    case: dict[str, Any],
    strato_loader: Loader,
    botocore_loader: botocore.loaders.Loader,
) -> None:
    rules = (
        strato_loader.load_service_model(service, "endpoint-rule-set-1"),
        botocore_loader.load_service_model(service, "endpoint-rule-set-1"),
    )
    partitions = (strato_loader.load_data("partitions"), botocore_loader.load_data("partitions"))
    _check(service, index, case, rules, partitions)


def test_every_service_suite_ran_and_fallback_services_come_from_botocore() -> None:
    assert len(SERVICES) == 11
    shipped = {p.name for p in SHIPPED_DATA.iterdir() if p.is_dir()}
    assert set(SERVICES) - shipped == {"ec2", "s3control"}
    assert all((SERVICE_SUITE / s / "endpoint-tests-1.json").is_file() for s in SERVICES)


def test_divergences_are_real_cases() -> None:
    for service, index in DIVERGENCES:
        assert index < len(_cases(SERVICE_SUITE / service / "endpoint-tests-1.json"))
