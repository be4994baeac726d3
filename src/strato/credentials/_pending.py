"""Detection shared by providers still being built: say so rather than fall through.

Removed once every provider module has its real ``provide``.
"""

from __future__ import annotations

from ..exceptions import ProviderNotImplementedError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..config.ini import Section
    from .plan import ChainPlan
    from .providers import Context


def profile(plan: ChainPlan, ctx: Context) -> Section | None:
    return ctx.full_config().profiles.get(plan.profile)


def not_yet(method: str, why: str) -> ProviderNotImplementedError:
    return ProviderNotImplementedError(
        provider=method,
        error_msg=f"{why}; this version of strato cannot use {method} credentials yet",
    )


def where(section: Section, key: str) -> str:
    return f"{key} at {section.origins[key]}" if key in section.origins else key


def key_trigger(method: str, keys: tuple[str, ...], plan: ChainPlan, ctx: Context) -> None:
    p = profile(plan, ctx)
    for key in keys:
        if p is not None and key in p.values:
            raise not_yet(method, f"profile {plan.profile} sets {where(p, key)}")
