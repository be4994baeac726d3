"""assume-role-with-web-identity against moto, side by side with botocore (spec 2.5,
edge cases 41-44): per-key lookup, the unsigned call, the raw token, the errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import strato
from conformance._isolation import Home
from emulators.recorder import Recorder
from strato.exceptions import CredentialRetrievalError, WebIdentityTokenLoadError

from ._roles import both, observe, sts

__all__ = ["sts"]  # the fixture

ARN = "arn:aws:iam::123456789012:role/web"


def _token(home: Home, text: str = "JWTTOKEN\n") -> Path:
    path = home.root / "token"
    path.write_text(text, newline="")
    return path


def test_profile_settings_unsigned_call_and_account(home: Home, sts: Recorder) -> None:
    path = _token(home)
    home.write_config(f"[profile w]\nweb_identity_token_file = {path}\nrole_arn = {ARN}\n")
    _, ours = both(home, sts, kwargs={"profile_name": "w"})
    assert ours.credentials["method"] == "assume-role-with-web-identity"
    assert ours.credentials["frozen"] == ("issued#0",) * 3 + ("123456789012",)
    ((method, _, params, signer, token),) = ours.requests
    assert (method, signer, token) == ("POST", None, None)  # unsigned
    assert params == (
        ("Action", "AssumeRoleWithWebIdentity"),
        ("RoleArn", ARN),
        ("RoleSessionName", "botocore-session-N"),
        ("WebIdentityToken", "JWTTOKEN\n"),  # edge case 43: not stripped
    )


def test_environment_settings_and_session_name(home: Home, sts: Recorder) -> None:
    path = _token(home, "tok-from-env")
    home.env.update(
        {
            "AWS_WEB_IDENTITY_TOKEN_FILE": str(path),
            "AWS_ROLE_ARN": ARN,
            "AWS_ROLE_SESSION_NAME": "env-name",
        }
    )
    _, ours = both(home, sts)
    assert dict(ours.requests[0][2])["RoleSessionName"] == "env-name"


def test_edge_41_empty_env_token_file_hides_the_profiles(home: Home, sts: Recorder) -> None:
    path = _token(home)
    home.write_config(f"[default]\nweb_identity_token_file = {path}\nrole_arn = {ARN}\n")
    home.env["AWS_WEB_IDENTITY_TOKEN_FILE"] = ""
    _, ours = both(home, sts)
    assert ours.credentials is None and not ours.requests


def test_edge_42_no_tilde_expansion_and_a_typed_error(home: Home, sts: Recorder) -> None:
    _token(home)
    home.write_config(f"[profile w]\nweb_identity_token_file = ~/token\nrole_arn = {ARN}\n")
    reference, ours = both(home, sts, kwargs={"profile_name": "w"})
    assert reference.credentials.name == "FileNotFoundError"
    assert ours.credentials.name == "WebIdentityTokenLoadError"
    assert "'~/token' (web_identity_token_file at " in ours.credentials.message
    assert "config:2 [profile w]): No such file or directory" in ours.credentials.message
    creds = strato.Session(profile_name="w").get_credentials()  # the error is on first use
    assert creds is not None
    with pytest.raises(WebIdentityTokenLoadError) as caught:
        creds.get_frozen_credentials()
    assert isinstance(caught.value, CredentialRetrievalError) and isinstance(caught.value, OSError)


def test_edge_44_explicit_profile_ignores_env_role_arn(home: Home, sts: Recorder) -> None:
    path = _token(home)
    home.write_config(f"[profile wi2]\nweb_identity_token_file = {path}\n")
    home.env["AWS_ROLE_ARN"] = ARN
    _, ours = both(home, sts, kwargs={"profile_name": "wi2"})
    assert ours.credentials.name == "InvalidConfigError"
    assert "the role_arnconfiguration set" in ours.credentials.message
    home.env["AWS_PROFILE"] = "wi2"
    _, ours = both(home, sts)
    assert dict(ours.requests[0][2])["RoleArn"] == ARN


def test_token_file_is_read_again_on_every_fetch(home: Home, sts: Recorder) -> None:
    path = _token(home, "first")
    home.write_config(
        f"[profile w]\nweb_identity_token_file = {path}\nrole_arn = {ARN}\nrole_session_name = n1\n"
    )
    sts.take()
    for text in ("first", "second"):
        path.write_text(text)
        creds = strato.Session(profile_name="w").get_credentials()
        assert creds is not None
        creds.get_frozen_credentials()
    tokens = [dict(request.params)["WebIdentityToken"] for request, _ in sts.take()]
    assert tokens == ["first", "second"]


def test_web_identity_beats_source_profile_in_the_same_profile(home: Home, sts: Recorder) -> None:
    path = _token(home)
    home.write_config(
        f"[profile w]\nweb_identity_token_file = {path}\nrole_arn = {ARN}\nsource_profile = nope\n"
    )
    _, ours = both(home, sts, kwargs={"profile_name": "w"})
    assert ours.credentials["method"] == "assume-role-with-web-identity"


def test_source_profile_using_web_identity(home: Home, sts: Recorder) -> None:
    path = _token(home)
    home.write_config(
        "[profile top]\nrole_arn = arn:aws:iam::123456789012:role/top\nsource_profile = w\n"
        f"[profile w]\nweb_identity_token_file = {path}\nrole_arn = {ARN}\n"
    )
    home.env.update({"AWS_WEB_IDENTITY_TOKEN_FILE": "/nowhere", "AWS_ROLE_ARN": "ignored"})
    _, ours = both(home, sts, kwargs={"profile_name": "top"})
    first, second = ours.requests
    assert dict(first[2])["Action"] == "AssumeRoleWithWebIdentity" and first[3] is None
    assert dict(first[2])["RoleArn"] == ARN  # the source chain ignores the environment
    assert second[3:] == ("issued#0", "issued#0")


def test_spec_13_web_identity_with_endpoint_and_no_region_works(home: Home, sts: Recorder) -> None:
    path = _token(home)
    del home.env["AWS_DEFAULT_REGION"]
    home.write_config(f"[profile w]\nweb_identity_token_file = {path}\nrole_arn = {ARN}\n")
    _, ours = both(home, sts, kwargs={"profile_name": "w"})
    assert ours.credentials["method"] == "assume-role-with-web-identity"


def test_rejected_token_is_the_modelled_error(home: Home, sts: Recorder) -> None:
    from emulators.recorder import Answer

    body = (
        b'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>'
        b"<Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>bad token</Message>"
        b"</Error><RequestId>r</RequestId></ErrorResponse>"
    )
    path = _token(home)
    home.write_config(f"[profile w]\nweb_identity_token_file = {path}\nrole_arn = {ARN}\n")
    sts.script.extend([Answer(400, body), Answer(400, body)])
    _, ours = both(home, sts, kwargs={"profile_name": "w"})
    assert ours.credentials.name == "InvalidIdentityTokenException"


def test_no_network_until_first_read_and_repr_hides_the_token(home: Home, sts: Recorder) -> None:
    path = _token(home, "SECRETJWT")
    home.write_config(f"[profile w]\nweb_identity_token_file = {path}\nrole_arn = {ARN}\n")
    ours = observe("strato", sts, dict(home.env), {"profile_name": "w"})
    assert ours.requests
    creds = strato.Session(profile_name="w").get_credentials()
    assert creds is not None and not sts.take()
    assert "SECRETJWT" not in repr(creds) and "SECRETJWT" not in (creds.source or "")
