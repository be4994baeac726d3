"""The ``strato`` command against the AWS CLI v1, whole process: what a user waits for.

Each pair runs the same question through ``.venv/bin/strato`` and ``.venv/bin/aws``
(awscli 1.46.3) in one sandbox home: ``configure get region``, ``configure list``, and
``whoami`` / ``sts get-caller-identity`` against moto's server, started in its own
process. Within each round the two commands alternate (which goes first swaps every
round); each run's figure is the median of its rounds, and the table shows the range
of the runs' medians: wall time, and the CPU time of the child (``os.wait4``).

Run alone (``python bench/cli.py [--runs N] [--rounds N]``), or call :func:`measure`
(markdown lines) from bench/run.py. A pair whose strato command is missing or fails is
listed as not measured, with its error, so the bench runs while commands land.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from children import Usage
from strato.demo import start_moto

BIN = Path(sys.executable).parent
STRATO = str(BIN / "strato")
AWS = str(BIN / "aws")

#: (label, strato's arguments, the AWS CLI's arguments)
PAIRS = (
    ("configure get region", ["configure", "get", "region"], ["configure", "get", "region"]),
    ("configure list", ["configure", "list"], ["configure", "list"]),
    ("whoami / sts get-caller-identity", ["whoami"], ["sts", "get-caller-identity"]),
)

CONFIG = """\
[default]
region = us-east-1
output = json
endpoint_url = {endpoint}

[profile dev]
region = eu-west-1
"""

CREDENTIALS = """\
[default]
aws_access_key_id = AKIDBENCHEXAMPLE
aws_secret_access_key = bench/secret/EXAMPLEKEY
"""


def run_once(argv: list[str], env: dict[str, str]) -> tuple[Usage, int, str]:
    """Run ``argv`` to completion; its times, exit status and last line of stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.stderr is not None
    err = proc.stderr.read().decode(errors="replace").strip().splitlines()
    proc.stderr.close()
    cpu = usage.ru_utime + usage.ru_stime
    return Usage(cpu, wall, 0), proc.returncode, err[-1] if err else ""


def sandbox(root: Path, endpoint: str) -> dict[str, str]:
    """A home with ``~/.aws`` files, and an environment with nothing of the caller's AWS_*."""
    aws = root / ".aws"
    aws.mkdir(mode=0o700)
    for name, text in (("config", CONFIG.format(endpoint=endpoint)), ("credentials", CREDENTIALS)):
        (aws / name).write_text(text)
        (aws / name).chmod(0o600)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BOTO_"))}
    env.update(HOME=str(root), AWS_EC2_METADATA_DISABLED="true", AWS_PAGER="")
    return env


def one_run(
    env: dict[str, str], pairs: list[tuple[str, list[str], list[str]]], rounds: int
) -> dict[str, dict[str, list[Usage]]]:
    """``rounds`` rounds of every pair, the two tools alternating; samples by label and tool."""
    samples: dict[str, dict[str, list[Usage]]] = {
        label: {"strato": [], "aws": []} for label, _, _ in pairs
    }
    for n in range(rounds):
        for label, ours, theirs in pairs:
            order = [("strato", [STRATO, *ours]), ("aws", [AWS, *theirs])]
            for tool, argv in order if n % 2 == 0 else order[::-1]:
                sample, code, err = run_once(argv, env)
                if code != 0:
                    raise RuntimeError(f"{' '.join(argv)} failed ({code}): {err}")
                samples[label][tool].append(sample)
    return samples


def median_of(samples: list[Usage], attr: str) -> float:
    return float(statistics.median(getattr(s, attr) for s in samples))


def _span(values: list[float], scale: float = 1e3, digits: int = 1) -> str:
    low, high = min(values), max(values)
    if round(low * scale, digits) == round(high * scale, digits):
        return f"{low * scale:.{digits}f}"
    return f"{low * scale:.{digits}f}–{high * scale:.{digits}f}"


def measure(runs: int = 3, rounds: int = 10) -> list[str]:
    """Markdown lines: per pair, the range of the runs' medians and of the ratios."""
    with tempfile.TemporaryDirectory(prefix="strato-bench-cli-") as tmp:
        moto, endpoint = start_moto(Path(tmp, "moto.log"))
        try:
            home = Path(tmp, "home")
            home.mkdir()
            env = sandbox(home, endpoint)
            pairs, skipped = [], []
            for label, ours, theirs in PAIRS:
                _, code, err = run_once([STRATO, *ours], env)
                _, aws_code, aws_err = run_once([AWS, *theirs], env)  # warms its caches too
                if code != 0 or aws_code != 0:
                    skipped.append((label, code or aws_code, err or aws_err))
                else:
                    pairs.append((label, ours, theirs))
            results = [one_run(env, pairs, rounds) for _ in range(runs)]
        finally:
            moto.terminate()
            moto.wait(timeout=10)
    load = os.getloadavg()
    lines = [
        "## The strato command against the AWS CLI v1",
        "",
        f"Whole processes (`.venv/bin/strato` and `.venv/bin/aws`, awscli 1.46.3) in one "
        f"sandbox home; {runs} runs of {rounds} rounds, the two alternating, each figure the "
        "range of the runs' medians. whoami and `sts get-caller-identity` call moto's "
        "server on loopback (`endpoint_url` in the profile). Ratios are AWS CLI / strato "
        f"(target: 10x). Load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}.",
        "",
        "| command | strato wall | aws wall | ratio | strato CPU | aws CPU | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, _, _ in pairs:
        cols: list[str] = []
        for attr in ("wall", "cpu"):
            mine = [median_of(r[label]["strato"], attr) for r in results]
            aws = [median_of(r[label]["aws"], attr) for r in results]
            ratios = [a / m for m, a in zip(mine, aws, strict=True)]
            cols += [f"{_span(mine)} ms", f"{_span(aws)} ms", f"{_span(ratios, 1)}x"]
        lines.append(f"| {label} | {' | '.join(cols)} |")
    for label, code, err in skipped:
        lines.append(f"| {label} | not measured: exit {code}: {err} | | | | | |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    print("\n".join(measure(args.runs, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
