"""Settings: precedence, conversions, and explanations with their sources."""

from __future__ import annotations

import os

import pytest

import strato
from strato.exceptions import InvalidConfigValueError
from strato.settings.table import SECTIONS, SETTINGS

from .conftest import Sandbox


def test_table_covers_every_botocore_session_variable() -> None:
    from botocore.configprovider import BOTOCORE_DEFAUT_SESSION_VARIABLES as botocore_table

    assert set(SETTINGS) == set(botocore_table)
    for name, (keys, env, default, _conv) in botocore_table.items():
        row = SETTINGS[name]
        expected_keys = () if keys is None else (keys,) if isinstance(keys, str) else keys
        expected_env = () if env is None else (env,) if isinstance(env, str) else tuple(env)
        assert row.config_keys == tuple(expected_keys), name
        assert row.env_vars == expected_env, name
        assert row.default == default, name
    assert set(SECTIONS) == {"s3", "proxies_config"}


def test_explain_names_the_winner_and_what_it_shadows(sandbox: Sandbox) -> None:
    sandbox.config("[default]\nregion = eu-west-1\n")
    os.environ["AWS_DEFAULT_REGION"] = "us-west-2"
    explanation = strato.Session().explain("region")
    assert explanation.value == "us-west-2"
    assert explanation.source == "env AWS_DEFAULT_REGION"
    assert [(c.value, c.source) for c in explanation.shadowed] == [
        ("eu-west-1", "~/.aws/config:2 [default]")
    ]
    session = strato.Session(region_name="ap-south-1")
    assert session.explain("region").source == "session"
    assert session.region_name == "ap-south-1"


def test_explain_of_a_default_and_of_an_unset_setting(sandbox: Sandbox) -> None:
    session = strato.Session()
    assert session.explain("retry_mode").source == "default"
    assert session.explain("retry_mode").value == "standard"
    unset = session.explain("max_attempts")
    assert (unset.value, unset.source) == (None, None)
    assert str(unset) == "max_attempts = None (not set)"


def test_presence_counts_for_environment_variables(sandbox: Sandbox) -> None:
    sandbox.config("[default]\nregion = eu-west-1\n")
    os.environ["AWS_DEFAULT_REGION"] = ""
    assert strato.Session().region_name == ""


@pytest.mark.parametrize(
    ("text", "expected"), [("true", True), ("TRUE", True), ("yes", False), ("1", False)]
)
def test_boolean_conversion_accepts_only_true(sandbox: Sandbox, text: str, expected: bool) -> None:
    os.environ["AWS_USE_FIPS_ENDPOINT"] = text
    assert strato.Session().get_config_variable("use_fips_endpoint") is expected


def test_bad_integer_is_a_typed_error_naming_its_source(sandbox: Sandbox) -> None:
    sandbox.config("[default]\nmetadata_service_timeout = 1.5\n")
    with pytest.raises(InvalidConfigValueError) as err:
        strato.Session().get_config_variable("metadata_service_timeout")
    assert "'1.5'" in str(err.value)
    assert "~/.aws/config:2 [default]" in str(err.value)
    assert isinstance(err.value, ValueError)


def test_s3_block_is_overlaid_with_converted_members(sandbox: Sandbox) -> None:
    sandbox.config(
        "[default]\ns3_use_arn_region = true\ns3 =\n  addressing_style = path\n"
        "  use_arn_region = false\n  max_concurrent_requests = 20\n"
    )
    os.environ["AWS_S3_US_EAST_1_REGIONAL_ENDPOINT"] = "regional"
    session = strato.Session()
    assert session.get_config_variable("s3") == {
        "addressing_style": "path",
        "use_arn_region": True,
        "max_concurrent_requests": "20",
        "us_east_1_regional_endpoint": "regional",
    }
    assert session.get_scoped_config()["s3"] == {
        "addressing_style": "path",
        "use_arn_region": "false",
        "max_concurrent_requests": "20",
    }
    members = {m.name: m.source for m in session.explain("s3").members}
    assert members["use_arn_region"] == "~/.aws/config:2 [default]"
    assert members["us_east_1_regional_endpoint"] == "env AWS_S3_US_EAST_1_REGIONAL_ENDPOINT"
