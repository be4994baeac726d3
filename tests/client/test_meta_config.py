"""Differential: ``client.meta.config`` is the resolved configuration botocore builds
(region, retries with ``total_max_attempts`` and ``mode``, signature version, checksum
and account-id modes, ...), not the caller's ``Config``; every option is compared."""

from __future__ import annotations

import os
from typing import Any
from unittest import mock

import botocore.config
import botocore.session
import pytest

import strato
from conformance._isolation import Home

CREDS = {"aws_access_key_id": "AKID", "aws_secret_access_key": "SECRET"}
#: strato's User-Agent is its own (docs/compatibility.md), so is the preliminary one here.
OPTIONS = [name for name in botocore.config.Config.OPTION_DEFAULTS if name != "user_agent"]
SERVICES = ("s3", "sts", "dynamodb", "s3control", "iam", "sdb")

# id -> (Config options or None, environment, config file text)
CASES: dict[str, tuple[dict[str, Any] | None, dict[str, str], str]] = {
    "no-config": (None, {}, ""),
    "empty-config": ({}, {}, ""),
    "retries-max-attempts": ({"retries": {"max_attempts": 2}}, {}, ""),
    "retries-total-and-mode": ({"retries": {"total_max_attempts": 6, "mode": "legacy"}}, {}, ""),
    "env-retries": (None, {"AWS_MAX_ATTEMPTS": "7", "AWS_RETRY_MODE": "adaptive"}, ""),
    "profile-settings": (
        {"user_agent_extra": "extra"},
        {},
        "[default]\nmax_attempts = 4\nretry_mode = legacy\n"
        "request_checksum_calculation = WHEN_REQUIRED\nuser_agent_appid = app1\n"
        "account_id_endpoint_mode = disabled\ns3 =\n  addressing_style = path\n",
    ),
    "explicit-options": (
        {
            "region_name": "eu-west-1",
            "signature_version": "v4",
            "connect_timeout": 5,
            "read_timeout": 7,
            "max_pool_connections": 3,
            "tcp_keepalive": True,
            "parameter_validation": False,
            "inject_host_prefix": False,
            "user_agent_appid": "me",
            "request_min_compression_size_bytes": 100,
            "disable_request_compression": "true",
            "response_checksum_validation": "WHEN_REQUIRED",
            "auth_scheme_preference": "sigv4a, sigv4",
            "s3": {"addressing_style": "virtual", "disable_s3_express_session_auth": True},
            "client_context_params": {"a": 1},
            "proxies": {"https": "http://127.0.0.1:1"},
        },
        {},
        "",
    ),
    "fips-and-dualstack": ({"use_fips_endpoint": True, "use_dualstack_endpoint": True}, {}, ""),
    "fips-env-no-host-prefix": (
        None,
        {"AWS_USE_FIPS_ENDPOINT": "true", "AWS_DISABLE_HOST_PREFIX_INJECTION": "true"},
        "",
    ),
    "unsigned": ({"signature_version": strato.UNSIGNED}, {}, ""),
    "no-region-global": (None, {"AWS_DEFAULT_REGION": ""}, ""),
}


def _options(config: Any) -> dict[str, Any]:
    return {name: _plain(getattr(config, name)) for name in OPTIONS}


def _plain(value: Any) -> Any:
    return "UNSIGNED" if value is botocore.UNSIGNED or value is strato.UNSIGNED else value


def _made(create: Any, service: str, region: str | None, config: Any) -> Any:
    try:
        return _options(create(service, region_name=region, config=config, **CREDS).meta.config)
    except Exception as error:  # compared by class name and text
        return (type(error).__name__, str(error))


@pytest.mark.parametrize("case", list(CASES))
def test_meta_config_is_the_resolved_config(home: Home, case: str) -> None:
    options, env, config_text = CASES[case]
    home.write_config(config_text)
    region = None if case == "no-region-global" else "us-west-2"
    environ = {k: v for k, v in env.items() if v}
    with mock.patch.dict(os.environ, environ):
        for service in SERVICES:
            theirs_config = None
            ours_config = None
            if options is not None:
                boto_options = {
                    k: botocore.UNSIGNED if v is strato.UNSIGNED else v for k, v in options.items()
                }
                theirs_config = botocore.config.Config(**_copied(boto_options))
                ours_config = strato.Config(**_copied(options))
            theirs = _made(botocore.session.Session().create_client, service, region, theirs_config)
            ours = _made(strato.Session().client, service, region, ours_config)
            assert ours == theirs, service


def _copied(options: dict[str, Any]) -> dict[str, Any]:
    """Nested dicts copied: botocore rewrites the caller's ``retries`` dict in place."""
    return {k: dict(v) if isinstance(v, dict) else v for k, v in options.items()}


def test_callers_config_is_left_as_given() -> None:
    given = strato.Config(retries={"max_attempts": 2})
    client = strato.Session().client("sts", region_name="us-west-2", config=given, **CREDS)
    assert given.retries == {"max_attempts": 2}
    assert client.meta.config is not given
    assert client.meta.config.retries == {"total_max_attempts": 3, "mode": "standard"}
