"""The ``sso`` provider: IAM Identity Center role credentials for a profile.

A profile with ``sso_role_name`` or ``sso_account_id`` is an SSO profile. Legacy
profiles name their start URL and use the cached token as it is; ``sso_session``
profiles merge their ``[sso-session]`` section and get their token through the
refreshing :class:`~strato.credentials.sso_token.SSOTokenProvider`. Nothing is
fetched until the credentials are first read (botocore's deferred credentials).
"""

from __future__ import annotations

from .. import _log
from ..exceptions import CredentialRetrievalError, InvalidConfigError, UnauthorizedSSOTokenError
from .refreshable import DeferredRefreshableCredentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..config.ini import Section
    from .objects import Credentials
    from .plan import ChainPlan
    from .providers import Context
    from .sso_token import SSOTokenProvider

_LOG = "strato.credentials"
_PROFILE_KEYS = ("sso_role_name", "sso_account_id")
_SSO_KEYS = ("sso_start_url", "sso_region")
#: A cached answer is reused only while more than this many seconds remain.
_CACHE_WINDOW_SECONDS = 15 * 60


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    config = ctx.full_config()
    profile = config.profiles.get(plan.profile)
    if profile is None or not any(key in profile.values for key in _PROFILE_KEYS):
        return None
    merged, origins = _merge(profile, config.sso_sessions)
    required = _PROFILE_KEYS + _SSO_KEYS + (("sso_session",) if "sso_session" in merged else ())
    missing = [key for key in required if key not in merged]
    if missing:
        raise InvalidConfigError(
            error_msg=f'The profile "{plan.profile}" is configured to use SSO but is missing '
            f"required configuration: {', '.join(missing)}"
        )
    nested = [key for key in required if not isinstance(merged[key], str)]
    if nested:
        # botocore hands the block on and fails on first use; so does strato, saying where.
        message = f"{nested[0]} at {origins[nested[0]]} is a nested block; expected a value"
        ctx.note("sso", f"found: {message}")
        return DeferredRefreshableCredentials(_failing(message), "sso", str(origins[nested[0]]))
    values: dict[str, str] = {key: merged[key] for key in required}
    fetcher = _Fetcher(values, plan.profile, ctx)
    where = origins.get("sso_role_name") or origins.get("sso_account_id")
    source = f"sso role {values['sso_role_name']} in account {values['sso_account_id']}"
    source += f" via sso-session {values['sso_session']}" if "sso_session" in values else ""
    source += f" ({where})" if where else ""
    ctx.note("sso", f"found: {source}; fetched on first use")
    return DeferredRefreshableCredentials(fetcher.fetch, "sso", source)


def _failing(message: str) -> Callable[[], dict[str, Any]]:
    def fetch() -> dict[str, Any]:
        raise InvalidConfigError(error_msg=message)

    return fetch


def _merge(profile: Section, sessions: dict[str, Section]) -> tuple[dict[str, Any], dict[Any, Any]]:
    """The profile with its ``[sso-session]`` keys added; a key both set must agree."""
    values: dict[str, Any] = dict(profile.values)
    origins: dict[Any, Any] = dict(profile.origins)
    name = values.get("sso_session")
    if name is None:
        return values, origins
    session = sessions.get(name) if isinstance(name, str) else None
    if session is None:
        raise InvalidConfigError(error_msg=f'The specified sso-session does not exist: "{name}"')
    for key, value in session.values.items():
        if values.get(key, value) != value:
            raise InvalidConfigError(
                error_msg=f"The value for {key} is inconsistent between profile "
                f"({values[key]}) and sso-session ({value})."
            )
        values[key] = value
        origins.setdefault(key, session.origins.get(key))
    return values, origins


class _Fetcher:
    """GetRoleCredentials with the session's shared cache, as botocore's SSO fetcher."""

    def __init__(self, values: dict[str, str], profile: str, ctx: Context) -> None:
        import hashlib
        import json

        self._ctx = ctx
        self._start_url = values["sso_start_url"]
        self._region = values["sso_region"]
        self._role = values["sso_role_name"]
        self._account = values["sso_account_id"]
        session = values.get("sso_session")
        args = {"roleName": self._role, "accountId": self._account}
        if session is not None:
            args["sessionName"] = session
        else:
            args["startUrl"] = self._start_url
        text = json.dumps(args, sort_keys=True, separators=(",", ":"))
        self._key = hashlib.sha1(text.encode("utf-8")).hexdigest()
        self._tokens: SSOTokenProvider | None = None
        if session is not None:
            from .sso_token import SSOTokenProvider

            self._tokens = SSOTokenProvider(profile, ctx)

    def fetch(self) -> dict[str, Any]:
        cache = self._ctx.cache
        with cache.lock(self._key):
            response = cache.get(self._key)
            if response is not None and _usable(response):
                _log.debug(_LOG, "Credentials for role retrieved from cache.")
            else:
                if response is not None:
                    _log.debug(_LOG, "Credentials were found in cache, but they are expired.")
                response = self._get_role_credentials()
                cache.put(self._key, response)
        creds = response["Credentials"]
        return {
            "access_key": creds["AccessKeyId"],
            "secret_key": creds["SecretAccessKey"],
            "token": creds["SessionToken"],
            "expiry_time": creds["Expiration"],
            "account_id": creds.get("AccountId"),
        }

    def _access_token(self) -> Any:
        if self._tokens is not None:
            return self._tokens.load_token().get_frozen_token().token
        from .sso_token import _now, read_token, token_time

        _log.debug(_LOG, "Checking for cached token at: %s", self._start_url)
        token = read_token(self._start_url, self._start_url)
        # An expired legacy token is not sent: there is nothing that could refresh it.
        if token_time(token, "expiresAt", self._start_url) <= _now():
            raise UnauthorizedSSOTokenError()
        return token["accessToken"]

    def _get_role_credentials(self) -> dict[str, Any]:
        from datetime import UTC, datetime

        clients = self._ctx.clients
        assert clients is not None, "the session gives providers a client factory"
        client = clients("sso", region_name=self._region, unsigned=True)
        token = self._access_token()
        try:
            answer = client.get_role_credentials(
                roleName=self._role, accountId=self._account, accessToken=token
            )
        except client.exceptions.UnauthorizedException:
            raise UnauthorizedSSOTokenError() from None
        found = answer.get("roleCredentials") or {}
        fields = ("accessKeyId", "secretAccessKey", "sessionToken", "expiration")
        missing = [name for name in fields if name not in found]
        if missing:
            raise CredentialRetrievalError(
                provider="sso",
                error_msg=f"GetRoleCredentials answered without {', '.join(missing)}",
            )
        expires = datetime.fromtimestamp(found["expiration"] / 1000.0, UTC)
        return {
            "ProviderType": "sso",
            "Credentials": {
                "AccessKeyId": found["accessKeyId"],
                "SecretAccessKey": found["secretAccessKey"],
                "SessionToken": found["sessionToken"],
                "Expiration": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "AccountId": self._account,
            },
        }


def _usable(response: dict[str, Any]) -> bool:
    """A cached answer with every field and more than 15 minutes left (an entry from a
    shared file cache may be anything: such entries are fetched again)."""
    from ..exceptions import InvalidExpirationError
    from .refreshable import _now, parse_expiry

    creds = response.get("Credentials")
    fields = ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration")
    if not isinstance(creds, dict) or not all(isinstance(creds.get(k), str) for k in fields):
        return False
    try:
        expires = parse_expiry(creds["Expiration"], "sso")
    except InvalidExpirationError:
        return False
    return (expires - _now()).total_seconds() >= _CACHE_WINDOW_SECONDS
