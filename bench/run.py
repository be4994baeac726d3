"""``make bench``: run the pyperf benchmarks side by side with boto3, write bench/results.md.

Extra arguments (e.g. ``--fast``) are passed to pyperf. Cold figures subtract a bare
``python -c pass`` (the interpreter's own start-up), so ratios compare what each
library adds. Fresh processes with a call (bench/first_answer.py), the credential
cold paths (bench/credentials.py) and presigning (bench/presign.py) are measured in
CPU time, outside pyperf.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pyperf

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from children import load_average  # noqa: E402
from cli import measure as measure_cli  # noqa: E402
from credentials import measure as measure_credentials  # noqa: E402
from first_answer import SCENARIOS, environment, write_profiles  # noqa: E402
from first_answer import measure as measure_first_answer  # noqa: E402
from presign import measure as measure_presign  # noqa: E402


def pyperf_medians(script: str, out: Path, extra: list[str]) -> dict[str, float]:
    subprocess.run([sys.executable, str(HERE / script), "-o", str(out), *extra], check=True)
    suite = pyperf.BenchmarkSuite.load(str(out))
    return {b.get_name(): b.median() for b in suite.get_benchmarks()}


def costliest_imports(url: str, home: Path, runs: int = 5) -> list[tuple[str, int, int]]:
    """The modules a first sts answer imports, by their own import time: (name, self µs,
    cumulative µs), each the minimum of ``runs`` ``-X importtime`` runs."""
    code = SCENARIOS["sts get_caller_identity"].format(lib="strato", url=url)
    best: dict[str, tuple[int, int]] = {}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code],
            env=environment(home, "sts get_caller_identity"),
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        for line in out.splitlines()[1:]:
            if not line.startswith("import time:"):
                continue
            head, cumulative, name = (part.strip() for part in line.split("|"))
            own = head.removeprefix("import time:")
            found = best.get(name, (int(own), int(cumulative)))
            best[name] = (min(found[0], int(own)), min(found[1], int(cumulative)))
    rows = [(name, own, cumulative) for name, (own, cumulative) in best.items()]
    return sorted(rows, key=lambda r: -r[1])


def row(label: str, strato_s: float, boto_s: float, unit: float = 1e3, suffix: str = "ms") -> str:
    return (
        f"| {label} | {strato_s * unit:.3f} {suffix} | {boto_s * unit:.3f} {suffix} "
        f"| {boto_s / strato_s:.1f}x |"
    )


def main() -> int:
    extra = sys.argv[1:]
    load_before = load_average()
    # Bytecode for strato's own modules, as an installed package has (boto3's has it).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "src")], check=True)
    with tempfile.TemporaryDirectory(prefix="strato-bench-") as tmp:
        root = Path(tmp)
        write_profiles(root / "config200")
        startup = pyperf_medians("startup.py", root / "startup.json", ["--sandbox", tmp, *extra])
        server = subprocess.Popen(
            [sys.executable, str(HERE / "canned_server.py")], stdout=subprocess.PIPE, text=True
        )
        try:
            assert server.stdout is not None
            port = server.stdout.readline().strip()
            clients = pyperf_medians("clients.py", root / "clients.json", ["--port", port, *extra])
            imports = costliest_imports(f"http://127.0.0.1:{port}", root)
        finally:
            server.terminate()
            server.wait()
    m = startup | clients
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py): strato and boto3 1.44.8 measured in the same",
        "run on the same machine. Ratios are boto3 / strato (higher is better).",
        f"Load average (1, 5, 15 min) when the run began: {load_before}; each section below",
        "that runs fresh processes gives its own. Warm figures are pyperf medians; fresh",
        "processes are measured in CPU time (see each section).",
        "",
        "## Configuration and credentials in a warm process",
        "",
        "import + `Session()` + `get_credentials()` + `get_frozen_credentials()` +",
        "`region_name` in a warm process, a new Session each time. env: credentials and",
        "region in environment variables; profiles200: `AWS_PROFILE=p150` in a 200-profile",
        "config file. The same in fresh processes: the next sections.",
        "",
        "| benchmark | strato | boto3 | ratio |",
        "|---|---|---|---|",
    ]
    for scenario in ("env", "profiles200"):
        lines.append(
            row(f"warm {scenario}", m[f"warm strato {scenario}"], m[f"warm boto3 {scenario}"])
        )
    floors = {
        name: m[f"call transport floor {name}"]
        for name in ("get_caller_identity", "s3 put_object+get_object")
    }
    lines += [
        "",
        "## Clients in a warm process",
        "",
        "client next: another client from the same warm session. call overhead: the call",
        "against a loopback server with canned answers, minus the same bytes (the headers",
        "and bodies a strato call sends) sent through strato's transport alone, on its own",
        "pooled connection: the lean path both libraries' calls ride on, with the server's",
        "work in it too (get_caller_identity "
        f"{floors['get_caller_identity'] * 1e6:.0f} µs; s3 put_object of 1 KiB + get_object",
        f"read whole {floors['s3 put_object+get_object'] * 1e6:.0f} µs).",
        "",
        "| benchmark | strato | boto3 | ratio |",
        "|---|---|---|---|",
    ]
    for service in ("s3", "sts"):
        lines.append(
            row(
                f"client next {service}",
                m[f"client next strato {service}"],
                m[f"client next boto3 {service}"],
            )
        )
    for name, floor in floors.items():
        lines.append(
            row(
                f"call overhead {name}",
                m[f"call strato {name}"] - floor,
                m[f"call boto3 {name}"] - floor,
                1e6,
                "µs",
            )
        )
    lines.append(
        row("SigV4 signing alone", m["sign strato sigv4"], m["sign boto3 sigv4"], 1e6, "µs")
    )
    lines += ["", *measure_first_answer(runs=3, rounds=11)]
    lines += ["", *measure_credentials(runs=3, rounds=15)]
    lines += ["", *measure_presign()]
    lines += ["", *measure_cli(runs=3, rounds=10)]
    lines += [
        "",
        "## What a first sts answer imports",
        "",
        "`python -X importtime` of the sts first answer above (strato, fresh process), the",
        "minimum of 5 runs per module. The interpreter's own start-up (`site`, `encodings`,",
        "`os`...) is in `python -c pass` too.",
        "",
        f"{len(imports)} modules, {sum(r[1] for r in imports) / 1000:.1f} ms of own import "
        f"time; strato's {sum(1 for r in imports if r[0].startswith('strato'))} modules: "
        f"{sum(r[1] for r in imports if r[0].startswith('strato')) / 1000:.1f} ms. The "
        "costliest, by own time:",
        "",
        "| module | own ms | cumulative ms |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{name}` | {own / 1000:.2f} | {cum / 1000:.2f} |" for name, own, cum in imports[:15]
    ]
    text = "\n".join(lines) + "\n"
    (HERE / "results.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
