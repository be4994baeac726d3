"""The ``assume-role-with-web-identity`` provider (EKS service accounts, GitHub OIDC...).

Each setting is looked up on its own: environment variable first (unless an explicit
profile turned the environment off), then the profile. The token file is read as
given (no ``~`` expansion), unstripped, on every fetch, and sent in an unsigned
``AssumeRoleWithWebIdentity`` call.
"""

from __future__ import annotations

from ..exceptions import InvalidConfigError, WebIdentityTokenLoadError
from .assume_role import cached_fetch, client_factory, request_with_session_name
from .refreshable import DeferredRefreshableCredentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..config.ini import Section
    from .objects import Credentials
    from .plan import ChainPlan
    from .providers import Context

METHOD = "assume-role-with-web-identity"
_ENV = {
    "web_identity_token_file": "AWS_WEB_IDENTITY_TOKEN_FILE",
    "role_arn": "AWS_ROLE_ARN",
    "role_session_name": "AWS_ROLE_SESSION_NAME",
}
_NO_ROLE = (
    "The provided profile or the current environment is configured to assume role with "
    "web identity but has no role ARN configured. Ensure that the profile has the "
    "role_arnconfiguration set or the AWS_ROLE_ARN env var is set."
)


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    section = ctx.full_config().profiles.get(plan.profile)
    found = _setting("web_identity_token_file", plan, ctx, section, nested_ok=True)
    if found is None or not found[0]:
        return None
    role = _setting("role_arn", plan, ctx, section)
    if role is None or not role[0]:
        raise InvalidConfigError(error_msg=_NO_ROLE)  # botocore asks this before reading
    path, path_origin = _setting("web_identity_token_file", plan, ctx, section) or found
    args: dict[str, Any] = {}
    name = _setting("role_session_name", plan, ctx, section)
    if name is not None:
        args["RoleSessionName"] = name[0]
    args["RoleArn"] = role[0]
    key_args = request_with_session_name(args)
    ctx.note(METHOD, f"role {role[0]} ({role[1]}), token file {path!r} ({path_origin})")

    def call() -> dict[str, Any]:
        request = {**args, "WebIdentityToken": _read_token(path, path_origin)}
        sts = client_factory(ctx)("sts", region_name=ctx.client_region, unsigned=True)
        response: dict[str, Any] = sts.assume_role_with_web_identity(**request)
        return response

    source = f"web identity token {path!r} ({path_origin}) for {role[0]} ({role[1]})"
    return DeferredRefreshableCredentials(cached_fetch(ctx, key_args, call), METHOD, source)


def _setting(
    key: str, plan: ChainPlan, ctx: Context, section: Section | None, nested_ok: bool = False
) -> tuple[str, str] | None:
    """``(value, where it was set)`` from the environment, else the profile; an
    environment variable that is set but empty still counts, as in botocore. A nested
    block is an error unless ``nested_ok`` (then it is only looked at, not used)."""
    env = _ENV[key]
    if not plan.env_disabled and env in ctx.environ:
        return ctx.environ[env], f"env {env}"
    if section is None or key not in section.values:
        return None
    value = section.values[key]
    if isinstance(value, dict):
        if nested_ok:
            return "(nested block)", key
        raise InvalidConfigError(
            error_msg=f"{key} at {section.origins[key]} is a nested block; expected a value"
        )
    return value, f"{key} at {section.origins[key]}"


def _read_token(path: str, origin: str) -> str:
    """The token file's text as is (a trailing newline is sent too, as botocore does)."""
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise WebIdentityTokenLoadError(
            provider=METHOD,
            error_msg=f"cannot read the web identity token file {path!r} ({origin}): {reason}",
        ) from None
