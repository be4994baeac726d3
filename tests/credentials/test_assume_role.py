"""assume-role against moto, side by side with botocore: the credentials, the STS
requests in order (parameters, which key signed them), and the errors.

moto runs once per test session; a recording proxy in front of it (tests/emulators/
recorder.py) shows what each library sent. Spec 2.4, edge cases 32-40 and 83.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3  # type: ignore[import-untyped]
import botocore.exceptions  # type: ignore[import-untyped]
import pytest

import strato
from conformance._isolation import Home
from emulators.container import ContainerEmulator
from emulators.recorder import Answer, Recorder
from integration._servers import Server, reset_moto_auth
from strato.credentials.cache import MemoryCache, cache_key
from strato.credentials.objects import RefreshableCredentials
from strato.exceptions import (
    InfiniteLoopConfigError,
    InvalidConfigError,
    PartialCredentialsError,
    RefreshWithMFAUnsupportedError,
)

from ._roles import REGION, both, observe, sts

__all__ = ["sts"]  # the fixture

ARN = "arn:aws:iam::123456789012:role/"


def test_source_profile_with_static_keys(home: Home, sts: Recorder) -> None:
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\nexternal_id = ext-1\n"
        "duration_seconds = 1800\nrole_session_name = named\n"
    )
    home.write_credentials("[b]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = s\n")
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.credentials["method"] == "assume-role"
    assert ours.credentials["frozen"] == ("issued#0", "issued#0", "issued#0", "123456789012")
    ((method, path, params, signer, token),) = ours.requests
    assert (method, path, signer, token) == ("POST", "/", "AKIDSTATIC", None)
    assert params == (
        ("Action", "AssumeRole"),
        ("RoleSessionName", "named"),
        ("ExternalId", "ext-1"),
        ("DurationSeconds", "1800"),
        ("RoleArn", f"{ARN}a"),
    )


def test_edge_39_chained_roles_sign_each_call_with_the_hop_below(home: Home, sts: Recorder) -> None:
    home.write_config(
        f"[profile r2]\nrole_arn = {ARN}r2\nsource_profile = r1\nexternal_id = x2\n"
        "duration_seconds = 1200\nrole_session_name = s2\n"
        f"[profile r1]\nrole_arn = {ARN}r1\nsource_profile = base\n"
    )
    home.write_credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    _, ours = both(home, sts, kwargs={"profile_name": "r2"})
    first, second = ours.requests
    assert first[2][-1] == ("RoleSessionName", "botocore-session-N")
    assert first[3:] == ("AKIDBASE", None)
    assert dict(second[2])["ExternalId"] == "x2" and second[3:] == ("issued#0", "issued#0")
    assert ours.credentials["frozen"][:3] == ("issued#1",) * 3


def test_credential_source_environment_works_with_an_explicit_profile(
    home: Home, sts: Recorder
) -> None:
    home.write_config(f"[profile a]\nrole_arn = {ARN}a\ncredential_source = Environment\n")
    home.env.update({"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"})
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.requests[0][3] == "AKIDENV"


def test_credential_source_environment_without_keys(home: Home, sts: Recorder) -> None:
    home.write_config(f"[profile a]\nrole_arn = {ARN}a\ncredential_source = Environment\n")
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.credentials.name == "CredentialRetrievalError"
    assert "No credentials found in credential_source referenced in profile a" in (
        ours.credentials.message
    )


def test_edge_32_cycle(home: Home, sts: Recorder) -> None:
    home.write_config(
        f"[profile loopa]\nrole_arn = {ARN}a\nsource_profile = loopb\n"
        f"[profile loopb]\nrole_arn = {ARN}b\nsource_profile = loopa\n"
    )
    _, ours = both(home, sts, kwargs={"profile_name": "loopa"})
    assert ours.credentials.name == "InfiniteLoopConfigError"
    assert ours.credentials.message.endswith("Visited profiles: ['loopa', 'loopb']")


def test_edge_33_self_reference_with_static_keys_signs_with_them(home: Home, sts: Recorder) -> None:
    home.write_config(
        f"[profile me]\nrole_arn = {ARN}me\nsource_profile = me\n"
        "aws_access_key_id = AKIDSELF\naws_secret_access_key = s\n"
    )
    _, ours = both(home, sts, kwargs={"profile_name": "me"})
    assert ours.requests[0][3] == "AKIDSELF"
    home.write_config(f"[profile me]\nrole_arn = {ARN}me\nsource_profile = me\n")
    _, ours = both(home, sts, kwargs={"profile_name": "me"})
    assert ours.credentials.name == "InfiniteLoopConfigError"


def test_edge_34_static_keys_beside_role_arn_are_not_a_source(home: Home, sts: Recorder) -> None:
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\naws_access_key_id = K\naws_secret_access_key = S\n"
    )
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.credentials.message == (
        "Partial credentials found in assume-role, missing: source_profile or credential_source"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "source_profile = b\ncredential_source = Environment\n",
            'The profile "a" contains both source_profile and credential_source.',
        ),
        (
            "credential_source = environment\n",
            'The credential source "environment" referenced in profile "a" is not valid.',
        ),
        (
            "credential_source = SharedCredentials\n",
            'The credential source "SharedCredentials" referenced in profile "a" is not valid.',
        ),
        (
            "source_profile = nope\n",
            'The source_profile "nope" referenced in the profile "a" does not exist.',
        ),
        ("source_profile = w\n", 'The source profile "w" must have credentials.'),
    ],
)
def test_edge_35_40_validation_errors(home: Home, sts: Recorder, extra: str, message: str) -> None:
    home.write_config(f"[profile a]\nrole_arn = {ARN}a\n{extra}[profile w]\nregion = eu-west-1\n")
    home.env.update({"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"})
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.credentials.message == message and not ours.requests


def test_spec_13_source_profile_with_only_a_secret_or_only_a_key(home: Home, sts: Recorder) -> None:
    home.write_config(f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\n")
    home.write_credentials("[b]\naws_secret_access_key = s\n")
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.credentials.name == "InvalidConfigError"
    home.write_credentials("[b]\naws_access_key_id = AKID\n")
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.credentials.name == "PartialCredentialsError"


def test_edge_36_duration_that_is_not_an_integer_is_ignored(home: Home, sts: Recorder) -> None:
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\nduration_seconds = abc\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert "DurationSeconds" not in dict(ours.requests[0][2])


def test_edge_37_short_lived_credentials(home: Home, sts: Recorder) -> None:
    """botocore calls STS on every read of 15-minute credentials; strato follows the
    cross-SDK refresh rules for them (refreshable.py, its compatibility row): one call."""
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\nduration_seconds = 900\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    env = dict(home.env)
    reference = observe("botocore", sts, env, {"profile_name": "a"}, reads=3)
    ours = observe("strato", sts, env, {"profile_name": "a"}, reads=3)
    assert len(reference.requests) == 3
    assert ours.requests == reference.requests[:1]
    assert ours.credentials["frozen"] == ("issued#0",) * 3 + ("123456789012",)
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\nduration_seconds = 3600\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    _, ours = both(home, sts, kwargs={"profile_name": "a"}, reads=3)
    assert len(ours.requests) == 1


def test_edge_38_mfa_prompt_token_code_and_no_second_refresh(home: Home, sts: Recorder) -> None:
    serial = "arn:aws:iam::123456789012:mfa/user"
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\nmfa_serial = {serial}\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    prompts: list[str] = []

    def prompter(text: str) -> str:
        prompts.append(text)
        return "123456"

    _, ours = both(home, sts, kwargs={"profile_name": "a"}, prompter=prompter)
    assert prompts == [f"Enter MFA code for {serial}: "] * 2  # once per library
    assert dict(ours.requests[0][2])["TokenCode"] == "123456"
    assert dict(ours.requests[0][2])["SerialNumber"] == serial
    creds = strato.Session(profile_name="a", mfa_prompter=prompter).get_credentials()
    assert isinstance(creds, RefreshableCredentials)
    creds.get_frozen_credentials()
    creds._expiry_time = datetime.now(UTC)  # force the next read to refresh
    with pytest.raises(RefreshWithMFAUnsupportedError):
        creds.get_frozen_credentials()


def test_edge_83_no_region_uses_the_global_endpoint(home: Home) -> None:
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    made: list[Any] = []
    session = strato.Session(profile_name="a")
    factory = session._credential_client

    def spy(service: str, **kwargs: Any) -> Any:
        client = factory(service, **kwargs)
        made.append(client)
        raise _Stop

    session._credential_client = spy  # type: ignore[method-assign,assignment]
    creds = session.get_credentials()
    assert creds is not None
    with pytest.raises(_Stop):
        creds.get_frozen_credentials()
    assert made[0].meta.endpoint_url == "https://sts.amazonaws.com"
    assert made[0].meta.region_name == "aws-global"


class _Stop(Exception):
    """Ends a test at the moment a client was made."""


def test_spec_13_endpoint_url_and_no_region_is_no_region_error(home: Home, sts: Recorder) -> None:
    home.env.pop("AWS_DEFAULT_REGION")
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.credentials.name == "NoRegionError"


def test_spec_13_short_role_arn_fails_validation_without_a_request(
    home: Home, sts: Recorder
) -> None:
    home.write_config(
        "[profile a]\nrole_arn = arn:short\nsource_profile = b\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.credentials.name == "ParamValidationError" and not ours.requests


def test_malformed_long_arn_is_sent_and_has_no_account(home: Home, sts: Recorder) -> None:
    sts.script.append(_answer("not-an-arn-at-all/x", expires_in=3600))
    home.write_config(
        "[profile a]\nrole_arn = this-is-not-an-arn-but-long\nsource_profile = b\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    ours = observe("strato", sts, dict(home.env), {"profile_name": "a"})
    assert ours.credentials["frozen"] == ("issued#0", "issued#0", "issued#0", None)
    assert dict(ours.requests[0][2])["RoleArn"] == "this-is-not-an-arn-but-long"


def _answer(assumed_arn: str, expires_in: int) -> Answer:
    expiry = (datetime.now(UTC) + timedelta(seconds=expires_in)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = (
        '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>'
        "<Credentials><AccessKeyId>ASIASCRIPTED</AccessKeyId>"
        f"<SecretAccessKey>secret{expires_in}</SecretAccessKey>"
        f"<SessionToken>token{expires_in}</SessionToken><Expiration>{expiry}</Expiration>"
        f"</Credentials><AssumedRoleUser><AssumedRoleId>AROA:x</AssumedRoleId><Arn>{assumed_arn}"
        "</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId>"
        "</ResponseMetadata></AssumeRoleResponse>"
    )
    return Answer(200, body.encode())


def test_shared_cache_reuses_a_response_with_more_than_15_minutes_left(
    home: Home, sts: Recorder
) -> None:
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\nexternal_id = e1\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    cache = MemoryCache()
    first = strato.Session(profile_name="a", credential_cache=cache).get_credentials()
    second = strato.Session(profile_name="a", credential_cache=cache).get_credentials()
    assert first is not None and second is not None
    assert first.get_frozen_credentials() == second.get_frozen_credentials()
    assert len(sts.take()) == 1
    key = cache_key({"RoleArn": f"{ARN}a", "ExternalId": "e1"})
    entry = cache.get(key)
    assert entry is not None and entry["Credentials"]["AccountId"] == "123456789012"
    # Ten minutes left: not reused.
    entry["Credentials"]["Expiration"] = (datetime.now(UTC) + timedelta(minutes=10)).isoformat()
    cache.put(key, entry)
    third = strato.Session(profile_name="a", credential_cache=cache).get_credentials()
    assert third is not None
    assert third.access_key != first.access_key
    assert len(sts.take()) == 1


def test_cache_key_is_botocores(home: Home) -> None:
    assert cache_key({"RoleArn": "arn:aws:iam::666666666666:role/mixed"}) == (
        "377842a57e6ad26938a5d7160302be4e3772dfcf"
    )


def test_the_call_is_deferred_until_first_read(home: Home, sts: Recorder) -> None:
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    creds = strato.Session(profile_name="a").get_credentials()
    assert creds is not None and creds.method == "assume-role" and not sts.take()
    assert creds.account_id == "123456789012"
    assert len(sts.take()) == 1
    assert "TOPSECRET" not in repr(creds)
    assert creds.source == (
        f"assume-role {ARN}a ({home.root}/.aws/config:2 [profile a]) <- source_profile b <- "
        "static keys (~/.aws/config:5 [profile b])".replace("~", str(home.root))
    )


def test_default_session_name_is_the_epoch_when_the_provider_ran(home: Home, sts: Recorder) -> None:
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\nrole_session_name =\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    before = int(time.time())
    creds = strato.Session(profile_name="a").get_credentials()
    assert creds is not None
    creds.get_frozen_credentials()
    ((request, _),) = sts.take()
    # An empty name keeps its place at the front and becomes the default.
    name, value = request.params[2]  # after Action and Version
    assert name == "RoleSessionName"
    assert before <= int(value.removeprefix("botocore-session-")) <= int(time.time())


def test_typed_errors_for_nested_blocks(home: Home) -> None:
    home.write_config("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile =\n  x = y\n")
    with pytest.raises(
        InvalidConfigError, match=r"source_profile at \S*config:3 \[profile a\] is a nested"
    ):
        strato.Session(profile_name="a").get_credentials()


def test_exception_classes_are_botocores_family() -> None:
    assert issubclass(InfiniteLoopConfigError, InvalidConfigError)
    assert PartialCredentialsError.__name__ == "PartialCredentialsError"


@pytest.fixture
def enforced_keys(moto_server: Server, sts: Recorder) -> Iterator[tuple[str, str]]:
    """An IAM user allowed everything, made while auth is off; auth is on in the test."""
    admin = strato.Session(
        aws_access_key_id="AKIDMOTO000000000000", aws_secret_access_key="x", region_name=REGION
    )
    iam = admin.client("iam", endpoint_url=moto_server.url)
    name = f"role-auth-{uuid.uuid4().hex[:10]}"
    iam.create_user(UserName=name)
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    iam.put_user_policy(UserName=name, PolicyName="all", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    reset_moto_auth(moto_server, "0")
    try:
        yield key["AccessKeyId"], key["SecretAccessKey"]
    finally:
        reset_moto_auth(moto_server, "inf")


def test_signature_enforced_source_keys_sign_assume_role(
    home: Home, sts: Recorder, enforced_keys: tuple[str, str]
) -> None:
    key_id, secret = enforced_keys
    home.write_config(f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\n")
    home.write_credentials(f"[b]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n")
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.credentials["method"] == "assume-role"
    assert ours.requests[0][3] == key_id
    # A wrong secret: moto refuses the signature, and both libraries say so alike.
    home.write_credentials(
        f"[b]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret[:-4]}XXXX\n"
    )
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.credentials.name == "ClientError"
    assert "SignatureDoesNotMatch" in ours.credentials.message


def test_a_failed_chain_fails_the_same_way_again(home: Home) -> None:
    """botocore's provider remembers visited profiles across calls, so its second call
    reports a loop; strato plans afresh (docs/compatibility.md)."""
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\n[profile b]\nregion = x\n"
    )
    session = strato.Session(profile_name="a")
    for _ in range(2):
        with pytest.raises(
            InvalidConfigError, match='The source profile "b" must have credentials'
        ):
            session.get_credentials()
    reference = boto3.Session(profile_name="a")
    with pytest.raises(botocore.exceptions.InvalidConfigError):
        reference.get_credentials()
    with pytest.raises(botocore.exceptions.InfiniteLoopConfigError):
        reference.get_credentials()


def test_an_unreadable_cached_response_is_fetched_again(
    home: Home, sts: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = b\n"
        "[profile b]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
    )
    cache = MemoryCache()
    cache.put(cache_key({"RoleArn": f"{ARN}a"}), {"Credentials": {"AccessKeyId": "OLD"}})
    creds = strato.Session(profile_name="a", credential_cache=cache).get_credentials()
    assert creds is not None and creds.access_key != "OLD"
    assert len(sts.take()) == 1
    assert "Ignoring a cached role response that cannot be read." in caplog.text


def test_spec_13_container_source_is_fetched_eagerly(
    home: Home, sts: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """credential_source = EcsContainer: the container GET happens in get_credentials(),
    only the STS call waits for the first read; alike in botocore and strato."""
    container = ContainerEmulator()
    container.start()
    try:
        home.env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = container.full_uri
        monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", container.full_uri)
        home.write_config(f"[profile a]\nrole_arn = {ARN}a\ncredential_source = EcsContainer\n")
        _, ours = both(home, sts, kwargs={"profile_name": "a"})
        assert ours.requests[0][3:] == ("ASIACONTAINER", "container-session-token")
        container.reset()
        creds = strato.Session(profile_name="a").get_credentials()
        assert creds is not None and len(container.requests) == 1 and not sts.take()
    finally:
        container.stop()


def test_hops_making_the_same_request_do_not_deadlock_on_the_cache_lock(
    home: Home, sts: Recorder
) -> None:
    """Both hops assume the same role with the same parameters, so they share a cache
    key: the outer hop's fetch, holding the key, reads the inner one."""
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}same\nsource_profile = b\n"
        f"[profile b]\nrole_arn = {ARN}same\nsource_profile = c\n"
        "[profile c]\naws_access_key_id = AKIDC\naws_secret_access_key = s\n"
    )
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert [request[3] for request in ours.requests] == ["AKIDC", "issued#0"]


def test_edge_40_source_profile_using_credential_process(home: Home, sts: Recorder) -> None:
    script = home.root / "creds.py"
    document = {"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "p"}
    script.write_text(f"import json\nprint(json.dumps({document!r}))\n")
    home.write_config(
        f"[profile a]\nrole_arn = {ARN}a\nsource_profile = p\n"
        f"[profile p]\ncredential_process = {sys.executable} {script}\n"
    )
    _, ours = both(home, sts, kwargs={"profile_name": "a"})
    assert ours.requests[0][3:] == ("AKIDPROC", None)
