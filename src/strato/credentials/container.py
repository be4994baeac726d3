"""The ``container-role`` provider (being built)."""

from __future__ import annotations

from ._pending import not_yet

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .objects import Credentials
    from .plan import ChainPlan
    from .providers import Context


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    for var in ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"):
        if var in ctx.environ:
            raise not_yet("container-role", f"{var} is set")
    return None
