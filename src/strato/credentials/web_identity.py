"""The ``assume-role-with-web-identity`` provider (being built)."""

from __future__ import annotations

from ._pending import not_yet, profile, where

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..config.ini import Value
    from .objects import Credentials
    from .plan import ChainPlan
    from .providers import Context


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    env_var = "AWS_WEB_IDENTITY_TOKEN_FILE"
    token_file: Value
    if not plan.env_disabled and env_var in ctx.environ:
        token_file, source = ctx.environ[env_var], env_var
    else:
        p = profile(plan, ctx)
        if p is None or "web_identity_token_file" not in p.values:
            return None
        token_file = p.values["web_identity_token_file"]
        source = where(p, "web_identity_token_file")
    if token_file:
        raise not_yet("assume-role-with-web-identity", f"{source} is set")
    return None
