"""Conformance: the ``operationInputs`` cases of botocore's endpoint rule tests for the shipped
services (s3, sts, dynamodb), made through real clients: built-ins become client arguments,
Config options, s3 settings or the environment; the operation is called with a canned
transport and the request URL must lie under the expected endpoint (or the call must fail with
the expected error). botocore makes the same call, and strato must agree with it.

strato is held to botocore's client. Where botocore's client itself does not reach the
suite's expectation (109 of the 500 cases), strato does as botocore; the categories:

| expectation in the suite | botocore's client | cases |
|---|---|---|
| FIPS/dual-stack + custom endpoint is an error | ignores FIPS/dual-stack then | 50 |
| account-id endpoints outside aws | other error or URL | ~20 |
| bad bucket names reach the rules | ParamValidationError first | 5 |
| URL without host prefix / bucket | client adds RequestRoute / path | ~12 |
| us-east-1 regional S3 endpoints | global endpoint (legacy default) | 4 |
| an MRAP (sigv4a) URL | MissingDependencyException without awscrt | 1 |

Every case, S3 Express session auth and ``operationContextParams`` included, must equal
botocore's outcome.
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import botocore.session
import pytest

import strato

from ._harness import Canned, call_botocore, call_strato
from ._paths import ENDPOINT_RULES
from .conftest import make_configs

SERVICES = ("s3", "sts", "dynamodb")
KEYS = {"aws_access_key_id": "AKID", "aws_secret_access_key": "SECRET"}
BOTOCORE_DISAGREEMENTS = 109


def _cases() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    found = []
    for service in SERVICES:
        suite = json.loads((ENDPOINT_RULES / service / "endpoint-tests-1.json").read_text())
        for number, case in enumerate(suite["testCases"]):
            for index, inputs in enumerate(case.get("operationInputs", ())):
                found.append(
                    (f"{service}-{number}-{index}", case["expect"], {"service": service, **inputs})
                )
    return found


CASES = _cases()


def _client_args(inputs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """(client kwargs, Config options, environment) for a case's built-ins and client params."""
    kwargs: dict[str, Any] = dict(KEYS)
    options: dict[str, Any] = {}
    s3: dict[str, Any] = {}
    env: dict[str, str] = {}
    for name, value in inputs.get("builtInParams", {}).items():
        if name == "AWS::Region":
            kwargs["region_name"] = value
        elif name == "SDK::Endpoint":
            kwargs["endpoint_url"] = value
        elif name == "AWS::UseFIPS":
            options["use_fips_endpoint"] = value
        elif name == "AWS::UseDualStack":
            options["use_dualstack_endpoint"] = value
        elif name == "AWS::S3::ForcePathStyle":
            s3["addressing_style"] = "path" if value else "virtual"
        elif name == "AWS::S3::Accelerate":
            s3["use_accelerate_endpoint"] = value
        elif name == "AWS::S3::UseArnRegion":
            s3["use_arn_region"] = value
        elif name == "AWS::S3::UseGlobalEndpoint":
            s3["us_east_1_regional_endpoint"] = "legacy" if value else "regional"
        elif name == "AWS::S3::DisableMultiRegionAccessPoints":
            s3["s3_disable_multiregion_access_points"] = value
        elif name == "AWS::STS::UseGlobalEndpoint":
            env["AWS_STS_REGIONAL_ENDPOINTS"] = "legacy" if value else "regional"
        elif name == "AWS::Auth::AccountIdEndpointMode":
            options["account_id_endpoint_mode"] = value
        elif name == "AWS::Auth::AccountId":
            kwargs["aws_account_id"] = value
        else:
            raise AssertionError(f"unmapped built-in {name}")
    if inputs.get("clientParams"):
        options["client_context_params"] = dict(inputs["clientParams"])
    if s3:
        options["s3"] = s3
    return kwargs, options, env


def _outcome(make: Any, call: Any, inputs: dict[str, Any]) -> Any:
    kwargs, options, env = _client_args(inputs)
    with mock.patch.dict(os.environ, env):
        try:
            client = make(inputs["service"], options, kwargs)
        except Exception as e:
            return ("error", type(e).__name__, str(e))
        method = next(
            k for k, v in client.meta.method_to_api_mapping.items() if v == inputs["operationName"]
        )
        requests, result = call(client, method, dict(inputs.get("operationParams", {})), Canned())
    if not requests:
        return ("error", type(result).__name__, str(result))
    parts = urlsplit(requests[0].url)
    return ("url", f"{parts.scheme}://{parts.netloc}", parts.path)


@functools.cache
def _sessions() -> tuple[Any, Any]:
    """One session of each library (both read the environment when a client is made)."""
    return botocore.session.Session(), strato.Session()


def _make_boto(service: str, options: dict[str, Any], kwargs: dict[str, Any]) -> Any:
    config, _ = make_configs(options)
    return _sessions()[0].create_client(service, config=config, **kwargs)


def _make_strato(service: str, options: dict[str, Any], kwargs: dict[str, Any]) -> Any:
    _, config = make_configs(options)
    return _sessions()[1].client(service, config=config, **kwargs)


@functools.cache
def _botocore_outcome(index: int) -> Any:
    return _outcome(_make_boto, call_botocore, CASES[index][2])


def _meets(outcome: Any, expect: dict[str, Any]) -> bool:
    if "error" in expect:
        return outcome[0] == "error" and expect["error"] in outcome[2]
    expected = urlsplit(expect["endpoint"]["url"])
    if outcome[0] != "url" or outcome[1] != f"{expected.scheme}://{expected.netloc}":
        return False
    return bool(outcome[2].startswith(expected.path.rstrip("/")))


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[0] for c in CASES])
def test_operation_input(index: int) -> None:
    _, expect, inputs = CASES[index]
    expected = _botocore_outcome(index)
    actual = _outcome(_make_strato, call_strato, inputs)
    assert actual == expected
    if _meets(expected, expect):
        assert _meets(actual, expect)


def test_botocore_disagreement_count() -> None:
    """The divergence table above stays true: botocore misses the suite this often."""
    missed = [c for i, c in enumerate(CASES) if not _meets(_botocore_outcome(i), c[1])]
    assert len(CASES) == 500
    assert len(missed) == BOTOCORE_DISAGREEMENTS
