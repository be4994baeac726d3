"""Presigning benchmarks, strato against boto3 in one run: ``generate_presigned_url`` and
``generate_presigned_post`` in a warm process, per call.

Each measure runs in a fresh process per library that makes its S3 client (static keys,
no files, no network), presigns once to warm up, then times blocks of ``--calls`` calls:
CPU time (``time.process_time``) with wall time beside, the median block per process.
strato and boto3 alternate within each round; each figure is the median of its rounds,
and the table gives the range of those medians over ``--runs`` runs (the ratio's too).

Run alone (``python bench/presign.py [--runs N] [--rounds N] [--calls N]``) or from
``bench/run.py`` through :func:`measure`, which returns the markdown lines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from children import span

LIBS = ("strato", "boto3")

#: (label, region, code of one call with ``s3`` the client and ``i`` the call's index)
MEASURES = (
    (
        "presigned URL, get_object, eu-central-1 (SigV4)",
        "eu-central-1",
        's3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"})',
    ),
    (
        "presigned URL, get_object, us-east-1 (HMAC-v1, the default there)",
        "us-east-1",
        's3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"})',
    ),
    (
        "presigned URL, get_object, eu-central-1, a new key each call",
        "eu-central-1",
        's3.generate_presigned_url("get_object", Params={"Bucket": "my-bucket", "Key": f"k/{i}"})',
    ),
    (
        "presigned POST, eu-central-1 (SigV4)",
        "eu-central-1",
        's3.generate_presigned_post("b", "k")',
    ),
    (
        "presigned POST, us-east-1 (HMAC-v1)",
        "us-east-1",
        's3.generate_presigned_post("b", "k")',
    ),
)

#: One process: argv is lib, region, call code, calls per block, blocks.
WORKER = """\
import statistics, sys, time
lib, region, code, calls, blocks = sys.argv[1], sys.argv[2], sys.argv[3], *map(int, sys.argv[4:])
s3 = __import__(lib).Session(region_name=region).client("s3")
call = eval("lambda s3, i: " + code)
call(s3, -1)
cpu, wall = [], []
for _ in range(blocks):
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    for i in range(calls):
        call(s3, i)
    cpu.append((time.process_time() - start_cpu) / calls)
    wall.append((time.perf_counter() - start_wall) / calls)
print(statistics.median(cpu), statistics.median(wall))
"""

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


def _worker(lib: str, region: str, code: str, calls: int, blocks: int) -> tuple[float, float]:
    """Seconds per call, CPU and wall, of the median block in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", WORKER, lib, region, code, str(calls), str(blocks)],
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), float(out[1])


def one_run(rounds: int, calls: int, blocks: int) -> dict[tuple[str, str], tuple[float, float]]:
    """(label, lib) -> medians over the rounds of (CPU, wall) per call."""
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for i in range(rounds):
        order = LIBS if i % 2 == 0 else LIBS[::-1]
        for label, region, code in MEASURES:
            for lib in order:
                got = _worker(lib, region, code, calls, blocks)
                samples.setdefault((label, lib), []).append(got)
    return {
        key: (statistics.median(c for c, _ in got), statistics.median(w for _, w in got))
        for key, got in samples.items()
    }


def measure(runs: int = 3, rounds: int = 5, calls: int = 2000, blocks: int = 3) -> list[str]:
    """Markdown lines: a heading, what was measured, and one table row per measure with
    the range of each library's medians over the runs and the range of the ratios."""
    results = [one_run(rounds, calls, blocks) for _ in range(runs)]
    load = os.getloadavg()
    lines = [
        "## Presigning",
        "",
        f"{runs} runs of {rounds} rounds, strato and boto3 alternating, each a fresh process",
        f"timing {blocks} blocks of {calls} calls on a warm S3 client (static keys); each",
        "figure is CPU time per call (wall time in brackets), the range of the runs' medians.",
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
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--blocks", type=int, default=3)
    args = parser.parse_args()
    print("\n".join(measure(args.runs, args.rounds, args.calls, args.blocks)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
