"""The ``assume-role`` provider (being built)."""

from __future__ import annotations

from ._pending import not_yet, profile, where

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .objects import Credentials
    from .plan import ChainPlan
    from .providers import Context


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    p = profile(plan, ctx)
    if p is not None and "role_arn" in p.values and "web_identity_token_file" not in p.values:
        raise not_yet("assume-role", f"profile {plan.profile} sets {where(p, 'role_arn')}")
    return None
