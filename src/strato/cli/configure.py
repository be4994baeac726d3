"""``strato configure`` (interactive), ``get``, ``set``, ``unset`` and ``import``."""

from __future__ import annotations

import argparse

from ._common import add_common_options

_ACTIONS_ATTRIBUTE = "_strato_configure_actions"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``configure`` alone runs the prompts; its sub-actions share one subparsers action."""
    configure_actions(commands)


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


def _run_interactive(args: argparse.Namespace) -> int:
    from ._common import CommandError

    raise CommandError("interactive configure is not implemented yet")
