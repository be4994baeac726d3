"""S3 managed transfers, strato against boto3: ``upload_file`` and ``download_file`` of a
100 MiB file on their default TransferConfig (10 threads, 8 MiB parts) against moto's
server, which runs in a process of its own (its CPU is not counted).

Each measurement is a fresh child process (one library, one transfer): the CPU time of
the child's transfer (all its threads; imports and client creation excluded), its wall
time, the throughput that wall time gives, and the child's peak resident set (VmHWM,
imports included). strato and boto3 alternate; the table gives the range over ``--runs``
runs.

Run alone (``python bench/transfer.py``) or from ``bench/run.py`` through :func:`measure`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from children import PEAK_RSS, load_average, span  # noqa: E402
from strato.demo import start_moto  # noqa: E402

LIBS = ("strato", "boto3")
MB = 1024 * 1024
SIZE_MIB = 100

CHILD = """
import json, resource, sys, time
lib, url, path, bucket, op = sys.argv[1:]
mod = __import__(lib)
client = mod.Session().client(
    "s3", endpoint_url=url, region_name="us-east-1",
    aws_access_key_id="AKIDBENCH", aws_secret_access_key="benchsecret",
)
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
cpu0, wall0 = cpu(), time.perf_counter()
if op == "upload":
    client.upload_file(path, bucket, lib, Config=None)
else:
    client.download_file(bucket, "source", path + "." + lib)
print(json.dumps({"cpu": cpu() - cpu0, "wall": time.perf_counter() - wall0}))
"""


def _child(lib: str, url: str, path: Path, bucket: str, op: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD + PEAK_RSS, lib, url, str(path), bucket, op],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "AWS_EC2_METADATA_DISABLED": "true"},
    ).stdout
    figures, _, peak = out.partition("VmHWM:")
    measured: dict[str, float] = json.loads(figures)
    measured["rss_mib"] = int(peak.split()[0]) / 1024
    return measured


def measure(runs: int = 3) -> list[str]:
    """The markdown section: upload and download rows, strato and boto3 side by side."""
    load_before = load_average()
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="strato-bench-transfer-") as tmp:
        server, url = start_moto(Path(tmp, "moto.log"))
        try:
            path = Path(tmp, "source")
            block = os.urandom(MB)
            with path.open("wb") as out:
                for _ in range(SIZE_MIB):
                    out.write(block)
            import strato

            setup = strato.Session().client(
                "s3",
                endpoint_url=url,
                region_name="us-east-1",
                aws_access_key_id="AKIDBENCH",
                aws_secret_access_key="benchsecret",
            )
            bucket = f"bench-{uuid.uuid4().hex[:8]}"
            setup.create_bucket(Bucket=bucket)
            setup.upload_file(str(path), bucket, "source")
            for run in range(runs):
                for op in ("upload", "download"):
                    order = LIBS if run % 2 == 0 else LIBS[::-1]
                    for lib in order:
                        results.setdefault((op, lib), []).append(_child(lib, url, path, bucket, op))
                        Path(f"{path}.{lib}").unlink(missing_ok=True)
        finally:
            server.terminate()
            server.wait()
    lines = [
        f"## S3 transfers: {SIZE_MIB} MiB against moto",
        "",
        f"bench/transfer.py: `upload_file` and `download_file` of a {SIZE_MIB} MiB file with the",
        "default TransferConfig (10 threads, 8 MiB parts), one fresh child per transfer,",
        "moto's server in its own process. CPU seconds of the child's transfer (all threads;",
        "imports and client excluded), wall seconds, MiB/s of that wall time, the child's",
        f"peak RSS (imports included); ranges over {runs} runs, strato and boto3 alternating.",
        f"Load average at start: {load_before}; at end: {load_average()}.",
        "",
        "| transfer | strato CPU s | boto3 CPU s | strato wall s | boto3 wall s "
        "| strato MiB/s | boto3 MiB/s | strato peak RSS MiB | boto3 peak RSS MiB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for op in ("upload", "download"):
        ours, theirs = results[(op, "strato")], results[(op, "boto3")]

        def cell(rows: list[dict[str, float]], key: str, decimals: int = 2) -> str:
            return span([row[key] for row in rows], decimals=decimals)

        def rate(rows: list[dict[str, float]]) -> str:
            return span([SIZE_MIB / row["wall"] for row in rows], decimals=0)

        lines.append(
            f"| {op}_file | {cell(ours, 'cpu')} | {cell(theirs, 'cpu')} | "
            f"{cell(ours, 'wall')} | {cell(theirs, 'wall')} | {rate(ours)} | {rate(theirs)} | "
            f"{cell(ours, 'rss_mib', 0)} | {cell(theirs, 'rss_mib', 0)} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    print("\n".join(measure(parser.parse_args().runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
