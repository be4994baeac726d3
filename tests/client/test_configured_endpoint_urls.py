"""Conformance: botocore's configured-endpoint-URL suite (profile-tests.json, 39 cases)
through strato clients: ``meta.endpoint_url`` and the first request's URL are the expected
endpoint (spec 5.3: argument > AWS_ENDPOINT_URL_<SERVICE> > AWS_ENDPOINT_URL > services
section > profile endpoint_url, with ``ignore_configured_endpoint_urls``)."""

from __future__ import annotations

import json
import os
from typing import Any
from unittest import mock

import pytest

import strato
from conformance._isolation import Home

from ._harness import Canned, call_strato
from ._paths import CONFIGURED_ENDPOINT_URLS

SUITE: dict[str, Any] = json.loads(CONFIGURED_ENDPOINT_URLS.read_text())["testSuites"][0]
CASES: list[dict[str, Any]] = SUITE["endpointUrlTests"]
OPERATIONS = {"s3": "list_buckets", "dynamodb": "list_tables"}


def _config_text() -> str:
    lines: list[str] = []
    for name, values in SUITE["profiles"].items():
        lines.append("[default]" if name == "default" else f"[profile {name}]")
        lines += [f"{k} = {v}" for k, v in values.items()]
    for name, services in SUITE["services"].items():
        lines.append(f"[services {name}]")
        for service, values in services.items():
            lines.append(f"{service} =")
            lines += [f"  {k} = {v}" for k, v in values.items()]
    return "\n".join(lines) + "\n"


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['service']}-{case['profile']}-{case['client_config']}-{case['environment']}"


def test_suite_size() -> None:
    assert len(CASES) == 39


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_configured_endpoint_url(case: dict[str, Any], home: Home) -> None:
    home.write_config(_config_text())
    client_config = dict(SUITE["client_configs"][case["client_config"]])
    endpoint_url = client_config.pop("endpoint_url", None)
    with mock.patch.dict(os.environ, SUITE["environments"][case["environment"]]):
        session = strato.Session(profile_name=case["profile"])
        client = session.client(
            case["service"], endpoint_url=endpoint_url, config=strato.Config(**client_config)
        )
        requests, _ = call_strato(client, OPERATIONS[case["service"]], {}, Canned())
    expected = case["output"]["endpointUrl"]
    assert client.meta.endpoint_url == expected
    assert requests[0].url.rstrip("/") == expected
