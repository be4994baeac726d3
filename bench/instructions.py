"""Instructions executed by fresh strato processes, counted by valgrind's callgrind.

CPU time on a shared machine moves by tens of percent from run to run; instruction
counts do not (the hash seed is fixed), so they show what a change to module loading
or to the call path saves before the timed benchmarks confirm it. Each figure is the
count of ``python -c CODE`` minus that of ``python -c pass``:

- client sts / s3 / dynamodb: ``import strato; strato.Session().client(name)``;
- first answer sts / s3: a client and one call to bench/canned_server.py;
- per call sts / s3 put+get: ``--calls`` more calls, divided by their number;
- presign per call: ``--calls`` more presigned URLs or POST forms on a warm S3 client
  (static keys, no session token, as in bench/presign.py), divided by their number.

Credentials and region come from the environment, as in bench/first_answer.py.
Needs ``valgrind`` on the PATH. Run: ``python bench/instructions.py [--calls N]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from children import canned_server  # noqa: E402

ENV = {
    "PATH": "/usr/bin:/bin",
    "HOME": "/nonexistent",
    "AWS_ACCESS_KEY_ID": "AKIDBENCHEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "benchsecret",
    "AWS_SESSION_TOKEN": "benchtoken",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": "/nonexistent",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    "BOTO_CONFIG": "/nonexistent",
    "AWS_EC2_METADATA_DISABLED": "true",
    "PYTHONHASHSEED": "0",
}
VALGRIND = ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null")
CLIENT = "import strato; c = strato.Session().client({name!r}{url})"
FIRST_CALL = {
    "sts": "c.get_caller_identity()",
    "s3": "c.get_object(Bucket='bench', Key='k')['Body'].read()",
}
NEXT_CALLS = {
    "sts": "c.get_caller_identity()",
    "s3": (
        "c.put_object(Bucket='bench', Key='k', Body=b'x' * 1024); "
        "c.get_object(Bucket='bench', Key='k')['Body'].read()"
    ),
}


#: (probe, region, one presigning call on the S3 client ``c``)
PRESIGN = (
    (
        "presign URL SigV4",
        "eu-central-1",
        "c.generate_presigned_url('get_object', Params={'Bucket': 'b', 'Key': 'k'})",
    ),
    (
        "presign URL HMAC-v1",
        "us-east-1",
        "c.generate_presigned_url('get_object', Params={'Bucket': 'b', 'Key': 'k'})",
    ),
    ("presign POST SigV4", "eu-central-1", "c.generate_presigned_post('b', 'k')"),
)


def instructions(code: str, env: dict[str, str] = ENV) -> int:
    """Instructions callgrind counts for ``python -c code`` (its whole life)."""
    out = subprocess.run(
        [*VALGRIND, sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    found = re.search(r"Collected : (\d+)", out)
    if found is None:
        raise RuntimeError(f"no callgrind total for {code!r}:\n{out}")
    return int(found.group(1))


def measure(calls: int) -> list[str]:
    """Markdown lines: one row per probe."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "src")], check=True)
    base = instructions("pass")
    rows = [
        (f"client {name}", instructions(CLIENT.format(name=name, url="")) - base, "M")
        for name in ("sts", "s3", "dynamodb")
    ]
    with canned_server() as url:
        for name in ("sts", "s3"):
            client = CLIENT.format(name=name, url=f", endpoint_url={url!r}")
            first = f"{client}; {FIRST_CALL[name]}"
            one = instructions(first)
            more = instructions(first + f"\nfor _ in range({calls}): {NEXT_CALLS[name]}")
            rows.append((f"first answer {name}", one - base, "M"))
            label = "per call sts" if name == "sts" else "per call s3 put+get"
            rows.append((label, (more - one) // calls, "k"))
    static_keys = {k: v for k, v in ENV.items() if k != "AWS_SESSION_TOKEN"}  # as presign.py
    for label, region, code in PRESIGN:
        warm = f"import strato; c = strato.Session().client('s3', region_name={region!r}); {code}"
        one = instructions(warm, static_keys)
        more = instructions(warm + f"\nfor _ in range({calls}): {code}", static_keys)
        rows.append((f"{label} per call", (more - one) // calls, "k"))
    lines = [
        "| probe | instructions above `python -c pass` |",
        "|---|---|",
    ]
    for label, count, unit in rows:
        shown = f"{count / 1e6:.2f}M" if unit == "M" else f"{count / 1e3:.1f}k"
        lines.append(f"| {label} | {shown} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100, help="calls for the per-call rows")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 1
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    print("\n".join(measure(args.calls)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
