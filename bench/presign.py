"""Presigning benchmarks, strato against boto3 in one run: ``generate_presigned_url`` and
``generate_presigned_post`` in a warm process, per call.

As the warm-process section (bench/clients.py): each library runs in a warm child of its
own, fresh each run, with its S3 clients made (static keys, no files, no network). The
child presigns once per measure to warm up and sizes the measure's block (about
``--block`` seconds of CPU), then times one block per line the parent writes: CPU time
(``time.process_time``) with wall time beside, per call. Blocks of strato and boto3
alternate, the order rotating every round, so both meet the same moments of a shared
machine for about as long; a run's figure is the median of its rounds, and the table
gives the range of those medians over ``--runs`` runs (the ratio's too).

Run alone (``python bench/presign.py [--runs N] [--rounds N] [--block S]``) or from
``bench/run.py`` through :func:`measure`, which returns the markdown lines.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import os
import statistics
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from children import WarmChild, serve_blocks, span

LIBS = ("strato", "boto3")

#: (label, region, one call given the client ``s3`` and a counter ``n``)
MEASURES: tuple[tuple[str, str, Callable[[Any, Callable[[], int]], object]], ...] = (
    (
        "presigned URL, get_object, eu-central-1 (SigV4)",
        "eu-central-1",
        lambda s3, n: s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}),
    ),
    (
        "presigned URL, get_object, us-east-1 (HMAC-v1, the default there)",
        "us-east-1",
        lambda s3, n: s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}),
    ),
    (
        "presigned URL, get_object, eu-central-1, a new key each call",
        "eu-central-1",
        lambda s3, n: s3.generate_presigned_url(
            "get_object", Params={"Bucket": "my-bucket", "Key": f"k/{n()}"}
        ),
    ),
    (
        "presigned POST, eu-central-1 (SigV4)",
        "eu-central-1",
        lambda s3, n: s3.generate_presigned_post("b", "k"),
    ),
    (
        "presigned POST, us-east-1 (HMAC-v1)",
        "us-east-1",
        lambda s3, n: s3.generate_presigned_post("b", "k"),
    ),
)

ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "HOME": "/nonexistent",
    "AWS_ACCESS_KEY_ID": "AKIDBENCHPRESIGN",
    "AWS_SECRET_ACCESS_KEY": "benchpresignsecret",
    "AWS_CONFIG_FILE": "/nonexistent",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    "AWS_EC2_METADATA_DISABLED": "true",
    "BOTO_CONFIG": "/nonexistent",
    # To measure another checkout: PYTHONPATH=<its src> python bench/presign.py
    **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
}


def child_measures(lib: str) -> dict[str, Callable[[], object]]:
    """The measures one child answers, on one S3 client per region."""
    session = importlib.import_module(lib).Session()
    clients = {region: session.client("s3", region_name=region) for _, region, _ in MEASURES}
    counter = itertools.count().__next__
    return {label: partial(call, clients[region], counter) for label, region, call in MEASURES}


def one_run(rounds: int, seconds: float) -> dict[tuple[str, str], tuple[float, float]]:
    """(label, lib) -> medians over the rounds of (CPU, wall) seconds per call."""
    children = {
        lib: WarmChild(
            [sys.executable, __file__, "--child", lib, "--block", str(seconds)], ENV, lib
        )
        for lib in LIBS
    }
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    try:
        for i in range(rounds):
            order = LIBS if i % 2 == 0 else LIBS[::-1]
            for label, _, _ in MEASURES:
                for lib in order:
                    samples.setdefault((label, lib), []).append(children[lib].block(label))
    finally:
        for child in children.values():
            child.close()
    return {
        key: (statistics.median(c for c, _ in got), statistics.median(w for _, w in got))
        for key, got in samples.items()
    }


def measure(runs: int = 3, rounds: int = 11, seconds: float = 0.1) -> list[str]:
    """Markdown lines: a heading, what was measured, and one table row per measure with
    the range of each library's medians over the runs and the range of the ratios."""
    results = [one_run(rounds, seconds) for _ in range(runs)]
    load = os.getloadavg()
    lines = [
        "## Presigning",
        "",
        f"{runs} runs of {rounds} rounds. Each library runs in a warm child of its own, fresh",
        "each run, with S3 clients made (static keys), that times a block of about",
        f"{seconds * 1e3:.0f} ms of CPU on command; strato and boto3 alternate, the order",
        "rotating every round. Each figure is CPU time per call (wall time in brackets),",
        "the range of the runs' medians.",
        f"Load average during the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}.",
        "",
        "| benchmark | strato | boto3 | ratio |",
        "|---|---|---|---|",
    ]
    for label, _, _ in MEASURES:
        cells = []
        for lib in LIBS:
            cpu = [r[(label, lib)][0] * 1e6 for r in results]
            wall = [r[(label, lib)][1] * 1e6 for r in results]
            cells.append(f"{span(cpu)} µs ({span(wall)})")
        ratios = [r[(label, "boto3")][0] / r[(label, "strato")][0] for r in results]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {span(ratios)}x |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--block", type=float, default=0.1, help="seconds of CPU per block")
    parser.add_argument("--child", metavar="LIB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        serve_blocks(child_measures(args.child), args.block)
        return 0
    print("\n".join(measure(args.runs, args.rounds, args.block)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
