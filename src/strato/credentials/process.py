"""The ``custom-process`` provider: run the profile's ``credential_process`` command.

As botocore: POSIX shell-word splitting, no shell, stdin inherited, stdout and stderr
captured, ``Version: 1`` JSON on stdout. Where botocore lets a raw exception escape
(nothing to run, a missing program, output that is not a JSON object, an unreadable
``Expiration``) strato raises a typed error naming the profile, the command and where
it was configured; and a command that hangs is stopped after :data:`TIMEOUT_SECONDS`.
"""

from __future__ import annotations

from ..exceptions import (
    CredentialProcessError,
    CredentialRetrievalError,
    InvalidConfigError,
    InvalidExpirationError,
    MalformedCredentialsError,
)
from .objects import Credentials
from .refreshable import RefreshableCredentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime
    from typing import Any

    from ..config.ini import Section
    from .plan import ChainPlan
    from .providers import Context

METHOD = "custom-process"
#: How long a command may run before it is killed (botocore waits forever).
TIMEOUT_SECONDS = 60.0


class _Command:
    """The configured command line and where it came from, for messages."""

    __slots__ = ("environ", "line", "origin", "profile")

    def __init__(self, profile: str, line: str, origin: str, environ: Mapping[str, str]) -> None:
        self.profile = profile
        self.line = line
        self.origin = origin
        self.environ = environ

    def describe(self) -> str:
        return f"credential_process {self.line!r} of profile {self.profile} ({self.origin})"

    def run(self) -> dict[str, Any]:
        """Run the command once and read its output (botocore's field names)."""
        return _read_output(self, self._stdout())

    def _stdout(self) -> bytes:
        import os
        import shlex
        import subprocess

        try:
            argv = shlex.split(self.line)
        except ValueError as exc:  # botocore: the raw ValueError
            raise self._cannot_run(f"cannot split it into words: {exc}") from None
        if not argv:  # botocore: IndexError from Popen([])
            raise self._cannot_run("the command is empty")
        env = None if self.environ is os.environ else dict(self.environ)
        try:
            child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        except OSError as exc:  # botocore: FileNotFoundError, PermissionError ...
            raise self._cannot_run(str(exc)) from None
        try:
            stdout, stderr = child.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            for pipe in (child.stdout, child.stderr):
                if pipe is not None:
                    pipe.close()
            raise self._cannot_run(
                f"it did not finish within {TIMEOUT_SECONDS:g} seconds and was stopped"
            ) from None
        if child.returncode != 0:
            # botocore's text: the command's stderr as it is.
            raise CredentialRetrievalError(
                provider=METHOD, error_msg=stderr.decode("utf-8", "replace")
            )
        return stdout

    def _cannot_run(self, why: str) -> CredentialProcessError:
        return CredentialProcessError(
            provider=METHOD, error_msg=f"cannot run {self.describe()}: {why}"
        )


def _read_output(command: _Command, stdout: bytes) -> dict[str, Any]:
    import json

    def malformed(why: str) -> MalformedCredentialsError:
        return MalformedCredentialsError(
            provider=METHOD, error_msg=f"the output of {command.describe()} {why}"
        )

    try:
        parsed = json.loads(stdout.decode("utf-8"))
    except ValueError as exc:  # botocore: the raw JSONDecodeError / UnicodeDecodeError
        raise malformed(f"is not JSON: {exc}") from None
    if not isinstance(parsed, dict):  # botocore: AttributeError ... has no attribute 'get'
        raise malformed(f"is a JSON {type(parsed).__name__}, not an object")
    version = parsed.get("Version", "<Version key not provided>")
    if version != 1:  # the integer 1 (and, as in botocore, anything equal to it)
        raise CredentialRetrievalError(
            provider=METHOD,
            error_msg=f"Unsupported version '{version}' for credential process provider, "
            "supported versions: 1",
        )
    for key in ("AccessKeyId", "SecretAccessKey"):
        if key not in parsed:
            raise CredentialRetrievalError(
                provider=METHOD, error_msg=f"Missing required key in response: {key!r}"
            )
    return {
        "access_key": parsed["AccessKeyId"],
        "secret_key": parsed["SecretAccessKey"],
        "token": parsed.get("SessionToken"),
        "expiry_time": parsed.get("Expiration"),
        "account_id": parsed.get("AccountId"),
    }


def _expiry(value: object, command: _Command) -> datetime:
    """An aware timestamp (botocore: dateutil's parser, a raw error on failure or a
    TypeError on first use for a time without a zone)."""
    from .refreshable import parse_expiry

    if not isinstance(value, str):
        raise InvalidExpirationError(
            provider=METHOD,
            error_msg=f"Expiration {value!r} from {command.describe()} is not a timestamp text",
        )
    try:
        return parse_expiry(value, METHOD)
    except InvalidExpirationError as exc:
        raise InvalidExpirationError(
            provider=METHOD,
            error_msg=f"Expiration from {command.describe()}: {exc.kwargs['error_msg']}",
        ) from None


def _text(section: Section, key: str) -> str:
    value = section.values[key]
    if isinstance(value, dict):
        raise InvalidConfigError(
            error_msg=f"{key} at {section.origins[key]} is a nested block; expected a command"
        )
    return value


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    """Credentials from the profile's ``credential_process``, or None without one."""
    section = ctx.full_config().profiles.get(plan.profile)
    if section is None or "credential_process" not in section.values:
        return None
    origin = str(section.origins.get("credential_process", f"[{plan.profile}]"))
    command = _Command(plan.profile, _text(section, "credential_process"), origin, ctx.environ)
    fallback = section.values.get("aws_account_id")
    account_fallback = fallback if isinstance(fallback, str) else None

    def fetch() -> dict[str, Any]:
        data = command.run()
        data["account_id"] = data["account_id"] or account_fallback
        if data["expiry_time"] is not None:
            data["expiry_time"] = _expiry(data["expiry_time"], command)
        return data

    def refresh() -> dict[str, Any]:
        data = fetch()
        if data["expiry_time"] is None:  # botocore: a raw TypeError
            raise MalformedCredentialsError(
                provider=METHOD,
                error_msg=f"the output of {command.describe()} no longer has an Expiration",
            )
        return data

    data = fetch()
    source = f"credential_process at {origin}"
    if data["expiry_time"] is None:
        return Credentials(
            data["access_key"],
            data["secret_key"],
            data["token"],
            METHOD,
            data["account_id"],
            source,
        )
    return RefreshableCredentials.from_fetched(data, refresh, METHOD, source)
