"""``strato configure list`` against ``aws configure list`` (v1), and list-profiles
against the profiles botocore (and so the AWS CLI v2) lists.

The table must equal the AWS CLI's except in the Location column, where strato names
the file and line (a compatibility row); remote sources are described, never fetched.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from unittest import mock

import boto3  # type: ignore[import-untyped]
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulators.sso import SSOEmulator, running

from .conftest import Home

NO_IMDS = {"AWS_EC2_METADATA_DISABLED": "true"}
KEY = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=4, max_size=20)
SECRET = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/+", min_size=1, max_size=40)
REGION = st.sampled_from(["us-east-1", "eu-west-3", "ap-south-2"])
FILLER = st.sampled_from(["", "# a comment\n", "\n\n", "; note\n"])
INSIDE = st.sampled_from(["", "# a comment\n", "\n", "output = json\n"])


def split(line: str) -> tuple[str, str]:
    """A table row without its Location, and the Location."""
    head, _, location = line.rpartition("    ")
    return head, location


def key_at(path: Path, location: str, key: str) -> bool:
    """Whether ``~/.aws/x:N`` names a line of ``path`` that sets ``key``."""
    shown, _, line = location.rpartition(":")
    if not line.isdigit() or Path(shown).name != path.name:
        return False
    text = path.read_text().splitlines()[int(line) - 1]
    return text.split("=")[0].strip() == key


def refines(home: Home, name: str, ours: str, theirs: str) -> bool:
    """strato's Location says at least what the AWS CLI's does, down to the line."""
    files = {"~/.aws/config": home.config_path, "~/.aws/credentials": home.credentials_path}
    keys = {
        "access_key": "aws_access_key_id",
        "secret_key": "aws_secret_access_key",
        "region": "region",
    }
    if theirs in ("None", "--profile", "AWS_DEFAULT_REGION"):
        return ours == theirs
    if theirs == "['AWS_DEFAULT_PROFILE', 'AWS_PROFILE']":
        return ours in ("AWS_DEFAULT_PROFILE", "AWS_PROFILE")
    if ours in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        return theirs == "" and ours.endswith(keys[name].split("_", 1)[1].upper())
    path = files.get(ours.rpartition(":")[0])
    if path is None or theirs not in ("", "~/.aws/config"):
        return False
    return key_at(path, ours, keys[name])


def compare(home: Home, *args: str, env: dict[str, str]) -> list[str]:
    """Run both; return strato's Locations after checking everything else is equal."""
    theirs = home.aws_cli("configure", "list", *args, env={**NO_IMDS, **env})
    ours = home.strato("configure", "list", *args, env={**NO_IMDS, **env})
    assert theirs.returncode == 0, theirs.stderr
    assert ours.returncode == 0, ours.stderr
    assert ours.stderr == ""
    their_lines, our_lines = theirs.stdout.splitlines(), ours.stdout.splitlines()
    assert our_lines[:2] == their_lines[:2]
    assert len(our_lines) == len(their_lines) == 6
    for ours_line, theirs_line in zip(our_lines[2:], their_lines[2:], strict=True):
        (our_head, our_where), (their_head, their_where) = split(ours_line), split(theirs_line)
        assert our_head == their_head
        name = our_head.split()[0]
        assert refines(home, name, our_where, their_where), (ours_line, theirs_line)
    return [split(line)[1] for line in our_lines[2:]]


@st.composite
def setups(draw: st.DrawFn) -> tuple[str, str, dict[str, str], list[str]]:
    """Starting files, environment and arguments the AWS CLI handles without a network."""
    profiles = ["default", "dev"]
    credentials, config = "", ""
    for name in profiles:
        credentials += draw(FILLER)
        if draw(st.booleans()):
            credentials += f"[{name}]\n{draw(INSIDE)}"
            credentials += f"aws_access_key_id = {draw(KEY)}\n{draw(FILLER)}"
            credentials += f"aws_secret_access_key = {draw(SECRET)}\n"
        header = "[default]" if name == "default" else f"[profile {name}]"
        config += f"{draw(FILLER)}{header}\n{draw(INSIDE)}"
        if draw(st.booleans()):
            config += f"region = {draw(REGION)}\n"
        if draw(st.booleans()):
            config += f"aws_access_key_id = {draw(KEY)}\naws_secret_access_key = {draw(SECRET)}\n"
    env: dict[str, str] = {}
    if draw(st.booleans()):
        env["AWS_DEFAULT_REGION"] = draw(REGION)
    if draw(st.booleans()):
        env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"] = draw(KEY), draw(SECRET)
    for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        if draw(st.booleans()):
            env[var] = draw(st.sampled_from(profiles))
    args = ["--profile", draw(st.sampled_from(profiles))] if draw(st.booleans()) else []
    return config, credentials, env, args


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(setup=setups())
def test_table_equals_the_aws_cli_except_locations_name_the_line(
    home: Home, setup: tuple[str, str, dict[str, str], list[str]]
) -> None:
    config, credentials, env, args = setup
    home.write(config=config, credentials=credentials)
    compare(home, *args, env=env)


def test_static_keys_and_region_from_files(home: Home) -> None:
    home.write(
        config="[default]\n# mine\nregion = us-west-2\n",
        credentials="[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    )
    where = compare(home, env={})
    assert where == ["None", "~/.aws/credentials:2", "~/.aws/credentials:4", "~/.aws/config:3"]


def test_env_credentials_profile_and_region(home: Home) -> None:
    home.write(config="[profile dev]\nregion = eu-west-1\n", credentials="")
    env = {
        "AWS_PROFILE": "dev",
        "AWS_ACCESS_KEY_ID": "AKIAENVKEY00001",
        "AWS_SECRET_ACCESS_KEY": "envsecret",
        "AWS_DEFAULT_REGION": "ca-central-1",
    }
    where = compare(home, env=env)
    assert where == [
        "AWS_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_DEFAULT_REGION",
    ]


def test_missing_profile_is_one_line_and_exit_1(home: Home) -> None:
    home.write(config="[default]\nregion = us-west-2\n")
    theirs = home.aws_cli("configure", "list", "--profile", "nope", env=NO_IMDS)
    ours = home.strato("configure", "list", "--profile", "nope", env=NO_IMDS)
    assert theirs.returncode == 255
    assert "The config profile (nope) could not be found" in theirs.stderr
    assert (ours.returncode, ours.stdout) == (1, "")
    assert ours.stderr == "strato: The config profile (nope) could not be found\n"


def test_nothing_at_all_is_not_set(home: Home) -> None:
    home.write(config="", credentials="")
    compare(home, env={})


def _remote_rows(home: Home, server: SSOEmulator, env: dict[str, str]) -> dict[str, list[str]]:
    result = home.strato("configure", "list", env={**server.env(), **env})
    assert result.returncode == 0, result.stderr
    rows = {}
    for line in result.stdout.splitlines()[2:]:
        head, where = split(line)
        rows[head.split()[0]] = [*head.split()[1:], where]
    return rows


def test_remote_sources_are_described_and_never_fetched(home: Home, tmp_path: Path) -> None:
    marker = tmp_path / "process-ran"
    script = f"import pathlib; pathlib.Path({str(marker)!r}).touch()"
    home.write(
        config="[profile base]\n"
        "aws_access_key_id = AKIABASE00000001\naws_secret_access_key = s\n"
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/admin\n"
        "source_profile = base\n"
        "[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\n"
        "sso_role_name = Dev\n"
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
        "sso_region = us-east-1\n"
        f"[profile proc]\ncredential_process = {sys.executable} -c {json.dumps(script)}\n"
        "[profile bare]\n",
    )
    with running() as server:
        sts = {"AWS_ENDPOINT_URL_STS": server.url, **NO_IMDS}
        role = _remote_rows(home, server, {"AWS_PROFILE": "role", **sts})
        assert role["access_key"][:2] == ["<not", "fetched>"]
        assert role["access_key"][2] == "assume-role"
        assert "arn:aws:iam::123456789012:role/admin" in role["access_key"][3]
        assert "~/.aws/config:5 [profile role]" in role["access_key"][3]
        sso = _remote_rows(home, server, {"AWS_PROFILE": "sso", **sts})
        assert sso["secret_key"][2:] == [
            "sso",
            "sso role Dev in account 111122223333 via sso-session corp "
            "(~/.aws/config:10 [profile sso])",
        ]
        proc = _remote_rows(home, server, {"AWS_PROFILE": "proc", **sts})
        assert proc["access_key"][2:] == [
            "custom-process",
            "credential_process at ~/.aws/config:15 [profile proc]",
        ]
        container = _remote_rows(
            home,
            server,
            {"AWS_PROFILE": "bare", "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url + "/creds"},
        )
        assert container["access_key"][2:] == [
            "container-role",
            f"container endpoint {server.url}/creds",
        ]
        imds = _remote_rows(home, server, {"AWS_PROFILE": "bare"})
        assert imds["access_key"][2:] == ["iam-role", "instance metadata http://169.254.169.254/"]
        assert server.requests == []
    assert not marker.exists()


def test_verbose_shows_what_each_row_shadowed(home: Home) -> None:
    home.write(
        config="[default]\nregion = us-west-2\n",
        credentials="[default]\naws_access_key_id = AKIAFILE00000001\n"
        "aws_secret_access_key = filesecretABCD\n",
    )
    env = {
        **NO_IMDS,
        "AWS_DEFAULT_REGION": "eu-north-1",
        "AWS_ACCESS_KEY_ID": "AKIAENV000000002",
        "AWS_SECRET_ACCESS_KEY": "envsecretWXYZ",
    }
    result = home.strato("configure", "list", "--verbose", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2:] == [
        "   profile                <not set>             None    None",
        "access_key     ****************0002              env    AWS_ACCESS_KEY_ID",
        "  shadowed     ****************0001 shared-credentials-file    ~/.aws/credentials:2",
        "secret_key     ****************WXYZ              env    AWS_SECRET_ACCESS_KEY",
        "  shadowed     ****************ABCD shared-credentials-file    ~/.aws/credentials:3",
        "    region               eu-north-1              env    AWS_DEFAULT_REGION",
        "  shadowed                us-west-2      config-file    ~/.aws/config:2",
    ]
    assert "filesecret" not in result.stdout and "envsecret" not in result.stdout


def test_all_and_json(home: Home) -> None:
    home.write(
        config="[profile dev]\nregion = eu-west-1\nretry_mode = adaptive\n"
        "s3 =\n  addressing_style = path\n",
    )
    env = {**NO_IMDS, "AWS_MAX_ATTEMPTS": "7"}
    result = home.strato("configure", "list", "--all", "--json", "--profile", "dev", env=env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["profile"] == "dev"
    rows = {row["name"]: row for row in document["rows"]}
    assert list(rows)[:4] == ["profile", "access_key", "secret_key", "region"]
    assert rows["profile"] == {
        "name": "profile",
        "value": "dev",
        "type": "manual",
        "location": "--profile",
        "shadowed": [],
    }
    assert rows["access_key"]["value"] is None
    assert (rows["region"]["value"], rows["region"]["location"]) == ("eu-west-1", "~/.aws/config:2")
    assert (rows["retry_mode"]["value"], rows["retry_mode"]["location"]) == (
        "adaptive",
        "~/.aws/config:3",
    )
    assert (rows["s3.addressing_style"]["value"], rows["s3.addressing_style"]["location"]) == (
        "path",
        "~/.aws/config:5",
    )
    assert (rows["max_attempts"]["type"], rows["max_attempts"]["location"]) == (
        "env",
        "AWS_MAX_ATTEMPTS",
    )
    # Settings at their defaults are not listed.
    assert "defaults_mode" not in rows and "sts_regional_endpoints" not in rows


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    config_names=st.lists(st.sampled_from(["default", "dev", "a b", "prod", "x.y"]), unique=True),
    credential_names=st.lists(st.sampled_from(["default", "prod", "ci", "x.y"]), unique=True),
)
def test_list_profiles_equals_botocores_available_profiles(
    home: Home, config_names: list[str], credential_names: list[str]
) -> None:
    config = "".join(
        f"[{'default' if n == 'default' else f'profile {n}'}]\nregion = r\n" for n in config_names
    )
    credentials = "".join(f"[{n}]\naws_access_key_id = k\n" for n in credential_names)
    home.write(config=config, credentials=credentials)
    with mock.patch.dict(os.environ, home.env, clear=True):
        expected = boto3.Session().available_profiles
    ours = home.strato("configure", "list-profiles", env={"AWS_PROFILE": "missing"})
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.splitlines() == expected
