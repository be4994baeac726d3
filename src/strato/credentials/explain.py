"""What the credential chain did, as data: each provider tried, what it found or why
it passed, and where the winning credentials came from. Never holds a secret."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .objects import Credentials


class CredentialExplanation:
    """The answer to "which credentials am I using, and why?"."""

    __slots__ = ("method", "plan", "source", "steps")

    def __init__(
        self,
        steps: list[tuple[str, str]],
        credentials: Credentials | None,
        plan: list[str],
    ) -> None:
        #: ``(method, what it found or why it passed)``, in the order tried.
        self.steps = list(steps)
        self.method = credentials.method if credentials is not None else None
        self.source = credentials.source if credentials is not None else None
        #: The chain as planned (``ChainPlan.describe()``), before anything ran.
        self.plan = plan

    def __str__(self) -> str:
        if self.method is None:
            head = "no credentials found"
        elif self.source and self.source.startswith(self.method):
            head = f"credentials: {self.source}"
        else:
            head = f"credentials: {self.method} from {self.source or self.method}"
        lines = [head]
        lines += [
            f"  {method}: {'found (above)' if what == self.source else what}"
            for method, what in self.steps
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<CredentialExplanation {self.method or 'none'}: {len(self.steps)} step(s)>"
