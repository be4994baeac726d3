"""``strato configure export-credentials``: the AWS CLI v2's formats (values quoted for
each shell), its recursion guard, and the point of it all: botocore itself reading a
role's credentials through ``credential_process = python -m strato configure
export-credentials``, with the on-disk cache sparing a second AssumeRole."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import boto3  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulators.recorder import Recorder, recording
from integration._servers import Server
from strato.cli.export_credentials import render

from .conftest import Home

KEYS = (
    "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
)


def test_process_format_is_v2s_json(home: Home) -> None:
    home.write(credentials=KEYS)
    result = home.strato("configure", "export-credentials")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        '{\n  "Version": 1,\n  "AccessKeyId": "AKIAIOSFODNN7EXAMPLE",\n'
        '  "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n}\n'
    )


@pytest.mark.parametrize(
    ("format", "first"),
    [
        ("env", "export AWS_ACCESS_KEY_ID=ASIAENV0000000001"),
        ("env-no-export", "AWS_ACCESS_KEY_ID=ASIAENV0000000001"),
        ("powershell", '$Env:AWS_ACCESS_KEY_ID="ASIAENV0000000001"'),
        ("windows-cmd", "set AWS_ACCESS_KEY_ID=ASIAENV0000000001"),
        ("fish", 'set -gx AWS_ACCESS_KEY_ID "ASIAENV0000000001"'),
    ],
)
def test_shell_formats_with_token_and_expiration(home: Home, format: str, first: str) -> None:
    """Ordinary values print exactly as v2 prints them; the expiry in v2's isoformat."""
    env = {
        "AWS_ACCESS_KEY_ID": "ASIAENV0000000001",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_SESSION_TOKEN": "token",
        "AWS_CREDENTIAL_EXPIRATION": "2099-01-01T00:00:00Z",
    }
    result = home.strato("configure", "export-credentials", "--format", format, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == first
    assert [line.replace("ASIAENV0000000001", "x") for line in lines[1:]] == [
        first.replace("ACCESS_KEY_ID", "SECRET_ACCESS_KEY").replace("ASIAENV0000000001", "secret"),
        first.replace("ACCESS_KEY_ID", "SESSION_TOKEN").replace("ASIAENV0000000001", "token"),
        first.replace("ACCESS_KEY_ID", "CREDENTIAL_EXPIRATION").replace(
            "ASIAENV0000000001", "2099-01-01T00:00:00+00:00"
        ),
    ]


@settings(max_examples=40, deadline=None)
@given(secret=st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\0")))
def test_env_format_reads_back_exactly_in_a_shell(secret: str) -> None:
    """What ``eval "$(strato ... --format env)"`` puts in the environment is the secret,
    whatever it holds (v2 pastes values in raw)."""
    text = render("env", {"AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": secret})
    script = text + 'printf %s "$AWS_SECRET_ACCESS_KEY"'
    out = subprocess.run(["sh", "-c", script], capture_output=True, check=True)
    assert out.stdout.decode("utf-8", "surrogateescape") == secret


def _unescaped(line: str, prefix: str, escape_char: str) -> str:
    """The double-quoted string after ``prefix``, read back; no unescaped ``$`` or ``"``."""
    body = line.removesuffix("\n").removeprefix(prefix).removesuffix('"')
    unescaped, escape = "", False
    for c in body:
        if escape or c != escape_char:
            assert escape or c not in '$"', line
            unescaped, escape = unescaped + c, False
        else:
            escape = True
    return unescaped


@given(secret=st.text(alphabet="ab$\"`\\' x%"))
def test_powershell_and_fish_escape_their_specials(secret: str) -> None:
    assert _unescaped(render("powershell", {"S": secret}), '$Env:S="', "`") == secret
    assert _unescaped(render("fish", {"S": secret}), 'set -gx S "', "\\") == secret


def test_windows_cmd_quotes_or_refuses(home: Home) -> None:
    assert render("windows-cmd", {"S": "a&b"}) == 'set "S=a&b"\n'
    env = {"AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "100%"}
    result = home.strato("configure", "export-credentials", "--format", "windows-cmd", env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("strato: AWS_SECRET_ACCESS_KEY holds a character")


def test_no_credentials(home: Home) -> None:
    home.write(config="", credentials="")
    result = home.strato(
        "configure", "export-credentials", env={"AWS_EC2_METADATA_DISABLED": "true"}
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "strato: Unable to retrieve credentials: no credentials found\n"


def _strato_process(profile: str) -> str:
    return shlex.join(
        [sys.executable, "-m", "strato", "configure", "export-credentials", "--profile", profile]
    )


def test_a_self_referencing_credential_process_is_detected(home: Home) -> None:
    home.write(config=f"[profile loop]\ncredential_process = {_strato_process('loop')}\n")
    result = home.strato("configure", "export-credentials", "--profile", "loop")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("strato: Unable to retrieve credentials: ")
    assert result.stderr.endswith(
        "Credential process resolution detected an infinite loop, profile cycle: loop -> loop\n"
    )


def test_the_chain_is_bounded(home: Home) -> None:
    home.write(credentials=KEYS)
    env = {"_AWS_CLI_PROFILE_CHAIN": "a,b,c,d"}
    result = home.strato("configure", "export-credentials", env=env)
    assert result.returncode == 1
    assert result.stderr == (
        "strato: Maximum recursive credential process resolution reached (4); "
        "profiles seen: a -> b -> c -> d\n"
    )


@pytest.fixture
def sts(moto: Server) -> Iterator[Recorder]:
    with recording(moto.url) as recorder:
        yield recorder


def _botocore_credentials(env: dict[str, str], profile: str) -> tuple[str, str, str | None]:
    with mock.patch.dict(os.environ, env, clear=True):
        frozen = boto3.Session(profile_name=profile).get_credentials().get_frozen_credentials()
    return frozen.access_key, frozen.secret_key, frozen.token


def test_botocore_gets_role_credentials_through_strato_and_the_cache(
    home: Home, sts: Recorder
) -> None:
    home.write(
        config="[profile base]\naws_access_key_id = AKIABASE00000001\n"
        "aws_secret_access_key = basesecret\n"
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/admin\n"
        "source_profile = base\n"
        f"[profile sdk]\ncredential_process = {_strato_process('role')}\n"
    )
    env = {**home.env, "AWS_ENDPOINT_URL_STS": sts.url, "AWS_DEFAULT_REGION": "us-east-1"}
    first = _botocore_credentials(env, "sdk")
    calls = [request.action for request, _ in sts.take()]
    assert calls == ["AssumeRole"]
    assert first[0].startswith("ASIA") and first[2]
    second = _botocore_credentials(env, "sdk")
    assert second == first
    assert sts.take() == []  # served from ~/.aws/cli/cache
    cache = home.root / ".aws" / "cli" / "cache"
    (entry,) = cache.glob("*.json")
    assert json.loads(entry.read_text())["Credentials"]["AccessKeyId"] == first[0]
    assert Path(entry).stat().st_mode & 0o077 == 0
