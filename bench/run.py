"""``make bench``: every benchmark side by side with boto3, written to bench/results.md.

Each section is measured in CPU time of the measured process (wall time beside),
strato and boto3 alternating, over three runs whose range it reports with the load
average: warm processes (bench/clients.py), fresh processes with a call
(bench/first_answer.py), the credential paths (bench/credentials.py), presigning
(bench/presign.py), the resource layer (bench/resources.py), S3 transfers against
moto (bench/transfer.py) and the ``strato`` command
against the AWS CLI (bench/cli.py).
Fresh-process figures subtract a bare ``python -c pass`` (the interpreter's own
start-up), so ratios compare what each library adds.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from children import canned_server, load_average  # noqa: E402
from cli import measure as measure_cli  # noqa: E402
from clients import measure as measure_warm  # noqa: E402
from credentials import measure as measure_credentials  # noqa: E402
from first_answer import SCENARIOS, environment  # noqa: E402
from first_answer import measure as measure_first_answer  # noqa: E402
from presign import measure as measure_presign  # noqa: E402
from resources import measure as measure_resources  # noqa: E402
from transfer import measure as measure_transfer  # noqa: E402


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


def main() -> int:
    load_before = load_average()
    # Bytecode for strato's own modules, as an installed package has (boto3's has it).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "src")], check=True)
    with tempfile.TemporaryDirectory(prefix="strato-bench-") as tmp, canned_server() as url:
        imports = costliest_imports(url, Path(tmp))
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py): strato and boto3 1.44.8 measured in the same",
        "run on the same machine. Ratios are boto3 / strato (higher is better).",
        f"Load average (1, 5, 15 min) when the run began: {load_before}; each section gives",
        "its own. Every benchmark's figure is CPU time of the measured process (wall time",
        "beside it), strato and boto3 alternating, the range over three runs (see each",
        "section); the import table at the end is `-X importtime`'s.",
        "",
        *measure_warm(runs=3, rounds=11),
    ]
    lines += ["", *measure_first_answer(runs=3, rounds=11)]
    lines += ["", *measure_credentials(runs=3, rounds=15)]
    lines += ["", *measure_presign()]
    lines += ["", *measure_resources(runs=3, rounds=5)]
    lines += ["", *measure_transfer(runs=3)]
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
