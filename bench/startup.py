"""pyperf benchmarks: strato and boto3 side by side, warm sessions. (The same work in
fresh processes is measured in CPU time by bench/first_answer.py.)

Run through ``bench/run.py`` (``make bench``), which prepares the sandbox and writes
``bench/results.md``.
"""

from __future__ import annotations

import os

import pyperf

SCENARIOS = ("env", "profiles200")


def environment(sandbox: str, scenario: str) -> dict[str, str]:
    env = {
        "HOME": sandbox,
        "AWS_EC2_METADATA_DISABLED": "true",
        "BOTO_CONFIG": os.path.join(sandbox, "no-boto"),
        "AWS_CONFIG_FILE": os.path.join(sandbox, "missing-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(sandbox, "missing-credentials"),
    }
    if scenario == "env":
        env |= {
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_DEFAULT_REGION": "eu-west-1",
        }
    else:
        env |= {"AWS_CONFIG_FILE": os.path.join(sandbox, "config200"), "AWS_PROFILE": "p150"}
    return env


def warm(lib: str) -> None:
    module = __import__(lib)
    s = module.Session()
    s.get_credentials().get_frozen_credentials()
    s.region_name  # noqa: B018 - the lookup is the work measured


def main() -> None:
    runner = pyperf.Runner(
        add_cmdline_args=lambda cmd, args: cmd.extend(("--sandbox", args.sandbox))
    )
    runner.argparser.add_argument("--sandbox", required=True)
    args = runner.parse_args()
    for scenario in SCENARIOS:
        os.environ.clear()
        os.environ.update(environment(args.sandbox, scenario))
        for lib in ("strato", "boto3"):
            __import__(lib)
            runner.bench_func(f"warm {lib} {scenario}", warm, lib)


if __name__ == "__main__":
    main()
