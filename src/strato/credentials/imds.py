"""The ``iam-role`` provider: EC2 instance metadata (being built)."""

from __future__ import annotations

from .. import _log

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .objects import Credentials
    from .plan import ChainPlan
    from .providers import Context


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    """Off an EC2 instance botocore finds nothing here; strato does not query IMDS yet."""
    if ctx.environ.get("AWS_EC2_METADATA_DISABLED", "false").lower() != "true":
        _log.debug(
            "strato.credentials",
            "Instance metadata credentials are not implemented; skipping iam-role.",
        )
    return None
