"""Differential: region, endpoint and credential rules at client creation (spec 2.15, 5.2-5.4,
edge cases 67-83) give the same ``meta.region_name``, ``meta.endpoint_url`` and first request
(URL, signing scope, access key, session token) as botocore, or the same exception.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import botocore.session
import pytest

import strato
from conformance._isolation import Home

from ._compare import outcome_view, request_view
from ._harness import Canned, call_botocore, call_strato
from .conftest import make_configs

KEYS = {"aws_access_key_id": "AKIDCLIENT", "aws_secret_access_key": "SECRETCLIENT"}
PROFILE_KEYS = "aws_access_key_id = AKIDPROFILE\naws_secret_access_key = SECRETPROFILE\n"
OPERATIONS = {
    "sts": "get_caller_identity",
    "s3": "list_buckets",
    "iam": "list_users",
    "dynamodb": "list_tables",
    "sqs": "list_queues",
    "lambda": "list_functions",
}


@dataclass
class Scenario:
    service: str
    config: str = "[default]\n" + PROFILE_KEYS
    env: dict[str, str] = field(default_factory=dict)
    session: dict[str, Any] = field(default_factory=dict)
    client: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] | None = None


SCENARIOS: dict[str, Scenario] = {
    "no-region": Scenario("dynamodb"),
    "invalid-region": Scenario("sqs", client={"region_name": "us-east-1/evil"}),
    "invalid-region-label": Scenario("sqs", client={"region_name": "-bad-"}),
    "region-from-env": Scenario("sqs", env={"AWS_DEFAULT_REGION": "eu-north-1"}),
    "region-from-profile": Scenario(
        "sqs", config="[default]\nregion = ap-south-1\n" + PROFILE_KEYS
    ),
    "region-arg-over-config": Scenario(
        "lambda", client={"region_name": "us-west-1"}, options={"region_name": "eu-west-3"}
    ),
    "region-config-over-profile": Scenario(
        "lambda",
        config="[default]\nregion = ap-south-1\n" + PROFILE_KEYS,
        options={"region_name": "eu-west-3"},
    ),
    "partial-key-only": Scenario(
        "sts", client={"region_name": "us-east-1", "aws_access_key_id": "AKID"}
    ),
    "partial-secret-only": Scenario(
        "sts", client={"region_name": "us-east-1", "aws_secret_access_key": "S"}
    ),
    "token-without-keys-ignored": Scenario(
        "sts", client={"region_name": "us-east-1", "aws_session_token": "T"}
    ),
    "client-keys-over-session": Scenario(
        "sts",
        session={"aws_access_key_id": "AKIDSESSION", "aws_secret_access_key": "S2"},
        client={"region_name": "eu-west-1", **KEYS, "aws_session_token": "TOKEN"},
    ),
    "session-keys-over-env": Scenario(
        "sts",
        env={"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "SENV"},
        session={"aws_access_key_id": "AKIDSESSION", "aws_secret_access_key": "S2"},
        client={"region_name": "eu-west-1"},
    ),
    "env-keys-over-profile": Scenario(
        "sts",
        env={
            "AWS_ACCESS_KEY_ID": "AKIDENV",
            "AWS_SECRET_ACCESS_KEY": "SENV",
            "AWS_SESSION_TOKEN": "T",
        },
        client={"region_name": "eu-west-1"},
    ),
    "s3-no-region": Scenario("s3"),
    "s3-us-east-1": Scenario("s3", client={"region_name": "us-east-1"}),
    "s3-regional-us-east-1": Scenario(
        "s3",
        client={"region_name": "us-east-1"},
        options={"s3": {"us_east_1_regional_endpoint": "regional"}},
    ),
    "s3-eu": Scenario("s3", client={"region_name": "eu-central-1"}),
    "sts-no-region": Scenario("sts"),
    "sts-regional-default": Scenario("sts", client={"region_name": "us-west-2"}),
    "sts-legacy-env": Scenario(
        "sts", env={"AWS_STS_REGIONAL_ENDPOINTS": "legacy"}, client={"region_name": "us-west-2"}
    ),
    "sts-legacy-new-region": Scenario(
        "sts", env={"AWS_STS_REGIONAL_ENDPOINTS": "legacy"}, client={"region_name": "ap-east-1"}
    ),
    "sts-legacy-profile": Scenario(
        "sts",
        config="[default]\nsts_regional_endpoints = legacy\n" + PROFILE_KEYS,
        client={"region_name": "eu-west-1"},
    ),
    "sts-regional-profile": Scenario(
        "sts",
        config="[default]\nsts_regional_endpoints = regional\n" + PROFILE_KEYS,
        client={"region_name": "us-east-1"},
    ),
    "sts-invalid-setting": Scenario(
        "sts", env={"AWS_STS_REGIONAL_ENDPOINTS": "sometimes"}, client={"region_name": "us-east-1"}
    ),
    "iam-no-region": Scenario("iam"),
    "iam-regional": Scenario("iam", client={"region_name": "eu-west-1"}),
    "iam-china": Scenario("iam", client={"region_name": "cn-north-1"}),
    "iam-govcloud": Scenario("iam", client={"region_name": "us-gov-west-1"}),
    "sts-endpoint-no-region": Scenario("sts", client={"endpoint_url": "http://localhost:4566"}),
    "iam-endpoint-no-region": Scenario("iam", client={"endpoint_url": "http://localhost:4566"}),
    "iam-endpoint-and-region": Scenario(
        "iam", client={"region_name": "eu-west-1", "endpoint_url": "http://localhost:4566"}
    ),
    "env-service-endpoint": Scenario(
        "dynamodb",
        env={
            "AWS_ENDPOINT_URL_DYNAMODB": "http://localhost:8000",
            "AWS_ENDPOINT_URL": "http://x:1",
        },
        client={"region_name": "us-east-1"},
    ),
    "env-global-endpoint": Scenario(
        "sqs",
        env={"AWS_ENDPOINT_URL": "https://global.example:4443/p"},
        client={"region_name": "us-east-1"},
    ),
    "services-section": Scenario(
        "s3",
        config="[default]\nservices = local\n"
        + PROFILE_KEYS
        + "[services local]\ns3 =\n  endpoint_url = http://localhost:9000\n",
        client={"region_name": "us-east-1"},
    ),
    "profile-endpoint": Scenario(
        "lambda",
        config="[default]\nendpoint_url = http://localhost:3001\n" + PROFILE_KEYS,
        client={"region_name": "us-east-1"},
    ),
    "ignore-flag-env": Scenario(
        "lambda",
        config="[default]\nendpoint_url = http://localhost:3001\n" + PROFILE_KEYS,
        env={"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL": "http://x:1"},
        client={"region_name": "us-east-1"},
    ),
    "ignore-flag-profile": Scenario(
        "sqs",
        config="[default]\nignore_configured_endpoint_urls = true\nendpoint_url = http://a:1\n"
        + PROFILE_KEYS,
        client={"region_name": "us-east-1"},
    ),
    "ignore-flag-config": Scenario(
        "sqs",
        env={"AWS_ENDPOINT_URL_SQS": "http://a:1"},
        client={"region_name": "us-east-1"},
        options={"ignore_configured_endpoint_urls": True},
    ),
    "argument-over-everything": Scenario(
        "sqs",
        env={"AWS_ENDPOINT_URL_SQS": "http://a:1"},
        client={"region_name": "us-east-1", "endpoint_url": "https://arg.example"},
        options={"ignore_configured_endpoint_urls": True},
    ),
    "fips-from-profile": Scenario(
        "sqs",
        config="[default]\nuse_fips_endpoint = true\n" + PROFILE_KEYS,
        client={"region_name": "us-west-2"},
    ),
    "dualstack-from-env": Scenario(
        "s3", env={"AWS_USE_DUALSTACK_ENDPOINT": "true"}, client={"region_name": "eu-west-1"}
    ),
    "fips-with-endpoint": Scenario(
        "sqs",
        client={"region_name": "us-west-2", "endpoint_url": "http://localhost:1"},
        options={"use_fips_endpoint": True},
    ),
}


def _outcome(make: Any, call: Any, scenario: Scenario, home: Home) -> Any:
    with mock.patch.dict(os.environ, scenario.env):
        try:
            client = make()
        except Exception as e:
            return ("creation", *outcome_view(e))
        requests, result = call(client, OPERATIONS[scenario.service], {}, Canned())
    meta = (client.meta.region_name, client.meta.endpoint_url)
    if isinstance(result, Exception) and not requests:
        return (meta, outcome_view(result))
    return (meta, [request_view(r) for r in requests])


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_same_client(name: str, home: Home) -> None:
    scenario = SCENARIOS[name]
    home.write_config(scenario.config)
    boto_config, strato_config = make_configs(scenario.options)

    def make_boto() -> Any:
        session = botocore.session.Session()
        if scenario.session:
            session.set_credentials(
                scenario.session["aws_access_key_id"], scenario.session["aws_secret_access_key"]
            )
        return session.create_client(scenario.service, config=boto_config, **scenario.client)

    def make_strato() -> Any:
        session = strato.Session(**scenario.session)
        return session.client(scenario.service, config=strato_config, **scenario.client)

    expected = _outcome(make_boto, call_botocore, scenario, home)
    actual = _outcome(make_strato, call_strato, scenario, home)
    assert actual == expected
