"""The ``assume-role`` provider: a profile's role chain, run hop by hop through STS.

The chain is planned first, without network (:func:`roles.plan_roles`, botocore's
validation order); then the source credentials are found (a ``credential_source``
provider, or the source profile's own sub-chain), and each hop becomes deferred
credentials whose first read calls ``AssumeRole`` signed by the hop below it.
The helpers for the cache and the response are shared with web identity.
"""

from __future__ import annotations

import _thread

from .. import _log
from .. import exceptions as errors
from . import providers
from .refreshable import DeferredRefreshableCredentials
from .roles import plan_roles

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from typing import Any

    from .objects import Credentials
    from .plan import ChainPlan
    from .providers import ClientFactory, Context
    from .roles import RoleHop, RoleSource

_LOG = "strato.credentials"
METHOD = "assume-role"
#: A cached response is reused only while more than this many seconds remain.
CACHE_WINDOW_SECONDS = 15 * 60


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    profiles = ctx.full_config().profiles
    section = profiles.get(plan.profile)
    if (
        section is None
        or "role_arn" not in section.values
        or "web_identity_token_file" in section.values
    ):
        return None
    roles = plan_roles(plan.profile, profiles)
    described = roles.describe()
    ctx.note(METHOD, described)
    credentials = _source_credentials(roles.source, plan, ctx)
    for hop in reversed(roles.hops):
        text = described if hop is roles.hops[0] else hop.describe()
        refresh = _fetcher(hop, credentials, ctx)
        if hop.mfa_serial is not None:
            refresh = _once(refresh)
        credentials = DeferredRefreshableCredentials(refresh, METHOD, text)
    return credentials


def _source_credentials(source: RoleSource, plan: ChainPlan, ctx: Context) -> Credentials:
    """The innermost hop's signer: a named provider, or the source profile's
    sub-chain (profile providers only, environment off)."""
    if source.method is not None:
        found = providers.provider(source.method)(plan, ctx)
        if found is None:
            raise errors.CredentialRetrievalError(
                provider=source.name,
                error_msg="No credentials found in credential_source referenced in profile "
                f"{source.profile}",
            )
        return found
    found = providers.resolve(plan.for_source(source.name), ctx)
    if found is None:
        raise errors.InvalidConfigError(
            error_msg=f'The source profile "{source.name}" must have credentials.'
        )
    return found


def _fetcher(hop: RoleHop, source: Credentials, ctx: Context) -> Callable[[], dict[str, Any]]:
    """The refresh function of one hop: cache, else MFA prompt and ``AssumeRole``."""
    args: dict[str, Any] = hop.request()
    key_args = request_with_session_name(args)
    prompt = None if hop.mfa_serial is None else f"Enter MFA code for {hop.mfa_serial}: "

    def call() -> dict[str, Any]:
        request = dict(args)
        if prompt is not None:
            request["TokenCode"] = (ctx.prompter or _getpass)(prompt)
        frozen = source.get_frozen_credentials()
        sts = client_factory(ctx)("sts", region_name=ctx.client_region, credentials=frozen)
        response: dict[str, Any] = sts.assume_role(**request)
        return response

    return cached_fetch(ctx, key_args, call)


def _once(refresh: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    """botocore allows one fetch with an MFA code; it cannot prompt again on refresh."""
    called = False

    def once() -> dict[str, Any]:
        nonlocal called
        if called:
            raise errors.RefreshWithMFAUnsupportedError()
        called = True
        return refresh()

    return once


def _getpass(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)


def client_factory(ctx: Context) -> ClientFactory:
    if ctx.clients is None:
        raise errors.CredentialRetrievalError(
            provider=METHOD, error_msg="this context cannot make clients (no factory)"
        )
    return ctx.clients


# --- shared with web identity -------------------------------------------------------


def request_with_session_name(args: dict[str, Any]) -> dict[str, Any]:
    """Give ``args`` botocore's default session name if none is configured, and return
    the cache key's arguments (a generated name is left out of the key)."""
    if args.get("RoleSessionName"):
        return dict(args)
    import time

    key_args = {k: v for k, v in args.items() if k != "RoleSessionName"}
    args["RoleSessionName"] = f"botocore-session-{int(time.time())}"
    return key_args


def cached_fetch(
    ctx: Context, key_args: dict[str, Any], call: Callable[[], dict[str, Any]]
) -> Callable[[], dict[str, Any]]:
    """A refresh function that reuses the shared cache's response while more than 15
    minutes remain, and otherwise calls (under the key's lock, so concurrent readers,
    threads or processes, make one call and show one MFA prompt between them)."""
    from .cache import cache_key

    key = cache_key(key_args)

    def fetch_locked() -> dict[str, Any]:
        cached = _usable(ctx.cache.get(key))
        if cached is not None:
            _log.debug(_LOG, "Credentials for role retrieved from cache.")
            return cached
        entry = _cache_entry(call())
        ctx.cache.put(key, entry)
        return _refresh_dict(entry)

    def fetch() -> dict[str, Any]:
        held: set[str] = _held.__dict__.setdefault("keys", set())
        if key in held:
            # A chain whose hops make the same request: the outer hop's call reads the
            # inner one while holding the key (botocore fetches both; so do we).
            return fetch_locked()
        with ctx.cache.lock(key):
            held.add(key)
            try:
                return fetch_locked()
            finally:
                held.discard(key)

    return fetch


#: The cache keys this thread is fetching (their locks are not reentrant).
_held = _thread._local()


def _cache_entry(response: dict[str, Any]) -> dict[str, Any]:
    """The response with the account of the assumed role's ARN added to ``Credentials``
    (botocore's cached value; a file cache writes its datetime as the AWS CLI does)."""
    credentials = dict(response["Credentials"])
    arn = response.get("AssumedRoleUser", {}).get("Arn")
    parts = arn.split(":", 5) if isinstance(arn, str) and arn.startswith("arn:") else []
    if len(parts) == 6:
        credentials["AccountId"] = parts[4]
    else:
        _log.debug(_LOG, "Unable to extract account ID from Arn: %s", arn)
    return {**response, "Credentials": credentials}


def _usable(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    """The refresh dict of a cached response, or None when there is none, it expires
    within 15 minutes, or it cannot be read (then the role is assumed again)."""
    if entry is None:
        return None
    try:
        found = _refresh_dict(entry)
    except (KeyError, TypeError, ValueError, AttributeError):
        _log.warning(_LOG, "Ignoring a cached role response that cannot be read.")
        return None
    from .refreshable import _now

    if (found["expiry_time"] - _now()).total_seconds() < CACHE_WINDOW_SECONDS:
        _log.debug(_LOG, "Credentials were found in cache, but they are expired.")
        return None
    return found


def _refresh_dict(entry: dict[str, Any]) -> dict[str, Any]:
    """What :class:`RefreshableCredentials` wants from a role response."""
    credentials = entry["Credentials"]
    return {
        "access_key": credentials["AccessKeyId"],
        "secret_key": credentials["SecretAccessKey"],
        "token": credentials["SessionToken"],
        "expiry_time": _expiry(credentials["Expiration"]),
        "account_id": credentials.get("AccountId"),
    }


def _expiry(value: object) -> datetime:
    """An aware expiry from a response (a datetime) or a cache (ISO text, or the AWS
    CLI's ``2026-11-27T23:59:42UTC``)."""
    from .._time import datetime

    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive expiration")
        return value
    if not isinstance(value, str):
        raise TypeError("expiration is not text")
    from .refreshable import parse_expiry

    text = value[:-3] + "+00:00" if value.endswith("UTC") else value
    return parse_expiry(text, METHOD)
