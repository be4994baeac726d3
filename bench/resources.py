"""The resource layer's cost per action, strato against boto3: the same call made through a
resource and through the client, against the canned loopback server.

Measures (CPU µs per iteration of the child, wall beside): an S3 ``get_object`` (1 KiB)
through the client and as ``s3.Object("bench", "k").get()`` (a new resource each time,
as code usually does), a DynamoDB ``get_item`` through the client and through
``Table.get_item`` (the transforms turn the answer into Python values), and making a
service resource from a warm session. Each child (one library, all measures, a block of
about ``--block`` CPU seconds per measure) prints its figures; strato and boto3 children
alternate for ``--rounds`` rounds; a run's figure is the median of its rounds, and the
table gives the range of the medians over ``--runs`` runs.

Run alone (``python bench/resources.py``) or from ``bench/run.py`` through :func:`measure`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from children import canned_server, load_average, span  # noqa: E402
from clients import environment  # noqa: E402

LIBS = ("strato", "boto3")
MEASURES = (
    "s3 client get_object",
    "s3 Object(...).get()",
    "dynamodb client get_item",
    "dynamodb Table.get_item",
    "resource('s3') from a warm session",
)

CHILD = """
import json, sys, time
lib, url, block = sys.argv[1], sys.argv[2], float(sys.argv[3])
mod = __import__(lib)
session = mod.Session(region_name="us-east-1")
s3 = session.resource("s3", endpoint_url=url)
ddb = session.resource("dynamodb", endpoint_url=url)
s3_client = s3.meta.client
ddb_client = session.client("dynamodb", endpoint_url=url)
table = ddb.Table("bench")
key = {"id": {"S": "1"}}
measures = {
    "s3 client get_object": lambda: s3_client.get_object(Bucket="bench", Key="k")["Body"].read(),
    "s3 Object(...).get()": lambda: s3.Object("bench", "k").get()["Body"].read(),
    "dynamodb client get_item": lambda: ddb_client.get_item(TableName="bench", Key=key),
    "dynamodb Table.get_item": lambda: table.get_item(Key={"id": "1"}),
    "resource('s3') from a warm session": lambda: session.resource("s3", endpoint_url=url),
}
out = {}
for name, fn in measures.items():
    for _ in range(20):
        fn()
    count, start = 0, time.process_time()
    while time.process_time() - start < block / 4:
        fn()
        count += 1
    count = max(count * 4, 20)
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(count):
        fn()
    out[name] = [(time.process_time() - cpu) / count, (time.perf_counter() - wall) / count]
print(json.dumps(out))
"""


def _child(lib: str, url: str, block: float, env: dict[str, str]) -> dict[str, list[float]]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, lib, url, str(block)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, list[float]] = json.loads(out)
    return result


def measure(runs: int = 3, rounds: int = 5, block: float = 0.3) -> list[str]:
    """The markdown section: per measure, each library's CPU µs (wall) and the ratio."""
    load = load_average()
    medians: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="strato-bench-") as tmp, canned_server() as url:
        # bench/clients.py's keys-in-the-environment setting (its region is the children's too).
        env = environment(Path(tmp), "env") | {"PYTHONPATH": str(HERE.parent / "src")}
        for _ in range(runs):
            rows: dict[tuple[str, str], list[list[float]]] = {}
            for i in range(rounds):
                for lib in LIBS if i % 2 == 0 else LIBS[::-1]:
                    for name, value in _child(lib, url, block, env).items():
                        rows.setdefault((lib, name), []).append(value)
            for key, values in rows.items():
                cpu = statistics.median(v[0] for v in values)
                wall = statistics.median(v[1] for v in values)
                medians.setdefault(key, []).append((cpu, wall))
    lines = [
        "## Resources: the resource layer per action",
        "",
        f"bench/resources.py, {runs} runs of {rounds} rounds (load at start {load}): CPU µs",
        "per iteration (wall µs), range of the runs' medians; ratio boto3 / strato. The",
        "resource rows minus the client rows above them are each layer's own cost.",
        "",
        "| measure | strato µs | boto3 µs | ratio |",
        "|---|---|---|---|",
    ]
    for name in MEASURES:
        mine = medians[("strato", name)]
        theirs = medians[("boto3", name)]
        ratios = [t[0] / m[0] for m, t in zip(mine, theirs, strict=True)]
        lines.append(
            f"| {name} | {span([m[0] for m in mine], 1e6)} ({span([m[1] for m in mine], 1e6)})"
            f" | {span([t[0] for t in theirs], 1e6)} ({span([t[1] for t in theirs], 1e6)})"
            f" | {span(ratios)}x |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--block", type=float, default=0.3)
    args = parser.parse_args()
    print("\n".join(measure(args.runs, args.rounds, args.block)))


if __name__ == "__main__":
    main()
