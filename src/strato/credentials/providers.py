"""Running a chain plan: one function per provider, tried in the plan's order.

The static providers read their own file each time (botocore's asymmetry: they do
not use the merged profile map). Providers that a later version of strato will
implement still detect their configuration exactly as botocore does and say so,
rather than silently falling through to a different source.
"""

from __future__ import annotations

from .. import _log
from ..config.files import decode, load_config_file, read_ini
from ..exceptions import (
    ConfigNotFound,
    InvalidConfigError,
    PartialCredentialsError,
    ProviderNotImplementedError,
)
from .objects import Credentials, RefreshableCredentials, parse_expiry

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ..config.files import ConfigFile
    from ..config.ini import Section, Value
    from .plan import ChainPlan

_LOG = "strato.credentials"


class Context:
    """What providers read besides the plan: the environment and the merged profiles."""

    __slots__ = ("environ", "full_config")

    def __init__(self, environ: Mapping[str, str], full_config: Callable[[], ConfigFile]) -> None:
        self.environ = environ
        self.full_config = full_config


def resolve(plan: ChainPlan, ctx: Context) -> Credentials | None:
    """The first credentials a provider of the plan finds, or None."""
    for method in plan.steps:
        _log.debug(_LOG, "Looking for credentials via: %s", method)
        found = _PROVIDERS[method](plan, ctx)
        if found is not None:
            return found
    return None


# --- environment ------------------------------------------------------------------


def _env_values(environ: Mapping[str, str], require_expiry: bool) -> dict[str, str | None]:
    access_key = environ.get("AWS_ACCESS_KEY_ID", "")
    if not access_key:
        raise PartialCredentialsError(provider="env", cred_var="AWS_ACCESS_KEY_ID")
    secret_key = environ.get("AWS_SECRET_ACCESS_KEY", "")
    if not secret_key:
        raise PartialCredentialsError(provider="env", cred_var="AWS_SECRET_ACCESS_KEY")
    token = environ.get("AWS_SECURITY_TOKEN", "") or environ.get("AWS_SESSION_TOKEN", "") or None
    expiry = environ.get("AWS_CREDENTIAL_EXPIRATION", "") or None
    if require_expiry and expiry is None:
        raise PartialCredentialsError(provider="env", cred_var="AWS_CREDENTIAL_EXPIRATION")
    return {
        "access_key": access_key,
        "secret_key": secret_key,
        "token": token,
        "expiry_time": expiry,
        "account_id": environ.get("AWS_ACCOUNT_ID", "") or None,
    }


def _env(plan: ChainPlan, ctx: Context) -> Credentials | None:
    environ = ctx.environ
    if not environ.get("AWS_ACCESS_KEY_ID", ""):
        return None
    _log.info(_LOG, "Found credentials in environment variables.")
    data = _env_values(environ, require_expiry=False)
    source = "env AWS_ACCESS_KEY_ID"
    if data["expiry_time"] is None:
        return Credentials(
            data["access_key"], data["secret_key"], data["token"], "env", data["account_id"], source
        )
    return RefreshableCredentials(
        data["access_key"],
        data["secret_key"],
        data["token"],
        parse_expiry(data["expiry_time"], "env"),
        refresh_using=lambda: _env_values(environ, require_expiry=True),
        method="env",
        account_id=data["account_id"],
        source=source,
    )


# --- static keys in files -----------------------------------------------------------


def _text(section: Section, key: str) -> str:
    value = section.values[key]
    if isinstance(value, dict):
        raise InvalidConfigError(
            error_msg=f"{key} at {section.origins[key]} is a nested block; expected a value"
        )
    return value


def _keys_from(section: Section, method: str, with_token: bool) -> Credentials:
    """Static keys of one section; the secret must be there too."""
    if "aws_secret_access_key" not in section.values:
        raise PartialCredentialsError(provider=method, cred_var="aws_secret_access_key")
    token = None
    account_id = None
    if with_token:
        for name in ("aws_security_token", "aws_session_token"):
            if name in section.values:
                token = _text(section, name)
                break
        if "aws_account_id" in section.values:
            account_id = _text(section, "aws_account_id")
    return Credentials(
        _text(section, "aws_access_key_id"),
        _text(section, "aws_secret_access_key"),
        token,
        method,
        account_id,
        str(section.origins["aws_access_key_id"]),
    )


def _shared_credentials_file(plan: ChainPlan, ctx: Context) -> Credentials | None:
    try:
        sections = read_ini(plan.credentials_file)
    except ConfigNotFound:
        return None
    section = sections.get(plan.profile)
    if section is None or "aws_access_key_id" not in section.values:
        return None
    _log.info(_LOG, "Found credentials in shared credentials file: %s", plan.credentials_file)
    return _keys_from(section, "shared-credentials-file", with_token=True)


def _config_file(plan: ChainPlan, ctx: Context) -> Credentials | None:
    try:
        profiles = load_config_file(plan.config_file).profiles
    except ConfigNotFound:
        return None
    section = profiles.get(plan.profile)
    if section is None or "aws_access_key_id" not in section.values:
        return None
    _log.info(_LOG, "Credentials found in config file: %s", plan.config_file)
    return _keys_from(section, "config-file", with_token=True)


def _ec2_credentials_file(plan: ChainPlan, ctx: Context) -> Credentials | None:
    """The legacy EC2 tools' ``key=value`` file named by ``AWS_CREDENTIAL_FILE``."""
    if "AWS_CREDENTIAL_FILE" not in ctx.environ:
        return None
    import os.path

    # botocore expands ``~`` but no variables in this one.
    path = os.path.expanduser(ctx.environ["AWS_CREDENTIAL_FILE"])
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        raise ConfigNotFound(path=path) from None
    text = decode(data, path)
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, eq, value = line.partition("=")
        if eq:
            values[key.strip()] = value.strip()
    if "AWSAccessKeyId" not in values:
        return None
    _log.info(_LOG, "Found credentials in AWS_CREDENTIAL_FILE.")
    if "AWSSecretKey" not in values:
        raise PartialCredentialsError(provider="ec2-credentials-file", cred_var="AWSSecretKey")
    return Credentials(
        values["AWSAccessKeyId"],
        values["AWSSecretKey"],
        method="ec2-credentials-file",
        source=f"{path} AWSAccessKeyId",
    )


def _boto_config(plan: ChainPlan, ctx: Context) -> Credentials | None:
    """boto2's ``[Credentials]`` section: ``BOTO_CONFIG`` alone, else the two defaults."""
    if "BOTO_CONFIG" in ctx.environ:
        candidates = [ctx.environ["BOTO_CONFIG"]]
    else:
        candidates = ["/etc/boto.cfg", "~/.boto"]
    for name in candidates:
        try:
            sections = read_ini(name)
        except ConfigNotFound:
            continue
        section = sections.get("Credentials")
        if section is not None and "aws_access_key_id" in section.values:
            _log.info(_LOG, "Found credentials in boto config file: %s", name)
            return _keys_from(section, "boto-config", with_token=False)
    return None


# --- providers that a later version implements ----------------------------------------


def _profile(plan: ChainPlan, ctx: Context) -> Section | None:
    return ctx.full_config().profiles.get(plan.profile)


def _not_yet(method: str, why: str) -> ProviderNotImplementedError:
    return ProviderNotImplementedError(
        provider=method,
        error_msg=f"{why}; this version of strato cannot use {method} credentials yet",
    )


def _where(section: Section, key: str) -> str:
    return f"{key} at {section.origins[key]}" if key in section.origins else key


def _assume_role(plan: ChainPlan, ctx: Context) -> Credentials | None:
    p = _profile(plan, ctx)
    if p is not None and "role_arn" in p.values and "web_identity_token_file" not in p.values:
        raise _not_yet("assume-role", f"profile {plan.profile} sets {_where(p, 'role_arn')}")
    return None


def _web_identity(plan: ChainPlan, ctx: Context) -> Credentials | None:
    env_var = "AWS_WEB_IDENTITY_TOKEN_FILE"
    token_file: Value
    if not plan.env_disabled and env_var in ctx.environ:
        token_file, where = ctx.environ[env_var], env_var
    else:
        p = _profile(plan, ctx)
        if p is None or "web_identity_token_file" not in p.values:
            return None
        token_file = p.values["web_identity_token_file"]
        where = _where(p, "web_identity_token_file")
    if token_file:
        raise _not_yet("assume-role-with-web-identity", f"{where} is set")
    return None


def _profile_key_trigger(method: str, keys: tuple[str, ...]) -> Callable[..., Credentials | None]:
    def provider(plan: ChainPlan, ctx: Context) -> Credentials | None:
        p = _profile(plan, ctx)
        for key in keys:
            if p is not None and key in p.values:
                raise _not_yet(method, f"profile {plan.profile} sets {_where(p, key)}")
        return None

    return provider


def _container(plan: ChainPlan, ctx: Context) -> Credentials | None:
    for var in ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"):
        if var in ctx.environ:
            raise _not_yet("container-role", f"{var} is set")
    return None


def _instance_metadata(plan: ChainPlan, ctx: Context) -> Credentials | None:
    """Off an EC2 instance botocore finds nothing here; strato does not query IMDS yet."""
    if ctx.environ.get("AWS_EC2_METADATA_DISABLED", "false").lower() != "true":
        _log.debug(_LOG, "Instance metadata credentials are not implemented; skipping iam-role.")
    return None


_PROVIDERS: dict[str, Callable[[ChainPlan, Context], Credentials | None]] = {
    "env": _env,
    "assume-role": _assume_role,
    "assume-role-with-web-identity": _web_identity,
    "sso": _profile_key_trigger("sso", ("sso_role_name", "sso_account_id")),
    "shared-credentials-file": _shared_credentials_file,
    "login": _profile_key_trigger("login", ("login_session",)),
    "custom-process": _profile_key_trigger("custom-process", ("credential_process",)),
    "config-file": _config_file,
    "ec2-credentials-file": _ec2_credentials_file,
    "boto-config": _boto_config,
    "container-role": _container,
    "iam-role": _instance_metadata,
}
