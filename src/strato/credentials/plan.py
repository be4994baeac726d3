"""The credential chain as data: which providers run, in what order, with what inputs.

A plan is made without touching the network, so it can be printed, tested and
explained. Making it evaluates the same settings botocore evaluates when it builds
its chain (IMDS timeout, attempts, endpoint and mode), so configuration errors
surface at the same moment, even when environment credentials are present.
"""

from __future__ import annotations

from .. import exceptions as errors
from .._lazy import forwarding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ..config.files import ConfigFile
    from ..settings.store import SettingsStore

#: Names defined in :mod:`strato.credentials.roles` (the profile plan), importable from
#: here as before.
_ROLES = frozenset(
    ("CREDENTIAL_SOURCES", "ProfilePlan", "RoleHop", "RoleSource", "describe_profile", "plan_roles")
)

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
        """The active profile's chain in one line (:func:`.roles.describe_profile`); a
        profile botocore would reject is shown with botocore's error."""
        if self.load_config is None:
            return f"profile {self.profile}"
        from .roles import describe_profile

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
            from .roles import assumes_role

            section = self.load_config().profiles.get(self.profile)
            if section is not None and assumes_role(section):
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


__getattr__, __dir__ = forwarding(__name__, _ROLES, "strato.credentials.roles")
