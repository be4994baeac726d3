"""Run botocore and strato against one SSO emulator with the same files, and observe
what a user and the server see: credentials or the exception, the requests in order,
and the token cache files afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import boto3  # type: ignore[import-untyped]
import botocore.credentials  # type: ignore[import-untyped]
import botocore.exceptions  # type: ignore[import-untyped]
import botocore.tokens  # type: ignore[import-untyped]

import strato
from conformance._isolation import Home
from differential.outcome import Raised
from emulators.sso import Request, SSOEmulator

#: Where botocore lets a raw exception escape, the typed strato error that stands for it.
TYPED_FOR_RAW = {
    # A corrupt cache file (JSONFileCache's KeyError), a login accessToken lacking a
    # field, a GetRoleCredentials answer lacking one.
    "KeyError": ("SSOTokenLoadError", "LoginTokenLoadError", "CredentialRetrievalError"),
    "TypeError": ("SSOTokenLoadError",),  # naive or non-text expiresAt
    "ParserError": ("SSOTokenLoadError", "InvalidExpirationError"),  # not a date
    "RuntimeError": ("ExpiredCredentialsError",),  # refreshed credentials already expired
}


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class Observed:
    """What one library did with one scenario."""

    credentials: Any  # Raised, None, or (method, frozen tuple)
    requests: list[Request]
    files: dict[str, Any]  # token cache file name -> parsed JSON (or raw text)
    started: float
    ended: float
    expires_in: int  # the emulator's expiresIn for tokens it issued


def same(ref: Any, got: Any) -> bool:
    """Equal, or the same exception (a typed strato error where botocore raised a raw one)."""
    if isinstance(ref, Raised) and isinstance(got, Raised):
        if ref.family == "raw":
            return got.family == "strato" and got.name in TYPED_FOR_RAW.get(ref.name, ())
        return (ref.name, ref.message) == (got.name, got.message)
    return bool(ref == got)


@contextmanager
def botocore_sso_cache(directory: Path) -> Iterator[None]:
    """botocore fixes its SSO token cache directory at import time; point both at ours."""
    with ExitStack() as stack:
        for owner in (botocore.credentials.SSOProvider, botocore.tokens.SSOTokenProvider):
            stack.enter_context(mock.patch.object(owner, "_SSO_TOKEN_CACHE_DIR", str(directory)))
        yield


def cache_dir(home: Home) -> Path:
    return home.root / ".aws" / "sso" / "cache"


def write_tokens(home: Home, tokens: dict[str, Any]) -> None:
    """``tokens`` maps a cache name (session name or start URL) to its JSON data or raw text."""
    folder = cache_dir(home)
    if folder.exists():
        for entry in folder.iterdir():
            entry.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in tokens.items():
        text = data if isinstance(data, str) else json.dumps(data)
        (folder / f"{sha1(name)}.json").write_text(text, encoding="utf-8")


def read_tokens(home: Home) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for entry in sorted(cache_dir(home).glob("*.json")):
        text = entry.read_text(encoding="utf-8")
        try:
            found[entry.name] = json.loads(text)
        except ValueError:
            found[entry.name] = text
    return found


def observe(
    library: str,
    home: Home,
    emu: SSOEmulator,
    profile: str | None,
    tokens: dict[str, Any],
    script: Callable[[SSOEmulator], None] = lambda emu: None,
) -> Observed:
    """Resolve and read ``profile``'s credentials with a fresh emulator state and cache."""
    emu.reset()
    script(emu)
    write_tokens(home, tokens)
    kwargs = {} if profile is None else {"profile_name": profile}
    started = time.time()
    with mock.patch.dict(os.environ, emu.env()), botocore_sso_cache(cache_dir(home)):
        credentials: Any
        try:
            made = (boto3.Session if library == "botocore" else strato.Session)(**kwargs)
            creds = made.get_credentials()
            if creds is None:
                credentials = None
            else:
                credentials = (creds.method, tuple(creds.get_frozen_credentials()))
        except Exception as exc:
            credentials = Raised.of(exc)
    ended = time.time()
    return Observed(
        credentials, list(emu.requests), read_tokens(home), started, ended, emu.state.expires_in
    )


def compare(
    home: Home,
    emu: SSOEmulator,
    profile: str | None,
    tokens: dict[str, Any],
    script: Callable[[SSOEmulator], None] = lambda emu: None,
) -> tuple[Observed, Observed]:
    """Run both libraries and assert they behave the same; returns both observations."""
    ref = observe("botocore", home, emu, profile, tokens, script)
    got = observe("strato", home, emu, profile, tokens, script)
    assert same(ref.credentials, got.credentials), (ref.credentials, got.credentials)
    assert ref.requests == got.requests
    assert set(ref.files) == set(got.files)
    written = {f"{sha1(name)}.json": data for name, data in tokens.items()}
    for name, ref_file in ref.files.items():
        got_file = got.files[name]
        if isinstance(ref_file, dict) and isinstance(got_file, dict) and ref_file != written[name]:
            # A refreshed token: expiresAt is "now + expiresIn" of each run.
            ref_file, got_file = dict(ref_file), dict(got_file)
            _check_refreshed_expiry(ref_file, ref)
            _check_refreshed_expiry(got_file, got)
        assert ref_file == got_file, name
    return ref, got


def _check_refreshed_expiry(token: dict[str, Any], run: Observed) -> None:
    """expiresAt lies within the run, plus the emulator's expiresIn; then drop it."""
    import calendar

    text = token.pop("expiresAt", None)
    at = calendar.timegm(time.strptime(str(text), "%Y-%m-%dT%H:%M:%SZ"))
    assert int(run.started) + run.expires_in <= at <= run.ended + run.expires_in, text
