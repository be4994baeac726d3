"""``make bench``: run bench/startup.py under pyperf and write bench/results.md.

Cold figures subtract a bare ``python -c pass`` (the interpreter's own start-up),
so the ratio compares what each library adds.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pyperf

HERE = Path(__file__).resolve().parent


def write_sandbox(root: Path) -> None:
    lines = []
    for i in range(200):
        lines += [
            f"[profile p{i}]",
            f"region = eu-west-{i % 3 + 1}",
            f"aws_access_key_id = AKID{i:04d}EXAMPLE",
            f"aws_secret_access_key = secret{i}",
            "output = json",
            "s3 =",
            "  addressing_style = path",
            "",
        ]
    (root / "config200").write_text("\n".join(lines))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="strato-bench-") as tmp:
        root = Path(tmp)
        write_sandbox(root)
        out = root / "results.json"
        cmd = [sys.executable, str(HERE / "startup.py"), "--sandbox", tmp, "-o", str(out)]
        subprocess.run(cmd + sys.argv[1:], check=True)
        suite = pyperf.BenchmarkSuite.load(str(out))
    medians = {b.get_name(): b.median() for b in suite.get_benchmarks()}
    base = medians["cold python -c pass"]
    rows = [
        "| benchmark | strato | boto3 | boto3 / strato |",
        "|---|---|---|---|",
    ]
    for kind in ("cold", "warm"):
        for scenario in ("env", "profiles200"):
            s, b = medians[f"{kind} strato {scenario}"], medians[f"{kind} boto3 {scenario}"]
            if kind == "cold":
                s, b = s - base, b - base
            label = f"{kind} {scenario}" + (" (above `python -c pass`)" if kind == "cold" else "")
            rows.append(f"| {label} | {s * 1e3:.3f} ms | {b * 1e3:.3f} ms | {b / s:.1f}x |")
    text = (
        "# Benchmark results\n\n"
        "Written by `make bench` (bench/run.py). Medians from pyperf; one run, both libraries.\n"
        "cold: a fresh interpreter doing import + `Session()` + `get_credentials()` +\n"
        "`get_frozen_credentials()` + `region_name`, minus a bare `python -c pass` "
        f"({base * 1e3:.1f} ms).\n"
        "warm: the same calls in a warm process, a new Session each time.\n"
        "env: credentials and region in environment variables; profiles200: "
        "`AWS_PROFILE=p150` in a 200-profile config file.\n\n" + "\n".join(rows) + "\n"
    )
    (HERE / "results.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
