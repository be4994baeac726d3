"""The ``sso`` provider (being built)."""

from __future__ import annotations

from ._pending import key_trigger

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .objects import Credentials
    from .plan import ChainPlan
    from .providers import Context


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    key_trigger(
        "sso",
        (
            "sso_role_name",
            "sso_account_id",
        ),
        plan,
        ctx,
    )
    return None
