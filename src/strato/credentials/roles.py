"""The profile plan: an assume-role profile's role hops down to the source that signs.

Planned without network, as botocore validates a role chain before its first call.
Only the assume-role provider, explanations and the linter need it, so a chain with
no role profile never loads it.
"""

from __future__ import annotations

from .. import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..config.ini import Section

#: ``credential_source`` values botocore accepts (exact case), and the method each runs.
CREDENTIAL_SOURCES = {
    "Environment": "env",
    "Ec2InstanceMetadata": "iam-role",
    "EcsContainer": "container-role",
}
_ROLE_KEYS = (
    "role_arn",
    "source_profile",
    "credential_source",
    "role_session_name",
    "external_id",
    "mfa_serial",
    "duration_seconds",
)


class RoleHop:
    """One ``AssumeRole`` call, as a profile configures it (``session_name`` None: the
    default ``botocore-session-<epoch>`` is made when the call is)."""

    __slots__ = (
        "duration",
        "external_id",
        "mfa_serial",
        "origin",
        "profile",
        "role_arn",
        "session_name",
    )

    def __init__(self, profile: str, section: Section) -> None:
        self.profile = profile
        self.origin = str(section.origins.get("role_arn", f"[{profile}]"))
        self.role_arn: str = _text(section, "role_arn")  # type: ignore[assignment]
        self.session_name = _text(section, "role_session_name")
        self.external_id = _text(section, "external_id")
        self.mfa_serial = _text(section, "mfa_serial")
        self.duration = _duration(_text(section, "duration_seconds"))

    def request(self) -> dict[str, str | int]:
        """The configured ``AssumeRole`` parameters in botocore's order (no ``TokenCode``;
        an empty ``RoleSessionName`` is replaced by the default when the call is made)."""
        args: dict[str, str | int] = {}
        if self.session_name is not None:
            args["RoleSessionName"] = self.session_name
        if self.external_id is not None:
            args["ExternalId"] = self.external_id
        if self.mfa_serial is not None:
            args["SerialNumber"] = self.mfa_serial
        if self.duration is not None:
            args["DurationSeconds"] = self.duration
        args["RoleArn"] = self.role_arn
        return args

    def describe(self) -> str:
        return f"assume-role {self.role_arn} ({self.origin})"


class RoleSource:
    """Where the innermost hop's credentials come from: a ``credential_source`` provider
    (``method`` set) or a source profile's own sub-chain."""

    __slots__ = ("method", "name", "origin", "profile", "section")

    def __init__(self, name: str, origin: str, profile: str, section: Section | None) -> None:
        self.name = name
        self.origin = origin
        #: The profile that named this source.
        self.profile = profile
        self.section = section
        self.method = None if section is not None else CREDENTIAL_SOURCES[name]

    def describe(self) -> str:
        if self.section is None:
            return f"credential_source {self.name} ({self.origin})"
        return f"source_profile {self.name} <- {_base_of(self.section)}"


class ProfilePlan:
    """An assume-role profile resolved without any network: role hops, the active
    profile's first, then the source that signs the innermost call."""

    __slots__ = ("hops", "profile", "source")

    def __init__(self, profile: str, hops: tuple[RoleHop, ...], source: RoleSource) -> None:
        self.profile = profile
        self.hops = hops
        self.source = source

    def describe(self) -> str:
        """``assume-role ARN (file:line [profile a]) <- source_profile b <- ...``."""
        parts = [self.hops[0].describe()]
        for hop in self.hops[1:]:
            parts += [f"source_profile {hop.profile}", hop.describe()]
        parts.append(self.source.describe())
        return " <- ".join(parts)


def plan_roles(profile: str, profiles: Mapping[str, Section]) -> ProfilePlan:
    """Follow ``source_profile`` links from ``profile`` (which must assume a role), raising
    botocore's errors in botocore's order, with its cycle rule: a profile may name
    itself as its source only when it has static keys."""
    visited = [profile]
    hops: list[RoleHop] = []
    name = profile
    while True:
        section = profiles[name]
        # botocore checks which source keys are present before it reads any value.
        present = {"source_profile", "credential_source"} & section.values.keys()
        if len(present) == 2:
            raise errors.InvalidConfigError(
                error_msg=f'The profile "{name}" contains both source_profile and '
                "credential_source."
            )
        if not present:
            raise errors.PartialCredentialsError(
                provider="assume-role", cred_var="source_profile or credential_source"
            )
        for key in _ROLE_KEYS:
            _text(section, key)  # a nested block is no value (botocore crashes on some)
        source_name = _text(section, "source_profile")
        credential_source = _text(section, "credential_source")
        hops.append(RoleHop(name, section))
        if credential_source is not None:
            if credential_source not in CREDENTIAL_SOURCES:
                raise errors.InvalidConfigError(
                    error_msg=f'The credential source "{credential_source}" referenced in '
                    f'profile "{name}" is not valid.'
                )
            origin = str(section.origins["credential_source"])
            base = RoleSource(credential_source, origin, name, None)
            return ProfilePlan(profile, tuple(hops), base)
        assert source_name is not None
        if source_name not in profiles:
            raise errors.InvalidConfigError(
                error_msg=f'The source_profile "{source_name}" referenced in the profile '
                f'"{name}" does not exist.'
            )
        source = profiles[source_name]
        if source_name in visited and (source_name != name or not _has_static_keys(source)):
            raise errors.InfiniteLoopConfigError(
                source_profile=source_name, visited_profiles=visited
            )
        visited.append(source_name)
        if _has_static_keys(source) or not assumes_role(source):
            origin = str(section.origins["source_profile"])
            return ProfilePlan(profile, tuple(hops), RoleSource(source_name, origin, name, source))
        name = source_name


def describe_profile(profile: str, profiles: Mapping[str, Section]) -> str:
    """One line saying where a profile's credentials come from, without any network
    and without secrets; raises botocore's error for a role chain it would reject."""
    section = profiles.get(profile)
    if section is None:
        return f"profile {profile}: not found"
    if assumes_role(section):
        return plan_roles(profile, profiles).describe()
    return _base_of(section)


def assumes_role(section: Section) -> bool:
    """The assume-role provider's trigger (web identity takes a profile with both)."""
    return "role_arn" in section.values and "web_identity_token_file" not in section.values


def _has_static_keys(section: Section) -> bool:
    return "aws_access_key_id" in section.values or "aws_secret_access_key" in section.values


#: What the profile providers look for, in their chain order, and how to name it.
_BASES = (
    ("web_identity_token_file", "web identity"),
    ("sso_account_id", "sso"),
    ("sso_role_name", "sso"),
    ("aws_access_key_id", "static keys"),
    ("login_session", "login"),
    ("credential_process", "credential_process"),
)


def _base_of(section: Section) -> str:
    """The profile provider expected to answer for ``section`` (the sub-chain decides)."""
    for key, label in _BASES:
        if key in section.values:
            return f"{label} ({section.origins[key]})"
    if "aws_secret_access_key" in section.values:
        return f"a secret key without a key id ({section.origins['aws_secret_access_key']})"
    return f"no credentials in [{section.name}]"


def _duration(text: str | None) -> int | None:
    """``int()`` of the text, as botocore does; text that is no integer is ignored."""
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def _text(section: Section, key: str) -> str | None:
    """A role setting's text, or None; a nested block is a typed error (botocore sends
    it as is, or crashes with a TypeError)."""
    value = section.values.get(key)
    if isinstance(value, dict):
        raise errors.InvalidConfigError(
            error_msg=f"{key} at {section.origins[key]} is a nested block; expected a value"
        )
    return value
