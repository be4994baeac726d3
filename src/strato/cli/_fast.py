"""The commands scripts run most, parsed without argparse when spelled plainly.

Importing argparse (with ``re``, ``enum``, ``gettext`` and ``locale``) costs about as
much as answering ``strato configure get region``. The commands here take only
``--profile VALUE`` and the options listed; anything else (help, an abbreviation, a
repeated option, ``--opt=value``, a value starting with ``-``) goes to argparse, which
answers or explains. ``tests/cli/test_parser.py`` checks that whatever this accepts,
argparse parses to the same namespace.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, TypeAlias

    _Spec: TypeAlias = tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


class Namespace:
    """The attributes argparse would set (``argparse.Namespace`` without its import)."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


#: words -> (module, run function, positional names, flags, options taking one value,
#: of which at most one may be given: argparse's mutually exclusive group).
_COMMANDS: dict[tuple[str, ...], _Spec] = {
    ("whoami",): ("whoami", "_run", (), ("--json",), ()),
    ("configure", "get"): (
        "configure",
        "_run_get",
        ("name",),
        (),
        ("--sso-session", "--services"),
    ),
    ("configure", "list"): (
        "configure_list",
        "_run_list",
        (),
        ("--all", "--json", "--verbose"),
        (),
    ),
}


def parse(argv: Sequence[str]) -> Namespace | None:
    """The namespace argparse would give ``argv``, or None to let argparse decide."""
    profile: str | None = None
    words: list[str] = []
    flags: set[str] = set()
    options: dict[str, str] = {}
    args = iter(argv)
    for arg in args:
        if arg.startswith("-"):
            if arg == "--profile" and profile is None:
                profile = next(args, "-")
                if profile.startswith("-"):
                    return None
            elif arg not in flags and arg not in options and arg != "--profile":
                if not _command_named(words):  # an option before its command: argparse's
                    return None
                if arg in _all_options():
                    value = next(args, "-") if arg in _value_options() else None
                    if value is None:
                        flags.add(arg)
                    elif value.startswith("-"):
                        return None
                    else:
                        options[arg] = value
                else:
                    return None
            else:
                return None
        else:
            words.append(arg)
    return _namespace(words, profile, flags, options)


def _namespace(
    words: list[str], profile: str | None, flags: set[str], options: dict[str, str]
) -> Namespace | None:
    for size in (1, 2):
        spec = _COMMANDS.get(tuple(words[:size]))
        if spec is None:
            continue
        module, function, positional, known_flags, known_options = spec
        rest = words[size:]
        if (
            len(rest) != len(positional)
            or not flags <= set(known_flags)
            or not set(options) <= set(known_options)
            or len(options) > 1
        ):
            return None
        values: dict[str, Any] = dict(zip(positional, rest, strict=True))
        values.update({flag[2:]: flag in flags for flag in known_flags})
        values.update({name[2:].replace("-", "_"): options.get(name) for name in known_options})
        if profile is not None:
            values["profile"] = profile
        run = getattr(__import__(f"strato.cli.{module}", fromlist=[function]), function)
        return Namespace(run=run, **values)
    return None


def _command_named(words: list[str]) -> bool:
    return tuple(words[:1]) in _COMMANDS or tuple(words[:2]) in _COMMANDS


def _all_options() -> set[str]:
    return {name for spec in _COMMANDS.values() for name in (*spec[3], *spec[4])}


def _value_options() -> set[str]:
    return {name for spec in _COMMANDS.values() for name in spec[4]}
