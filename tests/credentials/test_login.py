"""The ``login`` provider: botocore 1.44.8 (with a CRT stand-in, as ``botocore[crt]``)
and strato against one Sign-In emulator, the upstream conformance cases, the cache
directory rules, and the missing-dependency error.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import boto3  # type: ignore[import-untyped]
import botocore.credentials  # type: ignore[import-untyped]
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strato
import strato.credentials.login
import strato.credentials.refreshable
from conformance._isolation import Home
from emulators.sso import SSOEmulator, running
from strato.exceptions import LoginTokenLoadError, MissingDependencyException, StratoError

from ._crt_ec import EC, verify_dpop
from ._sso_harness import Raised, same

DATA = Path(__file__).parent.parent / "data" / "conformance"
SUITES = {
    "botocore": DATA / "botocore-login-provider" / "login-provider-test-cases.json",
    "smithy-rs": DATA / "smithy-rs-aws-config" / "login-provider-test-cases.json",
}
SESSION = "arn:aws:sts::012345678910:assumed-role/Admin/admin"
CLIENT = "arn:aws:signin:::devtools/same-device"
CONFIG = f"[profile signin]\nlogin_session = {SESSION}\nregion = us-east-1\n"


def _pem(key: ec.EllipticCurvePrivateKey, fmt: serialization.PrivateFormat) -> str:
    return key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption()).decode()


_KEY = ec.generate_private_key(ec.SECP256R1())
KEYS = {
    "pkcs8": _pem(_KEY, serialization.PrivateFormat.PKCS8),
    "sec1": _pem(_KEY, serialization.PrivateFormat.TraditionalOpenSSL),
    "junk": "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
}


def cache_name(session: str) -> str:
    import hashlib

    return hashlib.sha256(session.encode()).hexdigest() + ".json"


@pytest.fixture(scope="module")
def emu() -> Iterator[SSOEmulator]:
    with running() as emulator:
        yield emulator


@pytest.fixture
def cache(home: Home, emu: SSOEmulator, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The login cache directory (through AWS_LOGIN_CACHE_DIRECTORY) and the endpoints."""
    folder = home.root / "login-cache"
    monkeypatch.setenv("AWS_LOGIN_CACHE_DIRECTORY", str(folder))
    for name, value in emu.env().items():
        monkeypatch.setenv(name, value)
    emu.reset()
    return folder


def _write(folder: Path, files: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for entry in folder.iterdir():
        entry.unlink()
    for name, data in files.items():
        text = data if isinstance(data, str) else json.dumps(data)
        (folder / name).write_text(text, encoding="utf-8")


def _read(folder: Path) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entry in sorted(folder.glob("*.json")):
        try:
            found[entry.name] = json.loads(entry.read_text())
        except ValueError:
            found[entry.name] = entry.read_text()
    return found


def _observe(
    library: str, folder: Path, emu: SSOEmulator, files: dict[str, Any], script: Any
) -> dict[str, Any]:
    emu.reset()
    script(emu)
    _write(folder, files)
    started = time.time()
    with mock.patch.object(botocore.credentials, "EC", EC):
        try:
            made = (boto3.Session if library == "botocore" else strato.Session)(
                profile_name="signin"
            )
            creds = made.get_credentials()
            found: Any = None
            if creds is not None:
                found = (creds.method, tuple(creds.get_frozen_credentials()))
        except Exception as exc:
            found = Raised.of(exc)
    requests = []
    for req in emu.requests:
        headers = dict(req.headers)
        if "dpop" in headers:
            headers["dpop"] = verify_dpop(headers["dpop"], emu.url + req.path)
        requests.append((req.method, req.path, req.query, headers, req.body))
    return {
        "credentials": found,
        "requests": requests,
        "files": _read(folder),
        "window": (started, time.time()),
        "expires_in": emu.state.expires_in,
    }


def _compare(folder: Path, emu: SSOEmulator, files: dict[str, Any], script: Any) -> Any:
    ref = _observe("botocore", folder, emu, files, script)
    got = _observe("strato", folder, emu, files, script)
    assert same(ref["credentials"], got["credentials"]), (ref["credentials"], got["credentials"])
    assert ref["requests"] == got["requests"]
    assert set(ref["files"]) == set(got["files"])
    for name, ref_file in ref["files"].items():
        got_file = got["files"][name]
        if ref_file != files.get(name) and isinstance(ref_file, dict):
            for run, data in ((ref, ref_file), (got, got_file)):
                at = datetime.strptime(data["accessToken"].pop("expiresAt"), "%Y-%m-%dT%H:%M:%SZ")
                stamp = at.replace(tzinfo=UTC).timestamp() - run["expires_in"]
                assert int(run["window"][0]) <= stamp <= run["window"][1]
        assert ref_file == got_file, name
    return ref


def _at(offset: timedelta) -> str:
    return (datetime.now(UTC) + offset).strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def login_scenarios(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    kind = draw(st.sampled_from(("file", "file", "file", "missing", "corrupt")))
    files: dict[str, Any] = {}
    if kind == "corrupt":
        files[cache_name(SESSION)] = '{"accessToken": '
    elif kind == "file":
        expires = draw(
            st.sampled_from(
                (
                    _at(timedelta(hours=8)),
                    "2020-01-01T00:00:00Z",
                    _at(timedelta(minutes=3)),
                    _at(timedelta(minutes=10)),
                )
            )
        )
        access = {
            "accessKeyId": "AKIDCACHED",
            "secretAccessKey": "cached-secret",
            "sessionToken": "cached-session",
            "accountId": "012345678901",
            "expiresAt": expires,
        }
        if not draw(st.integers(0, 7)):
            del access[draw(st.sampled_from(sorted(access)))]
        token: dict[str, Any] = {
            "accessToken": access,
            "clientId": CLIENT,
            "refreshToken": "refresh-0",
            "dpopKey": KEYS[draw(st.sampled_from(("pkcs8", "pkcs8", "sec1", "junk")))],
        }
        for key in sorted(token):
            if not draw(st.integers(0, 7)):
                del token[key]
        if draw(st.booleans()):
            token["signInRegion"] = draw(st.sampled_from(("us-east-1", "eu-west-1")))
        files[cache_name(SESSION)] = token
    server = draw(
        st.sampled_from(
            ("ok", "ok", "expired", "permissions", "changed", "denied-other", "validation")
        )
    )
    return files, server


def _script(server: str) -> Any:
    def script(emu: SSOEmulator) -> None:
        emu.state.login_refresh_tokens["refresh-0"] = CLIENT
        denied = {
            "expired": "TOKEN_EXPIRED",
            "permissions": "INSUFFICIENT_PERMISSIONS",
            "changed": "USER_CREDENTIALS_CHANGED",
            "denied-other": "invalid_grant",
        }
        if server in denied:
            body = {"error": denied[server], "message": "Denied"}
            emu.fail_next("CreateOAuth2Token", 400, "AccessDeniedException", body)
        elif server == "validation":
            body = {"error": "invalid_request", "message": "Bad"}
            emu.fail_next("CreateOAuth2Token", 400, "ValidationException", body)

    return script


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=login_scenarios())
def test_generated_login_sessions_behave_as_botocore_with_crt(
    home: Home, cache: Path, emu: SSOEmulator, scenario: tuple[dict[str, Any], str]
) -> None:
    home.write_config(CONFIG)
    files, server = scenario
    _compare(cache, emu, files, _script(server))


def _token(expires: str, key: str = "pkcs8") -> dict[str, Any]:
    return {
        "accessToken": {
            "accessKeyId": "AKIDCACHED",
            "secretAccessKey": "cached-secret",
            "sessionToken": "cached-session",
            "accountId": "012345678901",
            "expiresAt": expires,
        },
        "clientId": CLIENT,
        "refreshToken": "refresh-0",
        "dpopKey": KEYS[key],
    }


@pytest.mark.parametrize(
    ("expires", "server", "outcome", "calls"),
    [
        ("2020-01-01T00:00:00Z", "ok", "login", 1),  # refreshed, written back
        ("2099-01-01T00:00:00Z", "ok", "login", 0),  # used as cached
        ("2020-01-01T00:00:00Z", "expired", "LoginRefreshRequired", 1),
        ("2020-01-01T00:00:00Z", "permissions", "LoginInsufficientPermissions", 1),
        ("2020-01-01T00:00:00Z", "denied-other", "LoginError", 1),
        ("2020-01-01T00:00:00Z", "validation", "ValidationException", 1),
    ],
)
def test_login_refresh_corners(
    home: Home, cache: Path, emu: SSOEmulator, expires: str, server: str, outcome: str, calls: int
) -> None:
    home.write_config(CONFIG)
    ref = _compare(cache, emu, {cache_name(SESSION): _token(expires)}, _script(server))
    found = ref["credentials"]
    assert (found.name if isinstance(found, Raised) else found[0]) == outcome
    assert len(ref["requests"]) == calls


# --- upstream conformance cases -------------------------------------------------------

FROZEN = datetime(2025, 11, 19, tzinfo=UTC)


def _cases() -> list[Any]:
    cases = []
    for suite, path in SUITES.items():
        for case in json.loads(path.read_text()):
            cases.append(pytest.param(case, id=f"{suite}: {case['documentation']}"))
    return cases


@pytest.mark.parametrize("case", _cases())
def test_login_conformance(home: Home, cache: Path, emu: SSOEmulator, case: dict[str, Any]) -> None:
    home.write_config(case["configContents"] + "region = us-east-1\n")
    _write(cache, case["cacheContents"])
    for call in case.get("mockApiCalls", []):
        if "response" in call:
            emu.fail_next("CreateOAuth2Token", 200, None, call["response"]["tokenOutput"])
        else:
            emu.fail_next("CreateOAuth2Token", call["responseCode"], None, b"")
    with (
        mock.patch.object(strato.credentials.login, "_now", lambda: FROZEN),
        mock.patch.object(strato.credentials.refreshable, "_now", lambda: FROZEN),
    ):
        outcome: Any
        try:
            creds = strato.Session(profile_name="signin").get_credentials()
            assert creds is not None
            outcome = creds.get_frozen_credentials()
        except StratoError as exc:
            outcome = exc
    sent = [req.body for req in emu.requests]
    assert sent == [call["request"]["tokenInput"] for call in case.get("mockApiCalls", [])]
    for expected in case["outcomes"]:
        if expected["result"] == "error":
            assert isinstance(outcome, StratoError), outcome
        elif expected["result"] == "credentials":
            assert not isinstance(outcome, Exception), outcome
            assert outcome == (
                expected["accessKeyId"],
                expected["secretAccessKey"],
                expected["sessionToken"],
                expected["accountId"],
            )
            assert creds.expiry_time == datetime.fromisoformat(expected["expiresAt"])
        else:
            assert expected["result"] == "cacheContents"
            files = {k: v for k, v in expected.items() if k != "result"}
            assert _read(cache) == files


# --- directories, dependency ------------------------------------------------------------


def test_cache_directory_expands_variables_and_home(
    home: Home, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.write_config(CONFIG)
    monkeypatch.setenv("LOGIN_PARENT", "somewhere")
    monkeypatch.setenv("AWS_LOGIN_CACHE_DIRECTORY", "~/$LOGIN_PARENT/cache")
    folder = home.root / "somewhere" / "cache"
    _write(folder, {cache_name(SESSION): _token("2099-01-01T00:00:00Z")})
    creds = strato.Session(profile_name="signin").get_credentials()
    assert creds is not None and creds.method == "login"
    assert creds.access_key == "AKIDCACHED"
    monkeypatch.delenv("AWS_LOGIN_CACHE_DIRECTORY")
    default = home.root / ".aws" / "login" / "cache"
    _write(default, {cache_name(SESSION): _token("2099-01-01T00:00:00Z")})
    creds = strato.Session(profile_name="signin").get_credentials()
    assert creds is not None and creds.secret_key == "cached-secret"


def test_without_a_signer_both_ask_for_a_dependency(home: Home, cache: Path) -> None:
    home.write_config(CONFIG)
    _write(cache, {cache_name(SESSION): _token("2099-01-01T00:00:00Z")})
    with pytest.raises(Exception) as botocore_err:  # awscrt is not installed here
        boto3.Session(profile_name="signin").get_credentials()
    assert type(botocore_err.value).__name__ == "MissingDependencyException"
    hidden = {"cryptography.hazmat.primitives.asymmetric.ec": None}
    with mock.patch.dict(sys.modules, hidden), pytest.raises(MissingDependencyException) as err:
        strato.Session(profile_name="signin").get_credentials()
    assert str(err.value).startswith(
        "Missing Dependency: Using the login credential provider requires an additional "
        "dependency. You will need to pip install "
    )
    assert '"cryptography"' in str(err.value)


def test_missing_session_names_the_session(home: Home, cache: Path) -> None:
    home.write_config(CONFIG)
    _write(cache, {})
    with pytest.raises(LoginTokenLoadError) as err:
        strato.Session(profile_name="signin").get_credentials()
    assert str(err.value) == (
        "Error loading login session token: Unable to load a existing login session for "
        f"session {SESSION}. Please reauthenticate with 'aws login'."
    )


def test_refresh_writes_owner_only_and_keeps_secrets_out_of_repr(
    home: Home, cache: Path, emu: SSOEmulator
) -> None:
    home.write_config(CONFIG)
    _write(cache, {cache_name(SESSION): _token("2020-01-01T00:00:00Z")})
    os.chmod(cache / cache_name(SESSION), 0o644)
    _script("ok")(emu)
    creds = strato.Session(profile_name="signin").get_credentials()
    assert creds is not None and creds.access_key == "ASIALOGIN1"
    assert (cache / cache_name(SESSION)).stat().st_mode & 0o777 == 0o600
    assert "login-secret-1" not in repr(creds) and "cached-secret" not in repr(creds)
