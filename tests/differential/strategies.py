"""Hypothesis strategies: shared config / credentials / boto2 / EC2 files, environments,
``Session(...)`` arguments, all combined into a :class:`Scenario`.

Pools are small on purpose, so that names collide (duplicate sections and keys, a
profile named in ``AWS_PROFILE`` that exists in one file, the same profile in both
files) much more often than uniformly random text would make them.
"""

from __future__ import annotations

import shlex
from typing import Any

from hypothesis import strategies as st

from .scenario import AUX_LOCATIONS, LOCATIONS, Scenario

Draw = Any  # hypothesis' ``draw`` callable

NAMES = ("default", "dev", "prod", "my name", "q", "y", "Cap", "a]b", "x")

CONFIG_HEADERS = (
    "[default]",
    "[default]",
    "[profile dev]",
    "[profile dev]",
    "[profile prod]",
    "[profile x]",
    '[profile "my name"]',
    "[profile 'q']",
    "[profilex y]",
    "[profile a b]",
    "[profile]",
    "[Profile Cap]",
    "[ default ]",
    "[DEFAULT]",
    "[sso-session s]",
    "[services s]",
    "[foo]",
    "[a]b] x",
    "[profile  spaced  ]",
    '[profile "unbalanced]',
    "[profile\tdev]",
    "[profile prod] trailing text",
    "  [profile x]",
    "[profile default]",
    "[profile\xa0x]",
    "[profile a\\ b]",
    "[profiles]",
    '[profile "a]b"]',
    '[profile ""]',
    "[profile a#b]",
    '[profile "dev" ]',
    "[profile\x0bx]",
    "[sso-session]",
    "[services]",
)
CREDENTIALS_HEADERS = (
    "[default]",
    "[default]",
    "[default]",
    "[dev]",
    "[prod]",
    "[x]",
    "[my name]",
    "[profile dev]",
    "[DEFAULT]",
    "[ default ]",
    "[Default]",
    "[q]",
    "[y]",
    "[Cap]",
    "[a]b] x",
)
BOTO_HEADERS = ("[Credentials]", "[Credentials]", "[credentials]", "[Boto]", "[DEFAULT]")

SETTING_KEYS = (
    "region",
    "region",
    "output",
    "aws_access_key_id",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
    "aws_account_id",
    "metadata_service_timeout",
    "metadata_service_num_attempts",
    "ec2_metadata_service_endpoint",
    "ec2_metadata_service_endpoint_mode",
    "ec2_metadata_v1_disabled",
    "imds_use_ipv6",
    "use_dualstack_endpoint",
    "use_fips_endpoint",
    "ignore_configured_endpoint_urls",
    "retry_mode",
    "max_attempts",
    "defaults_mode",
    "csm_enabled",
    "csm_port",
    "csm_host",
    "csm_client_id",
    "sdk_ua_app_id",
    "user_agent_appid",
    "s3",
    "s3",
    "s3_use_arn_region",
    "s3_us_east_1_regional_endpoint",
    "proxy_ca_bundle",
    "proxy_client_cert",
    "proxy_use_forwarding_for_https",
    "proxies_config",
    "ca_bundle",
    "data_path",
    "api_versions",
    "parameter_validation",
    "endpoint_discovery_enabled",
    "tcp_keepalive",
    "request_min_compression_size_bytes",
    "disable_request_compression",
    "account_id_endpoint_mode",
    "sts_regional_endpoints",
    "auth_scheme_preference",
    "s3_disable_express_session_auth",
    "aws_ec2_metadata_disabled",
    "foo",
)
#: Keys that select a provider strato does not implement yet (used rarely).
PROVIDER_KEYS = (
    "role_arn",
    "source_profile",
    "credential_source",
    "credential_process",
    "sso_account_id",
    "sso_role_name",
    "sso_start_url",
    "sso_region",
    "sso_session",
    "web_identity_token_file",
    "login_session",
)
BOTO_KEYS = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token", "region")
NESTED_KEYS = (
    "addressing_style",
    "use_accelerate_endpoint",
    "use_dualstack_endpoint",
    "payload_signing_enabled",
    "use_arn_region",
    "us_east_1_regional_endpoint",
    "s3_disable_multiregion_access_points",
    "Signature_Version",
    "max_concurrent_requests",
    "endpoint_url",
    "",
)
VALUES = (
    "us-west-2",
    "eu-central-1",
    "",
    "",
    "true",
    "True",
    "TRUE",
    "false",
    "yes",
    "1",
    "0",
    "1.5",
    "-3",
    "7",
    "json",
    "a=b",
    "x = y",
    '"us-west-2"',
    "'q'",
    "100%",
    "%(region)s",
    "us-west-2 # inline",
    "json ; x",
    "AKIDFILE",
    "AKIDOTHER",
    "wJalr/K7MDENG+bPxRfiCY=",
    "tok==",
    "123456789012",
    "http://169.254.169.254/",
    "http://[fd00:ec2::254]/",
    "bad url",
    "ipv6",
    "IPv4",
    "bogus-mode",
    "legacy",
    "regional",
    "standard",
    "Standard",
    "auto",
    "path",
    "virtual",
    "é",
    "\xa0x",
    "dev",
    "default",
    "my name",
    "  padded  ",
)
#: ``credential_process`` runs its value: only programs that cannot exist.
SAFE_PROCESS_VALUES = ("", "/nonexistent/strato-proc --flag", "'/nonexistent/strato proc'")
PROVIDER_VALUES = (
    "arn:aws:iam::123456789012:role/r",
    "Environment",
    "Ec2InstanceMetadata",
    "dev",
    "default",
    "prod",
    "s",
    "https://start.example.com",
    "us-east-1",
    "{root}/token",
    "/nonexistent/token",
    "",
)
INDENTS = ("",) * 7 + (" ", "  ", "\t")
DEEPER = (" ", "  ", "    ", "\t", "\x0b", "\xa0 ")
DELIMITERS = ("=", "=", " = ", " = ", ":", " : ", "\t=\t", "= ", " =", "  =  ", ": ", "\x0c=")
TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00\n\r"),
    min_size=1,
    max_size=6,
)
ENV_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=6
)

_CLEAN_KINDS: tuple[str, ...] = ("kv",) * 8 + ("creds",) * 3 + ("provider",) * 2
_CLEAN_KINDS += ("nested", "nested", "continued", "comment", "blank")
_ALL_KINDS = (*_CLEAN_KINDS, "bad")
_CLEAN_SUBS = ("kv",) * 6 + ("comment", "blank")
_ALL_SUBS = (*_CLEAN_SUBS, "bad")
_CREDENTIAL_VALUES = ("AKIDFILE", "AKIDOTHER", "SECRETFILE", "wJalr/K7MDENG+bPxRfiCY=", "")
#: Key sets that make botocore take one of the providers strato does not run yet.
_PROVIDER_BUNDLES = (
    ("role_arn", "source_profile"),
    ("role_arn", "credential_source"),
    ("role_arn",),
    ("sso_account_id", "sso_role_name", "sso_start_url", "sso_region"),
    ("sso_role_name", "sso_session"),
    ("credential_process",),
    ("web_identity_token_file", "role_arn"),
    ("login_session",),
)
_CREDENTIAL_EXTRAS = (
    (),
    (),
    ("aws_session_token",),
    ("aws_security_token", "aws_session_token"),
    ("aws_account_id",),
)


def _pick(values: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


# Strategies are built once: building one per draw costs more than the draw itself.
_CHANCE = {n: st.integers(0, n - 1) for n in (2, 3, 4, 5, 6, 8, 10, 16, 25, 40, 60)}
_COUNT = {n: st.integers(0, n) for n in (2, 4)}
_CONTINUATIONS = st.integers(1, 3)
_S = {
    name: _pick(values)
    for name, values in {
        "clean_kinds": _CLEAN_KINDS,
        "all_kinds": _ALL_KINDS,
        "clean_subs": _CLEAN_SUBS,
        "all_subs": _ALL_SUBS,
        "indent": INDENTS,
        "deeper": DEEPER,
        "delim": DELIMITERS,
        "comment": ("# comment", "; comment", "#", "# region = x"),
        "blank": ("", " ", "\t"),
        "bad": ("region", "= value", " : x", "[", "[]", "novalue here"),
        "extras": _CREDENTIAL_EXTRAS,
        "bundle": _PROVIDER_BUNDLES,
        "nested_key": NESTED_KEYS,
        "nested_sep": ("=", " = ", "= ", " ="),
        "nested_comment": ("# c", "; c"),
        "nested_bad": ("novalue", "a: b"),
        "continuation": ("", "more", "k = v"),
        "process": SAFE_PROCESS_VALUES,
        "provider_value": PROVIDER_VALUES,
        "credential_value": _CREDENTIAL_VALUES,
        "value": VALUES,
        "pre": ("# header comment", "; x", "", "  # indented"),
        "newline": ("\n", "\n", "\n", "\r\n", "\r"),
        "corrupt": (b"\xe9", b"\xff\xfe", b"\x80"),
        "setting_key": SETTING_KEYS,
        "provider_key": PROVIDER_KEYS,
        "boto_key": BOTO_KEYS,
        "config_header": CONFIG_HEADERS,
        "credentials_header": CREDENTIALS_HEADERS,
        "boto_header": BOTO_HEADERS,
    }.items()
}


def _key_case(draw: Draw, key: str) -> str:
    form = draw(_CHANCE[6])
    return key.upper() if form == 4 else key.title() if form == 5 else key


def _value(draw: Draw, key: str) -> str:
    if key == "credential_process":
        return str(draw(_S["process"]))
    if key in PROVIDER_KEYS:
        return str(draw(_S["provider_value"]))
    if key.startswith("aws_") and draw(_CHANCE[2]):
        return str(draw(_S["credential_value"]))
    if draw(_CHANCE[8]) == 0:
        return str(draw(TEXT))
    return str(draw(_S["value"]))


@st.composite
def _item(draw: Draw, keys: str, clean: bool) -> Any:
    """One logical entry of a section: ``(keys it sets, lines)``."""
    kind = draw(_S["clean_kinds" if clean else "all_kinds"])
    indent = draw(_S["indent"])
    if kind in ("comment", "bad"):
        return (), [indent + draw(_S[kind])]
    if kind == "blank":
        return (), [draw(_S["blank"])]
    delim = draw(_S["delim"])
    if kind in ("creds", "provider"):
        if kind == "creds":
            names = ("aws_access_key_id", "aws_secret_access_key", *draw(_S["extras"]))
        else:
            names = draw(_S["bundle"])
        lines = [indent + _key_case(draw, k) + delim + _value(draw, k) for k in names]
        return names, lines
    rare = keys == "setting_key" and draw(_CHANCE[25]) == 0
    key = str(draw(_S["provider_key" if rare else keys]))
    written = _key_case(draw, key)
    if kind == "nested":
        lines = [indent + written + delim.rstrip()]
        deeper = indent + draw(_S["deeper"])
        for _ in range(draw(_COUNT[4])):
            sub = draw(_S["clean_subs" if clean else "all_subs"])
            if sub == "kv":
                nkey = draw(_S["nested_key"])
                lines.append(deeper + nkey + draw(_S["nested_sep"]) + _value(draw, nkey))
            else:
                lines.append("" if sub == "blank" else deeper + draw(_S[f"nested_{sub}"]))
        return (key,), lines
    lines = [indent + written + delim + _value(draw, key)]
    if kind == "continued":
        deeper = indent + draw(_S["deeper"])
        for _ in range(draw(_CONTINUATIONS)):
            text = draw(_S["continuation"])
            lines.append(text and deeper + text)
    return (key,), lines


_ITEMS = {
    (keys, clean): st.lists(_item(keys, clean), max_size=5)
    for keys in ("setting_key", "boto_key")
    for clean in (True, False)
}


@st.composite
def ini_file(draw: Draw, kind: str) -> tuple[bytes, list[str]]:
    """An INI text in botocore's dialect (``kind``: config, credentials or boto), usually
    valid, sometimes malformed on purpose; and the profile names its headers suggest."""
    clean = draw(_CHANCE[8]) > 0
    headers = _S[f"{kind}_header"]
    items = _ITEMS[("boto_key" if kind == "boto" else "setting_key", clean)]
    lines = [str(draw(_S["pre"])) for _ in range(draw(_COUNT[2]))]
    if not clean and draw(_CHANCE[2]):
        lines.append("region = before-any-section")
    seen_sections: set[str] = set()
    names: list[str] = []
    for _ in range(draw(_COUNT[4])):
        header = str(draw(headers))
        name = _section_name(header)
        if clean and name in seen_sections and name != "DEFAULT":
            continue
        seen_sections.add(name)
        names.append(_profile_name(name) if kind == "config" else name)
        lines.append(header)
        seen_keys: set[str] = set()
        for item_keys, item_lines in draw(items):
            if clean and seen_keys.intersection(item_keys):
                continue
            seen_keys.update(item_keys)
            lines.extend(item_lines)
    newline = str(draw(_S["newline"]))
    text = newline.join(lines) + (newline if draw(_CHANCE[2]) else "")
    data = text.encode("utf-8")
    if not clean and draw(_CHANCE[5]) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(_S["corrupt"]) + data[at:]
    return data, names


def _section_name(header: str) -> str:
    """Name a header line defines (only to steer generation, so roughly)."""
    value = header.strip()
    return value[1 : value.rfind("]")]


def _profile_name(section: str) -> str:
    try:
        words = shlex.split(section)
    except ValueError:
        return section
    return words[-1] if words else section


@st.composite
def ec2_file(draw: Draw) -> bytes:
    lines = draw(
        st.lists(
            st.sampled_from(
                (
                    "AWSAccessKeyId=EC2AK",
                    "AWSSecretKey=EC2SK",
                    " AWSAccessKeyId = EC2AK2 ",
                    "AWSSecretKey==a=b",
                    "# comment=1",
                    "junk",
                    "awsaccesskeyid=lower",
                    "",
                )
            ),
            max_size=5,
        )
    )
    newline: str = draw(st.sampled_from(("\n", "\r\n", "\r")))
    return newline.join(lines).encode()


SETTING_ENV_VARS = (
    "AWS_DATA_PATH",
    "AWS_CA_BUNDLE",
    "AWS_METADATA_SERVICE_TIMEOUT",
    "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    "AWS_EC2_METADATA_V1_DISABLED",
    "AWS_IMDS_USE_IPV6",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_CSM_ENABLED",
    "AWS_CSM_HOST",
    "AWS_CSM_PORT",
    "AWS_CSM_CLIENT_ID",
    "AWS_ENDPOINT_DISCOVERY_ENABLED",
    "AWS_STS_REGIONAL_ENDPOINTS",
    "AWS_RETRY_MODE",
    "AWS_DEFAULTS_MODE",
    "AWS_MAX_ATTEMPTS",
    "AWS_SDK_UA_APP_ID",
    "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
    "AWS_DISABLE_REQUEST_COMPRESSION",
    "AWS_SIGV4A_SIGNING_REGION_SET",
    "AWS_REQUEST_CHECKSUM_CALCULATION",
    "AWS_RESPONSE_CHECKSUM_VALIDATION",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE",
    "AWS_DISABLE_HOST_PREFIX_INJECTION",
    "AWS_AUTH_SCHEME_PREFERENCE",
    "BOTOCORE_TCP_KEEPALIVE",
    "AWS_S3_DISABLE_EXPRESS_SESSION_AUTH",
    "AWS_S3_USE_ARN_REGION",
    "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT",
    "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
    "AWS_REGION",
)
ENV_VALUES = (
    "true",
    "True",
    "yes",
    "1",
    "1.5",
    "",
    "0",
    "false",
    "-1",
    " 3 ",
    "legacy",
    "standard",
    "ipv6",
    "IPv6",
    "bad url",
    "http://[::1]/",
    "http://169.254.169.254",
    "regional",
    "auto",
    "us-west-2",
)
PROFILE_VALUES = (
    *NAMES,
    "default",
    "dev",
    "dev",
    "",
    "missing",
    "profile dev",
    " default ",
    "DEFAULT",
)
EXPIRATIONS = (
    "2099-01-01T00:00:00Z",
    "2099-01-01T00:00:00+01:00",
    "2099-01-01 00:00:00Z",
    "2000-01-01T00:00:00Z",
    "2099-01-01T00:00:00",
    "notadate",
    "",
)


def _maybe(draw: Draw, values: tuple[str, ...], one_in: int) -> str | None:
    """None (absent) most of the time, else one of ``values``."""
    if draw(_CHANCE[one_in]) != 0:
        return None
    return str(draw(_pick(values)))


_ENV_SETTINGS = st.dictionaries(
    _pick(SETTING_ENV_VARS), st.one_of(_pick(ENV_VALUES), ENV_TEXT), max_size=4
)


@st.composite
def environment(draw: Draw, names: tuple[str, ...]) -> dict[str, str]:
    """Variables besides the file locations: profile, keys, region, settings."""
    env: dict[str, str] = {}
    choices: dict[str, str | None] = {
        "AWS_PROFILE": _maybe(draw, names, 6),
        "AWS_DEFAULT_PROFILE": _maybe(draw, names, 16),
        "AWS_ACCESS_KEY_ID": _maybe(draw, ("ENVAK", "ENVAK", ""), 3),
        "AWS_SECRET_ACCESS_KEY": _maybe(draw, ("ENVSK", "ENVSK", ""), 3),
        "AWS_SESSION_TOKEN": _maybe(draw, ("ENVSES", ""), 4),
        "AWS_SECURITY_TOKEN": _maybe(draw, ("ENVSEC", ""), 6),
        "AWS_ACCOUNT_ID": _maybe(draw, ("111122223333", ""), 5),
        "AWS_CREDENTIAL_EXPIRATION": _maybe(draw, EXPIRATIONS, 16),
        "AWS_DEFAULT_REGION": _maybe(draw, ("eu-west-1", "", "us-east-1"), 3),
        "AWS_WEB_IDENTITY_TOKEN_FILE": _maybe(draw, ("", "{root}/token"), 40),
        "AWS_ROLE_ARN": _maybe(draw, ("arn:aws:iam::123456789012:role/env",), 40),
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": _maybe(draw, ("http://example.com/creds",), 60),
    }
    env.update({k: v for k, v in choices.items() if v is not None})
    env.update(draw(_ENV_SETTINGS))
    return env


@st.composite
def session_kwargs(draw: Draw, names: tuple[str, ...]) -> dict[str, str]:
    kwargs: dict[str, str | None] = {
        "profile_name": _maybe(draw, names, 6),
        "region_name": _maybe(draw, ("", "eu-west-3", "us-east-1"), 4),
    }
    if draw(_CHANCE[6]) == 0:
        kwargs["aws_access_key_id"] = _maybe(draw, ("ARGAK", ""), 2)
        kwargs["aws_secret_access_key"] = _maybe(draw, ("ARGSK", ""), 2)
        kwargs["aws_session_token"] = _maybe(draw, ("ARGTOK", ""), 2)
        kwargs["aws_account_id"] = _maybe(draw, ("222233334444", ""), 3)
    return {k: v for k, v in kwargs.items() if v is not None}


_CONFIG_LOCATIONS = _pick(("unset",) * 6 + LOCATIONS[:-1])
_CREDENTIALS_LOCATIONS = _pick(("unset",) * 6 + LOCATIONS)
_BOTO_LOCATIONS = _pick(("missing", "absolute", "tilde", "empty"))
_EC2_LOCATIONS = _pick(AUX_LOCATIONS[1:])


@st.composite
def scenarios(draw: Draw) -> Scenario:
    """A complete example: files, where the environment says they are, env, arguments."""
    config, config_names = draw(ini_file("config")) if draw(_CHANCE[6]) else (None, [])
    credentials, credentials_names = (None, [])
    if draw(_CHANCE[6]):
        credentials, credentials_names = draw(ini_file("credentials"))
    boto = draw(ini_file("boto"))[0] if draw(_CHANCE[5]) == 0 else None
    # Mostly profiles that the files define (or almost do), else any name.
    names = tuple(config_names + credentials_names) * 6 + PROFILE_VALUES
    ec2 = None
    ec2_location = "unset"
    if draw(_CHANCE[10]) == 0:
        ec2 = draw(ec2_file())
        ec2_location = draw(_EC2_LOCATIONS)
    return Scenario(
        config=config,
        credentials=credentials,
        config_location=draw(_CONFIG_LOCATIONS),
        credentials_location=draw(_CREDENTIALS_LOCATIONS),
        boto=boto,
        boto_location=draw(_BOTO_LOCATIONS),
        ec2=ec2,
        ec2_location=ec2_location,
        env=draw(environment(names)),
        kwargs=draw(session_kwargs(names)),
    )
