"""Spec section 10, edge cases 1-31 and 59-70: configuration and static credentials.

Each test runs the setup through strato and, where botocore returns a value, through
boto3 too, to show parity in the same test. Where strato deliberately differs (a UTF-8
BOM is accepted; typed errors instead of raw Python exceptions) the test asserts both
sides as they are.
"""

from __future__ import annotations

import builtins
import gzip
import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from unittest import mock

import boto3
import botocore.exceptions
import botocore.loaders
import pytest

import strato
from conformance._isolation import Home
from strato.exceptions import (
    ConfigParseError,
    ExpiredCredentialsError,
    InvalidConfigValueError,
    InvalidExpirationError,
    PartialCredentialsError,
)

from ._both import both_raise, credentials, raised, same_credentials

_KEYS = {"AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "SKENV"}
_FOO = "[foo]\naws_access_key_id = AKFOO\naws_secret_access_key = SKFOO\n"


def test_edge_01_env_key_without_secret(home: Home) -> None:
    os.environ["AWS_ACCESS_KEY_ID"] = "AK"
    message = both_raise(
        "PartialCredentialsError",
        lambda: strato.Session().get_credentials(),
        lambda: boto3.Session().get_credentials(),
    )
    assert message == "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY"


def test_edge_02_env_secret_alone_is_ignored(home: Home) -> None:
    os.environ["AWS_SECRET_ACCESS_KEY"] = "SK"
    assert credentials() == (None, None)


def test_edge_03_empty_env_key_is_skipped(home: Home) -> None:
    os.environ.update(AWS_ACCESS_KEY_ID="", AWS_SECRET_ACCESS_KEY="SK")
    assert credentials() == (None, None)


def test_edge_04_security_token_beats_session_token(home: Home) -> None:
    os.environ.update(_KEYS, AWS_SECURITY_TOKEN="SEC", AWS_SESSION_TOKEN="SES")
    assert same_credentials() == ("AKENV", "SKENV", "SEC", None, "env")


def test_edge_05_expired_env_expiration(home: Home) -> None:
    os.environ.update(_KEYS, AWS_CREDENTIAL_EXPIRATION="2000-01-01T00:00:00Z")
    mine, theirs = credentials()
    assert mine is not None and theirs is not None
    error = raised(lambda: mine.access_key)
    assert isinstance(error, ExpiredCredentialsError) and isinstance(error, RuntimeError)
    assert "refreshed credentials are still expired" in str(error)
    reference = raised(lambda: theirs.access_key)
    assert type(reference) is RuntimeError
    assert "refreshed credentials are still expired" in str(reference)


def test_edge_06_expiration_without_time_zone(home: Home) -> None:
    os.environ.update(_KEYS, AWS_CREDENTIAL_EXPIRATION="2099-01-01T00:00:00")
    with pytest.raises(InvalidExpirationError, match="has no time zone"):
        strato.Session().get_credentials()
    theirs = boto3.Session().get_credentials()
    assert theirs is not None
    assert type(raised(lambda: theirs.access_key)) is TypeError


def test_edge_07_unparsable_expiration(home: Home) -> None:
    os.environ.update(_KEYS, AWS_CREDENTIAL_EXPIRATION="notadate")
    error = raised(lambda: strato.Session().get_credentials())
    assert isinstance(error, InvalidExpirationError) and isinstance(error, ValueError)
    assert "'notadate'" in str(error)
    reference = raised(lambda: boto3.Session().get_credentials())
    assert type(reference).__name__ == "ParserError"


def test_edge_08_env_keys_beat_aws_profile(home: Home) -> None:
    home.write_credentials(_FOO)
    os.environ.update(_KEYS, AWS_PROFILE="foo")
    assert same_credentials() == ("AKENV", "SKENV", None, None, "env")


def test_edge_09_explicit_profile_beats_env_keys(home: Home) -> None:
    home.write_credentials(_FOO)
    os.environ.update(_KEYS)
    seen = same_credentials(profile_name="foo")
    assert seen == ("AKFOO", "SKFOO", None, None, "shared-credentials-file")


def test_edge_10_aws_default_profile_beats_aws_profile(home: Home) -> None:
    home.write_config("[profile foo]\nregion = foo-1\n[profile bar]\nregion = bar-1\n")
    os.environ.update(AWS_PROFILE="foo", AWS_DEFAULT_PROFILE="bar")
    session = strato.Session()
    assert (session.profile_name, session.region_name) == ("bar", "bar-1")
    reference = boto3.Session()
    assert (reference.profile_name, reference.region_name) == ("bar", "bar-1")


def test_edge_11_unknown_aws_profile_fails_at_construction(home: Home) -> None:
    os.environ["AWS_PROFILE"] = "nope"
    message = both_raise("ProfileNotFound", strato.Session, boto3.Session)
    assert message == "The config profile (nope) could not be found"


def test_edge_12_empty_aws_profile(home: Home) -> None:
    os.environ["AWS_PROFILE"] = ""
    message = both_raise("ProfileNotFound", strato.Session, boto3.Session)
    assert message == "The config profile () could not be found"


def test_edge_13_explicit_default_needs_a_file(home: Home) -> None:
    both_raise(
        "ProfileNotFound",
        lambda: strato.Session(profile_name="default"),
        lambda: boto3.Session(profile_name="default"),
    )
    session = strato.Session()
    assert session.get_scoped_config() == {}
    assert session.get_credentials() is None
    assert boto3.Session()._session.get_scoped_config() == {}
    assert boto3.Session().get_credentials() is None


def test_edge_14_later_default_section_replaces_earlier(home: Home) -> None:
    home.write_config("[profile default]\nregion = a\nfoo = 1\n[default]\nregion = b\n")
    assert strato.Session().get_scoped_config() == {"region": "b"}
    assert boto3.Session()._session.get_scoped_config() == {"region": "b"}


def test_edge_15_credentials_file_profile_prefix_is_literal(home: Home) -> None:
    home.write_credentials("[profile foo]\naws_access_key_id = A\naws_secret_access_key = S\n")
    assert strato.Session().available_profiles == ["profile foo"]
    assert boto3.Session().available_profiles == ["profile foo"]
    both_raise(
        "ProfileNotFound",
        lambda: strato.Session(profile_name="foo"),
        lambda: boto3.Session(profile_name="foo"),
    )


def test_edge_16_config_section_without_prefix_is_not_a_profile(home: Home) -> None:
    home.write_config("[foo]\nregion = us-west-2\n")
    assert strato.Session().available_profiles == boto3.Session().available_profiles == []
    message = both_raise(
        "ProfileNotFound",
        lambda: strato.Session(profile_name="foo"),
        lambda: boto3.Session(profile_name="foo"),
    )
    assert message == "The config profile (foo) could not be found"


def test_edge_17_profile_prefix_word_rules(home: Home) -> None:
    home.write_config("[profilex y]\n[profile a b]\n[profile]\n[Profile Cap]\n")
    assert strato.Session().available_profiles == ["y"]
    assert boto3.Session().available_profiles == ["y"]


def test_edge_18_inline_comment_stays_in_value(home: Home) -> None:
    home.write_config("[default]\nregion = us-west-2 # inline\n")
    assert strato.Session().region_name == "us-west-2 # inline"
    assert boto3.Session().region_name == "us-west-2 # inline"
    message = "Provided region_name 'us-west-2 # inline' doesn't match a supported format."
    with pytest.raises(strato.exceptions.InvalidRegionError) as ours:
        strato.Session().client("sqs")
    with pytest.raises(botocore.exceptions.InvalidRegionError) as theirs:
        boto3.Session().client("sqs")
    assert str(ours.value) == str(theirs.value) == message


def test_edge_19_upper_case_keys_and_colon_delimiter(home: Home) -> None:
    home.write_config(
        "[default]\nRegion: us-west-2\nAWS_ACCESS_KEY_ID = X\naws_secret_access_key = Y\n"
    )
    assert strato.Session().region_name == boto3.Session().region_name == "us-west-2"
    assert same_credentials() == ("X", "Y", None, None, "config-file")


@pytest.mark.parametrize(
    "text",
    ["[default]\nregion = a\n[default]\noutput = json\n", "[default]\nregion = a\nREGION = b\n"],
    ids=["section", "key-case"],
)
def test_edge_20_duplicates_are_parse_errors(text: str, home: Home) -> None:
    home.write_config(text)
    error = raised(strato.Session)
    assert isinstance(error, ConfigParseError)
    reference = raised(boto3.Session)
    assert isinstance(reference, botocore.exceptions.ConfigParseError)
    assert str(error).startswith(str(reference))


def test_edge_21_default_section_is_inherited(home: Home) -> None:
    home.write_credentials(
        "[DEFAULT]\naws_access_key_id = DD\naws_secret_access_key = SS\n[x]\nregion = r\n"
    )
    seen = same_credentials(profile_name="x")
    assert seen == ("DD", "SS", None, None, "shared-credentials-file")


def test_edge_22_utf8_bom_is_accepted(home: Home) -> None:
    """Deliberate difference: botocore rejects the BOM."""
    home.write_config(b"\xef\xbb\xbf[default]\nregion = eu-west-1\n")
    assert strato.Session().region_name == "eu-west-1"
    assert isinstance(raised(boto3.Session), botocore.exceptions.ConfigParseError)


def test_edge_23_latin1_byte_is_a_parse_error(home: Home) -> None:
    home.write_config(b"[default]\nregion = caf\xe9\n")
    error = raised(strato.Session)
    assert isinstance(error, ConfigParseError)
    assert f"{home.config}:2" in str(error)
    assert isinstance(raised(boto3.Session), botocore.exceptions.ConfigParseError)


@pytest.fixture
def unreadable() -> Iterator[set[str]]:
    """Paths added to the set fail to open with EACCES (chmod 000 is moot for root)."""
    paths: set[str] = set()
    real_open = builtins.open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(file) in paths:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    with mock.patch("builtins.open", fake_open):
        yield paths


def test_edge_24_unreadable_files_read_as_empty(home: Home, unreadable: set[str]) -> None:
    home.write_config("[default]\nregion = us-west-2\n")
    home.write_credentials("[default]\naws_access_key_id = A\naws_secret_access_key = S\n")
    unreadable.update({str(home.config), str(home.credentials)})
    session = strato.Session()
    assert (session.available_profiles, session.region_name) == ([], None)
    assert credentials() == (None, None)
    reference = boto3.Session()
    assert (reference.available_profiles, reference.region_name) == ([], None)


def test_edge_25_config_path_is_a_directory(home: Home) -> None:
    home.config.mkdir(parents=True)
    home.write_credentials("[default]\nregion = r\n")
    assert strato.Session().available_profiles == ["default"]
    assert boto3.Session().available_profiles == ["default"]


def test_edge_26_malformed_config_beats_env_credentials(home: Home) -> None:
    home.write_config("region = us-west-2\n")
    os.environ.update(_KEYS)
    assert isinstance(raised(strato.Session), ConfigParseError)
    assert isinstance(raised(boto3.Session), botocore.exceptions.ConfigParseError)


def test_edge_27_secret_only_in_config_is_partial(home: Home) -> None:
    home.write_credentials("[default]\naws_access_key_id = A\n")
    home.write_config("[default]\naws_secret_access_key = S\n")
    message = both_raise(
        "PartialCredentialsError",
        lambda: strato.Session().get_credentials(),
        lambda: boto3.Session().get_credentials(),
    )
    assert message == (
        "Partial credentials found in shared-credentials-file, missing: aws_secret_access_key"
    )


def test_edge_28_config_file_provider_ignores_the_merge(home: Home) -> None:
    home.write_credentials("[default]\naws_secret_access_key = CREDSECRET\n")
    home.write_config("[default]\naws_access_key_id = CFGKEY\naws_secret_access_key = CFGSECRET\n")
    assert same_credentials() == ("CFGKEY", "CFGSECRET", None, None, "config-file")
    assert strato.Session().get_scoped_config()["aws_secret_access_key"] == "CREDSECRET"


def test_edge_29_credentials_file_region_wins(home: Home) -> None:
    home.write_config("[profile foo]\nregion = cfg\noutput = json\n")
    home.write_credentials("[foo]\nregion = cred\n")
    session = strato.Session(profile_name="foo")
    assert session.get_scoped_config() == {"region": "cred", "output": "json"}
    assert boto3.Session(profile_name="foo").region_name == session.region_name == "cred"


def test_edge_30_empty_access_key_counts(home: Home) -> None:
    home.write_credentials("[default]\naws_access_key_id =\naws_secret_access_key = S\n")
    assert same_credentials() == ("", "S", None, None, "shared-credentials-file")


@pytest.mark.parametrize("spelling", ["~/alt/cfg", "$MYDIR/cfg"])
def test_edge_31_config_path_expansion(spelling: str, home: Home) -> None:
    (home.root / "alt").mkdir()
    (home.root / "alt" / "cfg").write_text("[default]\nregion = expanded-1\n", encoding="utf-8")
    os.environ.update(AWS_CONFIG_FILE=spelling, MYDIR=str(home.root / "alt"))
    assert strato.Session().region_name == boto3.Session().region_name == "expanded-1"


@pytest.mark.parametrize(
    ("variable", "value", "name"),
    [
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "bad url", "InvalidIMDSEndpointError"),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv5", "InvalidIMDSEndpointModeError"),
        ("AWS_METADATA_SERVICE_TIMEOUT", "1.5", "InvalidConfigValueError"),
    ],
)
def test_edge_59_bad_imds_settings_abort_env_credentials(
    variable: str, value: str, name: str, home: Home
) -> None:
    os.environ.update(_KEYS, **{variable: value})
    error = raised(lambda: strato.Session().get_credentials())
    assert type(error).__name__ == name
    reference = raised(lambda: boto3.Session().get_credentials())
    if name == "InvalidConfigValueError":
        # Deliberate: a typed error that is still a ValueError, where botocore's is raw.
        assert isinstance(error, InvalidConfigValueError) and isinstance(error, ValueError)
        assert type(reference) is ValueError
    else:
        assert (type(reference).__name__, str(reference)) == (name, str(error))


class _CountingIMDS(http.server.BaseHTTPRequestHandler):
    """A local stand-in for IMDS that records each request and answers 404."""

    seen: ClassVar[list[str]] = []

    def _answer(self) -> None:
        self.seen.append(f"{self.command} {self.path}")
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PUT = _answer

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


def test_edge_60_config_file_cannot_disable_imds(home: Home) -> None:
    """Only the environment variable disables IMDS: with the key in the config file,
    strato sends the same requests as botocore."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingIMDS)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        home.write_config("[default]\naws_ec2_metadata_disabled = true\n")
        del os.environ["AWS_EC2_METADATA_DISABLED"]
        os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = f"http://127.0.0.1:{server.server_port}"
        assert strato.Session().credential_plan().steps[-1] == "iam-role"
        seen = {}
        for library, make in (("botocore", boto3.Session), ("strato", strato.Session)):
            _CountingIMDS.seen = []
            assert make().get_credentials() is None
            seen[library] = _CountingIMDS.seen
        assert seen["strato"] == seen["botocore"]
        assert seen["strato"][0] == "PUT /latest/api/token"
    finally:
        server.shutdown()
        server.server_close()


def test_edge_61_missing_ec2_credential_file_aborts(home: Home) -> None:
    os.environ["AWS_CREDENTIAL_FILE"] = "~/nope.txt"
    message = both_raise(
        "ConfigNotFound",
        lambda: strato.Session().get_credentials(),
        lambda: boto3.Session().get_credentials(),
    )
    assert message == f"The specified config file ({home.root}/nope.txt) could not be found."


def test_edge_62_ec2_credential_file_without_secret(home: Home) -> None:
    path = home.root / "ec2.txt"
    path.write_text("AWSAccessKeyId=AK\n", encoding="utf-8")
    os.environ["AWS_CREDENTIAL_FILE"] = str(path)
    with pytest.raises(PartialCredentialsError) as info:
        strato.Session().get_credentials()
    assert str(info.value) == (
        "Partial credentials found in ec2-credentials-file, missing: AWSSecretKey"
    )
    assert type(raised(lambda: boto3.Session().get_credentials())) is KeyError


_BOTO = "[Credentials]\naws_access_key_id = AKBOTO\naws_secret_access_key = SKBOTO\n"


def test_edge_63_boto_config_env_has_no_fallback(home: Home) -> None:
    (home.root / ".boto").write_text(_BOTO, encoding="utf-8")
    os.environ["BOTO_CONFIG"] = "~/nope.cfg"
    assert credentials() == (None, None)


def test_edge_64_lower_case_credentials_section_is_ignored(home: Home) -> None:
    (home.root / ".boto").write_text(_BOTO.replace("Credentials", "credentials"), encoding="utf-8")
    del os.environ["BOTO_CONFIG"]
    assert credentials() == (None, None)


def test_edge_65_explicit_profile_falls_through_to_boto(home: Home) -> None:
    (home.root / ".boto").write_text(_BOTO, encoding="utf-8")
    del os.environ["BOTO_CONFIG"]
    home.write_config("[profile foo]\nregion = r\n")
    seen = same_credentials(profile_name="foo")
    assert seen == ("AKBOTO", "SKBOTO", None, None, "boto-config")


def test_edge_66_session_key_without_secret(home: Home) -> None:
    assert same_credentials(aws_access_key_id="K") == ("K", None, None, None, "explicit")


def test_edge_67_client_partial_credentials(home: Home) -> None:
    """One client key is an error; a lone token is ignored and the chain's keys are used."""
    os.environ.update({"AWS_ACCESS_KEY_ID": "ENVAK", "AWS_SECRET_ACCESS_KEY": "ENVSK"})
    for library in (strato, boto3):
        with pytest.raises(Exception) as caught:
            library.Session().client("sts", region_name="us-east-1", aws_access_key_id="K")
        assert type(caught.value).__name__ == "PartialCredentialsError"
        assert str(caught.value) == (
            "Partial credentials found in explicit, missing: aws_secret_access_key"
        )
    client = strato.Session().client("sts", region_name="us-east-1", aws_session_token="T")
    assert client._settings.credentials.access_key == "ENVAK"


def test_edge_68_explicit_keys_beat_profile(home: Home) -> None:
    home.write_credentials(_FOO)
    seen = same_credentials(
        aws_access_key_id="AKX", aws_secret_access_key="SKX", profile_name="foo"
    )
    assert seen == ("AKX", "SKX", None, None, "explicit")


def test_edge_69_aws_region_is_not_read(home: Home) -> None:
    os.environ["AWS_REGION"] = "eu-west-1"
    assert strato.Session().region_name is None
    assert boto3.Session().region_name is None
    with pytest.raises(strato.exceptions.NoRegionError, match=r"You must specify a region\."):
        strato.Session().client("sqs")
    with pytest.raises(botocore.exceptions.NoRegionError):
        boto3.Session().client("sqs")


def test_edge_70_empty_default_region(home: Home) -> None:
    """An empty region is a region: the SQS client then fails, with a typed error here."""
    home.write_config("[default]\nregion = us-west-2\n")
    os.environ["AWS_DEFAULT_REGION"] = ""
    assert strato.Session().region_name == ""
    assert boto3.Session().region_name == ""
    explanation = strato.Session().explain("region")
    assert explanation.source == "env AWS_DEFAULT_REGION"
    assert len(explanation.shadowed) == 1 and explanation.shadowed[0].value == "us-west-2"
    # botocore: ValueError("Invalid endpoint: https://sqs..amazonaws.com"); strato: a typed
    # error that is also a ValueError (docs/compatibility.md).
    with pytest.raises(ValueError, match="Invalid endpoint"):
        boto3.Session().client("sqs")
    with pytest.raises(strato.exceptions.InvalidRegionError):
        strato.Session().client("sqs")


def test_edge_85_credentials_file_read_until_found_then_kept(home: Home) -> None:
    """A file created after a None result is found by the same session; once found,
    later edits are seen only by a new session (alike in botocore)."""
    ours, theirs = strato.Session(), boto3.Session()
    assert (ours.get_credentials(), theirs.get_credentials()) == (None, None)
    home.write_credentials("[default]\naws_access_key_id = AK1\naws_secret_access_key = S1\n")
    found = [s.get_credentials().access_key for s in (ours, theirs)]
    home.write_credentials("[default]\naws_access_key_id = AK2\naws_secret_access_key = S2\n")
    kept = [s.get_credentials().access_key for s in (ours, theirs)]
    fresh = [s.get_credentials().access_key for s in (strato.Session(), boto3.Session())]
    assert (found, kept, fresh) == (["AK1", "AK1"], ["AK1", "AK1"], ["AK2", "AK2"])


def test_edge_86_home_models_set_the_api_version(home: Home, tmp_path: Path) -> None:
    """``~/.aws/models/sqs/2099-01-01`` makes clients use that version; a copy on
    ``AWS_DATA_PATH`` beats it (botocore reads ~/.aws/models from the HOME it had at
    import, so it is pointed at this one)."""
    source = Path(botocore.__file__).parent / "data" / "sqs" / "2012-11-05" / "service-2.json.gz"
    model = json.loads(gzip.decompress(source.read_bytes()))
    model["metadata"]["apiVersion"] = "2099-01-01"
    models = Path(home.root, ".aws", "models", "sqs", "2099-01-01")
    models.mkdir(parents=True)
    (models / "service-2.json").write_text(json.dumps(model))
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
    with mock.patch.object(
        botocore.loaders.Loader, "CUSTOMER_DATA_PATH", str(home.root / ".aws" / "models")
    ):
        theirs = boto3.Session().client("sqs").meta.service_model.api_version
        ours = strato.Session().client("sqs").meta.service_model.api_version
        assert ours == theirs == "2099-01-01"
        model["documentation"] = "from AWS_DATA_PATH"
        data_path = tmp_path / "data" / "sqs" / "2099-01-01"
        data_path.mkdir(parents=True)
        (data_path / "service-2.json").write_text(json.dumps(model))
        os.environ["AWS_DATA_PATH"] = str(tmp_path / "data")
        ours_doc = strato.Session().client("sqs").meta.service_model.documentation
        theirs_doc = boto3.Session().client("sqs").meta.service_model.documentation
        assert ours_doc == theirs_doc == "from AWS_DATA_PATH"
