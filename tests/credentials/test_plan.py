"""The profile plan as data: role hops and their base source, made without network,
with botocore's validation order (spec 2.4 list 1-5) and cycle rule."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

import strato
from conformance._isolation import Home
from strato.config.files import load_config_file
from strato.credentials.plan import describe_profile, plan_roles
from strato.exceptions import InfiniteLoopConfigError, InvalidConfigError, PartialCredentialsError


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Planning never opens a connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("planning tried the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield


def test_describe_names_each_hop_with_its_line(home: Home) -> None:
    home.write_config(
        "[profile a]\nregion = x\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
        "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n"
        "external_id = secret-ish\n"
    )
    home.write_credentials("[c]\n\naws_access_key_id = AKID\naws_secret_access_key = TOPSECRET\n")
    plan = strato.Session(profile_name="a").credential_plan()
    cfg, creds = home.config, home.credentials
    expected = (
        f"assume-role arn:aws:iam::1:role/a ({cfg}:3 [profile a]) <- source_profile b <- "
        f"assume-role arn:aws:iam::1:role/b ({cfg}:6 [profile b]) <- source_profile c <- "
        f"static keys ({creds}:3 [c])"
    )
    assert plan.profile_chain() == expected
    assert f"assume-role: {expected}" in plan.describe()
    assert "TOPSECRET" not in "\n".join(plan.describe())


def test_describe_credential_source_and_other_bases(home: Home) -> None:
    home.write_config(
        "[profile a]\nrole_arn = arn:aws:iam::1:role/a\ncredential_source = EcsContainer\n"
        "[profile p]\ncredential_process = /bin/echo\n"
        "[profile s]\nsso_account_id = 1\n"
        "[profile w]\nrole_arn = arn:aws:iam::1:role/w\nweb_identity_token_file = /t\n"
        "[profile e]\nregion = x\n"
    )
    cfg = home.config
    profiles = load_config_file(str(cfg)).profiles
    assert describe_profile("a", profiles) == (
        f"assume-role arn:aws:iam::1:role/a ({cfg}:2 [profile a]) <- "
        f"credential_source EcsContainer ({cfg}:3 [profile a])"
    )
    assert describe_profile("p", profiles) == f"credential_process ({cfg}:5 [profile p])"
    assert describe_profile("s", profiles) == f"sso ({cfg}:7 [profile s])"
    assert describe_profile("w", profiles) == f"web identity ({cfg}:10 [profile w])"
    assert describe_profile("e", profiles) == "no credentials in [profile e]"


def test_hops_carry_the_request_in_botocores_order(home: Home) -> None:
    home.write_config(
        "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = a\n"
        "aws_access_key_id = K\nduration_seconds = 1_000\nmfa_serial = m\n"
        "external_id = e\nrole_session_name = n\n"
    )
    profiles = load_config_file(str(home.config)).profiles
    plan = plan_roles("a", profiles)
    (hop,) = plan.hops
    assert hop.request() == {
        "RoleSessionName": "n",
        "ExternalId": "e",
        "SerialNumber": "m",
        "DurationSeconds": 1000,  # int() as botocore, underscores and all
        "RoleArn": "arn:aws:iam::1:role/a",
    }
    assert plan.source.name == "a" and plan.source.method is None


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        # 1 before 3: both keys, even with an invalid credential source
        (
            "[profile a]\nrole_arn=r\nsource_profile=nope\ncredential_source=bad\n",
            InvalidConfigError,
            'The profile "a" contains both source_profile and credential_source.',
        ),
        (
            "[profile a]\nrole_arn=r\naws_access_key_id=K\naws_secret_access_key=S\n",
            PartialCredentialsError,
            "Partial credentials found in assume-role, missing: source_profile or "
            "credential_source",
        ),
        (
            "[profile a]\nrole_arn=r\ncredential_source=Ec2instancemetadata\n",
            InvalidConfigError,
            'The credential source "Ec2instancemetadata" referenced in profile "a" is not valid.',
        ),
        # A later hop's error comes after the earlier hops validated.
        (
            "[profile a]\nrole_arn=r\nsource_profile=b\n"
            "[profile b]\nrole_arn=r\nsource_profile=z\n",
            InvalidConfigError,
            'The source_profile "z" referenced in the profile "b" does not exist.',
        ),
        (
            "[profile a]\nrole_arn=r\nsource_profile=b\n[profile b]\nrole_arn=r\nsource_profile=c\n"
            "[profile c]\nrole_arn=r\nsource_profile=b\n",
            InfiniteLoopConfigError,
            "Infinite loop in credential configuration detected. Attempting to load from "
            "profile b which has already been visited. Visited profiles: ['a', 'b', 'c']",
        ),
        # A source profile that names itself without static keys is a loop too.
        (
            "[profile a]\nrole_arn=r\nsource_profile=b\n"
            "[profile b]\nrole_arn=r\nsource_profile=b\n",
            InfiniteLoopConfigError,
            "Infinite loop in credential configuration detected. Attempting to load from "
            "profile b which has already been visited. Visited profiles: ['a', 'b']",
        ),
    ],
)
def test_validation_order(home: Home, text: str, error: type[Exception], message: str) -> None:
    profiles = load_config_file(str(home.write_config(text))).profiles
    with pytest.raises(error) as caught:
        plan_roles("a", profiles)
    assert str(caught.value) == message
    assert type(caught.value) is error
    # The session shows the same error in its plan, without raising.
    assert strato.Session(profile_name="a").credential_plan().profile_chain() == (
        f"profile a: invalid: {message}"
    )


def test_static_keys_beat_a_source_profiles_own_role(home: Home) -> None:
    home.write_config(
        "[profile a]\nrole_arn=arn:aws:iam::1:role/a\nsource_profile=b\n"
        "[profile b]\nrole_arn=arn:aws:iam::1:role/b\nsource_profile=a\n"
        "aws_secret_access_key=S\n"
    )
    plan = plan_roles("a", load_config_file(str(home.config)).profiles)
    assert [hop.profile for hop in plan.hops] == ["a"]
    assert plan.source.name == "b"


def test_plan_without_role_describes_steps_only(home: Home) -> None:
    home.write_config("[default]\nregion = x\n")
    lines = strato.Session().credential_plan().describe()
    assert lines[1] == "assume-role: profile default"


def test_environment_first_means_no_validation(home: Home) -> None:
    home.write_config("[default]\nrole_arn = r\n")
    home.env.update({"AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S"})
    with home.active(**home.env):
        creds = strato.Session().get_credentials()
    assert creds is not None and creds.method == "env"
