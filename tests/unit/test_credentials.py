"""The chain plan, the static providers, and credentials objects."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

import strato
from strato.credentials.objects import RefreshableCredentials
from strato.exceptions import (
    ExpiredCredentialsError,
    InvalidIMDSEndpointError,
    InvalidIMDSEndpointModeError,
)

from .conftest import Sandbox


def test_explicit_profile_drops_the_environment_provider(sandbox: Sandbox) -> None:
    sandbox.credentials("[dev]\naws_access_key_id = FILE\naws_secret_access_key = s\n")
    os.environ.update({"AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "s"})
    assert strato.Session(profile_name="dev").credential_plan().steps[0] == "assume-role"
    assert strato.Session(profile_name="dev").get_credentials().access_key == "FILE"
    os.environ["AWS_PROFILE"] = "dev"
    session = strato.Session()
    assert session.credential_plan().steps[0] == "env"
    creds = session.get_credentials()
    assert (creds.access_key, creds.method, creds.source) == ("ENV", "env", "env AWS_ACCESS_KEY_ID")


def test_credentials_source_points_at_the_line(sandbox: Sandbox) -> None:
    sandbox.credentials("[default]\n\naws_access_key_id = AK\naws_secret_access_key = SK\n")
    creds = strato.Session().get_credentials()
    assert creds.source == "~/.aws/credentials:3 [default]"
    assert creds.method == "shared-credentials-file"


def test_repr_never_shows_secrets(sandbox: Sandbox) -> None:
    session = strato.Session(
        aws_access_key_id="AK", aws_secret_access_key="TOPSECRET", aws_session_token="TOKENSECRET"
    )
    creds = session.get_credentials()
    for text in (repr(creds), repr(creds.get_frozen_credentials()), str(creds)):
        assert "TOPSECRET" not in text and "TOKENSECRET" not in text
    assert creds.get_frozen_credentials() == ("AK", "TOPSECRET", "TOKENSECRET", None)


def test_imds_settings_are_validated_when_the_chain_is_planned(sandbox: Sandbox) -> None:
    os.environ.update({"AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S"})
    os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "bad url"
    with pytest.raises(InvalidIMDSEndpointError):
        strato.Session().get_credentials()
    del os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT"]
    os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"] = "ipv5"
    with pytest.raises(InvalidIMDSEndpointModeError):
        strato.Session().get_credentials()
    os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"] = "IPv6"
    plan = strato.Session().credential_plan()
    assert plan.imds.endpoint == "http://[fd00:ec2::254]/"


def test_env_expiration_makes_refreshable_credentials_that_reread_env(sandbox: Sandbox) -> None:
    soon = (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    later = (datetime.now(UTC) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "OLD",
            "AWS_SECRET_ACCESS_KEY": "S",
            "AWS_CREDENTIAL_EXPIRATION": soon,
        }
    )
    creds = strato.Session().get_credentials()
    assert isinstance(creds, RefreshableCredentials)
    os.environ.update({"AWS_ACCESS_KEY_ID": "NEW", "AWS_CREDENTIAL_EXPIRATION": later})
    assert creds.access_key == "NEW"  # within the mandatory window: refreshed on read
    assert creds.expiry_time > datetime.now(UTC) + timedelta(hours=1)


def test_expired_env_credentials_fail_on_use_with_a_typed_error(sandbox: Sandbox) -> None:
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "A",
            "AWS_SECRET_ACCESS_KEY": "S",
            "AWS_CREDENTIAL_EXPIRATION": "2000-01-01T00:00:00Z",
        }
    )
    creds = strato.Session().get_credentials()
    with pytest.raises(ExpiredCredentialsError, match="still expired"):
        creds.get_frozen_credentials()


def test_credentials_are_kept_once_found_and_retried_while_missing(sandbox: Sandbox) -> None:
    session = strato.Session()
    assert session.get_credentials() is None
    sandbox.credentials("[default]\naws_access_key_id = A1\naws_secret_access_key = S\n")
    assert session.get_credentials().access_key == "A1"
    sandbox.credentials("[default]\naws_access_key_id = A222\naws_secret_access_key = S\n")
    assert session.get_credentials().access_key == "A1"
    assert strato.Session().get_credentials().access_key == "A222"
