"""Fresh-process benchmarks, strato against boto3 in one run: credentials and region,
the first client, and the first answer (import, client, one call to a loopback server).

Each figure is the CPU time of the measured process (``os.wait4``; wall time beside),
minus that of ``python -c pass`` run beside it in the same round; strato and boto3
alternate within each round, and a run's figure is the median of its rounds. The ratio
is taken round by round (boto3's figure over strato's, both above the round's floor),
so a slow spell of the machine, which meets all three processes of a round, moves it
less; a run's ratio is the median of its rounds'. Several runs give a range of medians.
Memory is the child's peak RSS (``VmHWM``, see bench/children.py) minus that of
``python -c pass``: what the library adds through its first call.

Scenarios:

- credentials env / profiles200: ``import lib; s = lib.Session()``, then
  ``get_credentials().get_frozen_credentials()`` and ``region_name``; keys and region in
  the environment, or ``AWS_PROFILE=p150`` in a 200-profile config file (no keys in
  the environment).
- client s3 / client sts: ``import lib; lib.Session().client(name)``, no call.
- sts get_caller_identity: a client and one call.
- s3 get_object: a client and one ``get_object`` of a 1 KiB object, read whole.
- lambda dynamodb get_item: a Lambda-style handler module (its DynamoDB client is
  made at import) imported and invoked once.

Credentials and region come from the environment, as in Lambda (but for
profiles200). The server is
bench/canned_server.py, in its own process. Run alone
(``python bench/first_answer.py [--runs N] [--rounds N]``) or from ``bench/run.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from children import PEAK_RSS, Usage, canned_server, load_average, run_child, span  # noqa: E402

LIBS = ("strato", "boto3")

#: scenario -> the child's code; ``{lib}`` is the library, ``{url}`` the server.
SCENARIOS = {
    "credentials env": (
        "import {lib}; s = {lib}.Session(); "
        "s.get_credentials().get_frozen_credentials(); s.region_name"
    ),
    "credentials profiles200": (
        "import {lib}; s = {lib}.Session(); "
        "s.get_credentials().get_frozen_credentials(); s.region_name"
    ),
    "client s3": "import {lib}; {lib}.Session().client('s3')",
    "client sts": "import {lib}; {lib}.Session().client('sts')",
    "sts get_caller_identity": (
        "import {lib}; {lib}.Session().client('sts', endpoint_url={url!r}).get_caller_identity()"
    ),
    "s3 get_object": (
        "import {lib}; s3 = {lib}.Session().client('s3', endpoint_url={url!r}); "
        "s3.get_object(Bucket='bench', Key='k')['Body'].read()"
    ),
    "lambda dynamodb get_item": (
        "import sys; sys.path.insert(0, {handlers!r}); "
        "import handler_{lib}; handler_{lib}.handler({{'id': '1'}}, None)"
    ),
}

#: A Lambda function's module: the client is made at import, the handler calls it.
HANDLER = """\
import {lib}

dynamodb = {lib}.client("dynamodb", endpoint_url={url!r})


def handler(event, context):
    return dynamodb.get_item(TableName="bench", Key={{"id": {{"S": event["id"]}}}})["Item"]
"""


def environment(home: Path, scenario: str) -> dict[str, str]:
    """Lambda's kind of environment: keys, token and region set, no config files; for
    profiles200, a 200-profile config file and a profile instead."""
    env = {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "AWS_CONFIG_FILE": str(home / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "none"),
        "BOTO_CONFIG": str(home / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    if scenario == "credentials profiles200":
        return env | {"AWS_CONFIG_FILE": str(home / "config200"), "AWS_PROFILE": "p150"}
    return env | {
        "AWS_ACCESS_KEY_ID": "AKIDBENCHEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "benchsecret",
        "AWS_SESSION_TOKEN": "benchtoken",
        "AWS_DEFAULT_REGION": "us-east-1",
    }


def write_profiles(path: Path) -> None:
    """200 profiles with keys, region and a nested ``s3`` block each."""
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
    path.write_text("\n".join(lines))


def one_run(url: str, home: Path, rounds: int) -> dict[str, list[Usage]]:
    """Every scenario's samples, and ``python -c pass``'s, libraries alternating."""
    env = {name: environment(home, name) for name in SCENARIOS}
    argv = {
        (name, lib): [
            sys.executable,
            "-c",
            code.format(lib=lib, url=url, handlers=str(home)) + PEAK_RSS,
        ]
        for name, code in SCENARIOS.items()
        for lib in LIBS
    }
    bare = [sys.executable, "-c", "pass" + PEAK_RSS]
    for (name, _), args in argv.items():  # bytecode and the file cache, before measuring
        run_child(args, env[name])
    samples: dict[str, list[Usage]] = {}
    for i in range(rounds):
        for name in SCENARIOS:
            # Each scenario's floor is measured beside it: a slow spell of the machine then
            # meets the floor it is measured against, not only the scenario.
            samples.setdefault(f"{name} pass", []).append(run_child(bare, env[name]))
            for lib in LIBS if i % 2 == 0 else LIBS[::-1]:
                usage = run_child(argv[name, lib], env[name])
                samples.setdefault(f"{name} {lib}", []).append(usage)
    return samples


def medians(samples: list[Usage], floor: list[Usage]) -> tuple[float, float, float]:
    """CPU s, wall s and RSS KiB above ``python -c pass``: each round's sample minus the
    floor run beside it, the median over the rounds."""
    above = list(zip(samples, floor, strict=True))
    return (
        statistics.median(u.cpu - f.cpu for u, f in above),
        statistics.median(u.wall - f.wall for u, f in above),
        statistics.median(u.rss_kib - f.rss_kib for u, f in above),
    )


def ratio(run: dict[str, list[Usage]], name: str) -> float:
    """boto3's CPU above the floor over strato's, round by round (the three processes of a
    round ran within a second of each other), the median over the rounds."""
    rounds = zip(run[f"{name} strato"], run[f"{name} boto3"], run[f"{name} pass"], strict=True)
    return statistics.median((b.cpu - f.cpu) / (s.cpu - f.cpu) for s, b, f in rounds)


def measure(runs: int, rounds: int) -> list[str]:
    """Markdown lines: per scenario the range of the runs' medians and of the ratios."""
    with canned_server() as url, tempfile.TemporaryDirectory(prefix="strato-bench-first-") as tmp:
        home = Path(tmp)
        for lib in LIBS:
            (home / f"handler_{lib}.py").write_text(HANDLER.format(lib=lib, url=url))
        write_profiles(home / "config200")
        load_before = load_average()
        results = [one_run(url, home, rounds) for _ in range(runs)]
        load_after = load_average()
    base = [statistics.median(u.cpu for n in SCENARIOS for u in r[f"{n} pass"]) for r in results]
    lines = [
        "## Fresh processes: credentials, first client, first answer",
        "",
        f"{runs} runs of {rounds} rounds, strato and boto3 alternating. CPU time of the",
        "measured process minus `python -c pass`, run beside each scenario every round",
        f"(that one: {span(base, 1e3)} ms), wall time in brackets; each cell",
        "is the range of the runs' medians of these differences, and the ratio is taken",
        "round by round (a run's: the median of its rounds'). RSS: the child's peak",
        "(`VmHWM`) minus `python -c pass`'s (each child, `pass` too, ends by printing its",
        "`VmHWM`); ratio of memory is strato's growth / boto3's (lower is better). Credentials and",
        "region in the environment (profiles200: `AWS_PROFILE=p150` in a 200-profile config",
        "file instead), the server bench/canned_server.py on loopback.",
        f"Load average before the runs: {load_before}; after: {load_after}.",
        "",
        "| benchmark | strato CPU ms | boto3 CPU ms | ratio | strato RSS | boto3 RSS | memory |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in SCENARIOS:
        cells, cpu, rss = [], {}, {}
        for lib in LIBS:
            got = [medians(r[f"{name} {lib}"], r[f"{name} pass"]) for r in results]
            cpu[lib] = [c for c, _, _ in got]
            rss[lib] = [m for _, _, m in got]
            walls = [w for _, w, _ in got]
            cells.append(f"{span(cpu[lib], 1e3)} ({span(walls, 1e3)})")
        ratios = [ratio(r, name) for r in results]
        memory = [s / b for s, b in zip(rss["strato"], rss["boto3"], strict=True)]
        lines.append(
            f"| {name} | {cells[0]} | {cells[1]} | {span(ratios)}x "
            f"| +{statistics.median(rss['strato']) / 1024:.1f} MiB "
            f"| +{statistics.median(rss['boto3']) / 1024:.1f} MiB "
            f"| {span(memory, decimals=2)} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    print("\n".join(measure(args.runs, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
