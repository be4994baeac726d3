"""Wire-level differential: strato's requests equal botocore 1.44.8's, byte for byte.

For every service in botocore's data, both clients call the same operations with the same
hypothesis-drawn parameters (plain, odd and invalid; see ``strategies.py``) at a frozen
clock, through their real urllib3 paths, to a loopback server that records the bytes that
arrive: over plain HTTP (``endpoint_url``) and over TLS to the endpoint rules' own host
names. Request line, every header but ``UNCOMPARED_HEADERS``, body, chunk framing,
``100-continue`` and the parsed result (or the exception's class and message) must agree,
except where an entry of ``known.py`` explains the difference; each entry has a repro
below that is expected to fail (strict), so an entry must go once the defect is fixed.

``make test`` runs a fixed sample (a few operations per service); the ``slow`` test runs
every operation of every service (``tools/wire_report.py`` prints its counts).
"""

from __future__ import annotations

import pytest

from . import known, sweep
from .harness import VARIANTS, Wire

#: Operations per service, examples per operation and variant, in the sample: about
#: 65 s of ``pytest -n 2`` on two cores.
SAMPLE_OPERATIONS = 3
SAMPLE_EXAMPLES = 3
SAMPLE_VARIANTS = ("http", "tls")
#: Examples per operation and variant in the full sweep: with the three variants, about
#: 25 min on one core (the http and tls variants alone took 16 min for 20,027 operations).
SWEEP_EXAMPLES = 3


@pytest.mark.parametrize("service", sweep.services())
def test_sample(wire: Wire, service: str) -> None:
    for operation in sweep.sample(service, SAMPLE_OPERATIONS):
        for variant in SAMPLE_VARIANTS:
            sweep.check(wire, service, operation, variant, SAMPLE_EXAMPLES)


@pytest.mark.slow
@pytest.mark.parametrize("service", sweep.services())
def test_every_operation(wire: Wire, service: str) -> None:
    failures: list[str] = []
    for operation in sweep.service_model(service).operation_names:
        for variant in VARIANTS:
            try:
                sweep.check(wire, service, operation, variant, SWEEP_EXAMPLES, shrink=False)
            except sweep.Mismatch as e:
                failures.append(str(e))
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(e, id=e.name, marks=pytest.mark.xfail(strict=True, reason=e.why))
        for e in known.KNOWN
    ],
)
def test_known_difference_still_there(wire: Wire, entry: known.Known) -> None:
    """Each known difference's repro: fails while the difference exists (xfail, strict)."""
    service, operation, variant, params = entry.repro
    call = sweep.Call(
        service, sweep.service_model(service).operation_model(operation), variant, "repro", params
    )
    found = sweep.call_once(wire, call, None, forgive=False)
    assert not found, "\n".join(str(d) for d in found)
