"""Every service, five regions: strato signs with botocore 1.44.8's version, name and region.

For each service in botocore's data, one operation (the one with fewest required members)
plus every operation with its own ``auth``/``authtype`` (``noAuth``, ``v4-unsigned-body``)
runs through both clients in the canned harness (no network). The signature's kind, its
credential scope and its signed header names must agree: ``AWS4-HMAC-SHA256
Credential=…/<date>/<region>/<name>/aws4_request, SignedHeaders=…``, SigV2's parameters,
HMAC-v1, or no signature at all. Members are filled with the smallest valid values.

Left out (not implemented; see docs/compatibility.md): codecatalyst and
account-access-runtime (bearer tokens).
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

import botocore.model  # type: ignore[import-untyped]
import botocore.session  # type: ignore[import-untyped]
import pytest
from botocore import xform_name

import strato

from ._harness import Canned, Captured, call_botocore, call_strato

REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "cn-north-1", "us-gov-west-1")
KEYS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
NOT_IMPLEMENTED = {"codecatalyst", "account-access-runtime"}


@functools.cache
def _session() -> Any:
    return botocore.session.Session()


def _minimal(shape: botocore.model.Shape) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return {name: _minimal(shape.members[name]) for name in shape.required_members}
    if kind == "string":
        if shape.enum:
            return shape.enum[0]
        return "x" * max(1, shape.metadata.get("min", 1))
    if kind in ("integer", "long"):
        return max(1, shape.metadata.get("min", 1))
    if kind in ("float", "double"):
        return 1.0
    if kind == "boolean":
        return True
    if kind == "list":
        return [_minimal(shape.member)] * shape.metadata.get("min", 0)
    if kind == "map":
        return {}
    if kind == "timestamp":
        return datetime.datetime(2024, 1, 1)
    if kind == "blob":
        return b"x" * max(1, shape.metadata.get("min", 1))
    return "x"


def _operations(model: botocore.model.ServiceModel) -> list[str]:
    usable = [
        name
        for name in sorted(model.operation_names)
        if not model.operation_model(name).has_event_stream_input
        and not model.operation_model(name).has_event_stream_output
    ]

    def required(name: str) -> int:
        shape = model.operation_model(name).input_shape
        return len(shape.required_members) if shape is not None else 0

    first = min(usable, key=required)
    return [first] + [
        name for name in usable if name != first and model.operation_model(name).auth_type
    ]


def _signature(requests: list[Captured], outcome: Any) -> Any:
    """What the signer chose: the algorithm, scope and signed names, or the error class."""
    if not requests:
        return type(outcome).__name__
    request = requests[0]
    authorization = request.headers.get("authorization")
    if authorization is None:
        return "v2" if b"SignatureVersion=2" in request.body else "unsigned"
    if not authorization.startswith("AWS4-HMAC-SHA256"):
        return authorization.split(" ")[0]
    credential, signed, _ = authorization.split(", ")
    return credential.split("/", 2)[2], signed, request.headers.get("x-amz-content-sha256")


@pytest.mark.slow
@pytest.mark.parametrize(
    "service", sorted(set(_session().get_available_services()) - NOT_IMPLEMENTED)
)
def test_signing_scope_matches_botocore(service: str) -> None:
    model = _session().get_service_model(service)
    operations = _operations(model)
    mismatches = []
    for region in REGIONS:
        boto = _session().create_client(service, region_name=region, **KEYS)
        mine = strato.Session().client(service, region_name=region, **KEYS)
        for name in operations:
            shape = model.operation_model(name).input_shape
            params = _minimal(shape) if shape is not None else {}
            method = xform_name(name)
            expected = _signature(*call_botocore(boto, method, params, Canned()))
            actual = _signature(*call_strato(mine, method, params, Canned()))
            if actual != expected:
                mismatches.append((region, name, expected, actual))
    assert mismatches == []
