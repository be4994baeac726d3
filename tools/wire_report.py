"""Run the wire differential over every operation of every service, outside pytest.

Prints ``protocol: N passed, M differ`` (one count per operation and variant), then the
differences no ``tests/wire/known.py`` entry explains, grouped by kind, with the shortest
repro of each, and how often each known entry was needed. Usage::

    .venv/bin/python tools/wire_report.py [--examples 8] [--variants http,tls,tls-token]
                                          [--services sts,s3] [--operations 0]

``--operations N`` checks only the first N operations of each service (0: all).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conformance._isolation import Home
from wire import sweep
from wire.compare import Difference
from wire.harness import VARIANTS, Wire


def group(difference: Difference) -> str:
    """The kind a difference is reported under (outcomes by what each side raised)."""
    if difference.kind != "outcome":
        return difference.kind
    sides = []
    for value in (difference.botocore, difference.strato):
        raised = isinstance(value, tuple) and value[:1] == ("raised",)
        sides.append(str(value[1]) if raised else "result")
    return f"outcome {sides[0]} / {sides[1]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=8)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--services", default="")
    parser.add_argument("--operations", type=int, default=0)
    args = parser.parse_args(argv)
    services = args.services.split(",") if args.services else sweep.services()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    repros: dict[str, tuple[int, str]] = {}
    tally = sweep.Tally()
    with tempfile.TemporaryDirectory() as root, Home(Path(root) / "home").active():
        wire = Wire(Path(root))
        try:
            for service in services:
                started = time.monotonic()
                protocol = str(sweep.service_model(service).protocol)
                names = sweep.service_model(service).operation_names
                for operation in names[: args.operations or None]:
                    for variant in args.variants.split(","):
                        outcome = _check(wire, service, operation, variant, args.examples, tally)
                        counts[protocol]["passed" if outcome is None else "differ"] += 1
                        if outcome is not None:
                            print(outcome, file=sys.stderr, flush=True)
                        for difference in outcome.found if outcome else ():
                            _keep(repros, group(difference), outcome, difference)
                elapsed = time.monotonic() - started
                print(f"# {service} {elapsed:.1f}s", file=sys.stderr, flush=True)
        finally:
            wire.close()
    for protocol, count in sorted(counts.items()):
        print(f"{protocol}: {count['passed']} passed, {count['differ']} differ")
    print("\nDifferences by kind (shortest repro each):")
    for kind, (_, text) in sorted(repros.items()):
        print(f"\n## {kind}\n{text}")
    print("\nKnown entries needed:", dict(sorted(tally.seen.items())) or "none")
    return 0


def _check(
    wire: Wire, service: str, operation: str, variant: str, examples: int, tally: sweep.Tally
) -> sweep.Mismatch | None:
    try:
        sweep.check(wire, service, operation, variant, examples, shrink=False, tally=tally)
    except sweep.Mismatch as e:
        return e
    return None


def _keep(repros: dict[str, tuple[int, str]], kind: str, found: Any, difference: Any) -> None:
    call = found.call
    text = (
        f"{call.service} {call.operation.name} [{call.variant}, {call.kind}] "
        f"params={call.params!r}\n  {difference}"
    )
    size = len(repr(call.params))
    if kind not in repros or size < repros[kind][0]:
        repros[kind] = (size, text[:2000])


if __name__ == "__main__":
    raise SystemExit(main())
