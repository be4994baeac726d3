"""Observe a Session of either library as plain data, and list how two observations differ.

An outcome maps a field (``construct``, ``region_name``, ``var:retry_mode``,
``credentials`` ...) to the value read, or to a :class:`Raised` describing the
exception. Secrets appear in outcomes and diffs in clear: they are generated test data.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

import boto3  # type: ignore[import-untyped]
import botocore.credentials  # type: ignore[import-untyped]
import botocore.exceptions  # type: ignore[import-untyped]
import botocore.httpsession  # type: ignore[import-untyped]
import botocore.session  # type: ignore[import-untyped]
from botocore.configprovider import (  # type: ignore[import-untyped]
    BOTOCORE_DEFAUT_SESSION_VARIABLES,
)

import strato
import strato.credentials.providers
from credentials import _crt_ec as crt_ec
from strato.exceptions import StratoError

#: Every session variable of spec 5.1 (botocore's own list), then the two section ones.
VARIABLES = (*BOTOCORE_DEFAUT_SESSION_VARIABLES, "s3", "proxies_config")
#: Providers whose credentials botocore fetches on first read (STS, SSO, a container
#: endpoint): sessions here have no network, so they are compared by method only.
DEFERRED = frozenset(
    (
        "assume-role",
        "assume-role-with-web-identity",
        "sso",
        "login",
        "container-role",
    )
)
_CREDENTIAL_FIELDS = ("method", "access_key", "secret_key", "token", "account_id", "frozen")
_LOOKING = "Looking for credentials via: %s"

Outcome = dict[str, Any]


@dataclass(frozen=True)
class Raised:
    """An exception, reduced to what the comparison rules look at."""

    family: str  # "botocore", "strato", or "raw" (a builtin or third-party exception)
    name: str
    message: str

    @classmethod
    def of(cls, exc: BaseException) -> Raised:
        if isinstance(exc, StratoError):
            family = "strato"
        elif isinstance(exc, botocore.exceptions.BotoCoreError | botocore.exceptions.ClientError):
            family = "botocore"
        else:
            family = "raw"
        return cls(family, type(exc).__name__, str(exc))


class NetworkAttempt(AssertionError):
    """botocore tried to open a connection: the scenario is not hermetic."""


def _attempt(read: Callable[..., Any], *args: Any) -> Any:
    """``read(*args)``, deep-copied (botocore hands out its live dicts), or what it raised."""
    try:
        return copy.deepcopy(read(*args))
    except Exception as exc:
        if isinstance(exc, NetworkAttempt):
            raise
        return Raised.of(exc)


class _ProviderTrail(logging.Handler):
    """Remembers the last provider the top-level chain tried (its debug log line).

    Both libraries run a nested chain for a source profile; its lines are skipped
    (``depth`` counts running chains; strato's nested ones go through
    ``providers.resolve``, which callers must look up on the module).
    """

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.last: str | None = None
        self.depth = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == _LOOKING and self.depth <= 1 and isinstance(record.args, tuple):
            self.last = str(record.args[0])


@contextmanager
def _trail(library: str) -> Iterator[_ProviderTrail]:
    logger = logging.getLogger(f"{library}.credentials")
    handler = _ProviderTrail()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    resolver = botocore.credentials.CredentialResolver
    load = resolver.load_credentials
    ours = strato.credentials.providers
    run = ours.resolve

    def nested(*args: Any) -> Any:
        handler.depth += 1
        try:
            return run(*args)
        finally:
            handler.depth -= 1

    def counted(self: Any) -> Any:
        handler.depth += 1
        try:
            return load(self)
        finally:
            handler.depth -= 1

    try:
        with (
            mock.patch.object(resolver, "load_credentials", counted),
            mock.patch.object(ours, "resolve", nested),
        ):
            yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextmanager
def reference_guard(lean: bool = True) -> Iterator[None]:
    """No network for botocore; ``lean`` skips registering its ~130 client event handlers.

    Those handlers only act on client calls, never on configuration or credentials,
    and registering them is 3/4 of a Session's cost (``test_lean_reference_is_faithful``
    checks).
    """

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NetworkAttempt(f"botocore tried the network: {args!r}")

    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(botocore.httpsession.URLLib3Session, "send", refuse))
        # The reference is botocore[crt] for the login provider: without the CRT it stops
        # at MissingDependencyException, where strato (signing with cryptography) goes on.
        stack.enter_context(mock.patch.object(botocore.credentials, "EC", crt_ec.EC))
        if lean:
            stack.enter_context(
                mock.patch.object(
                    botocore.session.Session, "_register_builtin_handlers", lambda *a: None
                )
            )
        yield


#: What :func:`observe` reads after construction, in its canonical order.
FIELDS = (
    "profile_name",
    "region_name",
    "available_profiles",
    "scoped_config",
    *(f"var:{name}" for name in VARIABLES[:-2]),
    "credentials",
    *(f"var:{name}" for name in VARIABLES[-2:]),
)


def observe(
    library: str,
    kwargs: dict[str, str],
    env: dict[str, str],
    lean: bool = True,
    order: Sequence[str] = FIELDS,
) -> Outcome:
    """Everything a user can read from ``Session(**kwargs)`` under ``env``, read in ``order``.

    botocore is read in the canonical order: its ``s3`` lookup mutates the scoped config it
    returned earlier (a documented difference), so ``s3`` / ``proxies_config`` come last.
    strato's answers must not depend on the order (its caches are keyed, not sequenced),
    so the tests read strato in a drawn one.
    """
    out: Outcome = {}
    with mock.patch.dict(os.environ, env, clear=True), reference_guard(lean):
        try:
            made: Any = (boto3.Session if library == "botocore" else strato.Session)(**kwargs)
        except Exception as exc:
            out["construct"] = Raised.of(exc)
            return out
        out["construct"] = "ok"
        core = made._session if library == "botocore" else made
        for name in order:
            if name == "credentials":
                with _trail(library) as trail:
                    out["credentials"] = _attempt(_credentials, made, trail)
                out["credential_provider"] = trail.last
            elif name == "scoped_config":
                out[name] = _attempt(core.get_scoped_config)
            elif name.startswith("var:"):
                out[name] = _attempt(core.get_config_variable, name[4:])
            else:
                out[name] = _attempt(getattr, made, name)
    return {name: out[name] for name in ("construct", *FIELDS, "credential_provider")}


def _credentials(session: Any, trail: _ProviderTrail) -> dict[str, Any] | None:
    creds = session.get_credentials()
    if creds is None:
        return None
    if creds.method in DEFERRED:
        # Reading them would call STS / SSO / the container endpoint.
        return {"method": creds.method, "deferred": True}
    found: dict[str, Any] = {"method": creds.method}
    for attr in _CREDENTIAL_FIELDS[1:-1]:
        found[attr] = _attempt(getattr, creds, attr)
    found["frozen"] = _attempt(creds.get_frozen_credentials)
    return found


# --- comparison ------------------------------------------------------------------------


def differences(reference: Outcome, ours: Outcome) -> list[str]:
    """Readable lines, one per field where strato does not behave like botocore."""
    if isinstance(reference["construct"], Raised) or isinstance(ours["construct"], Raised):
        problem = _problem(reference["construct"], ours["construct"])
        ref, got = reference["construct"], ours["construct"]
        return (
            [f"construct: {problem}\n    botocore: {ref}\n    strato:   {got}"] if problem else []
        )
    grouped: dict[tuple[str, str, str], list[str]] = {}
    parse_errors: list[str] = []  # botocore's ConfigParseError messages so far
    fields = list(reference) + [f for f in ours if f not in reference]
    for name in fields:
        if name == "credential_provider":
            continue
        ref, got = reference.get(name, "<not read>"), ours.get(name, "<not read>")
        if name == "credentials":
            problem = _credentials_problem(reference, ours)
        else:
            problem = _problem(ref, got)
        if problem and _is_parse_error(got) and any(map(got.message.startswith, parse_errors)):
            # Deliberate: botocore raises a credentials-file parse error once, then keeps
            # the profile map it had built without that file; strato raises every time.
            problem = None
        if _is_parse_error(ref):
            parse_errors.append(ref.message)
        if problem:
            grouped.setdefault((problem, repr(ref), repr(got)), []).append(name)
    return [
        f"{', '.join(names)}: {problem}\n    botocore: {ref}\n    strato:   {got}"
        for (problem, ref, got), names in grouped.items()
    ]


def _is_parse_error(value: Any) -> bool:
    return isinstance(value, Raised) and value.name == "ConfigParseError"


def _problem(ref: Any, got: Any) -> str | None:
    if isinstance(ref, Raised):
        if not isinstance(got, Raised) or got.family != "strato":
            return "botocore raises, strato does not raise a StratoError"
        if ref.family == "raw":
            return None  # deliberate: a typed StratoError instead of a raw exception
        if got.name != ref.name:
            return "different exception class"
        if ref.name == "ConfigParseError":
            # strato appends ":line: reason" to botocore's message.
            return None if got.message.startswith(ref.message) else "message prefix differs"
        return None if got.message == ref.message else "different message"
    if isinstance(got, Raised):
        return "strato raises, botocore does not"
    return None if _canonical(ref) == _canonical(got) else "values differ"


def _canonical(value: Any) -> Any:
    """Type-strict, order-sensitive form (``True`` is not ``1``, dict order counts)."""
    if isinstance(value, dict):
        return ("dict", [(k, _canonical(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return ("seq", [_canonical(v) for v in value])
    return (type(value).__name__, value)


def _credentials_problem(reference: Outcome, ours: Outcome) -> str | None:
    ref, got = reference["credentials"], ours["credentials"]
    ref_provider, got_provider = reference["credential_provider"], ours["credential_provider"]
    if ref_provider != got_provider and (ref is not None or got is not None):
        return f"botocore ended at provider {ref_provider}; strato at {got_provider}"
    if isinstance(got, Raised) and _deliberate(got, ref):
        return None
    if isinstance(ref, dict) and isinstance(got, dict):
        bad = [f for f in _CREDENTIAL_FIELDS if _problem(ref.get(f), got.get(f))]
        return f"fields differ: {bad}" if bad else None
    return _problem(ref, got)


def _deliberate(got: Raised, ref: Any) -> bool:
    """strato fails early, with a typed error, where botocore fails late or hands back junk."""
    ref_fields = list(ref.values()) if isinstance(ref, dict) else [ref]
    if got.name == "InvalidExpirationError":
        # botocore: ParserError now, or TypeError (naive time) on first use.
        return any(isinstance(v, Raised) and v.family == "raw" for v in ref_fields)
    if got.name == "InvalidConfigError" and "nested block" in got.message:
        # botocore returns the nested dict as the key, secret or token, or hands out
        # deferred credentials whose first read sends the dict (or opens it as a path).
        if isinstance(ref, dict) and ref.get("deferred"):
            return True
        return any(isinstance(v, dict) for v in ref_fields)
    return False


def report(scenario: Any, problems: list[str]) -> str:
    return "strato differs from botocore:\n" + "\n".join(problems) + f"\n{scenario!r}"
