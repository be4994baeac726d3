"""Check one operation of one service on the wire: hypothesis draws, both clients call.

Used by the pytest sample, the slow sweep and ``tools/wire_report.py``. A call passes when
every difference is explained by an entry of :mod:`wire.known`; otherwise
:class:`Mismatch` carries the unexplained differences and the parameters.
"""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass, field
from typing import Any

import botocore.model
import botocore.session
from botocore import xform_name
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from . import known
from .compare import Difference, differences
from .harness import Exchange, Wire, botocore_session
from .strategies import KINDS, operation_params


@dataclass
class Call:
    """What a known-difference rule may look at."""

    service: str
    operation: botocore.model.OperationModel
    variant: str
    kind: str
    params: dict[str, Any]
    botocore: Exchange | None = None
    strato: Exchange | None = None
    #: Names of the known entries that explained some difference of this call.
    explained: set[str] = field(default_factory=set)

    @property
    def protocol(self) -> str:
        return str(self.operation.service_model.protocol)


class Mismatch(AssertionError):
    """Differences no known entry explains, with the call that showed them."""

    def __init__(self, call: Call, found: list[Difference]) -> None:
        self.call = call
        self.found = found
        lines = [f"{call.service} {call.operation.name} [{call.variant}, {call.kind}]"]
        lines.append(f"params: {call.params!r}")
        lines += [f"  {d}" for d in found]
        super().__init__("\n".join(lines))


@dataclass
class Tally:
    """Known differences seen while checking (for the report), by entry name."""

    seen: dict[str, int] = field(default_factory=dict)


@functools.cache
def service_model(service: str) -> botocore.model.ServiceModel:
    return botocore_session().get_service_model(service)


def services() -> list[str]:
    """Every service (a session of its own: pytest calls this outside the isolated home)."""
    return sorted(botocore.session.Session().get_available_services())


def sample(service: str, count: int) -> list[str]:
    """``count`` operations of ``service``, the same every run (ranked by a CRC of the name)."""
    names = service_model(service).operation_names
    return sorted(names, key=lambda name: zlib.crc32(f"{service}.{name}".encode()))[:count]


def call_once(
    wire: Wire, call: Call, data: st.DataObject | None, forgive: bool = True
) -> list[Difference]:
    """Both clients make ``call``; the differences no known entry explains (or all of them,
    without ``forgive``)."""
    boto, mine = wire.clients(call.service, call.variant)
    if isinstance(boto, Exception) or isinstance(mine, Exception):
        expected = (type(boto).__name__, str(boto)) if isinstance(boto, Exception) else "client"
        actual = (type(mine).__name__, str(mine)) if isinstance(mine, Exception) else "client"
        found = [] if expected == actual else [Difference("creation", expected, actual)]
        return known.unexplained(found, call) if forgive else found
    reply = None
    if data is not None:
        from .responses import modeled_response

        reply = modeled_response(boto.meta.service_model, call.operation.name, data)
    method = xform_name(call.operation.name)
    call.botocore = wire.call(boto, method, call.params, call.variant, reply)
    call.strato = wire.call(mine, method, call.params, call.variant, reply)
    found = differences(call.botocore, call.strato)
    return known.unexplained(found, call) if forgive else found


def responses_available() -> bool:
    """Whether the modeled-responses helper has landed (until then: empty 200 answers)."""
    try:
        from . import responses  # noqa: F401
    except ImportError:
        return False
    return True


def check(
    wire: Wire,
    service: str,
    operation: str,
    variant: str,
    examples: int,
    shrink: bool = True,
    tally: Tally | None = None,
) -> None:
    """Raise :class:`Mismatch` (the shrunk example's) if strato differs from botocore."""
    model = service_model(service).operation_model(operation)
    modeled = responses_available()
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if shrink else [])

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        kind = data.draw(st.sampled_from(KINDS), label="kind")
        params = data.draw(operation_params(model, kind), label="params")
        call = Call(service, model, variant, kind, params)
        found = call_once(wire, call, data if modeled else None)
        if tally is not None:
            for name in call.explained:
                tally.seen[name] = tally.seen.get(name, 0) + 1
        if found:
            raise Mismatch(call, found)

    run()
