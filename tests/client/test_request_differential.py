"""Differential: the final request of strato's client equals botocore 1.44.8's, byte for byte.

For each service, hypothesis draws an operation, a client configuration (credentials with
and without a session token, UNSIGNED, regions of several partitions, FIPS, dual-stack,
custom endpoint URLs over http and https; for S3 also ``signature_version`` ``s3`` and
``s3v4`` and every addressing style) and parameters from the operation's input shape. Both
clients make the call at a frozen clock against canned 200 responses; method, URL, body, every
header but those in ``EXCLUDED_HEADERS`` (see ``_compare.py``) and the results must agree.

Operations left out, with the reason:

| operation | reason |
|---|---|
| lambda InvokeWithResponseStream | event-stream output: strato does not parse event streams |
| s3 SelectObjectContent | the same |
"""

from __future__ import annotations

import functools
from typing import Any

import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato

from ._compare import assert_same_outcome, assert_same_requests
from ._harness import Canned, call_botocore, call_strato
from .strategies import operation_params

CREDS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
TOKEN = {**CREDS, "aws_session_token": "FQoGZXIvYXdzEJr//////////wEaDOLn+/="}
EXCLUDED_OPERATIONS = {"InvokeWithResponseStream", "SelectObjectContent"}

#: name -> (client kwargs, Config options or None)
COMMON_VARIANTS: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {
    "us-west-2": ({"region_name": "us-west-2", **CREDS}, None),
    "token": ({"region_name": "eu-central-1", **TOKEN}, None),
    "fips": ({"region_name": "us-east-1", **CREDS}, {"use_fips_endpoint": True}),
    "dualstack": ({"region_name": "ap-southeast-2", **CREDS}, {"use_dualstack_endpoint": True}),
    "china": ({"region_name": "cn-north-1", **CREDS}, None),
    "govcloud": ({"region_name": "us-gov-west-1", **TOKEN}, None),
    "https-endpoint": (
        {"region_name": "us-east-1", "endpoint_url": "https://localhost:8443/base/", **CREDS},
        None,
    ),
    "http-endpoint": (
        {"region_name": "eu-west-1", "endpoint_url": "http://127.0.0.1:9000", **CREDS},
        None,
    ),
    "unsigned": ({"region_name": "us-west-1"}, {"signature_version": strato.UNSIGNED}),
}
S3_VARIANTS: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {
    "no-region": (CREDS, None),
    "sigv2": ({"region_name": "us-west-2", **TOKEN}, {"signature_version": "s3"}),
    "s3v4": ({"region_name": "eu-west-1", **CREDS}, {"signature_version": "s3v4"}),
    "path": ({"region_name": "us-east-1", **CREDS}, {"s3": {"addressing_style": "path"}}),
    "virtual": ({"region_name": "us-east-2", **TOKEN}, {"s3": {"addressing_style": "virtual"}}),
    "auto": ({"region_name": "sa-east-1", **CREDS}, {"s3": {"addressing_style": "auto"}}),
    "virtual-endpoint": (
        {"region_name": "us-east-1", "endpoint_url": "http://127.0.0.1:9000", **CREDS},
        {"s3": {"addressing_style": "virtual"}},
    ),
    "sigv2-path-http": (
        {"region_name": "us-east-1", "endpoint_url": "http://localhost:9000", **CREDS},
        {"signature_version": "s3", "s3": {"addressing_style": "path"}},
    ),
}
GLOBAL_VARIANTS: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {
    "no-region": (CREDS, None),
}
SERVICES: dict[str, int] = {
    "sts": 150,
    "s3": 300,
    "dynamodb": 150,
    "sqs": 150,
    "secretsmanager": 150,
    "lambda": 150,
    "iam": 150,
    "ec2": 150,
}


@functools.cache
def _operations(service: str) -> tuple[Any, list[str]]:
    model = botocore.session.Session().get_service_model(service)
    names = [n for n in model.operation_names if n not in EXCLUDED_OPERATIONS]
    return model, names


def _variants(service: str) -> dict[str, tuple[dict[str, Any], dict[str, Any] | None]]:
    if service == "s3":
        return {**COMMON_VARIANTS, **S3_VARIANTS}
    if service in ("iam", "sts"):
        return {**COMMON_VARIANTS, **GLOBAL_VARIANTS}
    return COMMON_VARIANTS


@pytest.mark.parametrize("service", list(SERVICES))
def test_same_request(service: str, client_pair: Any) -> None:
    model, names = _operations(service)
    variants = _variants(service)

    @settings(
        max_examples=SERVICES[service],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(names), label="operation")
        variant = data.draw(st.sampled_from(sorted(variants)), label="variant")
        params = data.draw(operation_params(model.operation_model(name)), label="params")
        kwargs, options = variants[variant]
        boto, mine = client_pair((service, variant), service, options, **kwargs)
        method = mine.meta.method_to_api_mapping and _method_name(mine, name)
        boto_requests, boto_result = call_botocore(boto, method, _copy(params), Canned())
        strato_requests, strato_result = call_strato(mine, method, _copy(params), Canned())
        assert_same_requests(boto_requests, strato_requests)
        assert_same_outcome(boto_result, strato_result)

    check()


def _method_name(client: Any, operation: str) -> str:
    return next(k for k, v in client.meta.method_to_api_mapping.items() if v == operation)


def _copy(params: dict[str, Any]) -> dict[str, Any]:
    import copy

    return copy.deepcopy(params)
