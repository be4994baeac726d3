"""Checks of the shared config and credentials files and the ``AWS_*`` environment.

Each check is a function from the parsed inputs to findings; each finding names the
file and line at fault and says what botocore would do with it, so ``strato doctor``
can explain a mistake before botocore trips over it (or silently ignores it).
"""

from __future__ import annotations

import os

from ..exceptions import ConfigParseError, InfiniteLoopConfigError, StratoError
from ..settings.table import SECTIONS, SETTINGS, STRATO_SETTINGS, to_bool, to_int, to_optional_bool
from . import ini
from .files import _second_word, classify, decode, expand_path, merge_profiles

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping
    from datetime import datetime
    from typing import TypeAlias

    from .files import ConfigFile
    from .ini import Section

    Check: TypeAlias = Callable[["Inputs"], Iterable["Finding"]]

ERROR = "error"
WARNING = "warning"


class Finding:
    """One problem: how bad, where (file, line, section, key), what happens, what to do."""

    __slots__ = ("code", "hint", "key", "line", "message", "path", "profile", "section", "severity")

    def __init__(
        self,
        severity: str,
        code: str,
        message: str,
        hint: str,
        path: str | None = None,
        line: int | None = None,
        section: str | None = None,
        key: str | None = None,
        profile: str | None = None,
    ) -> None:
        self.severity = severity
        self.code = code
        self.message = message
        self.hint = hint
        self.path = path
        self.line = line
        self.section = section
        self.key = key
        self.profile = profile

    def __repr__(self) -> str:
        return f"Finding({self.severity}, {self.code}, {self.path}:{self.line}, {self.key!r})"

    def as_dict(self) -> dict[str, str | int | None]:
        return {name: getattr(self, name) for name in _FIELDS}


_FIELDS = ("severity", "code", "path", "line", "profile", "section", "key", "message", "hint")


class SourceFile:
    """One shared file: its path, and its sections (None: missing, unreadable or broken)."""

    __slots__ = ("error", "exists", "kind", "path", "sections", "unreadable")

    def __init__(self, kind: str, path: str) -> None:
        self.kind = kind
        self.path = path
        self.exists = os.path.isfile(path)
        self.sections: dict[str, Section] | None = None
        self.error: ConfigParseError | None = None
        self.unreadable: str | None = None
        if not self.exists:
            return
        try:
            with open(path, "rb") as fh:
                self.sections = ini.parse(decode(fh.read(), path), path)
        except ConfigParseError as exc:
            self.error = exc
        except OSError as exc:
            self.unreadable = exc.strerror or str(exc)


class Inputs:
    """Everything the checks look at: both files, the environment, the clock."""

    __slots__ = ("config", "credentials", "environ", "home", "now")

    def __init__(self, environ: Mapping[str, str], home: str, now: datetime) -> None:
        self.environ = environ
        self.home = home
        self.now = now
        self.config = SourceFile("config", self.file_path("AWS_CONFIG_FILE", "config"))
        self.credentials = SourceFile(
            "credentials", self.file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials")
        )

    def file_path(self, variable: str, name: str) -> str:
        configured = self.environ.get(variable)
        if configured:
            return expand_path(configured)
        return os.path.join(self.home, ".aws", name)

    @property
    def broken(self) -> bool:
        """A file botocore would fail on, so what it holds cannot be known here."""
        return self.config.error is not None or self.credentials.error is not None

    def classified(self) -> ConfigFile:
        return classify(self.config.sections or {})

    def profiles(self) -> ConfigFile:
        """The profiles botocore sees: config-file profiles, credentials merged over."""
        return merge_profiles(self.classified(), self.credentials.sections)

    def profile_sections(self) -> Iterator[tuple[SourceFile, str, Section]]:
        """Every section either file makes a profile of, with the profile's name."""
        for name, section in (self.config.sections or {}).items():
            short = name if name == "default" else _profile_word(name)
            if short is not None:
                yield self.config, short, section
        for name, section in (self.credentials.sections or {}).items():
            yield self.credentials, name, section


def _profile_word(section: str) -> str | None:
    return _second_word(section) if section.startswith("profile") else None


def _at(
    source: SourceFile, section: Section, key: str | tuple[str, str] | None = None
) -> tuple[str, int, str]:
    """``path, line, section``: the key's line when it has one, else the header's."""
    origin = section.origins.get(key) if key is not None else None
    return source.path, origin.line if origin is not None else section.line, section.name


# --- what the keys are, and what values they take ------------------------------------

_CREDENTIAL_KEYS = (
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
    "aws_account_id",
    "credential_process",
    "web_identity_token_file",
    "role_arn",
    "role_session_name",
    "source_profile",
    "credential_source",
    "external_id",
    "mfa_serial",
    "duration_seconds",
    "sso_session",
    "sso_account_id",
    "sso_role_name",
    "sso_start_url",
    "sso_region",
    "sso_registration_scopes",
    "login_session",
)
#: Keys the AWS CLI reads from a profile (botocore ignores them).
_CLI_KEYS = (
    "output",
    "cli_pager",
    "cli_timestamp_format",
    "cli_follow_urlparam",
    "cli_binary_format",
    "cli_auto_prompt",
    "cli_history",
)
_PROFILE_KEYS = frozenset(
    [
        k
        for table in (SETTINGS, STRATO_SETTINGS, *SECTIONS.values())
        for s in table.values()
        for k in s.config_keys
        if isinstance(k, str)
    ]
    + ["s3", "endpoint_url", "services", *_CREDENTIAL_KEYS, *_CLI_KEYS]
)
_S3_KEYS = frozenset(
    [k[1] for s in SECTIONS["s3"].values() for k in s.config_keys if isinstance(k, tuple)]
    # The AWS CLI's transfer settings and the signature version, read from the same block.
    + [
        "signature_version",
        "max_concurrent_requests",
        "max_queue_size",
        "multipart_threshold",
        "multipart_chunksize",
        "max_bandwidth",
        "preferred_transfer_client",
        "target_bandwidth",
        "io_chunksize",
    ]
)
_SSO_SESSION_KEYS = frozenset(("sso_start_url", "sso_region", "sso_registration_scopes"))
_SECRET_KEYS = frozenset(("aws_secret_access_key", "aws_session_token", "aws_security_token"))
#: Config-file sections the AWS CLI reads that are not profiles.
_CLI_SECTIONS = frozenset(("plugins", "preview"))


class Enum:
    """The values a setting takes, and what botocore does with any other."""

    __slots__ = ("fold", "outcome", "severity", "values")

    def __init__(self, values: tuple[str, ...], outcome: str, fold: bool, severity: str) -> None:
        self.values = values
        self.outcome = outcome
        self.fold = fold
        self.severity = severity

    def accepts(self, value: str) -> bool:
        return (value.lower() if self.fold else value) in self.values


def _raises(error: str) -> str:
    return f"botocore raises {error} when it makes a client"


_CHECKSUM = ("when_supported", "when_required")
#: Profile keys (``s3.<key>`` for the nested block) with a fixed set of values.
ENUMS: dict[str, Enum] = {
    "retry_mode": Enum(
        ("legacy", "standard", "adaptive"), _raises("InvalidRetryModeError"), False, ERROR
    ),
    "defaults_mode": Enum(
        ("legacy", "standard", "mobile", "cross-region", "in-region", "auto"),
        _raises("InvalidDefaultsMode"),
        True,
        ERROR,
    ),
    "sts_regional_endpoints": Enum(
        ("legacy", "regional"), _raises("InvalidSTSRegionalEndpointsConfigError"), False, ERROR
    ),
    "s3.us_east_1_regional_endpoint": Enum(
        ("legacy", "regional"),
        _raises("InvalidS3UsEast1RegionalEndpointConfigError"),
        False,
        ERROR,
    ),
    "s3_us_east_1_regional_endpoint": Enum(
        ("legacy", "regional"),
        _raises("InvalidS3UsEast1RegionalEndpointConfigError"),
        False,
        ERROR,
    ),
    "request_checksum_calculation": Enum(
        _CHECKSUM, _raises("InvalidChecksumConfigError"), True, ERROR
    ),
    "response_checksum_validation": Enum(
        _CHECKSUM, _raises("InvalidChecksumConfigError"), True, ERROR
    ),
    "account_id_endpoint_mode": Enum(
        ("preferred", "disabled", "required"), _raises("InvalidConfigError"), True, ERROR
    ),
    "endpoint_discovery_enabled": Enum(
        ("true", "false", "auto"),
        _raises("InvalidEndpointDiscoveryConfigurationError"),
        True,
        ERROR,
    ),
    "ec2_metadata_service_endpoint_mode": Enum(
        ("ipv4", "ipv6"),
        "botocore raises InvalidIMDSEndpointModeError when it builds the credential chain",
        True,
        ERROR,
    ),
    "s3_disable_express_session_auth": Enum(
        ("true", "false"), _raises("InvalidConfigError"), True, ERROR
    ),
    "credential_source": Enum(
        ("Environment", "Ec2InstanceMetadata", "EcsContainer"),
        "botocore raises InvalidConfigError when it resolves credentials",
        False,
        ERROR,
    ),
    "s3.addressing_style": Enum(
        ("auto", "virtual", "path"),
        "botocore does not check it and addresses buckets as it would for auto",
        False,
        WARNING,
    ),
    "output": Enum(
        ("json", "text", "table", "yaml", "yaml-stream"),
        "botocore ignores it; the AWS CLI fails with 'Unknown output type'",
        False,
        WARNING,
    ),
}


def _flat_keys(*converts: object) -> frozenset[str]:
    rows = [*SETTINGS.values(), *SECTIONS["proxies_config"].values()]
    for row in SECTIONS["s3"].values():
        rows.append(row)
    keys = []
    for row in rows:
        if row.convert in converts:
            keys += [k if isinstance(k, str) else f"{k[0]}.{k[1]}" for k in row.config_keys]
    return frozenset(keys)


#: ``int()`` of these fails in botocore with a ValueError when the value is used.
INTEGER_KEYS = _flat_keys(to_int) | {"request_min_compression_size_bytes"}
#: Integers botocore checks the range of when it makes a client.
INTEGER_RANGES: dict[str, tuple[int, int | None, str]] = {
    "request_min_compression_size_bytes": (1, 1048576, "InvalidConfigError"),
    "max_attempts": (1, None, "InvalidMaxRetryAttemptsError"),
}
#: Read as true only when the text is ``true`` in any case: anything else is false.
BOOLEAN_KEYS = _flat_keys(to_bool, to_optional_bool)


def _shown(key: str, value: str) -> str:
    """A value for a message: secrets are never shown."""
    return "the value" if key in _SECRET_KEYS else repr(value)


def _suggest(key: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
    return f"did you mean {close[0]!r}?" if close else "remove it, or check its spelling"


# --- the checks ------------------------------------------------------------------------


def check_parse(inputs: Inputs) -> Iterator[Finding]:
    """A file botocore cannot parse: every profile in it is unusable."""
    for source in (inputs.config, inputs.credentials):
        if source.unreadable is not None:
            yield Finding(
                WARNING,
                "unreadable",
                f"cannot be read ({source.unreadable}): botocore reads it as empty",
                f"check the file's owner and mode: ls -l {source.path}",
                source.path,
            )
        error = source.error
        if error is None:
            continue
        line = error.kwargs.get("line")
        reason = error.kwargs.get("reason") or str(error)
        yield Finding(
            ERROR,
            "parse-error",
            f"{reason}: botocore raises ConfigParseError for every profile",
            "fix this line; strato will not write into the file until then",
            source.path,
            line,
        )


def check_env_files(inputs: Inputs) -> Iterator[Finding]:
    """``AWS_CONFIG_FILE`` / ``AWS_SHARED_CREDENTIALS_FILE`` naming no file."""
    for variable, source in (
        ("AWS_CONFIG_FILE", inputs.config),
        ("AWS_SHARED_CREDENTIALS_FILE", inputs.credentials),
    ):
        if inputs.environ.get(variable) and not source.exists:
            yield Finding(
                WARNING,
                "env-file-missing",
                f"{variable} names {source.path}, which is not a file: botocore reads no "
                f"{source.kind} file at all",
                f"correct {variable}, or unset it to use ~/.aws/{source.kind}",
                key=variable,
            )


def check_permissions(inputs: Inputs) -> Iterator[Finding]:
    """Files with keys or tokens in them that other users can read."""
    import glob

    paths = [s.path for s in (inputs.config, inputs.credentials) if s.exists]
    paths += sorted(glob.glob(os.path.join(inputs.home, ".aws", "sso", "cache", "*.json")))
    for path in paths:
        try:
            mode = os.stat(path).st_mode & 0o777
        except OSError:
            continue
        if mode & 0o044:
            yield Finding(
                WARNING,
                "permissions",
                f"mode {mode:04o}: readable by other users (botocore reads it all the same)",
                f"chmod 600 {path}",
                path,
            )


def check_sections(inputs: Inputs) -> Iterator[Finding]:
    """Section headers botocore does not read as the writer meant."""
    for name, section in (inputs.config.sections or {}).items():
        kind = next((k for k in ("profile", "sso-session", "services") if name.startswith(k)), None)
        where = (inputs.config.path, section.line, name)
        if kind is not None and _second_word(name) is None:
            yield Finding(
                WARNING,
                "not-a-profile",
                f"not '{kind} NAME' with exactly one name: botocore ignores the section",
                'quote a name with spaces: [profile "my name"]',
                *where,
            )
        elif kind is None and name != "default" and name not in _CLI_SECTIONS:
            yield Finding(
                WARNING,
                "not-a-profile",
                "a section of the config file that is not a profile: botocore ignores it",
                f"did you mean [profile {name}]?",
                *where,
            )
    for name, section in (inputs.credentials.sections or {}).items():
        short = _profile_word(name)
        if short is not None:
            yield Finding(
                WARNING,
                "not-a-profile",
                f"the credentials file names this profile {name!r}, not {short!r}",
                f"the credentials file takes bare names: [{short}]",
                inputs.credentials.path,
                section.line,
                name,
                profile=name,
            )


def check_default_shadowed(inputs: Inputs) -> Iterator[Finding]:
    """``[default]`` and ``[profile default]`` both present: the later one replaces the other."""
    sections = inputs.config.sections or {}
    names = [n for n in sections if n == "default" or _profile_word(n) == "default"]
    if len(names) < 2:
        return
    ignored, used = sections[names[0]], sections[names[-1]]
    yield Finding(
        ERROR if ignored.values else WARNING,
        "default-shadowed",
        f"this section is ignored: botocore uses [{used.name}] (line {used.line}) as the "
        "default profile and none of the keys here",
        "merge the two sections into one [default]",
        inputs.config.path,
        ignored.line,
        ignored.name,
        profile="default",
    )


def check_keys(inputs: Inputs) -> Iterator[Finding]:
    """Unknown keys, values of the wrong kind, and comments read into values."""
    for source, profile, section in inputs.profile_sections():
        yield from _check_values(source, section, _PROFILE_KEYS, profile)
    for name, section in (inputs.config.sections or {}).items():
        if name.startswith("sso-session"):
            yield from _check_values(inputs.config, section, _SSO_SESSION_KEYS, None)
        elif name.startswith("services"):
            yield from _check_services(inputs.config, section)


def _check_values(
    source: SourceFile, section: Section, known: frozenset[str], profile: str | None
) -> Iterator[Finding]:
    for key, value in section.values.items():
        if key not in known:
            yield Finding(
                WARNING,
                "unknown-key",
                f"unknown key {key!r}: botocore ignores it",
                _suggest(key, known),
                *_at(source, section, key),
                key,
                profile,
            )
            continue
        if isinstance(value, dict):
            if key == "s3":
                for sub, sub_value in value.items():
                    yield from _check_s3(source, section, sub, sub_value, profile)
            continue
        yield from _check_value(source, section, key, key, value, profile)


def _check_s3(
    source: SourceFile, section: Section, key: str, value: str, profile: str | None
) -> Iterator[Finding]:
    at = _at(source, section, ("s3", key))
    if key not in _S3_KEYS:
        yield Finding(
            WARNING,
            "unknown-key",
            f"unknown key {key!r} in the s3 block: botocore ignores it",
            _suggest(key, _S3_KEYS),
            *at,
            f"s3.{key}",
            profile,
        )
        return
    yield from _check_value(source, section, ("s3", key), f"s3.{key}", value, profile)


def _check_value(
    source: SourceFile,
    section: Section,
    origin_key: str | tuple[str, str],
    key: str,
    value: str,
    profile: str | None,
) -> Iterator[Finding]:
    at = (*_at(source, section, origin_key), key, profile)
    comment = _inline_comment(value, key)
    if comment is not None:
        secret = key in _SECRET_KEYS  # no part of a secret is shown, the comment included
        part = f"a comment at column {comment + 1}" if secret else repr(value[comment:])
        yield Finding(
            ERROR,
            "inline-comment",
            f"{_shown(key, value)} includes {part}: botocore does not strip comments after "
            "a value and reads it all as the value",
            "put the comment on its own line"
            + ("" if secret else f": {key} = {value[:comment].rstrip()}"),
            *at,
        )
        return
    yield from (
        Finding(severity, "bad-value", message, hint, *at)
        for severity, message, hint in _value_problems(key, value)
    )


def _inline_comment(value: str, key: str) -> int | None:
    """Where a ``#`` or ``;`` comment starts in a value (at its start or after a blank).

    In ``credential_process`` (split like a shell command) ``;`` is shell syntax and a
    quoted ``#`` is an argument: only an unquoted ``#`` counts there.
    """
    command = key == "credential_process"
    quote = ""
    for i, char in enumerate(value):
        if command and char in "'\"" and quote in ("", char):
            quote = "" if quote else char
        elif not quote and char in ("#" if command else "#;") and (i == 0 or value[i - 1] in " \t"):
            return i
    return None


def _value_problems(key: str, value: str) -> Iterator[tuple[str, str, str]]:
    enum = ENUMS.get(key)
    if enum is not None and not enum.accepts(value):
        choices = ", ".join(enum.values)
        yield (
            enum.severity,
            f"{value!r} is not one of {choices}: {enum.outcome}",
            (f"use one of: {choices}"),
        )
    elif key in INTEGER_KEYS and not _is_int(value):
        yield (
            ERROR,
            f"{value!r} is not an integer: botocore fails with a ValueError",
            ("write a whole number"),
        )
    elif key in INTEGER_RANGES and not _in_range(value, *INTEGER_RANGES[key][:2]):
        low, high, error = INTEGER_RANGES[key]
        allowed = f"from {low} to {high}" if high is not None else f"{low} or more"
        yield ERROR, f"{value} is not {allowed}: {_raises(error)}", f"write a number {allowed}"
    elif key in BOOLEAN_KEYS and value.lower() not in ("true", "false"):
        yield (
            WARNING,
            f"{value!r} is neither true nor false: botocore reads it as false",
            ("write true or false"),
        )
    elif key == "duration_seconds" and not _is_int(value):
        message = f"{value!r} is not an integer: botocore ignores it (STS's default applies)"
        yield WARNING, message, "write a number of seconds"


def _in_range(value: str, low: int, high: int | None) -> bool:
    number = int(value)
    return low <= number and (high is None or number <= high)


def _is_int(value: str) -> bool:
    try:
        int(value)
    except ValueError:
        return False
    return True


def _check_services(source: SourceFile, section: Section) -> Iterator[Finding]:
    """A services section: blocks per service, each with an ``endpoint_url``."""
    for key, value in section.values.items():
        if not isinstance(value, dict):
            yield Finding(
                WARNING,
                "bad-value",
                f"{key} = {value!r} is not a nested block: botocore reads no settings from it",
                f"write '{key} =' and indent 'endpoint_url = ...' under it",
                *_at(source, section, key),
                key,
            )
            continue
        for sub in value:
            if sub != "endpoint_url":
                yield Finding(
                    WARNING,
                    "unknown-key",
                    f"unknown key {sub!r} in the {key} block: botocore reads only endpoint_url",
                    _suggest(sub, ("endpoint_url",)),
                    *_at(source, section, (key, sub)),
                    f"{key}.{sub}",
                )


def check_references(inputs: Inputs) -> Iterator[Finding]:
    """``source_profile``, ``sso_session`` and ``services`` naming sections that do not exist."""
    config = inputs.classified()
    profiles = inputs.profiles().profiles
    kinds = (
        ("source_profile", profiles, "profile", "InvalidConfigError when it resolves credentials"),
        ("sso_session", config.sso_sessions, "sso-session", "InvalidConfigError for SSO"),
        (
            "services",
            config.services,
            "services",
            "InvalidConfigError when it looks up an endpoint",
        ),
    )
    for source, profile, section in inputs.profile_sections():
        for key, targets, kind, outcome in kinds:
            name = section.values.get(key)
            if isinstance(name, str) and name not in targets:
                yield Finding(
                    ERROR,
                    "dangling-reference",
                    f"{key} = {name!r} names no [{kind} {name}] section: botocore raises "
                    + outcome,
                    f"add the section, or correct the name{_close(name, targets)}",
                    *_at(source, section, key),
                    key,
                    profile,
                )


def _close(name: str, targets: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(targets), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_role_cycles(inputs: Inputs) -> Iterator[Finding]:
    """``source_profile`` links that loop: botocore's InfiniteLoopConfigError."""
    from ..credentials.roles import plan_roles

    profiles = inputs.profiles().profiles
    for source, profile, section in inputs.profile_sections():
        if "role_arn" not in section.values or profiles.get(profile) is None:
            continue
        if "web_identity_token_file" in section.values or "source_profile" not in section.values:
            continue
        try:
            plan_roles(profile, profiles)
        except InfiniteLoopConfigError as exc:
            yield Finding(
                ERROR,
                "role-cycle",
                f"source_profile links loop: botocore raises InfiniteLoopConfigError ({exc})",
                "end the chain at a profile with keys, or use credential_source",
                *_at(source, section, "source_profile"),
                "source_profile",
                profile,
            )
        except StratoError:
            continue  # a dangling link or a conflict: reported by their own checks


#: ``(key never used, key that wins, severity, what botocore does, keys' file)``: the
#: last, when set, is the file the static keys must be in (botocore reads the
#: credentials file before ``credential_process``, and the config file after it).
_CONFLICTS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "source_profile",
        "credential_source",
        ERROR,
        "botocore raises InvalidConfigError: a role takes one of source_profile and "
        "credential_source",
        "",
    ),
    (
        "credential_process",
        "aws_access_key_id",
        WARNING,
        "the credentials file's keys come first in botocore's chain: credential_process never runs",
        "credentials",
    ),
    (
        "aws_access_key_id",
        "credential_process",
        WARNING,
        "credential_process comes before the config file's keys in botocore's chain: "
        "the keys are never used",
        "config",
    ),
    (
        "aws_access_key_id",
        "sso_account_id",
        WARNING,
        "SSO comes before static keys in botocore's chain: the keys are not used",
        "",
    ),
    (
        "credential_process",
        "sso_account_id",
        WARNING,
        "SSO comes before credential_process in botocore's chain: it never runs",
        "",
    ),
    (
        "credential_process",
        "role_arn",
        WARNING,
        "the role comes first in botocore's chain: credential_process never runs for it",
        "",
    ),
)


#: What a ``role_arn`` needs beside it (web identity brings its own token).
_ROLE_SOURCES = frozenset(("web_identity_token_file", "source_profile", "credential_source"))


def check_credential_sources(inputs: Inputs) -> Iterator[Finding]:
    """Several credential sources in one profile, and incomplete ones."""
    for profile, section, located in _merged_sections(inputs):
        values = section.values
        keys_in = located("aws_access_key_id")[0]
        for key, other, severity, outcome, keys_file in _CONFLICTS:
            if key not in values or other not in values:
                continue
            if keys_file and keys_in != getattr(inputs, keys_file).path:
                continue
            if other == "role_arn" and values.get("source_profile") == profile:
                continue  # the profile is its own source: its credential_process signs
            yield Finding(
                severity,
                "conflicting-sources",
                f"{key} and {other} (line {located(other)[1]}) in one profile: {outcome}",
                "keep one of them; move the other to a profile of its own",
                *located(key),
                key,
                profile,
            )
        if "role_arn" in values and not _ROLE_SOURCES & values.keys():
            yield Finding(
                ERROR,
                "partial-credentials",
                "role_arn without source_profile or credential_source: botocore raises "
                "PartialCredentialsError",
                "add source_profile = NAME or credential_source = Ec2InstanceMetadata",
                *located("role_arn"),
                "role_arn",
                profile,
            )
        yield from _partial_keys(profile, values, located)


def _partial_keys(
    profile: str, values: Mapping[str, object], located: Callable[[str], tuple[str, int, str]]
) -> Iterator[Finding]:
    if "aws_access_key_id" in values and "aws_secret_access_key" not in values:
        yield Finding(
            ERROR,
            "partial-credentials",
            "aws_access_key_id without aws_secret_access_key: botocore raises "
            "PartialCredentialsError",
            "add aws_secret_access_key",
            *located("aws_access_key_id"),
            "aws_access_key_id",
            profile,
        )
    elif "aws_secret_access_key" in values and "aws_access_key_id" not in values:
        yield Finding(
            WARNING,
            "partial-credentials",
            "aws_secret_access_key without aws_access_key_id: botocore ignores it",
            "add aws_access_key_id",
            *located("aws_secret_access_key"),
            "aws_secret_access_key",
            profile,
        )
    sso = [k for k in ("sso_account_id", "sso_role_name") if k in values]
    if len(sso) == 1:
        missing = "sso_role_name" if sso[0] == "sso_account_id" else "sso_account_id"
        yield Finding(
            ERROR,
            "partial-credentials",
            f"{sso[0]} without {missing}: botocore's SSO provider raises InvalidConfigError",
            f"add {missing}",
            *located(sso[0]),
            sso[0],
            profile,
        )


def _merged_sections(
    inputs: Inputs,
) -> Iterator[tuple[str, Section, Callable[[str], tuple[str, int, str]]]]:
    """Each profile as botocore sees it, with a locator for the file and line of a key."""
    config = inputs.classified().profiles
    credentials = inputs.credentials.sections or {}
    for profile, section in inputs.profiles().profiles.items():

        def located(
            key: str, profile: str = profile, section: Section = section
        ) -> tuple[str, int, str]:
            for source, sections in ((inputs.credentials, credentials), (inputs.config, config)):
                own = sections.get(profile)
                if own is not None and key in own.values:
                    return _at(source, own, key)
            return inputs.config.path, section.line, section.name

        yield profile, section, located


def check_overrides(inputs: Inputs) -> Iterator[Finding]:
    """A credentials-file value replacing a different config-file value of the profile."""
    config = inputs.classified().profiles
    for name, cred in (inputs.credentials.sections or {}).items():
        base = config.get(name)
        if base is None:
            continue
        for key, value in cred.values.items():
            if key in base.values and base.values[key] != value:
                line = base.origins[key].line
                yield Finding(
                    WARNING,
                    "credentials-override",
                    f"{key} here overrides {key} in the config file "
                    f"({inputs.config.path}:{line}): botocore uses this value",
                    "keep the key in one file",
                    *_at(inputs.credentials, cred, key),
                    key,
                    name,
                )


def check_sso_tokens(inputs: Inputs) -> Iterator[Finding]:
    """Cached SSO tokens that have expired (or cannot be read) for the configured sessions."""
    config = inputs.classified()
    wanted: list[tuple[str, Section, str, bool]] = []
    for name, section in config.sso_sessions.items():
        if "sso_start_url" in section.values:
            wanted.append((name, section, "sso_start_url", True))
    for section in config.profiles.values():
        url = section.values.get("sso_start_url")
        if isinstance(url, str) and "sso_session" not in section.values:
            wanted.append((url, section, "sso_start_url", False))
    for cache_name, section, key, refreshable in wanted:
        problem = _token_problem(inputs, cache_name, refreshable)
        if problem is not None:
            severity, message, hint = problem
            yield Finding(
                severity, "sso-token", message, hint, *_at(inputs.config, section, key), key
            )


def _token_problem(inputs: Inputs, name: str, refreshable: bool) -> tuple[str, str, str] | None:
    from ..credentials.sso_token import cache_file, read_token, token_time
    from ..exceptions import SSOTokenLoadError

    directory = os.path.join(inputs.home, ".aws", "sso", "cache")
    path = cache_file(name, directory)
    if not os.path.exists(path):
        return None  # never signed in here: not a configuration problem
    login = f"strato sso login {'--sso-session ' + name if refreshable else '--profile NAME'}"
    try:
        token = read_token(name, name, directory)
        expires = token_time(token, "expiresAt", name)
    except SSOTokenLoadError as exc:
        return ERROR, f"the cached token {path} is unusable: {exc}", login
    if expires > inputs.now:
        return None
    can_refresh = refreshable and all(token.get(k) for k in ("refreshToken", "clientSecret"))
    if can_refresh:
        return (
            WARNING,
            f"the cached token {path} expired at {token['expiresAt']}: botocore will try "
            "to refresh it with its refresh token",
            f"if that fails: {login}",
        )
    return (
        ERROR,
        f"the cached token {path} expired at {token['expiresAt']}: botocore raises "
        "TokenRetrievalError (or UnauthorizedSSOTokenError)",
        login,
    )


def check_environment(inputs: Inputs) -> Iterator[Finding]:
    """``AWS_*`` variables that name a missing profile, or half a key pair."""
    env = inputs.environ
    profiles = inputs.profiles().profiles
    chosen = [v for v in ("AWS_DEFAULT_PROFILE", "AWS_PROFILE") if env.get(v)]
    for variable in chosen:
        if env[variable] not in profiles and not inputs.broken:
            yield Finding(
                ERROR,
                "env-profile",
                f"{variable}={env[variable]} names no profile: botocore raises ProfileNotFound",
                f"unset {variable}, or add the profile{_close(env[variable], profiles)}",
                key=variable,
            )
    if len(chosen) == 2 and env["AWS_DEFAULT_PROFILE"] != env["AWS_PROFILE"]:
        yield Finding(
            WARNING,
            "env-profile",
            f"AWS_DEFAULT_PROFILE={env['AWS_DEFAULT_PROFILE']} and AWS_PROFILE="
            f"{env['AWS_PROFILE']} differ: botocore uses AWS_DEFAULT_PROFILE",
            "unset one of them",
            key="AWS_DEFAULT_PROFILE",
        )
    if env.get("AWS_ACCESS_KEY_ID") and not env.get("AWS_SECRET_ACCESS_KEY"):
        yield Finding(
            ERROR,
            "env-credentials",
            "AWS_ACCESS_KEY_ID without AWS_SECRET_ACCESS_KEY: botocore raises "
            "PartialCredentialsError",
            "set AWS_SECRET_ACCESS_KEY, or unset AWS_ACCESS_KEY_ID",
            key="AWS_ACCESS_KEY_ID",
        )
    elif env.get("AWS_SECRET_ACCESS_KEY") and not env.get("AWS_ACCESS_KEY_ID"):
        yield Finding(
            WARNING,
            "env-credentials",
            "AWS_SECRET_ACCESS_KEY without AWS_ACCESS_KEY_ID: botocore ignores it",
            "set AWS_ACCESS_KEY_ID, or unset AWS_SECRET_ACCESS_KEY",
            key="AWS_SECRET_ACCESS_KEY",
        )
    yield from _environment_values(env)


def _environment_values(env: Mapping[str, str]) -> Iterator[Finding]:
    """Environment variables of settings with a fixed set of values or a type."""
    rows = [*SETTINGS.values(), *SECTIONS["s3"].values()]
    for row in rows:
        for variable in row.env_vars:
            value = env.get(variable)
            if value is None or not row.config_keys:
                continue
            first = row.config_keys[-1]
            key = first if isinstance(first, str) else f"{first[0]}.{first[1]}"
            for severity, message, hint in _value_problems(key, value):
                yield Finding(severity, "bad-value", f"{variable}: {message}", hint, key=variable)


#: Every check, in the order their findings are listed within a line.
CHECKS: tuple[Check, ...] = (
    check_parse,
    check_env_files,
    check_permissions,
    check_sections,
    check_default_shadowed,
    check_keys,
    check_references,
    check_role_cycles,
    check_credential_sources,
    check_overrides,
    check_sso_tokens,
    check_environment,
)


def lint(
    environ: Mapping[str, str] | None = None,
    profile: str | None = None,
    home: str | None = None,
    now: datetime | None = None,
) -> list[Finding]:
    """Every finding, by file and line; with ``profile``, only those that concern it."""
    from datetime import UTC, datetime

    inputs = Inputs(
        os.environ if environ is None else environ,
        os.path.expanduser("~") if home is None else home,
        datetime.now(UTC) if now is None else now,
    )
    seen: set[tuple[object, ...]] = set()
    findings = []
    for check in CHECKS:
        for finding in check(inputs):
            identity = (finding.code, finding.path, finding.line, finding.key, finding.message)
            if identity not in seen:
                seen.add(identity)
                findings.append(finding)
    if profile is not None:
        findings = _concerning(inputs, profile, findings)
    order = {ERROR: 0, WARNING: 1}
    findings.sort(key=lambda f: (f.path is None, f.path or "", f.line or 0, order[f.severity]))
    return findings


def _concerning(inputs: Inputs, profile: str, findings: list[Finding]) -> list[Finding]:
    """Findings about ``profile``, the profiles it takes credentials from, the sections it
    names, and the files and environment as a whole."""
    profiles = inputs.profiles().profiles
    if inputs.broken:
        return [f for f in findings if f.profile is None and f.section is None]
    if profile not in profiles:
        return [
            Finding(
                ERROR,
                "profile-not-found",
                f"no profile {profile!r} in either file: botocore raises ProfileNotFound",
                "strato configure list-profiles shows the profiles there are",
                profile=profile,
            ),
            *(f for f in findings if f.profile is None and f.section is None),
        ]
    names, sections = {profile}, set()
    current: str | None = profile
    while current is not None and current in profiles:
        values = profiles[current].values
        for key, kind in (("sso_session", "sso-session"), ("services", "services")):
            if isinstance(values.get(key), str):
                sections.add((kind, values[key]))
        following = values.get("source_profile")
        current = following if isinstance(following, str) and following not in names else None
        if current is not None:
            names.add(current)

    def concerns(finding: Finding) -> bool:
        if finding.profile is not None:
            return finding.profile in names
        if finding.section is None:
            return True
        word = _second_word(finding.section)
        return word is not None and (finding.section.split()[0], word) in sections

    return [f for f in findings if concerns(f)]
