"""``strato configure export-credentials``: the resolved credentials for a shell or an SDK.

The AWS CLI v2's formats and recursion guard, with values quoted for each shell (v2
pastes them in raw). Role credentials go through the on-disk cache shared with the
AWS CLI unless the ``credential_cache`` setting says otherwise, so
``credential_process = strato configure export-credentials --profile X`` hands any
SDK cached role credentials without a new AssumeRole per process.
"""

from __future__ import annotations

from ._common import add_common_options

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import MutableMapping

FORMATS = ("process", "env", "env-no-export", "powershell", "windows-cmd", "fish")
#: The AWS CLI v2's guard variable: profiles being resolved, comma separated (CSV), so
#: a loop through either tool's ``export-credentials`` is seen by both.
CHAIN_VARIABLE = "_AWS_CLI_PROFILE_CHAIN"
MAX_DEPTH = 4


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .configure import configure_actions

    parser = configure_actions(commands).add_parser(
        "export-credentials",
        help="print the resolved credentials for a shell or as credential_process JSON",
        description="Resolve the profile's credentials (role credentials through the "
        "on-disk cache ~/.aws/cli/cache) and print them in the chosen format.",
    )
    add_common_options(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="process",
        help="process (credential_process JSON, the default), env, env-no-export, "
        "powershell, windows-cmd or fish",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    import os
    import sys

    from ..exceptions import StratoError
    from ..session import Session
    from ._common import CommandError

    explicit = getattr(args, "profile", None)
    session = Session(profile_name=explicit)
    guard(session.profile_name, os.environ)
    if session.get_config_variable("credential_cache") is None:
        session = Session(profile_name=explicit, credential_cache=True)
    try:
        credentials = session.get_credentials()
        frozen = credentials.get_frozen_credentials() if credentials is not None else None
    except StratoError as error:
        raise CommandError(f"Unable to retrieve credentials: {str(error).strip()}") from None
    if frozen is None or frozen.access_key is None or frozen.secret_key is None:
        raise CommandError("Unable to retrieve credentials: no credentials found")
    expiry = getattr(credentials, "expiry_time", None)
    values = {
        "AWS_ACCESS_KEY_ID": frozen.access_key,
        "AWS_SECRET_ACCESS_KEY": frozen.secret_key,
    }
    if frozen.token is not None:
        values["AWS_SESSION_TOKEN"] = frozen.token
    if expiry is not None:
        values["AWS_CREDENTIAL_EXPIRATION"] = expiry.isoformat()
    sys.stdout.write(render(args.format, values))
    return 0


def guard(profile: str, environ: MutableMapping[str, str]) -> None:
    """Refuse a profile already being resolved further up (a ``credential_process``
    that calls back into this command), then add it to the chain for children."""
    import csv

    from ._common import CommandError

    raw = environ.get(CHAIN_VARIABLE, "")
    seen = next(csv.reader([raw])) if raw else []
    if len(seen) >= MAX_DEPTH:
        raise CommandError(
            f"Maximum recursive credential process resolution reached ({MAX_DEPTH}); "
            f"profiles seen: {' -> '.join(seen)}"
        )
    if profile in seen:
        raise CommandError(
            "Credential process resolution detected an infinite loop, profile cycle: "
            + " -> ".join([*seen, profile])
        )
    environ[CHAIN_VARIABLE] = _csv_row([*seen, profile])


def _csv_row(fields: list[str]) -> str:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerow(fields)
    return out.getvalue().strip()


def render(format: str, values: dict[str, str]) -> str:
    """The text printed for ``format``; ``values`` in the order v2 prints them."""
    if format == "process":
        import json

        names = {
            "AWS_ACCESS_KEY_ID": "AccessKeyId",
            "AWS_SECRET_ACCESS_KEY": "SecretAccessKey",
            "AWS_SESSION_TOKEN": "SessionToken",
            "AWS_CREDENTIAL_EXPIRATION": "Expiration",
        }
        document: dict[str, object] = {"Version": 1}
        document.update((names[key], value) for key, value in values.items())
        return json.dumps(document, indent=2, separators=(",", ": ")) + "\n"
    line = _LINES[format]
    return "".join(line(name, value) + "\n" for name, value in values.items())


def _sh(name: str, value: str) -> str:
    import shlex

    return f"{name}={shlex.quote(value)}"


def _powershell(name: str, value: str) -> str:
    """A double-quoted PowerShell string: the backtick escapes `` ` ``, ``$`` and ``"``."""
    escaped = "".join("`" + c if c in '`$"' else c for c in value)
    return f'$Env:{name}="{escaped}"'


def _fish(name: str, value: str) -> str:
    """A double-quoted fish string: ``\\``, ``"`` and ``$`` escaped with a backslash."""
    escaped = "".join("\\" + c if c in '\\"$' else c for c in value)
    return f'set -gx {name} "{escaped}"'


_CMD_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=._-:")


def _windows_cmd(name: str, value: str) -> str:
    """``set NAME=value``; ``set "NAME=value"`` when cmd would read a character of the
    value as syntax. ``%``, ``"`` and line breaks cannot be written safely at all."""
    from ._common import CommandError

    if any(c in value for c in '%"\r\n'):
        raise CommandError(
            f'{name} holds a character windows-cmd cannot quote (%, " or a line break); '
            "use another --format"
        )
    if all(c in _CMD_SAFE for c in value):
        return f"set {name}={value}"
    return f'set "{name}={value}"'


_LINES = {
    "env": lambda name, value: "export " + _sh(name, value),
    "env-no-export": _sh,
    "powershell": _powershell,
    "windows-cmd": _windows_cmd,
    "fish": _fish,
}
