"""The SSO token cache and the refreshing token: file format and mode, botocore's
refresh windows (compared with botocore's ``DeferredRefreshableToken`` on one scripted
clock), and one refresh between threads that share a cache entry.
"""

from __future__ import annotations

import json
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.tokens  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strato
import strato.credentials.sso_token as sso_token
from conformance._isolation import Home
from emulators.sso import SSOEmulator, running
from strato.exceptions import SSOTokenLoadError, StratoError

START = datetime(2030, 1, 1, tzinfo=UTC)


def test_write_token_is_atomic_private_and_in_the_clis_format(tmp_path: Path) -> None:
    expires = datetime(2030, 1, 2, 3, 4, 5, 678, tzinfo=UTC)
    token = {"startUrl": "https://u", "accessToken": "t", "expiresAt": expires}
    path = Path(sso_token.write_token("dev", token, str(tmp_path / "cache")))
    assert path.name == "34c6fceca75e456f25e7e99531e2425c6c1de443.json"  # SHA-1("dev")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {
        "startUrl": "https://u",
        "accessToken": "t",
        "expiresAt": "2030-01-02T03:04:05Z",
    }
    sso_token.write_token("dev", {"accessToken": "u", "expiresAt": "x"}, str(path.parent))
    assert json.loads(path.read_text())["accessToken"] == "u"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


def test_read_token_errors_name_what_botocore_names(tmp_path: Path) -> None:
    with pytest.raises(SSOTokenLoadError, match=r"Token for dev does not exist$"):
        sso_token.read_token("dev", "https://u", str(tmp_path))
    sso_token.write_token("dev", {"accessToken": "t"}, str(tmp_path))
    # botocore names the start URL in this message, even for an sso-session.
    with pytest.raises(SSOTokenLoadError, match=r"Token for https://u is invalid$"):
        sso_token.read_token("dev", "https://u", str(tmp_path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2030-01-01T00:00:00Z", START),
        ("2030-01-01T00:00:00.000Z", START),
        ("2030-01-01T01:00:00+01:00", START),
        ("2030-01-01T00:00:00UTC", START),  # botocore's JSON file cache format
    ],
)
def test_token_times(text: str, expected: datetime) -> None:
    assert sso_token.token_time({"expiresAt": text}, "expiresAt", "dev") == expected


@pytest.mark.parametrize("text", ["2030-01-01T00:00:00", "soon", 5, None, ""])
def test_unreadable_token_times_are_typed_errors(text: Any) -> None:
    with pytest.raises(SSOTokenLoadError, match="Token for dev is invalid: expiresAt"):
        sso_token.token_time({"expiresAt": text}, "expiresAt", "dev")


# --- the refresh windows, against botocore's DeferredRefreshableToken --------------------


class _Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


#: One step: seconds the clock moves, then what the refresh function does if called
#: (a lifetime in seconds for the token it returns, or "fail").
Step = tuple[int, Any]


def _run(library: str, steps: list[Step]) -> list[Any]:
    clock = _Clock()
    calls: list[int] = []
    outcomes: list[Any] = []
    plan: list[Any] = [600]

    def refresh() -> Any:
        calls.append(len(outcomes))
        action = plan[0]
        if action == "fail":
            raise ValueError("refresh failed")
        expires = clock.now + timedelta(seconds=action)
        if library == "botocore":
            return botocore.tokens.FrozenAuthToken(f"t{len(calls)}", expires)
        return sso_token.FrozenToken(f"t{len(calls)}", expires)

    if library == "botocore":
        token: Any = botocore.tokens.DeferredRefreshableToken("sso", refresh, clock)
    else:
        token = sso_token.RefreshableToken(refresh)
    with mock.patch.object(sso_token, "_now", clock):
        for advance, action in steps:
            clock.now += timedelta(seconds=advance)
            plan[0] = action
            try:
                frozen = token.get_frozen_token()
                outcomes.append((frozen.token, frozen.expiration))
            except Exception as exc:
                outcomes.append((type(exc).__name__, str(exc)))
    return [outcomes, calls]


@settings(max_examples=25, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from((0, 10, 59, 61, 120, 300, 400, 601)),
            st.sampled_from((-5, 30, 500, 700, 1000, 3600, "fail")),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_refresh_windows_match_botocore(steps: list[Step]) -> None:
    assert _run("strato", steps) == _run("botocore", steps)


def test_failed_advisory_refresh_keeps_the_token_and_waits_a_minute() -> None:
    # A 1000 s token; 200 s on (inside the 15-minute window) a refresh fails: the old
    # token stays, and 30 s later nothing is tried (one attempt a minute).
    outcomes, calls = _run("strato", [(0, 1000), (0, 1000), (200, "fail"), (30, "fail")])
    assert [o[0] for o in outcomes] == ["t1", "t1", "t1", "t1"]
    assert calls == [0, 2]
    # A refresh that answers an already expired token is an error.
    outcomes, _ = _run("strato", [(0, 1000), (300, 60), (61, -5)])
    assert [o[0] for o in outcomes] == ["t1", "t2", "TokenRetrievalError"]
    assert outcomes[2][1] == (
        "Error when retrieving token from sso: Token has expired and refresh failed"
    )


# --- one refresh between threads -------------------------------------------------------------


@pytest.fixture
def emu() -> Iterator[SSOEmulator]:
    with running() as emulator:
        yield emulator


def test_threads_sharing_an_entry_refresh_once(
    home: Home, emu: SSOEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Refresh tokens are single use: a second CreateToken with the spent one would be
    # refused, and that thread would be left with the expired token.
    for name, value in emu.env().items():
        monkeypatch.setenv(name, value)
    home.write_config(
        "[profile p]\nsso_session = dev\nsso_account_id = 1\nsso_role_name = R\n"
        "[sso-session dev]\nsso_start_url = https://u\nsso_region = us-east-1\n"
    )
    emu.state.clients["c"] = "s"
    emu.state.refresh_tokens["r"] = "c"
    emu.state.delay = 0.05
    token = {
        "accessToken": "old",
        "expiresAt": "2021-01-01T00:00:00Z",
        "clientId": "c",
        "clientSecret": "s",
        "refreshToken": "r",
        "registrationExpiresAt": "2099-01-01T00:00:00Z",
    }
    sso_token.write_token("dev", token)
    ctx = strato.Session(profile_name="p")._credential_context()
    start = threading.Barrier(8)
    found: list[Any] = []

    def load() -> None:
        start.wait()
        try:
            found.append(sso_token.SSOTokenProvider("p", ctx).load_token().get_frozen_token().token)
        except StratoError as exc:
            found.append(exc)

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive()
    assert found == ["access-token-1"] * 8
    assert [r.path for r in emu.requests] == ["/token"]
