"""Per-call cost of strato's logging hooks: a warm loop of sts get_caller_identity.

Run against ``bench/canned_server.py`` (its port as the argument). Prints the CPU time
per call in µs for each case, in a fresh process each, interleaved over rounds:
``plain`` (logging never imported), ``imported`` (imported, nothing configured),
``debug`` (``strato.set_stream_logger`` at DEBUG into a null stream).
"""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = """
import os, sys, time
case, port, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
if case != "plain":
    import logging
if case == "debug":
    import strato
    strato.set_stream_logger("strato", logging.DEBUG)
    logging.getLogger("strato").handlers[-1].setStream(open(os.devnull, "w"))
import strato
sts = strato.client("sts", region_name="us-east-1", endpoint_url="http://127.0.0.1:" + port,
                    aws_access_key_id="AKIDBENCH", aws_secret_access_key="secret")
for _ in range(200):
    sts.get_caller_identity()
start = time.process_time()
for _ in range(calls):
    sts.get_caller_identity()
print((time.process_time() - start) / calls * 1e6)
"""


def main() -> None:
    port, rounds, calls = sys.argv[1], 5, 3000
    cases = ("plain", "imported", "debug")
    results: dict[str, list[float]] = {case: [] for case in cases}
    env = {**os.environ, "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    for _ in range(rounds):
        for case in cases:
            out = subprocess.run(
                [sys.executable, "-c", CHILD, case, port, str(calls)],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            results[case].append(float(out.stdout))
    for case in cases:
        values = sorted(results[case])
        print(f"{case:9} median {values[len(values) // 2]:.1f} us/call  (min {values[0]:.1f})")


if __name__ == "__main__":
    main()
