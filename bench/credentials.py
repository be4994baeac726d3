"""Credential benchmarks, strato against boto3 in one run: an assume-role profile
resolved by a fresh process (STS on loopback), the same with the on-disk cache warm,
and reading credentials from a warm refreshable object.

Fresh processes are measured by the CPU time the child used (``os.wait4``), wall time
beside it, minus that of the ``python -c pass`` run in the same round; strato and boto3
alternate within each round, and each figure is the median of its rounds. The ratio is
taken round by round, a run's being the median of its rounds' (as in
bench/first_answer.py).
The STS stand-in (bench/canned_server.py) runs in its own process and counts the
AssumeRole calls it answers, so the warm-cache figures prove they made none.

Run alone (``python bench/credentials.py [--rounds N] [--runs N]``) or from
``bench/run.py``, which adds its lines to bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from children import canned_server, load_average, run_child, span  # noqa: E402

LIBS = ("strato", "boto3")

CONFIG = """\
[profile role]
role_arn = arn:aws:iam::123456789012:role/bench
source_profile = base
region = us-east-1

[profile base]
aws_access_key_id = AKIDBENCHBASE
aws_secret_access_key = benchbasesecret
"""

#: A fresh process resolving the role profile; ``CACHE`` is the on-disk cache (or None).
COLD = """\
import sys
lib, cache = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
if lib == "strato":
    import strato
    s = strato.Session(profile_name="role", credential_cache=cache)
else:
    import boto3
    s = boto3.Session(profile_name="role")
    if cache:
        from botocore.utils import JSONFileCache
        chain = s._session.get_component("credential_provider")
        chain.get_provider("assume-role").cache = JSONFileCache(cache)
s.get_credentials().get_frozen_credentials()
"""

#: Reads of a refreshable object that needs no refresh, in a warm process.
WARM = """\
import sys, time
lib, n = sys.argv[1], int(sys.argv[2])
mod = __import__(lib)
creds = mod.Session(profile_name="role").get_credentials()
creds.get_frozen_credentials()
start = time.process_time()
for _ in range(n):
    creds.get_frozen_credentials()
print((time.process_time() - start) / n)
"""


def child_cpu(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one child process."""
    usage = run_child(argv, env)
    return usage.cpu, usage.wall


def assumed(url: str) -> int:
    with urllib.request.urlopen(f"{url}/count", timeout=5) as answer:
        return int(answer.read())


def one_run(url: str, home: Path, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """(CPU, wall) per measure and round, strato and boto3 alternating in every round; the
    warm reads give three samples each."""
    env = {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "AWS_CONFIG_FILE": str(home / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "BOTO_CONFIG": str(home / "none"),
        "AWS_ENDPOINT_URL_STS": url,
    }
    samples: dict[str, list[tuple[float, float]]] = {}
    caches = {lib: str(home / f"cache-{lib}") for lib in LIBS}
    for lib in LIBS:  # warm each library's on-disk cache once
        child_cpu([sys.executable, "-c", COLD, lib, caches[lib]], env)
    for i in range(rounds):
        order = LIBS if i % 2 == 0 else LIBS[::-1]
        samples.setdefault("python -c pass", []).append(
            child_cpu([sys.executable, "-c", "pass"], env)
        )
        for lib in order:
            samples.setdefault(f"cold {lib}", []).append(
                child_cpu([sys.executable, "-c", COLD, lib], env)
            )
        before = assumed(url)
        for lib in order:
            samples.setdefault(f"cached {lib}", []).append(
                child_cpu([sys.executable, "-c", COLD, lib, caches[lib]], env)
            )
        if assumed(url) != before:
            raise RuntimeError("a warm-cache run called AssumeRole")
    for lib in LIBS:
        reads = [
            float(
                subprocess.run(
                    [sys.executable, "-c", WARM, lib, "20000"],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            for _ in range(3)
        ]
        samples[f"read {lib}"] = [(read, read) for read in reads]
    return samples


def above_floor(
    run: dict[str, list[tuple[float, float]]], name: str, base: bool
) -> list[tuple[float, float]]:
    """Each round's (CPU, wall) of ``name`` minus the round's ``python -c pass`` (when
    ``base``)."""
    got = run[name]
    floors = run["python -c pass"] if base else [(0.0, 0.0)] * len(got)
    return [(c - fc, w - fw) for (c, w), (fc, fw) in zip(got, floors, strict=True)]


def round_ratio(run: dict[str, list[tuple[float, float]]], key: str) -> float:
    """boto3's CPU above the round's floor over strato's, round by round (the three
    processes of a round ran together), the median over the rounds."""
    strato = above_floor(run, f"{key} strato", True)
    boto3 = above_floor(run, f"{key} boto3", True)
    return statistics.median(b[0] / s[0] for s, b in zip(strato, boto3, strict=True))


def measure(runs: int, rounds: int) -> list[str]:
    """Markdown lines: each measure's range over ``runs`` runs, and the ratio's range."""
    results = []
    with canned_server() as url, tempfile.TemporaryDirectory(prefix="strato-bench-creds-") as tmp:
        for run in range(runs):
            home = Path(tmp, f"run{run}")
            home.mkdir()
            (home / "config").write_text(CONFIG)
            results.append(one_run(url, home, rounds))
    load = load_average()
    lines = [
        "## Credentials from an assumed role",
        "",
        f"{runs} runs of {rounds} rounds, strato and boto3 alternating; each figure is CPU",
        "time of the measured process (wall time in brackets), the range of the runs'",
        "medians; the ratio of fresh processes is taken round by round. cold: a fresh",
        "process resolving `[profile role]` (`source_profile` with static keys) against a",
        "loopback STS, minus the round's `python -c pass`. cached: the same with",
        "the on-disk cache warm (boto3: botocore's `JSONFileCache` attached to its",
        "assume-role provider, as the AWS CLI does); the STS stand-in counted no AssumeRole",
        "call during these. read: `get_frozen_credentials()` on a warm refreshable object.",
        f"Load average after the run: {load}.",
        "",
        "| benchmark | strato | boto3 | ratio |",
        "|---|---|---|---|",
    ]
    for label, key, base, unit, suffix in (
        ("assume-role, fresh process", "cold", True, 1e3, "ms"),
        ("assume-role, fresh process, on-disk cache warm", "cached", True, 1e3, "ms"),
        ("read from a warm refreshable object", "read", False, 1e6, "µs"),
    ):
        cells, cpu = [], {}
        for lib in LIBS:
            runs_above = [above_floor(r, f"{key} {lib}", base) for r in results]
            cpu[lib] = [statistics.median(c for c, _ in got) for got in runs_above]
            wall = [statistics.median(w for _, w in got) for got in runs_above]
            cells.append(
                f"{span(cpu[lib], unit, 3)} {suffix}"
                + ("" if not base else f" ({span(wall, unit)})")
            )
        if base:
            ratios = [round_ratio(r, key) for r in results]
        else:  # the warm reads: three of strato's, then three of boto3's
            ratios = [b / s for s, b in zip(cpu["strato"], cpu["boto3"], strict=True)]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {span(ratios)}x |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    print("\n".join(measure(args.runs, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
