"""``strato configure`` (interactive), ``get``, ``set``, ``unset`` and ``import``.

Nothing is imported here but what registering needs; the config modules load when a
command runs.
"""

from __future__ import annotations

from ._common import CommandError, add_common_options, mask

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping

    from ..config.files import ConfigFile
    from ._configure_names import Name

_ACTIONS_ATTRIBUTE = "_strato_configure_actions"
#: ``aws configure``'s prompts, in its order: (key, prompt text).
PROMPTS = (
    ("aws_access_key_id", "AWS Access Key ID"),
    ("aws_secret_access_key", "AWS Secret Access Key"),
    ("region", "Default region name"),
    ("output", "Default output format"),
)
_SECRET_PROMPTS = ("aws_access_key_id", "aws_secret_access_key")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``configure`` alone runs the prompts; ``get``, ``set``, ``unset``, ``import``."""
    actions = configure_actions(commands)
    get = _action(actions, "get", "print a value from the config or credentials file")
    get.add_argument("name", help="region, default.region, profile.dev.region, s3.addressing_style")
    _section_options(get)
    get.set_defaults(run=_run_get)
    set_ = _action(actions, "set", "set a value in the config or credentials file")
    set_.add_argument("name", help="as for get")
    set_.add_argument("value")
    _section_options(set_)
    set_.set_defaults(run=_run_set)
    unset = _action(actions, "unset", "remove a value (or a nested key) from its file")
    unset.add_argument("name", help="as for get")
    _section_options(unset)
    unset.set_defaults(run=_run_unset)
    import_ = _action(actions, "import", "import the AWS console's access key CSV")
    import_.add_argument(
        "--csv", required=True, help="file://PATH or PATH of the CSV the console downloads"
    )
    import_.add_argument(
        "--skip-invalid", action="store_true", help="skip rows without a user name or keys"
    )
    import_.add_argument("--profile-prefix", default="", help="prepended to every profile name")
    import_.set_defaults(run=_run_import)


def configure_actions(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The ``configure`` sub-action subparsers, made once and kept on ``commands``.

    Other command modules add ``configure list``, ``list-profiles`` and
    ``export-credentials`` through this, whichever module registers first.
    """
    actions: argparse._SubParsersAction[argparse.ArgumentParser] | None = getattr(
        commands, _ACTIONS_ATTRIBUTE, None
    )
    if actions is not None:
        return actions
    parser = commands.add_parser(
        "configure",
        help="set up a profile interactively, or get, set and unset single values",
        description="Without an action: prompt for the access key, secret key, region and "
        "output format of the profile, as `aws configure` does (Enter keeps a value).",
    )
    add_common_options(parser)
    parser.set_defaults(run=_run_interactive)
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    setattr(commands, _ACTIONS_ATTRIBUTE, actions)
    return actions


def _action(
    actions: argparse._SubParsersAction[argparse.ArgumentParser], name: str, text: str
) -> argparse.ArgumentParser:
    parser = actions.add_parser(name, help=text, description=text)
    add_common_options(parser)
    return parser


def _section_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--sso-session", metavar="NAME", help="act on [sso-session NAME]")
    group.add_argument("--services", metavar="NAME", help="act on [services NAME]")


def _explicit_profile(args: argparse.Namespace) -> str | None:
    """``--profile``, else botocore's environment order; None when nothing names one."""
    import os

    explicit: str | None = getattr(args, "profile", None)
    # botocore's order (the AWS CLI v1's too): AWS_DEFAULT_PROFILE before AWS_PROFILE
    return explicit or os.environ.get("AWS_DEFAULT_PROFILE") or os.environ.get("AWS_PROFILE")


def _file_paths() -> tuple[str, str]:
    """The config and credentials files (``AWS_CONFIG_FILE``, ``AWS_SHARED_CREDENTIALS_FILE``)."""
    import os

    from ..config.files import expand_path

    return (
        expand_path(os.environ.get("AWS_CONFIG_FILE") or "~/.aws/config"),
        expand_path(os.environ.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials"),
    )


def _load() -> ConfigFile:
    """Both files as botocore's ``full_config`` sees them: credentials merged over profiles."""
    from ..config.files import load_full_config

    return load_full_config(*_file_paths())


# -- get ------------------------------------------------------------------------------


def _run_get(args: argparse.Namespace) -> int:
    """Print the raw value from the files (never the environment); 1 when it is not set."""
    from ._configure_names import resolve

    full = _load()
    explicit = _explicit_profile(args)
    name = resolve(args.name, args, explicit, full.profiles)
    if name.kind == "profile":
        if "." not in args.name and explicit is not None and explicit not in full.profiles:
            raise CommandError(f"The config profile ({explicit}) could not be found")
        values = _values(full.profiles, name.section)
    elif name.kind == "section":  # [preview], else a profile of that name
        values = _values(full.other, name.section)
        if values.get(name.key) is None:
            values = _values(full.profiles, name.section)
    else:
        table = full.sso_sessions if name.kind == "sso-session" else full.services
        if name.section not in table:
            raise CommandError(f"The config sub-section ({name.section}) could not be found")
        values = _values(table, name.section)
    value = values.get(name.key)
    if name.sub is not None:
        value = value.get(name.sub) if isinstance(value, dict) else None
    if isinstance(value, dict):
        raise CommandError(
            f"varname ({args.name}) must reference a value, not a section or sub-section."
        )
    if value is None:
        return 1
    print(value)
    return 0


def _values(table: Mapping[str, object], name: str) -> Mapping[str, str | dict[str, str]]:
    section = table.get(name)
    return getattr(section, "values", {})


# -- set / unset ----------------------------------------------------------------------


def _target(name: Name) -> tuple[str, str, bool]:
    """The file, the section as written, and whether it is the credentials file."""
    from ..config.edit import section_name
    from ._configure_names import CREDENTIAL_KEYS

    config_path, credentials_path = _file_paths()
    if name.kind == "profile" and name.key in CREDENTIAL_KEYS:
        return credentials_path, name.section, True
    if name.kind == "section" and name.key in CREDENTIAL_KEYS:
        return credentials_path, name.section, True
    if name.kind in ("sso-session", "services"):
        return config_path, section_name(name.kind, name.section), False
    if name.kind == "section" or name.section == "default":
        return config_path, name.section, False
    return config_path, section_name("profile", name.section), False


def _run_set(args: argparse.Namespace) -> int:
    from ..config.edit import set_values, update_file
    from ._configure_names import resolve

    name = resolve(args.name, args, _explicit_profile(args))
    path, section, exact = _target(name)
    value: str | dict[str, str] = args.value if name.sub is None else {name.sub: args.value}
    update_file(path, lambda text: set_values(text, section, {name.key: value}, exact=exact))
    return 0


def _run_unset(args: argparse.Namespace) -> int:
    from ..config.edit import unset_value, update_file
    from ._common import display_path
    from ._configure_names import resolve

    name = resolve(args.name, args, _explicit_profile(args))
    path, section, exact = _target(name)
    if not update_file(
        path, lambda text: unset_value(text, section, name.key, name.sub, exact=exact)
    ):
        shown = name.key if name.sub is None else f"{name.key}.{name.sub}"
        raise CommandError(f"{shown} is not set in {display_path(path)} [{section}]")
    return 0


# -- interactive ----------------------------------------------------------------------


def _run_interactive(args: argparse.Namespace) -> int:
    """``aws configure``'s four prompts; nothing is written unless all four are answered."""
    import sys

    profile = _explicit_profile(args)
    current = _values(_load().profiles, profile or "default")
    changed: dict[str, str] = {}
    for key, text in PROMPTS:
        value = current.get(key)
        if key in _SECRET_PROMPTS:
            shown = "None" if value is None else mask(str(value))
        else:
            shown = str(value)
        sys.stdout.write(f"{text} [{shown}]: ")
        sys.stdout.flush()
        try:
            answer = input()
        except EOFError:
            if sys.stdin.isatty():  # end the prompt's line on the terminal
                print()
            raise CommandError("input ended before the last answer; nothing was written") from None
        if answer and answer != value:
            changed[key] = answer
    if changed:
        _write_answers(changed, profile or "default")
    return 0


def _write_answers(changed: dict[str, str], profile: str) -> None:
    """Keys to the credentials file, the rest to the config file, as the AWS CLI places them.

    The config file's section is ``[default]`` for the default profile: the AWS CLI v1
    writes ``[profile default]``, which hides ``[default]`` from botocore.
    """
    from ..config.edit import check_text, section_name, set_values, update_file

    for value in changed.values():
        check_text(value, "value")
    keys = {k: v for k, v in changed.items() if k in _SECRET_PROMPTS}
    rest = {k: v for k, v in changed.items() if k not in _SECRET_PROMPTS}
    config_path, credentials_path = _file_paths()
    if keys:
        update_file(credentials_path, lambda text: set_values(text, profile, keys, exact=True))
    section = "default" if profile == "default" else section_name("profile", profile)
    update_file(config_path, lambda text: set_values(text, section, rest))


# -- import ---------------------------------------------------------------------------


def _run_import(args: argparse.Namespace) -> int:
    """The console's CSV into the credentials file: one profile per user, in one write."""
    from ..config.edit import set_values, update_file
    from ._configure_csv import parse_csv

    rows = parse_csv(_read_csv(args.csv), strict=not args.skip_invalid)

    def add(text: str) -> str:
        for user, key_id, secret in rows:
            text = set_values(
                text,
                args.profile_prefix + user,
                {"aws_access_key_id": key_id, "aws_secret_access_key": secret},
                exact=True,
            )
        return text

    update_file(_file_paths()[1], add)
    print(f"Successfully imported {len(rows)} profile(s)")
    return 0


def _read_csv(source: str) -> str:
    path = source[len("file://") :] if source.startswith("file://") else source
    import os

    try:
        with open(os.path.expanduser(path), encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read the CSV {path}: {error}") from None
