"""Differential: invalid parameters raise the same ParamValidationError text in both clients,
and ``Config(parameter_validation=False)`` or ``parameter_validation = false`` in the profile
(spec 5.2) turns validation off in both (the request is then sent, the same in both)."""

from __future__ import annotations

import copy
import functools
from typing import Any

import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance._isolation import Home

from ._compare import assert_same_outcome, assert_same_requests, outcome_view
from ._harness import Canned, call_botocore, call_strato
from .conftest import make_pair
from .strategies import operation_params

CREDS = {"aws_access_key_id": "AKID", "aws_secret_access_key": "SECRET"}
WRONG_VALUES: list[Any] = [7, 1.5, True, "text", ["x"], {"k": "v"}, b"raw", None]

# id -> (service, method, params)
CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "missing-required": ("sts", "assume_role", {"RoleArn": "arn:aws:iam::1:role/r"}),
    "unknown-member": ("sts", "get_caller_identity", {"Nope": 1}),
    "wrong-type": ("sqs", "send_message", {"QueueUrl": 5, "MessageBody": ["x"]}),
    "min-length": ("secretsmanager", "get_secret_value", {"SecretId": ""}),
    "min-value": ("dynamodb", "scan", {"TableName": "t", "Limit": 0}),
    "nested": (
        "dynamodb",
        "put_item",
        {"TableName": "t", "Item": {"k": {"S": 1, "Q": "x"}, "n": {"N": "1", "S": "two"}}},
    ),
    "timestamp": ("s3", "put_object", {"Bucket": "b", "Key": "k", "Expires": "not a date"}),
    "blob": ("lambda", "invoke", {"FunctionName": "f", "Payload": 12}),
    "invalid-bucket": ("s3", "list_objects_v2", {"Bucket": "not/valid"}),
    "non-ascii-metadata": ("s3", "put_object", {"Bucket": "b", "Key": "k", "Metadata": {"k": "é"}}),
    "list-of-wrong": ("iam", "tag_user", {"UserName": "u", "Tags": [{"Key": 1}, "x"]}),
    "ec2-fallback": ("ec2", "describe_instances", {"InstanceIds": "i-1"}),
    # Members S3's rules declare but botocore keeps from them: the validator reports.
    "s3-dict-key": ("s3", "abort_multipart_upload", {"Bucket": "b", "Key": {}, "UploadId": "u"}),
    "s3-int-key": ("s3", "put_object", {"Bucket": "b", "Key": 5}),
    "s3-int-prefix": ("s3", "list_objects_v2", {"Bucket": "b", "Prefix": 5}),
    # S3 Control's rules fail first; botocore reports that as a validation error.
    "s3control-no-account": ("s3control", "list_access_points", {}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_same_validation_error(case: str) -> None:
    service, method, params = CASES[case]
    boto, mine = make_pair(service, region_name="us-east-1", **CREDS)
    boto_requests, boto_outcome = call_botocore(boto, method, copy.deepcopy(params), Canned())
    strato_requests, strato_outcome = call_strato(mine, method, copy.deepcopy(params), Canned())
    assert outcome_view(boto_outcome)[0] == "ParamValidationError"
    assert boto_requests == strato_requests == []
    assert_same_outcome(boto_outcome, strato_outcome)


#: botocore's request handlers crash on these (TypeError, AttributeError) before its
#: validator runs; strato raises the report that validator gives for the same input.
HANDLER_CRASHES: list[tuple[str, str, dict[str, Any]]] = [
    ("s3", "get_object", {"Bucket": 5, "Key": "k"}),
    ("s3", "get_object", {"Bucket": None, "Key": "k"}),
    ("s3", "get_object", {"Bucket": ["x"]}),
    ("s3", "list_objects", {"Bucket": b"x"}),
    ("s3", "create_bucket", {"Bucket": {"Name": "b"}}),
    ("s3control", "list_access_points", {"AccountId": "123456789012", "Bucket": 5}),
    ("s3control", "get_access_point", {"AccountId": "123456789012", "Name": 5}),
]


@pytest.mark.parametrize(("service", "method", "params"), HANDLER_CRASHES)
def test_handler_crash_becomes_the_validators_report(
    service: str, method: str, params: dict[str, Any]
) -> None:
    boto, mine = make_pair(service, region_name="us-east-1", **CREDS)
    _, boto_outcome = call_botocore(boto, method, copy.deepcopy(params), Canned())
    assert outcome_view(boto_outcome)[0] in ("TypeError", "AttributeError")
    requests, outcome = call_strato(mine, method, copy.deepcopy(params), Canned())
    assert requests == []
    _assert_validator_report(service, boto.meta.method_to_api_mapping[method], params, outcome)


def _assert_validator_report(
    service: str, operation_name: str, params: dict[str, Any], outcome: Any
) -> None:
    """``outcome`` is the ParamValidationError botocore's validator gives for ``params``."""
    import botocore.validate

    from strato.exceptions import ParamValidationError

    operation = _model(service).operation_model(operation_name)
    with pytest.raises(botocore.exceptions.ParamValidationError) as expected:
        botocore.validate.validate_parameters(copy.deepcopy(params), operation.input_shape)
    assert isinstance(outcome, ParamValidationError)
    assert str(outcome) == str(expected.value)


@functools.cache
def _model(service: str) -> Any:
    return botocore.session.Session().get_service_model(service)


def _broken(params: dict[str, Any], how: str, name: str, wrong: Any) -> dict[str, Any]:
    broken = dict(params)
    if how == "drop":
        broken.pop(name, None)
    elif how == "unknown":
        broken["NotAMember"] = wrong
    else:
        broken[name] = wrong
    return broken


@pytest.mark.parametrize(
    ("service", "operation"),
    [
        ("sts", "AssumeRole"),
        ("dynamodb", "Query"),
        ("sqs", "SendMessageBatch"),
        ("s3", "PutObject"),
        ("lambda", "CreateFunction"),
        ("iam", "CreateRole"),
    ],
)
def test_same_validation_of_broken_params(service: str, operation: str) -> None:
    model = _model(service).operation_model(operation)
    members = list(model.input_shape.members)
    boto, mine = make_pair(service, region_name="us-west-2", **CREDS)
    method = next(k for k, v in mine.meta.method_to_api_mapping.items() if v == operation)

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        params=operation_params(model),
        how=st.sampled_from(["drop", "unknown", "replace"]),
        name=st.sampled_from(members),
        wrong=st.sampled_from(WRONG_VALUES),
    )
    def check(params: dict[str, Any], how: str, name: str, wrong: Any) -> None:
        broken = _broken(params, how, name, wrong)
        boto_requests, boto_outcome = call_botocore(boto, method, copy.deepcopy(broken), Canned())
        mine_requests, mine_outcome = call_strato(mine, method, copy.deepcopy(broken), Canned())
        if isinstance(boto_outcome, TypeError | AttributeError):  # a crash in its handlers
            _assert_validator_report(service, operation, broken, mine_outcome)
        else:
            assert_same_outcome(boto_outcome, mine_outcome)
        assert_same_requests(boto_requests, mine_requests)

    check()


#: Rule-set errors botocore raises as an older, more specific class: (service, method,
#: params, the client's options), with botocore's class name.
RULE_ERRORS: list[tuple[str, str, dict[str, Any], dict[str, Any], str]] = [
    ("events", "put_events", {"EndpointId": "a/.", "Entries": [{}]}, {}, "InvalidEndpoint"),
    (
        "events",
        "put_events",
        {"EndpointId": "abc.xyz", "Entries": [{}]},
        {"use_fips_endpoint": True},
        "InvalidEndpoint",
    ),
    ("s3control", "list_access_points", {}, {}, "ParamValidation"),
]


@pytest.mark.parametrize(("service", "method", "params", "options", "expected"), RULE_ERRORS)
def test_rule_error_translated_as_botocore(
    service: str, method: str, params: dict[str, Any], options: dict[str, Any], expected: str
) -> None:
    boto, mine = make_pair(service, options, region_name="us-west-2", **CREDS)
    boto_requests, boto_outcome = call_botocore(boto, method, copy.deepcopy(params), Canned())
    mine_requests, mine_outcome = call_strato(mine, method, copy.deepcopy(params), Canned())
    assert type(boto_outcome).__name__.startswith(expected)
    assert boto_requests == mine_requests == []
    assert_same_outcome(boto_outcome, mine_outcome)


INVALID_BUT_SERIALIZABLE = ("sts", "assume_role", {"RoleArn": "arn:aws:iam::1:role/r"})


def test_config_turns_validation_off() -> None:
    service, method, params = INVALID_BUT_SERIALIZABLE
    boto, mine = make_pair(
        service, {"parameter_validation": False}, region_name="us-east-1", **CREDS
    )
    boto_requests, boto_outcome = call_botocore(boto, method, dict(params), Canned(400))
    strato_requests, strato_outcome = call_strato(mine, method, dict(params), Canned(400))
    assert len(boto_requests) >= 1
    assert_same_requests(boto_requests, strato_requests)
    assert_same_outcome(boto_outcome, strato_outcome)


@pytest.mark.parametrize("value", ["false", "False", "true"])
def test_profile_setting(home: Home, value: str) -> None:
    home.write_config(f"[default]\nparameter_validation = {value}\n")
    service, method, params = INVALID_BUT_SERIALIZABLE
    boto, mine = make_pair(service, region_name="us-east-1", **CREDS)
    boto_requests, boto_outcome = call_botocore(boto, method, dict(params), Canned(400))
    strato_requests, strato_outcome = call_strato(mine, method, dict(params), Canned(400))
    sent = value.lower() == "false"
    assert bool(boto_requests) == sent
    assert_same_requests(boto_requests, strato_requests)
    assert_same_outcome(boto_outcome, strato_outcome)
