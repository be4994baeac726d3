"""The credential chain as data: which providers run, in what order, with what inputs.

A plan is made without touching the network, so it can be printed, tested and
explained. Making it evaluates the same settings botocore evaluates when it builds
its chain (IMDS timeout, attempts, endpoint and mode), so configuration errors
surface at the same moment, even when environment credentials are present.
"""

from __future__ import annotations

from .. import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ..config.files import ConfigFile
    from ..config.ini import Section
    from ..settings.store import SettingsStore

#: botocore's chain, in order, by method name (spec 2.1).
CHAIN_ORDER = (
    "env",
    "assume-role",
    "assume-role-with-web-identity",
    "sso",
    "shared-credentials-file",
    "login",
    "custom-process",
    "config-file",
    "ec2-credentials-file",
    "boto-config",
    "container-role",
    "iam-role",
)

#: The providers that resolve a ``source_profile`` that is not itself a role (spec 2.4):
#: only those that read the profile, with environment variables off.
PROFILE_PROVIDERS = CHAIN_ORDER[
    CHAIN_ORDER.index("assume-role-with-web-identity") : CHAIN_ORDER.index("config-file") + 1
]

_IMDS_V4 = "http://169.254.169.254/"
_IMDS_V6 = "http://[fd00:ec2::254]/"
_IMDS_MODES = ("ipv4", "ipv6")


class ImdsSettings:
    """What the instance-metadata provider will use."""

    __slots__ = ("attempts", "endpoint", "timeout", "v1_disabled")

    def __init__(self, endpoint: str, timeout: int, attempts: int, v1_disabled: bool) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.attempts = attempts
        self.v1_disabled = v1_disabled


class ChainPlan:
    """The providers to try for one session, and the inputs each one reads.

    ``load_config`` (the session's merged profiles) lets :meth:`describe` and
    :meth:`profile_chain` show the profile's role chain; without it they show steps only.
    """

    __slots__ = (
        "config_file",
        "credentials_file",
        "env_disabled",
        "imds",
        "load_config",
        "profile",
        "steps",
    )

    def __init__(
        self,
        profile: str,
        steps: tuple[str, ...],
        credentials_file: str,
        config_file: str,
        env_disabled: bool,
        imds: ImdsSettings,
        load_config: Callable[[], ConfigFile] | None = None,
    ) -> None:
        self.profile = profile
        self.steps = steps
        self.credentials_file = credentials_file
        self.config_file = config_file
        self.env_disabled = env_disabled
        self.imds = imds
        self.load_config = load_config

    def for_source(self, profile: str) -> ChainPlan:
        """The sub-chain botocore runs for a source profile: profile providers only,
        environment variables off."""
        return ChainPlan(
            profile,
            PROFILE_PROVIDERS,
            self.credentials_file,
            self.config_file,
            True,
            self.imds,
            self.load_config,
        )

    def profile_chain(self) -> str:
        """The active profile's chain in one line (:func:`describe_profile`); a profile
        botocore would reject is shown with botocore's error."""
        if self.load_config is None:
            return f"profile {self.profile}"
        profiles = self.load_config().profiles
        try:
            return describe_profile(self.profile, profiles)
        except errors.InvalidConfigError as e:
            return f"profile {self.profile}: invalid: {e}"
        except errors.PartialCredentialsError as e:
            return f"profile {self.profile}: invalid: {e}"

    def describe(self) -> list[str]:
        """One line per provider, in order, naming what it reads."""
        where = {
            "env": "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN",
            "shared-credentials-file": f"{self.credentials_file} [{self.profile}]",
            "config-file": f"{self.config_file} profile {self.profile}",
            "ec2-credentials-file": "file named by AWS_CREDENTIAL_FILE",
            "boto-config": "BOTO_CONFIG, else /etc/boto.cfg and ~/.boto [Credentials]",
            "container-role": "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI",
            "iam-role": f"{self.imds.endpoint} (timeout {self.imds.timeout}s, "
            f"{self.imds.attempts} attempt(s))",
        }
        if self.load_config is not None and "assume-role" in self.steps:
            section = self.load_config().profiles.get(self.profile)
            if section is not None and _assumes_role(section):
                where["assume-role"] = self.profile_chain()
        return [f"{m}: {where.get(m, f'profile {self.profile}')}" for m in self.steps]


def make_plan(
    settings: SettingsStore,
    profile_is_explicit: bool,
    load_config: Callable[[], ConfigFile] | None = None,
) -> ChainPlan:
    """Plan the default chain; an explicitly chosen profile drops the env provider."""
    profile = settings.get("profile") or "default"
    imds = ImdsSettings(
        endpoint="",
        timeout=settings.get("metadata_service_timeout"),
        attempts=settings.get("metadata_service_num_attempts"),
        v1_disabled=False,
    )
    custom = settings.get("ec2_metadata_service_endpoint")
    mode = _imds_mode(settings)
    imds.v1_disabled = settings.get("ec2_metadata_v1_disabled")
    if custom:
        if mode == "ipv6":
            from .. import _log

            _log.warning(
                "strato.credentials",
                "Custom endpoint and IMDS_USE_IPV6 are both set. Using custom endpoint.",
            )
        if not _valid_endpoint(custom):
            raise errors.InvalidIMDSEndpointError(endpoint=custom)
        imds.endpoint = custom
    else:
        imds.endpoint = _IMDS_V6 if mode == "ipv6" else _IMDS_V4
    steps = CHAIN_ORDER[1:] if profile_is_explicit else CHAIN_ORDER
    if profile_is_explicit:
        from .. import _log

        _log.debug(
            "strato.credentials",
            "Skipping environment variable credential check because profile name was "
            "explicitly set.",
        )
    return ChainPlan(
        profile,
        steps,
        settings.get("credentials_file"),
        settings.get("config_file"),
        profile_is_explicit,
        imds,
        load_config,
    )


def _imds_mode(settings: SettingsStore) -> str:
    mode = settings.get("ec2_metadata_service_endpoint_mode")
    if mode is not None:
        # A nested block is not a mode either (botocore: AttributeError).
        if not isinstance(mode, str) or mode.lower() not in _IMDS_MODES:
            raise errors.InvalidIMDSEndpointModeError(mode=mode, valid_modes=_IMDS_MODES)
        return str(mode.lower())
    return "ipv6" if settings.get("imds_use_ipv6") else "ipv4"


def _valid_endpoint(url: object) -> bool:
    """A URL with a scheme and a DNS host name or an IP literal, as botocore requires
    (a nested block is none: botocore fails with a TypeError there)."""
    if not isinstance(url, str) or any(c in url for c in "\t\r\n"):
        return False
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    if not host or len(host) > 255:
        return False
    if "[" in url:
        import ipaddress

        try:
            ipaddress.IPv6Address(host.replace("%25", "%"))
        except ValueError:
            return False
        return True
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    return all(_valid_label(label) for label in labels)


def _valid_label(label: str) -> bool:
    return (
        0 < len(label) <= 63
        and label[0] != "-"
        and label[-1] != "-"
        and all(c.isascii() and (c.isalnum() or c == "-") for c in label)
    )


# --- the profile plan: role hops down to a base source -------------------------------

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
        if _has_static_keys(source) or not _assumes_role(source):
            origin = str(section.origins["source_profile"])
            return ProfilePlan(profile, tuple(hops), RoleSource(source_name, origin, name, source))
        name = source_name


def describe_profile(profile: str, profiles: Mapping[str, Section]) -> str:
    """One line saying where a profile's credentials come from, without any network
    and without secrets; raises botocore's error for a role chain it would reject."""
    section = profiles.get(profile)
    if section is None:
        return f"profile {profile}: not found"
    if _assumes_role(section):
        return plan_roles(profile, profiles).describe()
    return _base_of(section)


def _assumes_role(section: Section) -> bool:
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
