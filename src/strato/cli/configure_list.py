"""``strato configure list`` and ``configure list-profiles``.

``list`` prints the AWS CLI v1's table (profile, access key, secret key, region), each
row's Location down to file and line. Unlike the AWS CLI it never calls STS, SSO or
any other remote source to fill the table: such a source is described from the
credential plan and its value shown as ``<not fetched>``.
"""

from __future__ import annotations

from ._common import add_common_options

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from ..config.files import ConfigFile
    from ..credentials.plan import ChainPlan
    from ..credentials.providers import Context
    from ..session import Session

NOT_SET = "<not set>"
NOT_FETCHED = "<not fetched>"
#: The AWS CLI v1's row format: name, value, type, location.
ROW = "%10s %24s %16s    %s"
#: Providers whose answer needs a request or a program run: described, never fetched.
REMOTE = frozenset(
    (
        "assume-role",
        "assume-role-with-web-identity",
        "sso",
        "login",
        "custom-process",
        "container-role",
        "iam-role",
    )
)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``configure list`` and ``configure list-profiles``, under ``configure``."""
    from .configure import configure_actions

    actions = configure_actions(commands)
    parser = actions.add_parser(
        "list",
        help="show the profile, credentials and region in use, and where each comes from",
        description="The AWS CLI's table of profile, access key, secret key and region, "
        "with the file and line of each value. Remote credential sources (roles, SSO, "
        "credential_process, container, instance metadata) are described, not fetched.",
    )
    add_common_options(parser)
    parser.add_argument(
        "--all", action="store_true", help="also every other setting that has a value"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="also show the values each row shadows"
    )
    parser.set_defaults(run=_run_list)
    profiles = actions.add_parser(
        "list-profiles",
        help="the profile names of the config and credentials files, one a line",
        description="Every profile name, config file's first then the credentials file's "
        "others, one a line (as the AWS CLI v2).",
    )
    add_common_options(profiles)
    profiles.set_defaults(run=_run_list_profiles)


class Row:
    """One line of the table; ``shadowed`` holds ``(value, type, location)`` triples."""

    __slots__ = ("location", "name", "shadowed", "type", "value")

    def __init__(
        self,
        name: str,
        value: str | None,
        type: str | None,
        location: str | None,
        shadowed: list[tuple[str, str, str]] | None = None,
    ) -> None:
        self.name = name
        self.value = value
        self.type = type
        self.location = location
        self.shadowed = shadowed or []

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "type": self.type,
            "location": self.location,
            "shadowed": [
                {"value": value, "type": type, "location": location}
                for value, type, location in self.shadowed
            ],
        }


def _run_list(args: argparse.Namespace) -> int:
    import os
    import sys

    from ..session import Session

    explicit = getattr(args, "profile", None)
    session = Session(profile_name=explicit)
    rows = [_profile_row(explicit, os.environ)]
    rows += _credential_rows(session)
    rows.append(_setting_row(session, "region"))
    if args.all:
        rows += _other_rows(session)
    if args.json:
        import json

        document = {"profile": session.profile_name, "rows": [row.as_json() for row in rows]}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return 0
    width = max(10, *(len(row.name) for row in rows)) if args.all else 10
    line = ROW.replace("%10s", f"%{width}s")
    out = [line % ("Name", "Value", "Type", "Location")]
    out.append(line % ("----", "-----", "----", "--------"))
    for row in rows:
        out.append(line % (row.name, row.value or NOT_SET, row.type, row.location))
        if args.verbose:
            out += [line % ("shadowed", *entry) for entry in row.shadowed]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def _run_list_profiles(args: argparse.Namespace) -> int:
    import sys

    from ..config.files import load_full_config
    from ..settings.store import SettingsStore

    # No Session: a profile named in AWS_PROFILE that does not exist must not fail this.
    settings = SettingsStore({}, __import__("os").environ, _no_profile)
    full = load_full_config(settings.get("config_file"), settings.get("credentials_file"))
    names = list(full.profiles)
    sys.stdout.write("".join(name + "\n" for name in names))
    return 0


def _no_profile() -> Any:
    """The file settings read no profile (their rows have no config keys)."""
    raise AssertionError("config_file and credentials_file are never read from a profile")


# --- the rows --------------------------------------------------------------------------


def _profile_row(explicit: str | None, environ: Any) -> Row:
    """``--profile`` is ``manual``; else the first of the profile setting's variables
    (AWS_DEFAULT_PROFILE, AWS_PROFILE)."""
    from ..settings.table import SETTINGS

    present = [(environ[var], "env", var) for var in SETTINGS["profile"].env_vars if var in environ]
    if explicit:
        return Row("profile", explicit, "manual", "--profile", present)
    if present:
        return Row("profile", *present[0], present[1:])
    return Row("profile", None, None, None)


def _credential_rows(session: Session) -> list[Row]:
    """The access and secret key rows: the first provider of the plan that has
    credentials (a remote one described, not run); later ones are what it shadows."""
    import os

    from ..credentials.providers import Context
    from ..exceptions import StratoError

    plan = session.credential_plan()
    ctx = Context(os.environ, lambda: _full_config(plan))
    found: list[tuple[tuple[str, str, str], tuple[str, str, str]]] = []
    for method in plan.steps:
        if found and method == "iam-role":
            break  # always "configured": never worth listing as shadowed
        try:
            entry = _provider_entry(method, plan, ctx)
        except StratoError:
            if not found:
                raise  # botocore stops with this error too
            continue
        if entry is not None:
            found.append(entry)
    if not found:
        return [Row("access_key", None, None, None), Row("secret_key", None, None, None)]
    (access, secret), rest = found[0], found[1:]
    return [
        Row("access_key", *access, [entry[0] for entry in rest]),
        Row("secret_key", *secret, [entry[1] for entry in rest]),
    ]


def _full_config(plan: ChainPlan) -> ConfigFile:
    """Both files' profiles merged, as the session's providers see them."""
    from ..config.files import load_full_config

    return load_full_config(plan.config_file, plan.credentials_file)


def _provider_entry(
    method: str, plan: ChainPlan, ctx: Context
) -> tuple[tuple[str, str, str], tuple[str, str, str]] | None:
    """``(access, secret)`` as ``(value, type, location)`` if ``method`` has credentials."""
    if method in REMOTE:
        described = _describe_remote(method, plan, ctx)
        if described is None:
            return None
        return (NOT_FETCHED, method, described), (NOT_FETCHED, method, described)
    from ..credentials.providers import provider
    from ._common import mask

    credentials = provider(method)(plan, ctx)
    if credentials is None:
        return None
    access = mask(credentials.access_key or "")
    secret = mask(credentials.secret_key or "")
    where = _key_locations(method, plan) or (credentials.source or "", credentials.source or "")
    return (access, method, where[0]), (secret, method, where[1])


def _key_locations(method: str, plan: ChainPlan) -> tuple[str, str] | None:
    """Where the access key and the secret key were written (each its own line)."""
    from ..config.files import load_config_file, read_ini
    from ._common import display_path

    if method == "env":
        return "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"
    if method == "shared-credentials-file":
        section = read_ini(plan.credentials_file)[plan.profile]
    elif method == "config-file":
        section = load_config_file(plan.config_file).profiles[plan.profile]
    else:
        return None
    access, secret = (
        section.origins[key] for key in ("aws_access_key_id", "aws_secret_access_key")
    )
    return display_path(access.path, access.line), display_path(secret.path, secret.line)


def _describe_remote(method: str, plan: ChainPlan, ctx: Context) -> str | None:
    """What a remote provider would use, from the files and environment only (None:
    it has nothing configured). Configuration errors are raised as botocore raises them."""
    profiles = ctx.full_config().profiles
    section = profiles.get(plan.profile)
    values = section.values if section is not None else {}
    if method == "assume-role":
        if "role_arn" not in values or "web_identity_token_file" in values:
            return None
        from ..credentials.roles import describe_profile

        return describe_profile(plan.profile, profiles)
    if method in ("assume-role-with-web-identity", "sso"):
        # Both hand back credentials that fetch on first use: nothing is sent here.
        from ..credentials.providers import provider

        deferred = provider(method)(plan, ctx)
        return None if deferred is None else deferred.source
    if method == "login" and section is not None and "login_session" in values:
        return f"login session {values['login_session']} ({section.origins['login_session']})"
    if method == "custom-process" and section is not None and "credential_process" in values:
        return f"credential_process at {section.origins['credential_process']}"
    if method == "container-role":
        from ..credentials.container import ECS_HOST, FULL, RELATIVE

        if RELATIVE in ctx.environ:
            return f"container endpoint http://{ECS_HOST}{ctx.environ[RELATIVE]}"
        if FULL in ctx.environ:
            return f"container endpoint {ctx.environ[FULL]}"
        return None
    if method == "iam-role":
        if ctx.environ.get("AWS_EC2_METADATA_DISABLED", "false").lower() == "true":
            return None
        return f"instance metadata {plan.imds.endpoint}"
    return None


def _setting_row(session: Session, name: str, label: str | None = None) -> Row:
    from ..exceptions import StratoError

    try:
        explanation = session.explain(name)
    except StratoError as error:
        return Row(label or name, "<invalid>", "error", str(error))
    return _explained_row(label or name, explanation.value, explanation.source, explanation)


def _explained_row(label: str, value: Any, source: str | None, explanation: Any) -> Row:
    if source is None:
        return Row(label, None, None, None)
    shadowed = [
        (_text(c.value), *_kind(c.source)) for c in explanation.shadowed if c.source != "default"
    ]
    return Row(label, _text(value), *_kind(source), shadowed)


def _other_rows(session: Session) -> list[Row]:
    """``--all``: every other setting whose value does not come from its default."""
    from ..settings.table import SECTIONS, SETTINGS, STRATO_SETTINGS

    rows = []
    for name in (*SETTINGS, *STRATO_SETTINGS):
        if name not in ("profile", "region"):
            rows.append(_setting_row(session, name))
    for section in SECTIONS:
        explanation = session.explain(section)
        prefix = f"{section}." if section == "s3" else ""
        for member in explanation.members:
            rows.append(_explained_row(prefix + member.name, member.value, member.source, member))
    return [row for row in rows if row.type not in (None, "default")]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _kind(source: str) -> tuple[str, str]:
    """``(type, location)`` of an explanation's source: ``env AWS_X`` -> ``env``,
    ``~/.aws/config:3 [default]`` -> ``config-file``, ``~/.aws/config:3``."""
    from ._common import display_path

    if source.startswith("env "):
        return "env", source[4:]
    if source in ("session", "default"):
        return source, ""
    head = source.rsplit(" [", 1)[0] if source.endswith("]") else source
    path, _, line = head.rpartition(":")
    if path and line.isdigit():
        return "config-file", display_path(path, int(line))
    return "config-file", source
