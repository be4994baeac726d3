"""``strato sso login`` / ``logout`` against the SSO emulator, and botocore 1.44.8 reading
the token cache strato wrote to get role credentials from the portal."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from emulators.sso import SSOEmulator, operation_of, running
from strato.cli import main, sso

from .conftest import Home

START_URL = "https://corp.awsapps.com/start"
CONFIG = (
    "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n"
    "sso_role_name = Dev\nregion = us-east-1\n"
    "[sso-session corp]\n"
    f"sso_start_url = {START_URL}\nsso_region = us-east-1\n"
    "sso_registration_scopes = sso:account:access\n"
    "[profile legacy]\n"
    f"sso_start_url = {START_URL}/legacy\nsso_region = eu-west-1\n"
    "sso_account_id = 444455556666\nsso_role_name = Ops\n"
)


BOTOCORE_READS = """
import json, boto3
frozen = boto3.Session(profile_name="dev").get_credentials().get_frozen_credentials()
print(json.dumps([frozen.access_key, frozen.token]))
"""


@pytest.fixture
def server() -> Iterator[SSOEmulator]:
    with running() as emulator:
        yield emulator


def cache(home: Home, name: str) -> Path:
    digest = hashlib.sha1(name.encode()).hexdigest()
    return home.root / ".aws" / "sso" / "cache" / f"{digest}.json"


def operations(server: SSOEmulator) -> list[str | None]:
    return [operation_of(r) for r in server.requests]


def approve_when_asked(server: SSOEmulator) -> threading.Thread:
    """Approve the first device authorization once it exists (as the user would)."""

    def approve() -> None:
        deadline = time.monotonic() + 30
        while not server.state.devices and time.monotonic() < deadline:
            time.sleep(0.02)
        for device in server.state.devices.values():
            device.state = "approved"

    thread = threading.Thread(target=approve, daemon=True)
    thread.start()
    return thread


def test_device_flow_then_botocore_reads_the_token(home: Home, server: SSOEmulator) -> None:
    home.write(config=CONFIG)
    env = {**home.env, **server.env()}
    thread = approve_when_asked(server)
    result = subprocess.run(
        [sys.executable, "-m", "strato", "sso", "login", "--profile", "dev", "--no-browser"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    thread.join()
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"Successfully logged into Start URL: {START_URL}\n")
    if "Then enter the code" in result.stdout:  # approved after the first poll
        assert "\nhttps://device.sso.example/\n\nThen enter the code:\n\nUSER-0001\n" in (
            result.stdout
        )
    assert operations(server)[:2] == ["RegisterClient", "StartDeviceAuthorization"]
    assert set(operations(server)[2:]) == {"CreateToken"}
    register = server.requests[0].body
    assert register == {
        "clientName": "botocore-client-corp",
        "clientType": "public",
        "scopes": ["sso:account:access"],
    }
    path = cache(home, "corp")
    assert path.stat().st_mode & 0o777 == 0o600
    token = json.loads(path.read_text())
    assert list(token) == [
        "startUrl",
        "region",
        "accessToken",
        "expiresAt",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
        "refreshToken",
    ]
    assert token["startUrl"] == START_URL and token["region"] == "us-east-1"
    assert (token["accessToken"], token["clientId"]) == ("access-token-1", "client-1")
    assert token["registrationExpiresAt"] == "2100-01-01T00:00:00Z"
    assert token["expiresAt"].endswith("Z") and token["refreshToken"] == "refresh-token-1"
    # botocore 1.44.8 signs in to the portal with the cached token (in a process of its
    # own: botocore fixes the token cache's directory when it is imported).
    server.requests.clear()
    reader = subprocess.run(
        [sys.executable, "-c", BOTOCORE_READS],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert json.loads(reader.stdout) == ["ASIA111122223333Dev", "session-access-token-1"]
    assert operations(server) == ["GetRoleCredentials"]
    assert dict(server.requests[0].headers)["x-amz-sso_bearer_token"] == "access-token-1"


def _login(
    home: Home,
    server: SSOEmulator,
    states: list[str],
    *args: str,
) -> tuple[int, list[float]]:
    """``strato sso login`` in this process; each wait moves the device to the next state."""
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        for device in server.state.devices.values():
            device.state = states[len(waits) - 1]

    env = {**home.env, **server.env()}
    with mock.patch.dict(os.environ, env, clear=True), mock.patch.object(sso, "_sleep", sleep):
        code = main(["sso", "login", "--no-browser", *args])
    return code, waits


def test_pending_and_slow_down_set_the_interval(home: Home, server: SSOEmulator) -> None:
    home.write(config=CONFIG)
    code, waits = _login(
        home, server, ["authorization_pending", "slow_down", "approved"], "--profile", "dev"
    )
    assert code == 0
    # The service's interval (1 s), again after a pending answer, 5 s more after slow_down.
    assert waits == [1, 1, 6]
    assert operations(server).count("CreateToken") == 4
    assert cache(home, "corp").exists()


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("expired_token", "The pending authorization to retrieve an SSO token has expired."),
        ("denied", "The sign-in request was denied; no token was cached"),
    ],
)
def test_expiry_and_denial_write_nothing(
    home: Home, server: SSOEmulator, state: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    home.write(config=CONFIG)
    code, _ = _login(home, server, [state], "--profile", "dev")
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"strato: {message}") and err.count("\n") == 1
    assert not cache(home, "corp").exists()


def test_legacy_profile_and_registration_reuse(home: Home, server: SSOEmulator) -> None:
    home.write(config=CONFIG)
    assert _login(home, server, ["approved"], "--profile", "legacy")[0] == 0
    token = json.loads(cache(home, f"{START_URL}/legacy").read_text())
    assert (token["startUrl"], token["region"]) == (f"{START_URL}/legacy", "eu-west-1")
    register = server.requests[0].body
    assert register["clientName"].startswith("botocore-client-") and "scopes" not in register
    # The registration is cached under the CLI v2's key, and reused by the next login.
    key = json.dumps(
        {
            "tool": "botocore",
            "startUrl": f"{START_URL}/legacy",
            "region": "eu-west-1",
            "scopes": None,
            "session_name": None,
        },
        sort_keys=True,
    )
    registration = json.loads(cache(home, key).read_text())
    assert list(registration) == ["clientId", "clientSecret", "expiresAt"]
    server.requests.clear()
    assert _login(home, server, ["approved"], "--profile", "legacy")[0] == 0
    assert "RegisterClient" not in operations(server)


def test_sso_session_option_and_missing_session(
    home: Home, server: SSOEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    home.write(config=CONFIG)
    assert _login(home, server, ["approved"], "--sso-session", "corp")[0] == 0
    assert cache(home, "corp").exists()
    assert _login(home, server, ["approved"], "--sso-session", "nope")[0] == 1
    assert capsys.readouterr().err.endswith(
        'strato: The specified sso-session does not exist: "nope"\n'
    )


def test_logout_removes_tokens_and_sso_role_credentials(home: Home, server: SSOEmulator) -> None:
    home.write(config=CONFIG)
    assert _login(home, server, ["approved"], "--profile", "dev")[0] == 0
    role_cache = home.root / ".aws" / "cli" / "cache"
    role_cache.mkdir(parents=True)
    (role_cache / "sso.json").write_text('{"ProviderType": "sso", "Credentials": {}}')
    (role_cache / "role.json").write_text('{"Credentials": {}}')
    server.requests.clear()
    env = {**home.env, **server.env()}
    with mock.patch.dict(os.environ, env, clear=True):
        assert main(["sso", "logout"]) == 0
    assert not cache(home, "corp").exists()
    assert sorted(p.name for p in role_cache.iterdir()) == ["role.json"]
    assert operations(server) == ["Logout"]
    assert dict(server.requests[0].headers)["x-amz-sso_bearer_token"] == "access-token-1"
    # The registration stays: it holds no access token.
    assert len(list((home.root / ".aws" / "sso" / "cache").glob("*.json"))) == 1
