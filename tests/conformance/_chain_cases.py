"""The credential-chain conformance cases, and one run of either library over the replayer.

A case directory holds ``env.json`` (the whole environment), ``fs/`` (mounted at ``/``: it
becomes a fresh temporary root, with ``HOME`` and the path-valued variables and
``web_identity_token_file`` lines rebased onto it), ``http-traffic.json`` and
``test-case.json`` (the expected credentials, or ``ErrorContains``). Both libraries read the
same copy of the files and the same environment; ``AWS_CA_BUNDLE`` (the replayer's CA), an
absent ``BOTO_CONFIG`` and upstream's per-case harness settings are the only additions. The
clock of both libraries (credential expiry, SigV4 dates, default role session names) is
frozen at an instant when the recorded credentials were fresh.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.credentials  # type: ignore[import-untyped]
import botocore.exceptions  # type: ignore[import-untyped]
import botocore.session  # type: ignore[import-untyped]
import botocore.tokens  # type: ignore[import-untyped]

import strato
import strato._time
import strato.signing._util
from strato.exceptions import StratoError

from ._paths import CONFORMANCE
from ._replayer import Exchange, Replayer, Seen, load_traffic

SMITHY = CONFORMANCE / "smithy-rs-aws-config"
KOTLIN = CONFORMANCE / "aws-sdk-kotlin-aws-config"


@dataclass(frozen=True)
class Suite:
    """``explicit_profile``: upstream runs the profile provider alone, which botocore does
    for a profile named to the session (the environment provider is then skipped)."""

    name: str
    directory: Path
    explicit_profile: bool = False
    kotlin: bool = False


SUITES = (
    Suite("smithy-rs/default-chain", SMITHY / "default-credential-provider-chain"),
    Suite("smithy-rs/profile-provider", SMITHY / "profile-provider", explicit_profile=True),
    Suite("kotlin/default-chain", KOTLIN / "default-provider-chain", kotlin=True),
)
#: Settings upstream's harness gives a case besides its files (``credentials.rs``:
#: ``sso_server_error`` is recorded with retries disabled).
HARNESS_ENV = {"smithy-rs/default-chain/sso_server_error": {"AWS_MAX_ATTEMPTS": "1"}}
#: Environment variables whose values are paths into ``fs/``.
_PATH_VARIABLES = frozenset(
    {
        "HOME",
        "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    }
)
_ISO_EXPIRY = re.compile(r'Expiration(?:"\s*:\s*"|>)([0-9][0-9T:.+\-Z]+)')
_MILLIS_EXPIRY = re.compile(r'"expiration"\s*:\s*([0-9]+)')
_PATH_KEY = re.compile(r"^(\s*web_identity_token_file\s*=\s*)/", re.MULTILINE)
#: When nothing recorded says otherwise (no answer carries a date, no expiry expected).
_DEFAULT_NOW = dt.datetime(2021, 9, 21, tzinfo=dt.UTC)
#: How long before the expected expiry the clock stops: beyond both refresh windows.
_FRESH = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Case:
    suite: Suite
    name: str

    @property
    def directory(self) -> Path:
        return self.suite.directory / self.name

    @property
    def id(self) -> str:
        return f"{self.suite.name}/{self.name}"

    @property
    def env(self) -> dict[str, str]:
        return dict(json.loads((self.directory / "env.json").read_text(encoding="utf-8")))

    @property
    def expected(self) -> dict[str, Any]:
        data = json.loads((self.directory / "test-case.json").read_text(encoding="utf-8"))
        return dict(data["result"])

    @property
    def traffic(self) -> list[Exchange]:
        return load_traffic(self.directory / "http-traffic.json")

    @property
    def profile(self) -> str | None:
        """The profile named to both sessions (profile-provider suite only)."""
        if not self.suite.explicit_profile:
            return None
        return self.env.get("AWS_PROFILE", "default")

    @property
    def now(self) -> dt.datetime:
        """When the recording was fresh: its first ``Date`` answer, unless an hour before
        some recorded or expected expiry is earlier (some are synthetic, e.g. 2009)."""
        candidates = [_DEFAULT_NOW]
        dates = [v for e in self.traffic for k, v in e.reply_headers if k.lower() == "date"]
        if dates:
            candidates = [email.utils.parsedate_to_datetime(dates[0])]
        expiries = [e for exchange in self.traffic for e in _expiries(exchange.reply_body)]
        expected = self.expected.get("Ok", {}).get("expiry")
        if expected is not None:
            expiries.append(dt.datetime.fromtimestamp(expected, dt.UTC))
        return min(candidates + [expiry - _FRESH for expiry in expiries])


def _expiries(body: bytes) -> list[dt.datetime]:
    """Expirations in an answer: ISO text (IMDS, container, STS) or epoch millis (SSO)."""
    text = body.decode("utf-8", "replace")
    found = [dt.datetime.fromisoformat(v.replace("Z", "+00:00")) for v in _ISO_EXPIRY.findall(text)]
    found += [
        dt.datetime.fromtimestamp(int(v) / 1000, dt.UTC) for v in _MILLIS_EXPIRY.findall(text)
    ]
    return found


def cases(suite: Suite) -> list[Case]:
    return [Case(suite, d.name) for d in sorted(suite.directory.iterdir()) if d.is_dir()]


@dataclass(frozen=True)
class Outcome:
    """What a session handed out: credentials, none at all, or an exception.

    ``typed`` says the exception is the library's own (a StratoError or a botocore error),
    not a raw Python one. The secret key and token are kept as digests (:func:`digest`), so
    no assertion message shows them.
    """

    kind: str  # "credentials", "none" or "error"
    access_key: str | None = None
    secret_key: str | None = None
    token: str | None = None
    account_id: str | None = None
    expiry: int | None = None
    method: str | None = None
    error: str | None = None
    typed: bool = False

    @classmethod
    def raised(cls, exc: Exception) -> Outcome:
        typed = isinstance(exc, StratoError | botocore.exceptions.BotoCoreError)
        return cls("error", error=f"{type(exc).__name__}: {exc}", typed=typed)

    @classmethod
    def of(cls, credentials: Any, expiry_attribute: str) -> Outcome:
        """Read the frozen set first: a deferred provider fetches then, setting the expiry."""
        if credentials is None:
            return cls("none")
        frozen = credentials.get_frozen_credentials()
        expiry = getattr(credentials, expiry_attribute, None)
        return cls(
            "credentials",
            frozen.access_key,
            digest(frozen.secret_key),
            digest(frozen.token),
            frozen.account_id,
            None if expiry is None else int(expiry.timestamp()),
            credentials.method,
        )


def digest(secret: str | bytes | None) -> str | None:
    """A stand-in for a secret that compares like it and shows nothing of it."""
    if secret is None:
        return None
    data = secret.encode("utf-8") if isinstance(secret, str) else secret
    return "sha256:" + hashlib.sha256(data).hexdigest()[:16]


def strato_outcome(profile: str | None) -> Outcome:
    try:
        return Outcome.of(strato.Session(profile_name=profile).get_credentials(), "expiry_time")
    except Exception as exc:
        return Outcome.raised(exc)


def botocore_outcome(profile: str | None) -> Outcome:
    try:
        session = botocore.session.Session(profile=profile)
        return Outcome.of(session.get_credentials(), "_expiry_time")
    except Exception as exc:
        return Outcome.raised(exc)


@dataclass(frozen=True)
class Run:
    """One library's outcome and what the replayer saw meanwhile."""

    outcome: Outcome
    seen: list[Seen]
    unplayed: list[Exchange]
    protocol_errors: list[str]


def run(
    case: Case, library: Callable[[str | None], Outcome], replayer: Replayer, root: Path
) -> Run:
    """``library`` on ``case`` with ``fs/`` copied afresh to ``root``: both libraries get the
    same paths, so messages that name a file compare equal."""
    replayer.play(case.traffic, loose_trailing_slash=case.suite.kotlin)
    env = _install(case, root, replayer)
    with _environment(env), frozen_clock(case.now), _botocore_home(root), replayer.routing():
        outcome = library(case.profile)
    return Run(outcome, replayer.seen(), replayer.unplayed(), replayer.protocol_errors())


def _install(case: Case, root: Path, replayer: Replayer) -> dict[str, str]:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    fs = case.directory / "fs"
    if fs.is_dir():
        shutil.copytree(fs, root, dirs_exist_ok=True)
    for name in ("config", "credentials"):
        path = root / "home" / ".aws" / name
        if path.exists():
            path.write_text(_PATH_KEY.sub(rf"\g<1>{root}/", path.read_text("utf-8")), "utf-8")
    env = {"HOME": "/home", **case.env}
    env = {
        k: f"{root}{v}" if k in _PATH_VARIABLES and v.startswith("/") else v for k, v in env.items()
    }
    env.update(HARNESS_ENV.get(case.id, {}))
    env["AWS_CA_BUNDLE"] = str(replayer.ca_file)
    # A loaded machine (pytest -n 2 beside moto) can exceed IMDS's 1 s default on
    # loopback, and a timed-out token PUT skips to IMDSv1 in both libraries.
    env.setdefault("AWS_METADATA_SERVICE_TIMEOUT", "5")
    env["BOTO_CONFIG"] = str(root / "no-boto-config")
    return env


@contextlib.contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    kept = {k: v for k, v in os.environ.items() if k == "PYTEST_CURRENT_TEST"}
    with mock.patch.dict(os.environ, {**env, **kept}, clear=True):
        yield


@contextlib.contextmanager
def _botocore_home(root: Path) -> Iterator[None]:
    """botocore computes the SSO token cache directory at import time, from the real HOME:
    point its class attributes at the case's home instead."""
    cache = str(root / "home" / ".aws" / "sso" / "cache")
    with (
        mock.patch.object(botocore.credentials.SSOProvider, "_SSO_TOKEN_CACHE_DIR", cache),
        mock.patch.object(botocore.tokens.SSOTokenProvider, "_SSO_TOKEN_CACHE_DIR", cache),
    ):
        yield


class _FrozenMeta(type):
    """``isinstance(real_datetime, Frozen)`` stays true while the class is swapped in."""

    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, _REAL_DATETIME)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, _REAL_DATETIME)


_REAL_DATETIME = dt.datetime


@contextlib.contextmanager
def frozen_clock(instant: dt.datetime) -> Iterator[None]:
    """``datetime.now``/``utcnow`` and ``time.time`` return ``instant`` in both libraries
    (``time.time`` names default role sessions, ``botocore-session-<epoch>``).

    Both read the clock through ``datetime.datetime`` at call time (strato imports it inside
    functions, botocore looks it up on the module), except where a module bound the class
    at import: botocore's ``tokens``, strato's signing clock and ``strato._time`` (the
    credentials' clock), patched by name.
    """

    class Frozen(_REAL_DATETIME, metaclass=_FrozenMeta):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Any:
            if tz is None:
                return instant.astimezone().replace(tzinfo=None)
            return instant.astimezone(tz)

        @classmethod
        def utcnow(cls) -> Any:
            return instant.astimezone(dt.UTC).replace(tzinfo=None)

    with (
        mock.patch("time.time", instant.timestamp),
        mock.patch("datetime.datetime", Frozen),
        mock.patch.object(botocore.tokens, "datetime", Frozen),
        mock.patch.object(strato.signing._util, "datetime", Frozen),
        mock.patch.object(strato.signing._util, "clock", instant.timestamp),
        mock.patch.object(strato._time, "datetime", Frozen),
    ):
        yield
