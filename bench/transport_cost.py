"""CPU cost of the network stack: module imports, a cold first call, warm calls.

Each number is ``time.process_time()`` inside a fresh interpreter (so it includes the
interpreter's own start-up; ``python -c pass`` is printed for subtraction), the median of
``--runs`` processes. Calls go to ``bench/canned_server.py`` on loopback.
Used for the measurements in docs/transport.md: ``python bench/transport_cost.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from children import canned_server

IMPORTS = ("urllib3", "http.client", "email.parser", "socket", "socket, ssl")
CALLS = 200


def _cpu_ms(code: str, env: dict[str, str], runs: int) -> tuple[float, list[float]]:
    """Median and all of the CPU milliseconds ``code`` (which prints process_time) took."""
    script = f"import time\n{code}\nprint(time.process_time())"
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        samples.append(float(out.stdout.split()[-1]) * 1000)
    return statistics.median(samples), samples


def _call_code(lib: str, url: str, calls: int) -> str:
    client = f"{lib}.Session().client('sts', endpoint_url={url!r})"
    if calls == 1:
        return f"import {lib}\n{client}.get_caller_identity()"
    return (
        f"import {lib}\nc = {client}\nc.get_caller_identity()\n"
        f"t0 = time.process_time()\nfor _ in range({calls}): c.get_caller_identity()\n"
        f"print((time.process_time() - t0) / {calls} * 1000)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--src", help="import strato from this tree (e.g. an older commit's)")
    args = parser.parse_args()
    with canned_server() as url, tempfile.TemporaryDirectory() as home:
        env = {
            "HOME": home,
            "PATH": os.environ.get("PATH", ""),
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
        }
        if args.src:
            env["PYTHONPATH"] = args.src
        base, _ = _cpu_ms("", env, args.runs)
        print(f"python -c pass: {base:.1f} ms")
        for module in IMPORTS:
            median, samples = _cpu_ms(
                f"t = time.process_time()\nimport {module}\nt = time.process_time() - t",
                env,
                args.runs,
            )
            print(f"import {module}: ~{median - base:.1f} ms over the interpreter")
        for lib in ("strato", "boto3"):
            median, samples = _cpu_ms(_call_code(lib, url, 1), env, args.runs)
            shown = " ".join(f"{s:.0f}" for s in samples)
            above = median - base
            print(f"{lib} cold first call: {median:.1f} ms ({above:.1f} above; {shown})")
            out = subprocess.run(
                [sys.executable, "-c", "import time\n" + _call_code(lib, url, CALLS)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"{lib} warm call: {float(out.stdout.split()[-1]):.3f} ms CPU")


if __name__ == "__main__":
    main()
