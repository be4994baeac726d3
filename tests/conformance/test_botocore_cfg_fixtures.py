"""botocore's own INI fixtures (``tests/unit/cfg``) with the assertions of EXPECTATIONS.md.

Each fixture is also read as a config file by botocore and by strato, which must agree.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import botocore.configloader
import botocore.session
import pytest

import strato
from strato.config.files import ConfigFile, load_config_file, read_ini
from strato.exceptions import ConfigNotFound, ConfigParseError, ProfileNotFound

from ._isolation import Home
from ._outcomes import assert_same, botocore_outcome, strato_outcome
from ._paths import BOTOCORE_CFG

_FIXTURES = sorted(p.name for p in BOTOCORE_CFG.iterdir())


def _cfg(name: str) -> str:
    return str(BOTOCORE_CFG / name)


def _profiles(config: ConfigFile) -> dict[str, dict[str, Any]]:
    return {name: section.values for name, section in config.profiles.items()}


def test_every_fixture_is_covered() -> None:
    assert len(_FIXTURES) == 15


@pytest.mark.parametrize("name", _FIXTURES)
def test_fixture_as_config_file_matches_botocore(name: str, home: Home) -> None:
    home.config.parent.mkdir(parents=True)
    shutil.copyfile(BOTOCORE_CFG / name, home.config)
    assert_same(strato_outcome(home), botocore_outcome())


def test_aws_config_quoted_profile_name() -> None:
    assert list(read_ini(_cfg("aws_config"))) == ["default", 'profile "personal"']
    assert list(load_config_file(_cfg("aws_config")).profiles) == ["default", "personal"]
    raw = botocore.configloader.raw_config_parse(_cfg("aws_config"))
    assert list(raw) == ["default", 'profile "personal"']


@pytest.mark.parametrize("name", ["aws_config_bad", "aws_config_badbytes", "aws_config_nested_bad"])
def test_parse_errors(name: str) -> None:
    with pytest.raises(ConfigParseError) as info:
        load_config_file(_cfg(name))
    assert str(info.value).startswith(f"Unable to parse config file: {_cfg(name)}")
    with pytest.raises(botocore.exceptions.ConfigParseError):
        botocore.configloader.load_config(_cfg(name))


def test_aws_bad_profile_keeps_exactly_three_profiles() -> None:
    profiles = load_config_file(_cfg("aws_bad_profile")).profiles
    assert list(profiles) == ["default", "my profile", "personal1"]


def test_aws_config_nested() -> None:
    config = load_config_file(_cfg("aws_config_nested"))
    default = _profiles(config)["default"]
    assert default["s3"] == {"signature_version": "s3v4", "addressing_style": "path"}
    assert default["cloudwatch"] == {"signature_version": "v4"}
    assert default["region"] == "us-west-2"
    assert default["aws_access_key_id"] == "foo"
    # botocore's raw mode (sub-sections off) has no strato counterpart; strato instead
    # keeps each nested line's own origin.
    origins = config.profiles["default"].origins
    assert origins[("s3", "addressing_style")].line == 6
    assert origins[("cloudwatch", "signature_version")].line == 8
    assert (
        default
        == botocore.configloader.load_config(_cfg("aws_config_nested"))["profiles"]["default"]
    )


def _first_file_wins(paths: list[str]) -> dict[str, dict[str, Any]]:
    """botocore's multi_file_load_config over strato's per-file results."""
    merged: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:
            profiles = _profiles(load_config_file(path))
        except ConfigNotFound:
            continue
        for name, values in profiles.items():
            merged[name] = values | merged.get(name, {})
    return merged


def test_multi_file_first_file_wins(tmp_path: Path) -> None:
    paths = [_cfg(n) for n in ("aws_config_other", "aws_config", "aws_third_config")]
    paths.append(str(tmp_path / "notfound"))
    merged = _first_file_wins(paths)
    assert merged["default"]["aws_access_key_id"] == "other_foo"
    assert merged["default"]["aws_secret_access_key"] == "other_bar"
    assert merged["personal"] == {
        "aws_access_key_id": "fie",
        "aws_secret_access_key": "baz",
        "aws_security_token": "fiebaz",
    }
    assert merged["third"] == {
        "aws_access_key_id": "third_fie",
        "aws_secret_access_key": "third_baz",
        "aws_security_token": "third_fiebaz",
    }
    assert merged == botocore.configloader.multi_file_load_config(*paths)["profiles"]


def test_sso_session_section() -> None:
    config = load_config_file(_cfg("aws_sso_session_config"))
    assert config.sso_sessions["sso"].values == {
        "sso_start_url": "https://example.com",
        "sso_region": "us-east-1",
    }
    assert "default" in config.profiles


def test_services_section() -> None:
    services = load_config_file(_cfg("aws_services_config")).services
    assert services["my-services"].values["s3"] == {"endpoint_url": "https://localhost:5678/"}
    assert services["my-services"].values["dynamodb"] == {"endpoint_url": "https://localhost:8888/"}


def test_nocreds_config_has_region_only(home: Home) -> None:
    with home.active(AWS_CONFIG_FILE=_cfg("aws_config_nocreds")):
        session = strato.Session()
        assert session.region_name == "us-west-2"
        assert session.get_credentials() is None
        assert botocore.session.Session().get_credentials() is None


def test_legacy_ec2_credentials_file(home: Home) -> None:
    """Not an INI file: a parse error as config, credentials as AWS_CREDENTIAL_FILE."""
    with pytest.raises(ConfigParseError):
        load_config_file(_cfg("aws_credentials"))
    with home.active(AWS_CREDENTIAL_FILE=_cfg("aws_credentials")):
        creds = strato.Session().get_credentials()
        reference = botocore.session.Session().get_credentials()
    assert creds is not None and reference is not None
    assert (creds.access_key, creds.secret_key, creds.method) == (
        "foo",
        "bar",
        "ec2-credentials-file",
    )
    assert (reference.access_key, reference.secret_key, reference.method) == (
        creds.access_key,
        creds.secret_key,
        creds.method,
    )


def test_boto_config_empty_as_config_file_with_explicit_default(home: Home) -> None:
    with home.active(AWS_CONFIG_FILE=_cfg("boto_config_empty")):
        with pytest.raises(ProfileNotFound, match=r"^The config profile \(default\) could not"):
            strato.Session(profile_name="default")
        with pytest.raises(botocore.exceptions.ProfileNotFound):
            botocore.session.Session(profile="default").get_scoped_config()


def test_boto_config_credentials(home: Home) -> None:
    with home.active(BOTO_CONFIG=_cfg("boto_config")):
        creds = strato.Session().get_credentials()
        reference = botocore.session.Session().get_credentials()
    assert creds is not None and reference is not None
    assert (creds.access_key, creds.secret_key, creds.token, creds.method) == (
        "foo",
        "bar",
        None,
        "boto-config",
    )
    assert reference.get_frozen_credentials()[:3] == creds.get_frozen_credentials()[:3]


def test_boto_config_empty_has_no_credentials(home: Home) -> None:
    with home.active(BOTO_CONFIG=_cfg("boto_config_empty")):
        assert strato.Session().get_credentials() is None
        assert botocore.session.Session().get_credentials() is None


def test_foo_config(home: Home) -> None:
    with home.active(AWS_CONFIG_FILE=_cfg("foo_config")):
        assert strato.Session().get_scoped_config()["foo_region"] == "us-west-1"
        session = strato.Session(profile_name="foo")
        assert "foo" in session.available_profiles
        creds = session.get_credentials()
    assert creds is not None
    assert (creds.access_key, creds.secret_key, creds.method) == ("fie", "baz", "config-file")
