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


def _signature_v2(difference: Difference, call: Call) -> bool:
    """SimpleDB and Import/Export sign with SigV2 (form fields), which strato lacks."""
    return call.service in ("sdb", "importexport")


KNOWN: list[Known] = [
    Known(
        "(f) sigv2",
        "sdb and importexport: botocore signs with SigV2, strato raises "
        "UnknownSignatureVersionError and sends nothing",
        ("sdb", "ListDomains", "tls", {}),
        _signature_v2,
    ),
]


def unexplained(found: list[Difference], call: Call) -> list[Difference]:
    """The differences no entry explains; the names of those that did go to ``call``."""
    left: list[Difference] = []
    for difference in found:
        entry = next((k for k in KNOWN if k.explains(difference, call)), None)
        if entry is None:
            left.append(difference)
        else:
            call.explained.add(entry.name)
    return left
