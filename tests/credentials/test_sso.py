"""botocore 1.44.8 and strato against one SSO emulator, with generated profiles,
sso-session sections, token cache entries and server behaviour: the same credentials
(method, frozen tuple) or the same exception, the same requests in the same order,
and the same token files afterwards.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

import boto3  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato
from conformance._isolation import Home
from emulators.sso import SSOEmulator, running
from strato.exceptions import InvalidConfigError, SSOTokenLoadError

from ._sso_harness import Raised, cache_dir, compare, sha1, write_tokens

ACCOUNTS = ("111122223333", "123456789012")
ROLES = ("Admin", "ReadOnly")
URLS = ("https://a.awsapps.com/start", "https://b.awsapps.com/start")
REGIONS = ("us-east-1", "eu-west-1")
SESSIONS = ("dev", "prod")
CLIENT_ID, CLIENT_SECRET, REFRESH = "client-1", "client-secret-1", "refresh-0"


@pytest.fixture(scope="module")
def emu() -> Iterator[SSOEmulator]:
    with running() as emulator:
        yield emulator


def _at(offset: timedelta) -> str:
    return (datetime.now(UTC) + offset).strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def tokens(draw: st.DrawFn, url: str, region: str) -> Any:
    kind = draw(
        st.sampled_from(
            (
                *("missing", "corrupt", "list", "valid", "expired", "soon", "naive"),
                *("junk-date", "no-access-token", "no-expiry"),
            )
        )
    )
    if kind == "missing":
        return None
    if kind == "corrupt":
        return '{"accessToken": "cached-token", '
    if kind == "list":
        return "[]"
    expires = {
        "valid": _at(timedelta(hours=8)),
        "expired": "2021-01-01T00:00:00Z",
        "soon": _at(timedelta(minutes=5)),
        "naive": "2099-01-01T00:00:00",
        "junk-date": "tomorrow-ish",
    }.get(kind, _at(timedelta(hours=8)))
    token: dict[str, Any] = {"startUrl": url, "region": region}
    if kind != "no-access-token":
        token["accessToken"] = "cached-token"
    if kind != "no-expiry":
        token["expiresAt"] = expires
    registration = draw(st.sampled_from(("2099-01-01T00:00:00Z", "2021-01-01T00:00:00Z")))
    for key, value in (
        ("clientId", CLIENT_ID),
        ("clientSecret", CLIENT_SECRET),
        ("refreshToken", REFRESH),
        ("registrationExpiresAt", registration),
    ):
        if draw(st.integers(0, 4)):
            token[key] = value
    return token


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[str, dict[str, Any], str]:
    legacy = draw(st.booleans())
    lines = ["[profile p]"]
    profile: dict[str, str] = {}
    for key, choices in (
        ("sso_account_id", ACCOUNTS),
        ("sso_role_name", ROLES),
        ("sso_start_url", URLS),
        ("sso_region", REGIONS),
    ):
        if draw(st.integers(0, 5)):
            profile[key] = draw(st.sampled_from(choices))
    if legacy:
        names = [profile.get("sso_start_url", URLS[0])]
    else:
        profile["sso_session"] = draw(st.sampled_from(SESSIONS))
        names = [profile["sso_session"]]
    lines += [f"{k} = {v}" for k, v in profile.items()]
    if not legacy:
        for name in draw(st.sets(st.sampled_from(SESSIONS))):
            lines.append(f"[sso-session {name}]")
            for key, choices in (("sso_start_url", URLS), ("sso_region", REGIONS)):
                if draw(st.integers(0, 4)):
                    lines.append(f"{key} = {draw(st.sampled_from(choices))}")
            if draw(st.booleans()):
                lines.append("sso_registration_scopes = sso:account:access")
    url = profile.get("sso_start_url", URLS[0])
    region = profile.get("sso_region", REGIONS[0])
    cached = {name: draw(tokens(url, region)) for name in names}
    fault = draw(
        st.sampled_from(
            (
                "none",
                "none",
                "unauthorized",
                "only-refreshed",
                "role-not-found",
                "bad-request",
                "role-expired",
                "role-incomplete",
                "invalid-client",
                "refresh-unknown",
            )
        )
    )
    return "\n".join(lines) + "\n", {k: v for k, v in cached.items() if v is not None}, fault


def _script(fault: str) -> Any:
    def script(emu: SSOEmulator) -> None:
        state = emu.state
        if fault != "invalid-client":
            state.clients[CLIENT_ID] = CLIENT_SECRET
        if fault != "refresh-unknown":
            state.refresh_tokens[REFRESH] = CLIENT_ID
        if fault == "unauthorized":
            state.access_tokens = set()
        elif fault == "only-refreshed":
            state.access_tokens = {"access-token-1"}
        elif fault == "role-not-found":
            emu.fail_next(
                "GetRoleCredentials", 404, "ResourceNotFoundException", {"message": "No access"}
            )
        elif fault == "bad-request":
            emu.fail_next(
                "GetRoleCredentials", 400, "InvalidRequestException", {"message": "Bad input"}
            )
        elif fault == "role-expired":
            state.expiration_ms = 1_600_000_000_000
        elif fault == "role-incomplete":
            body = {"roleCredentials": {"accessKeyId": "A", "expiration": 4_102_444_800_000}}
            emu.fail_next("GetRoleCredentials", 200, None, body)

    return script


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios())
def test_generated_sso_profiles_behave_as_botocore(
    home: Home, emu: SSOEmulator, scenario: tuple[str, dict[str, Any], str]
) -> None:
    config, cached, fault = scenario
    home.write_config(config)
    compare(home, emu, "p", cached, _script(fault))


# Hand-picked corners the generator reaches only by luck, each compared the same way.
_SESSION = "[profile p]\nsso_session = dev\nsso_account_id = 1\nsso_role_name = R\n"
_FULL = {
    "accessToken": "cached-token",
    "clientId": CLIENT_ID,
    "clientSecret": CLIENT_SECRET,
    "refreshToken": REFRESH,
    "registrationExpiresAt": "2099-01-01T00:00:00Z",
}


_TOKEN, _ROLE = "/token", "/federation/credentials"


@pytest.mark.parametrize(
    ("config", "cached", "fault", "paths", "outcome"),
    [
        # An expired sso-session token refreshed, written back, then used.
        (
            _SESSION + "[sso-session dev]\nsso_start_url = https://u\nsso_region = us-east-1\n",
            {"dev": {**_FULL, "expiresAt": "2021-01-01T00:00:00Z"}},
            "only-refreshed",
            [_TOKEN, _ROLE],
            "sso",
        ),
        # Refresh refused (unknown refresh token): the expired token is an error.
        (
            _SESSION + "[sso-session dev]\nsso_start_url = https://u\nsso_region = us-east-1\n",
            {"dev": {**_FULL, "expiresAt": "2021-01-01T00:00:00Z"}},
            "refresh-unknown",
            [_TOKEN],
            "TokenRetrievalError",
        ),
        # The sso-session lacks the start URL the profile has (spec 13): error on first use.
        (
            _SESSION + "sso_start_url = https://u\n[sso-session dev]\nsso_region = us-east-1\n",
            {"dev": {**_FULL, "expiresAt": "2099-01-01T00:00:00Z"}},
            "none",
            [],
            "InvalidConfigError",
        ),
        # An empty sso-session section.
        (
            _SESSION + "sso_start_url = https://u\nsso_region = us-east-1\n[sso-session dev]\n",
            {},
            "none",
            [],
            "InvalidConfigError",
        ),
        # Inconsistent values between profile and session.
        (
            _SESSION + "sso_region = eu-west-1\n[sso-session dev]\nsso_region = us-east-1\n",
            {},
            "none",
            [],
            "InvalidConfigError",
        ),
        # SSO beats static keys in the same profile.
        (
            "[profile p]\nsso_account_id = 1\nsso_role_name = R\nsso_start_url = https://u\n"
            "sso_region = us-east-1\naws_access_key_id = A\naws_secret_access_key = S\n",
            {"https://u": {"accessToken": "t", "expiresAt": "2099-01-01T00:00:00Z"}},
            "none",
            [_ROLE],
            "sso",
        ),
        # sso_start_url alone does not make an SSO profile.
        (
            "[profile p]\nsso_start_url = https://u\naws_access_key_id = A\n",
            {},
            "none",
            [],
            "shared-credentials-file",
        ),
    ],
)
def test_sso_corners_behave_as_botocore(
    home: Home,
    emu: SSOEmulator,
    config: str,
    cached: dict[str, Any],
    fault: str,
    paths: list[str],
    outcome: str,
) -> None:
    home.write_config(config)
    home.write_credentials("[p]\naws_access_key_id = A\naws_secret_access_key = S\n")
    ref, _ = compare(home, emu, "p", cached, _script(fault))
    assert [r.path for r in ref.requests] == paths
    found = ref.credentials
    assert (found.name if isinstance(found, Raised) else found[0]) == outcome


# --- strato on its own: what the differential cannot see ---------------------------------

_LEGACY = (
    "[profile p]\nsso_account_id = 1\nsso_role_name = R\nsso_start_url = https://u\n"
    "sso_region = us-east-1\n"
)
_DEV = _SESSION + "[sso-session dev]\nsso_start_url = https://u\nsso_region = us-east-1\n"


@pytest.fixture(autouse=True)
def _endpoints(home: Home, emu: SSOEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every SSO and SSO-OIDC call of the test goes to the emulator, which starts empty."""
    emu.reset()
    for name, value in emu.env().items():
        monkeypatch.setenv(name, value)


def _strato_credentials(emu: SSOEmulator, profile: str = "p") -> Any:
    session = strato.Session(profile_name=profile)
    return session, session.get_credentials()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "[profile p]\nsso_session = nope\nsso_role_name = R\n",
            'The specified sso-session does not exist: "nope"',
        ),
        (
            _SESSION + "sso_region = eu-west-1\n[sso-session dev]\nsso_region = us-east-1\n",
            "The value for sso_region is inconsistent between profile (eu-west-1) and "
            "sso-session (us-east-1).",
        ),
        (
            "[profile p]\nsso_session = dev\nsso_account_id = 1\n[sso-session dev]\nx = y\n",
            'The profile "p" is configured to use SSO but is missing required configuration: '
            "sso_role_name, sso_start_url, sso_region",
        ),
        (
            "[profile p]\nsso_role_name = R\n",
            'The profile "p" is configured to use SSO but is missing required configuration: '
            "sso_account_id, sso_start_url, sso_region",
        ),
    ],
)
def test_configuration_errors_carry_botocores_text(
    home: Home, emu: SSOEmulator, config: str, message: str
) -> None:
    home.write_config(config)
    with pytest.raises(InvalidConfigError) as err:
        _strato_credentials(emu)
    assert str(err.value) == message
    assert emu.requests == []


def test_legacy_token_without_time_zone_is_a_typed_error(home: Home, emu: SSOEmulator) -> None:
    # botocore: a raw TypeError (naive minus aware datetime) on first use (spec 13).
    home.write_config(_LEGACY)
    write_tokens(home, {"https://u": {"accessToken": "t", "expiresAt": "2099-01-01T00:00:00"}})
    _, creds = _strato_credentials(emu)
    with pytest.raises(SSOTokenLoadError) as err:
        creds.get_frozen_credentials()
    assert "expiresAt '2099-01-01T00:00:00' has no time zone" in str(err.value)
    assert "https://u" in str(err.value)
    assert emu.requests == []


def test_corrupt_token_file_is_a_typed_error_naming_the_file(home: Home, emu: SSOEmulator) -> None:
    # botocore: a bare KeyError('<sha1>') from its JSON file cache.
    home.write_config(_LEGACY)
    write_tokens(home, {"https://u": '{"accessToken": '})
    _, creds = _strato_credentials(emu)
    with pytest.raises(SSOTokenLoadError) as err:
        creds.get_frozen_credentials()
    assert f"{sha1('https://u')}.json is not valid JSON" in str(err.value)


def test_credentials_are_deferred_and_cached_per_session(home: Home, emu: SSOEmulator) -> None:
    home.write_config(_LEGACY)
    write_tokens(home, {"https://u": {"accessToken": "t", "expiresAt": "2099-01-01T00:00:00Z"}})
    emu.reset()
    session, creds = _strato_credentials(emu)
    assert creds.method == "sso" and emu.requests == []
    assert creds.account_id == "1"
    assert len(emu.requests) == 1
    # The provider run again in the same session answers from the session's cache.
    from strato.credentials import sso

    again = sso.provide(session.credential_plan(), session._credential_context())
    assert again is not None
    assert again.get_frozen_credentials() == creds.get_frozen_credentials()
    assert len(emu.requests) == 1
    expiry = creds.expiry_time
    assert expiry == datetime.fromtimestamp(4_102_444_800, UTC)


def test_refresh_writes_the_clis_format_atomically_and_privately(
    home: Home, emu: SSOEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    home.write_config(_DEV)
    write_tokens(home, {"dev": {**_FULL, "expiresAt": "2021-01-01T00:00:00Z", "extra": 1}})
    emu.reset()
    _script("only-refreshed")(emu)
    caplog.set_level(logging.DEBUG)
    _, creds = _strato_credentials(emu)
    assert creds.token == "session-access-token-1"
    path = cache_dir(home) / f"{sha1('dev')}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(cache_dir(home).glob("*.tmp"))
    written = json.loads(path.read_text())
    assert list(written) == [
        "startUrl",
        "region",
        "accessToken",
        "expiresAt",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
        "refreshToken",
    ]
    assert written["accessToken"] == "access-token-1"
    assert written["refreshToken"] == "refresh-token-1"
    datetime.strptime(written["expiresAt"], "%Y-%m-%dT%H:%M:%SZ")
    messages = [r.getMessage() for r in caplog.records if r.name == "strato.tokens"]
    assert "Loading cached SSO token for dev" in messages
    assert "SSO Token refresh succeeded" in messages
    logged = caplog.text + repr(creds)
    for secret in ("access-token-1", "refresh-token-1", CLIENT_SECRET, REFRESH, "cached-token"):
        assert secret not in logged


def test_edge_84_sso_token_cache_follows_the_current_home(
    home: Home, emu: SSOEmulator, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # botocore fixes ~/.aws/sso/cache when it is imported; strato reads HOME when it
    # loads a token (a compatibility row).
    other = tmp_path_factory.mktemp("other-home")
    home.write_config(_LEGACY)
    token = {"accessToken": "moved", "expiresAt": "2099-01-01T00:00:00Z"}
    folder = other / ".aws" / "sso" / "cache"
    folder.mkdir(parents=True)
    (folder / f"{sha1('https://u')}.json").write_text(json.dumps(token))
    emu.reset()
    with mock.patch.dict(os.environ, {"HOME": str(other)}):
        _, creds = _strato_credentials(emu)
        assert creds.token == "session-moved"


def test_nested_block_fails_on_first_use_naming_the_line(home: Home, emu: SSOEmulator) -> None:
    # botocore also returns SSO credentials here and fails only when they are read (it
    # sends the block as the account id); strato says which key and line.
    home.write_config(_LEGACY.replace("sso_account_id = 1\n", "sso_account_id =\n  a = 1\n"))
    assert boto3.Session(profile_name="p").get_credentials().method == "sso"
    _, creds = _strato_credentials(emu)
    assert creds.method == "sso"
    with pytest.raises(InvalidConfigError) as err:
        creds.get_frozen_credentials()
    assert str(err.value).startswith("sso_account_id at ")
    assert str(err.value).endswith(":2 [profile p] is a nested block; expected a value")
    assert emu.requests == []
