"""aws-sdk-go (v1) ``ssocreds`` fixtures (see their EXPECTATIONS.md) and smithy-rs's SSO
cache file names, replayed through strato and, where the clock allows, botocore.

Not replayed: ``custom_cached_token.json`` (it goes with aws-sdk-go's explicit
cache-file-path option, which botocore does not have).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

import strato
import strato.credentials.refreshable
import strato.credentials.sso_token
from conformance._isolation import Home
from emulators.sso import SSOEmulator, running
from strato.credentials.sso_token import cache_file
from strato.exceptions import SSOTokenLoadError, UnauthorizedSSOTokenError

from ._sso_harness import Raised, compare, sha1

FIXTURES = (
    Path(__file__).parent.parent / "data" / "conformance" / "aws-sdk-go-v1-credential-fixtures"
) / "ssocreds"
#: The upstream tests' clock: after b5f90…'s expiry, before 00126f…'s.
GO_NOW = datetime(2021, 1, 19, 19, 0, tzinfo=UTC)
SESSION_PROFILE = (
    "[profile p]\nsso_session = dev\nsso_account_id = 012345678901\nsso_role_name = R\n"
    "[sso-session dev]\nsso_start_url = https://start\nsso_region = us-east-1\n"
)


def _fixture(name: str) -> Any:
    text = (FIXTURES / name).read_text()
    try:
        return json.loads(text)
    except ValueError:
        return text


@pytest.fixture(scope="module")
def emu() -> Iterator[SSOEmulator]:
    with running() as emulator:
        yield emulator


@pytest.fixture(autouse=True)
def _endpoints(home: Home, emu: SSOEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in emu.env().items():
        monkeypatch.setenv(name, value)
    emu.reset()


@pytest.mark.parametrize(
    ("name", "start_url"),
    [
        ("00126f0eb29dc1310529dcc8fc178693e1493135", "https://valid-required-only"),
        ("b5f90cb535abf87a12eb4c57db2b1e837e229ea0", "https://expired"),
        ("f7f7ff326478d8c33d47eeb3408cf1c783cb611e", "https://invalid-required"),
        # smithy-rs default-credential-provider-chain/sso_* cache names (EXPECTATIONS.md).
        ("34c6fceca75e456f25e7e99531e2425c6c1de443", "dev"),
        ("dace00cba5f8355ec9d274ceb2bcebdfbeed0e12", "https://ssotest.awsapps.com/start"),
    ],
)
def test_cache_file_names(name: str, start_url: str) -> None:
    assert Path(cache_file(start_url, "/d")) == Path("/d") / f"{name}.json"


@pytest.mark.parametrize(
    ("start_url", "expected"),
    [
        ("https://valid-required-only", "credentials"),
        ("https://expired", UnauthorizedSSOTokenError),
        ("https://invalid-required", SSOTokenLoadError),  # empty accessToken and expiresAt
    ],
)
def test_legacy_cache_files_at_the_upstream_clock(
    home: Home, emu: SSOEmulator, start_url: str, expected: Any
) -> None:
    home.write_config(
        "[profile p]\nsso_account_id = 012345678901\nsso_role_name = R\n"
        f"sso_start_url = {start_url}\nsso_region = us-east-1\n"
    )
    folder = home.root / ".aws" / "sso" / "cache"
    folder.mkdir(parents=True)
    name = f"{sha1(start_url)}.json"
    (folder / name).write_bytes((FIXTURES / name).read_bytes())
    with (
        mock.patch.object(strato.credentials.sso_token, "_now", lambda: GO_NOW),
        mock.patch.object(strato.credentials.refreshable, "_now", lambda: GO_NOW),
    ):
        creds = strato.Session(profile_name="p").get_credentials()
        assert creds is not None
        if expected == "credentials":
            assert creds.get_frozen_credentials().account_id == "012345678901"
            (sent,) = emu.requests
            token = _fixture(name)["accessToken"]
            assert dict(sent.headers)["x-amz-sso_bearer_token"] == token
        else:
            with pytest.raises(expected):
                creds.get_frozen_credentials()
            assert emu.requests == []


def _script(emu: SSOEmulator) -> None:
    emu.state.clients["client id"] = "client secret"
    emu.state.refresh_tokens["refresh token"] = "client id"


#: fixture -> what the sso-session flow does with it today, in both libraries. Where
#: aws-sdk-go expected otherwise, the comment says why botocore (and strato) differ.
SESSION_CASES = {
    "valid_token.json": "credentials",
    "invalid_json.json": "SSOTokenLoadError",  # botocore: bare KeyError
    "missing_accessToken.json": "SSOTokenLoadError",
    "missing_expiresAt.json": "SSOTokenLoadError",
    "missing_clientId.json": "TokenRetrievalError",
    "missing_clientSecret.json": "TokenRetrievalError",
    "missing_refreshToken.json": "TokenRetrievalError",
    # aws-sdk-go refreshes it; botocore also needs registrationExpiresAt, which the
    # fixture lacks, so the expired token is an error (strato follows botocore).
    "expired_token.json": "TokenRetrievalError",
}


@pytest.mark.parametrize("fixture", sorted(SESSION_CASES))
def test_go_fixtures_as_sso_session_tokens_match_botocore(
    home: Home, emu: SSOEmulator, fixture: str
) -> None:
    home.write_config(SESSION_PROFILE)
    ref, _ = compare(home, emu, "p", {"dev": _fixture(fixture)}, _script)
    outcome = ref.credentials
    if isinstance(outcome, Raised) and outcome.family == "raw":
        assert outcome.name == "KeyError"
        kind = "SSOTokenLoadError"  # what strato raised, checked by compare()
    else:
        kind = outcome.name if isinstance(outcome, Raised) else "credentials"
    assert kind == SESSION_CASES[fixture]


def test_expired_token_with_a_registration_is_refreshed_and_written_back(
    home: Home, emu: SSOEmulator
) -> None:
    # The upstream refresh test, with the registration expiry botocore requires.
    home.write_config(SESSION_PROFILE)
    token = {**_fixture("expired_token.json"), "registrationExpiresAt": "2044-04-04T07:00:01Z"}
    _, got = compare(home, emu, "p", {"dev": token}, _script)
    assert [r.path for r in got.requests] == ["/token", "/federation/credentials"]
    written = got.files[f"{sha1('dev')}.json"]
    assert written["accessToken"] == "access-token-1"
    assert written["refreshToken"] == "refresh-token-1"
    assert "unknownField" not in written  # botocore writes only the fields it knows
