"""Where ``configure get/set/unset NAME`` acts: the AWS CLI's dotted-name rules.

``region`` is the current profile's, ``default.region`` and ``profile.dev.region`` name
the profile, ``s3.addressing_style`` is a key nested under ``s3 =``, ``preview.x`` and
``plugins.x`` are their own sections. Where the AWS CLI silently drops parts of a name
(more than two after the profile) or cannot tell a dotted profile name from a nested
key, the name is refused with a usage error instead.
"""

from __future__ import annotations

from ._common import CommandError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Container

#: Written to the credentials file by ``set``, as the AWS CLI does.
CREDENTIAL_KEYS = (
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
)
#: Sections the AWS CLI addresses by their own name (``set preview.cloudfront true``).
PREDEFINED_SECTIONS = ("preview", "plugins")
#: Keys botocore and the AWS CLI read as a nested block in a profile.
NESTED_KEYS = ("s3", "api_versions")
_DEEP = "{name}: found more than two parts in the name; deep nesting of properties is not supported"


class Name:
    """A resolved name: the file kind, the profile or section, the key and a nested key."""

    __slots__ = ("key", "kind", "section", "sub")

    def __init__(self, kind: str, section: str, key: str, sub: str | None) -> None:
        #: ``profile`` (``section`` is a profile name), ``sso-session``, ``services``,
        #: or ``section`` (``section`` is a section's own name, ``preview``).
        self.kind = kind
        self.section = section
        self.key = key
        self.sub = sub


def usage(message: str) -> CommandError:
    return CommandError(message, code=2)


def resolve(
    name: str,
    args: argparse.Namespace,
    current_profile: str | None,
    profiles: Container[str] = (),
) -> Name:
    """``name`` as ``configure`` reads it (``profiles``: ``get``'s known profile names).

    ``current_profile`` is ``--profile`` or the environment's, None when neither is set.
    """
    sso_session: str | None = getattr(args, "sso_session", None)
    services: str | None = getattr(args, "services", None)
    if sso_session is not None or services is not None:
        if getattr(args, "profile", None):
            raise usage("--sso-session and --services cannot be combined with --profile")
        kind, section = ("sso-session", sso_session) if sso_session else ("services", services)
        return Name(kind, section or "", *_key_and_sub(name, name.split(".")))
    profile = current_profile or "default"
    parts = name.split(".")
    if len(parts) == 1:
        return Name("profile", profile, name, None)
    head = parts[0]
    if head == "profile":
        return _profile_name(name, parts)
    if len(parts) == 2 and head in PREDEFINED_SECTIONS:
        return Name("section", head, parts[1], None)
    if head == "default" or head in profiles:
        return Name("profile", head, *_key_and_sub(name, parts[1:]))
    return Name("profile", profile, *_key_and_sub(name, parts))


def _key_and_sub(name: str, parts: list[str]) -> tuple[str, str | None]:
    if len(parts) > 2:
        hint = ""
        if parts[0] in ("sso_session", "sso-session", "services"):
            option = "--services" if parts[0] == "services" else "--sso-session"
            hint = f" (for a section of its own, use {option} NAME)"
        raise usage(_DEEP.format(name=name) + hint)
    if not all(parts):
        raise usage(f"{name}: a name part is empty")
    return parts[0], parts[1] if len(parts) == 2 else None


def _profile_name(name: str, parts: list[str]) -> Name:
    """``profile.NAME.KEY`` or ``profile.NAME.s3.KEY``; a dotted NAME is ambiguous."""
    if len(parts) == 3 and all(parts):
        return Name("profile", parts[1], parts[2], None)
    if len(parts) == 4 and parts[2] in NESTED_KEYS and all(parts):
        return Name("profile", parts[1], parts[2], parts[3])
    if len(parts) < 3:
        raise usage(f"{name}: expected profile.NAME.KEY")
    nested = parts[-2] in NESTED_KEYS
    profile = ".".join(parts[1 : -2 if nested else -1])
    key = ".".join(parts[-2:] if nested else parts[-1:])
    raise usage(
        f"{name} is ambiguous: a dotted profile name cannot be told from a nested key; "
        f"use --profile {profile} {key}"
    )
