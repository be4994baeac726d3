"""Spec section 9: the INFO lines of the static providers, and secrets kept out of sight.

strato logs under ``strato.credentials`` what botocore logs under
``botocore.credentials``, word for word. No secret key or session token may appear in
any log record (tracebacks included), repr, or exception message.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

import boto3
import pytest

import strato
from conformance._isolation import Home

from ._both import raised

_KEYS = {"AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "SKENV"}
_STATIC = "[default]\naws_access_key_id = AK\naws_secret_access_key = SK\n"


def _env(home: Home) -> None:
    os.environ.update(_KEYS)


def _env_partial(home: Home) -> None:
    """botocore logs before checking the secret, so the line precedes the error."""
    os.environ["AWS_ACCESS_KEY_ID"] = "AKENV"


def _shared_credentials_file(home: Home) -> None:
    del os.environ["AWS_SHARED_CREDENTIALS_FILE"]
    home.write_credentials(_STATIC)


def _config_file(home: Home) -> None:
    del os.environ["AWS_CONFIG_FILE"]
    home.write_config(_STATIC)


def _ec2_credentials_file(home: Home) -> None:
    path = home.root / "ec2.txt"
    path.write_text("AWSAccessKeyId=AK\nAWSSecretKey=SK\n", encoding="utf-8")
    os.environ["AWS_CREDENTIAL_FILE"] = str(path)


def _boto_config(home: Home) -> None:
    del os.environ["BOTO_CONFIG"]
    (home.root / ".boto").write_text(_STATIC.replace("default", "Credentials"), encoding="utf-8")


@pytest.mark.parametrize(
    ("setup", "line"),
    [
        (_env, "Found credentials in environment variables."),
        (_env_partial, "Found credentials in environment variables."),
        (
            _shared_credentials_file,
            "Found credentials in shared credentials file: ~/.aws/credentials",
        ),
        (_config_file, "Credentials found in config file: ~/.aws/config"),
        (_ec2_credentials_file, "Found credentials in AWS_CREDENTIAL_FILE."),
        (_boto_config, "Found credentials in boto config file: ~/.boto"),
    ],
    ids=lambda v: getattr(v, "__name__", "")[1:] or None,
)
def test_info_line(
    setup: Callable[[Home], None], line: str, home: Home, caplog: pytest.LogCaptureFixture
) -> None:
    setup(home)
    caplog.set_level(logging.INFO)
    outcomes = []
    for call, logger in (
        (lambda: strato.Session().get_credentials(), "strato.credentials"),
        (lambda: boto3.Session().get_credentials(), "botocore.credentials"),
    ):
        caplog.clear()
        try:
            outcomes.append(type(call()).__name__)
        except Exception as exc:
            outcomes.append(type(exc).__name__)
        infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
        assert infos == [line]
        assert {r.name for r in caplog.records if r.levelno == logging.INFO} == {logger}
    assert outcomes[0] == outcomes[1]


SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRET"
TOKEN = "IQoJb3JpZ2luX2VjEzzTOKEN"


def _scenario_env(home: Home) -> object:
    os.environ.update(AWS_ACCESS_KEY_ID="AK", AWS_SECRET_ACCESS_KEY=SECRET, AWS_SESSION_TOKEN=TOKEN)
    return strato.Session().get_credentials()


def _scenario_env_expired(home: Home) -> object:
    """A refresh that fails logs a WARNING with a traceback, then raises."""
    _scenario_env(home)
    os.environ["AWS_CREDENTIAL_EXPIRATION"] = "2000-01-01T00:00:00Z"
    creds = strato.Session().get_credentials()
    assert creds is not None
    return raised(lambda: creds.secret_key)


def _scenario_env_bad_expiration(home: Home) -> object:
    _scenario_env(home)
    os.environ["AWS_CREDENTIAL_EXPIRATION"] = "tomorrow"
    return raised(lambda: strato.Session().get_credentials())


def _scenario_files(home: Home) -> object:
    text = f"[default]\naws_access_key_id = AK\naws_secret_access_key = {SECRET}\n"
    home.write_credentials(text + f"aws_session_token = {TOKEN}\n")
    home.write_config(text.replace("[default]", "[profile cfg]"))
    return [
        strato.Session().get_credentials(),
        strato.Session(profile_name="cfg").get_credentials(),
    ]


def _scenario_secret_on_its_own_line(home: Home) -> object:
    """A mistyped multi-line secret is a parse error that must not quote the line."""
    home.write_credentials(
        f"[default]\naws_access_key_id = AK\naws_secret_access_key =\n  {SECRET}\n"
    )
    return raised(strato.Session)


def _scenario_secret_as_nested_block(home: Home) -> object:
    home.write_credentials(
        f"[default]\naws_access_key_id = AK\naws_secret_access_key =\n  k = {SECRET}\n"
    )
    return raised(lambda: strato.Session().get_credentials())


def _scenario_explicit(home: Home) -> object:
    session = strato.Session(
        aws_access_key_id="AK", aws_secret_access_key=SECRET, aws_session_token=TOKEN
    )
    return [session, session.get_credentials()]


def _scenario_ec2_and_boto_files(home: Home) -> object:
    path = home.root / "ec2.txt"
    path.write_text(f"AWSAccessKeyId=AK\nAWSSecretKey={SECRET}\n", encoding="utf-8")
    boto = home.root / "boto.cfg"
    boto.write_text(
        f"[Credentials]\naws_access_key_id = AK\naws_secret_access_key = {SECRET}\n",
        encoding="utf-8",
    )
    found = [strato.Session().get_credentials()]
    with home.active(BOTO_CONFIG=str(boto)):
        found.append(strato.Session().get_credentials())
    with home.active(AWS_CREDENTIAL_FILE=str(path)):
        found.append(strato.Session().get_credentials())
    assert found[0] is None
    return found[1:]


@pytest.mark.parametrize(
    "scenario",
    [
        _scenario_env,
        _scenario_env_expired,
        _scenario_env_bad_expiration,
        _scenario_files,
        _scenario_secret_on_its_own_line,
        _scenario_secret_as_nested_block,
        _scenario_explicit,
        _scenario_ec2_and_boto_files,
    ],
    ids=lambda f: f.__name__.removeprefix("_scenario_"),
)
def test_no_secret_is_shown(
    scenario: Callable[[Home], object], home: Home, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    result = scenario(home)
    shown = [logging.Formatter().format(r) for r in caplog.records]
    for item in result if isinstance(result, list) else [result]:
        assert item is not None
        shown += [repr(item), str(item)]
        if hasattr(item, "get_frozen_credentials"):
            frozen = item.get_frozen_credentials()
            assert frozen.secret_key == SECRET  # the value is there, only never shown
            shown.append(repr(frozen))
    for text in shown:
        assert SECRET not in text and TOKEN not in text, text
