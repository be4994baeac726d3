"""The ``custom-process`` provider (being built)."""

from __future__ import annotations

from ._pending import key_trigger

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .objects import Credentials
    from .plan import ChainPlan
    from .providers import Context


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    key_trigger("custom-process", ("credential_process",), plan, ctx)
    return None
