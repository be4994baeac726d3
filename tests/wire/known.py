"""Known differences from botocore, each with its reason and a repro that still shows it.

The wire tests forgive a difference only when an entry here explains it, and
``test_known_difference_still_there`` runs every entry's repro expecting it to fail
(``xfail(strict=True)``): once the defect is fixed the repro passes, the test fails, and
the entry must be deleted. Entries are by category, not by operation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compare import Difference
    from .sweep import Call

Rule = Callable[["Difference", "Call"], bool]


@dataclass(frozen=True)
class Known:
    """``explains`` says whether this entry accounts for one difference of a call."""

    name: str
    why: str
    #: (service, operation, variant, params) that shows the difference.
    repro: tuple[str, str, str, dict[str, Any]]
    explains: Rule


def _raised(outcome: Any, name: str) -> bool:
    return isinstance(outcome, tuple) and outcome[:2] == ("raised", name)


KNOWN: list[Known] = []


def _typed_for_crash(difference: Difference, call: Call) -> bool:
    """Where botocore crashes with a raw Python exception (``TypeError``,
    ``AttributeError``...), strato raises a typed error of ``strato.exceptions``: the
    project's rule, so not a defect (docs/compatibility.md lists the cases)."""
    boto = call.botocore.outcome if call.botocore else None
    mine = call.strato.outcome if call.strato else None
    return (
        difference.kind == "outcome"
        and isinstance(boto, Exception)
        and type(boto).__module__ == "builtins"
        and isinstance(mine, Exception)
        and type(mine).__module__.startswith("strato.")
    )


#: Differences by design (no repro expected to fail): name -> rule.
ACCEPTED: dict[str, Rule] = {"typed error for botocore's crash": _typed_for_crash}


def unexplained(found: list[Difference], call: Call) -> list[Difference]:
    """The differences no entry explains; the names of those that did go to ``call``."""
    rules = [(k.name, k.explains) for k in KNOWN] + list(ACCEPTED.items())
    left: list[Difference] = []
    for difference in found:
        name = next((n for n, explains in rules if explains(difference, call)), None)
        if name is None:
            left.append(difference)
        else:
            call.explained.add(name)
    return left
