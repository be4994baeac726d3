"""Running a chain plan: the static providers, and the dispatch to the remote ones.

The static providers read their own file each time (botocore's asymmetry: they do
not use the merged profile map). Each remote provider (assume role, web identity,
SSO, login, process, container, instance metadata) is a module of its own with a
``provide(plan, ctx)`` function; providers never import the session or the client
layer: they make clients through ``ctx.clients``.
"""

from __future__ import annotations

from .. import _log
from .. import exceptions as errors
from ..config.files import decode, load_config_file, read_ini
from .objects import Credentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any, Protocol

    from ..config.files import ConfigFile
    from ..config.ini import Section
    from ..settings.store import SettingsStore
    from .cache import CredentialCache
    from .objects import ReadOnlyCredentials
    from .plan import ChainPlan

    class ClientFactory(Protocol):
        """Makes a client of the session (``credentials`` None: the session's own chain
        is not consulted; ``unsigned``: no signing at all)."""

        def __call__(
            self,
            service_name: str,
            *,
            region_name: str | None = None,
            credentials: ReadOnlyCredentials | None = None,
            unsigned: bool = False,
        ) -> Any: ...


_LOG = "strato.credentials"


class Context:
    """What providers use besides the plan: the environment, the merged profiles, the
    session's settings, a way to make clients, the shared cache and the MFA prompter.

    ``trail`` records, per method tried, what the provider found or why it passed,
    for :meth:`strato.Session.explain_credentials`.
    """

    __slots__ = (
        "_cache",
        "client_region",
        "clients",
        "depth",
        "environ",
        "full_config",
        "prompter",
        "settings",
        "trail",
        "user_agent",
    )

    def __init__(
        self,
        environ: Mapping[str, str],
        full_config: Callable[[], ConfigFile],
        settings: SettingsStore | None = None,
        clients: ClientFactory | None = None,
        cache: CredentialCache | None = None,
        prompter: Callable[[str], str] | None = None,
        user_agent: str = "",
        client_region: str | None = None,
    ) -> None:
        self.environ = environ
        self.full_config = full_config
        self.settings = settings
        self.clients = clients
        self._cache = cache
        self.prompter = prompter
        self.user_agent = user_agent
        #: The region nested STS clients are made for (None: the session's region).
        self.client_region = client_region
        self.trail: list[tuple[str, str]] = []
        #: How many chains are running (a source profile's sub-chain makes it 2).
        self.depth = 0

    @property
    def cache(self) -> CredentialCache:
        """The shared cache; botocore's in-memory dict unless one was given (made when a
        provider first needs it, so a chain that caches nothing does not load it)."""
        if self._cache is None:
            from .cache import MemoryCache

            self._cache = MemoryCache()
        return self._cache

    def note(self, method: str, what: str) -> None:
        """Say what ``method`` found or why it passed (no secrets)."""
        self.trail.append((method, what))


def resolve(plan: ChainPlan, ctx: Context) -> Credentials | None:
    """The first credentials a provider of the plan finds, or None.

    A source profile's sub-chain leaves one line in the trail, under its role: the
    provider that found the source credentials.
    """
    ctx.depth += 1
    try:
        for method in plan.steps:
            _log.debug(_LOG, "Looking for credentials via: %s", method)
            noted = len(ctx.trail)
            found = None if _idle(method, plan, ctx) else provider(method)(plan, ctx)
            if ctx.depth > 1:
                del ctx.trail[noted:]
                if found is not None:
                    ctx.note(f"  source profile {plan.profile}", f"{method}: {found.source}")
            elif len(ctx.trail) == noted:
                what = "nothing configured" if found is None else f"found: {found.source}"
                ctx.note(method, what)
            if found is not None:
                return found
        return None
    finally:
        ctx.depth -= 1


# --- environment ------------------------------------------------------------------


def _env_values(environ: Mapping[str, str], require_expiry: bool) -> dict[str, str | None]:
    access_key = environ.get("AWS_ACCESS_KEY_ID", "")
    if not access_key:
        raise errors.PartialCredentialsError(provider="env", cred_var="AWS_ACCESS_KEY_ID")
    secret_key = environ.get("AWS_SECRET_ACCESS_KEY", "")
    if not secret_key:
        raise errors.PartialCredentialsError(provider="env", cred_var="AWS_SECRET_ACCESS_KEY")
    token = environ.get("AWS_SECURITY_TOKEN", "") or environ.get("AWS_SESSION_TOKEN", "") or None
    expiry = environ.get("AWS_CREDENTIAL_EXPIRATION", "") or None
    if require_expiry and expiry is None:
        raise errors.PartialCredentialsError(provider="env", cred_var="AWS_CREDENTIAL_EXPIRATION")
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
    from .refreshable import RefreshableCredentials

    return RefreshableCredentials.from_fetched(
        data, lambda: _env_values(environ, require_expiry=True), "env", source
    )


# --- static keys in files -----------------------------------------------------------


def _text(section: Section, key: str) -> str:
    value = section.values[key]
    if isinstance(value, dict):
        raise errors.InvalidConfigError(
            error_msg=f"{key} at {section.origins[key]} is a nested block; expected a value"
        )
    return value


def _keys_from(section: Section, method: str, with_token: bool) -> Credentials:
    """Static keys of one section; the secret must be there too."""
    if "aws_secret_access_key" not in section.values:
        raise errors.PartialCredentialsError(provider=method, cred_var="aws_secret_access_key")
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
    except errors.ConfigNotFound:
        return None
    section = sections.get(plan.profile)
    if section is None or "aws_access_key_id" not in section.values:
        return None
    _log.info(_LOG, "Found credentials in shared credentials file: %s", plan.credentials_file)
    return _keys_from(section, "shared-credentials-file", with_token=True)


def _config_file(plan: ChainPlan, ctx: Context) -> Credentials | None:
    try:
        profiles = load_config_file(plan.config_file).profiles
    except errors.ConfigNotFound:
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
        raise errors.ConfigNotFound(path=path) from None
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
        raise errors.PartialCredentialsError(
            provider="ec2-credentials-file", cred_var="AWSSecretKey"
        )
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
        except errors.ConfigNotFound:
            continue
        section = sections.get("Credentials")
        if section is not None and "aws_access_key_id" in section.values:
            _log.info(_LOG, "Found credentials in boto config file: %s", name)
            return _keys_from(section, "boto-config", with_token=False)
    return None


# --- the dispatch table ---------------------------------------------------------------

#: method -> the function that runs it; remote providers live in their own modules,
#: imported the first time the chain reaches them.
_STATIC: dict[str, Callable[[ChainPlan, Context], Credentials | None]] = {
    "env": _env,
    "shared-credentials-file": _shared_credentials_file,
    "config-file": _config_file,
    "ec2-credentials-file": _ec2_credentials_file,
    "boto-config": _boto_config,
}
_MODULES = {
    "assume-role": "assume_role",
    "assume-role-with-web-identity": "web_identity",
    "sso": "sso",
    "login": "login",
    "custom-process": "process",
    "container-role": "container",
    "iam-role": "imds",
}


#: Remote providers that return None at once, noting nothing, when the profile has none
#: of these keys and, while the environment is on, none of these variables is set; so
#: their modules need not be imported to find that out.
_TRIGGERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "assume-role-with-web-identity": (
        ("web_identity_token_file",),
        ("AWS_WEB_IDENTITY_TOKEN_FILE",),
    ),
    "sso": (("sso_role_name", "sso_account_id"), ()),
    "login": (("login_session",), ()),
    "custom-process": (("credential_process",), ()),
}


def _idle(method: str, plan: ChainPlan, ctx: Context) -> bool:
    """Whether ``method`` would find nothing without looking further (:data:`_TRIGGERS`)."""
    triggers = _TRIGGERS.get(method)
    if triggers is None:
        return False
    keys, variables = triggers
    if not plan.env_disabled and any(name in ctx.environ for name in variables):
        return False
    section = ctx.full_config().profiles.get(plan.profile)
    return section is None or not any(key in section.values for key in keys)


def provider(method: str) -> Callable[[ChainPlan, Context], Credentials | None]:
    """The function that runs ``method`` (each remote one is ``provide`` in its module)."""
    found = _STATIC.get(method)
    if found is None:
        module = __import__(f"strato.credentials.{_MODULES[method]}", fromlist=["provide"])
        found = module.provide
    return found
