"""Warm-process benchmarks, strato against boto3 in one run: the next client, the
per-call overhead above the transport floor, SigV4 signing alone, and configuration
and credentials from a new Session.

Each library runs in long-lived children of its own (one per environment: keys in
the environment, or a 200-profile config file), and the floor in one more: a strato
child that sends the very requests a strato call sends (headers and bodies, captured
from one call) through its client's own transport, on its pooled connection, with no
serializing, signing or parsing. A child warms each measure up and sizes its block
(about ``--block`` seconds of CPU), then times one block per line the parent writes
to its stdin: CPU time (``time.process_time``) with wall time beside, per iteration.
Blocks of strato, boto3 and the floor alternate (the order rotates every round); a
run's figure is the median of its rounds, each run has fresh children, and a table
cell is the range of the runs' medians. The loopback server (bench/canned_server.py)
runs in its own process, so its work is in no child's CPU time.

Run alone (``python bench/clients.py [--runs N] [--rounds N] [--block S]``) or from
``bench/run.py`` through :func:`measure`, which returns the markdown lines.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from children import WarmChild, canned_server, load_average, serve_blocks, span  # noqa: E402
from first_answer import write_profiles  # noqa: E402

LIBS = ("strato", "boto3")
CALLERS = (*LIBS, "floor")

#: (measure, the children's environment, who runs it). A measure's name is the command
#: a child is sent; the floor child answers the calls' names with their replay.
MEASURES = (
    ("client next s3", "env", LIBS),
    ("client next sts", "env", LIBS),
    ("call get_caller_identity", "env", CALLERS),
    ("call s3 put_object+get_object", "env", CALLERS),
    ("sign sigv4", "env", LIBS),
    ("config env", "env", LIBS),
    ("config profiles200", "profiles200", LIBS),
)

#: The object ``put_object`` sends (the canned server answers ``get_object`` with 1 KiB too).
OBJECT = bytes(range(256)) * 4

#: One request as the transport is given it: method, URL, headers, body bytes, whether
#: the body was a file object, whether the answer is streamed.
Request = tuple[str, str, dict[str, str], bytes, bool, bool]


def environment(home: Path, name: str) -> dict[str, str]:
    """No config files and keys and region in the environment (env), or ``AWS_PROFILE=p150``
    in a 200-profile config file and nothing else (profiles200)."""
    env = {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "AWS_CONFIG_FILE": str(home / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "none"),
        "BOTO_CONFIG": str(home / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    if name == "profiles200":
        return env | {"AWS_CONFIG_FILE": str(home / "config200"), "AWS_PROFILE": "p150"}
    return env | {
        "AWS_ACCESS_KEY_ID": "AKIDBENCHEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "benchsecret",
        "AWS_DEFAULT_REGION": "us-east-1",
    }


# --- in a child --------------------------------------------------------------------


def s3_calls(client: Any) -> Callable[[], object]:
    """A 1 KiB ``put_object`` and a ``get_object`` read whole."""

    def put_get() -> bytes:
        client.put_object(Bucket="bench", Key="k", Body=OBJECT)
        body: bytes = client.get_object(Bucket="bench", Key="k")["Body"].read()
        return body

    return put_get


def config(lib: str) -> None:
    """What a warm process does for a new Session's credentials and region (the import
    is a lookup in ``sys.modules``)."""
    session = __import__(lib).Session()
    session.get_credentials().get_frozen_credentials()
    session.region_name  # noqa: B018 - the lookup is the work measured


def signer(lib: str, credentials: Any) -> Callable[[], object]:
    """One SigV4 signing of an sts form POST by the library's signer alone."""
    form = b"Action=GetCallerIdentity&Version=2011-06-15"
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    url = "https://sts.us-east-1.amazonaws.com/"
    if lib == "strato":
        from strato.signing import SigningRequest, sign_v4

        return lambda: sign_v4(
            SigningRequest("POST", url, dict(headers), form), credentials, "us-east-1", "sts"
        )
    auth = importlib.import_module("botocore.auth")
    awsrequest = importlib.import_module("botocore.awsrequest")

    def sign_botocore() -> None:
        request = awsrequest.AWSRequest("POST", url, data=form, headers=dict(headers))
        auth.SigV4Auth(credentials, "sts", "us-east-1").add_auth(request)

    return sign_botocore


def captured(call: Callable[[], object], transport: Any) -> list[Request]:
    """The requests one ``call`` gives strato's ``transport``, each body as the bytes it
    sends."""
    sent: list[Request] = []
    send = transport.send

    def capture(method: str, url: str, headers: Any, body: Any, stream: bool = False) -> Any:
        is_file = not isinstance(body, bytes)
        data = body.read() if is_file else body
        sent.append((method, url, dict(headers), data, is_file, stream))
        return send(method, url, headers, io.BytesIO(data) if is_file else data, stream)

    transport.send = capture
    try:
        call()
    finally:
        del transport.send
    return sent


def replay(transport: Any, sent: list[Request]) -> Callable[[], None]:
    """Send ``sent`` again through ``transport`` as the client gave it (a body that was a
    file object in a new one), reading each answer whole."""

    def send_all() -> None:
        for method, url, headers, body, is_file, stream in sent:
            answer = transport.send(
                method, url, headers, io.BytesIO(body) if is_file else body, stream=stream
            )
            if stream:
                answer.raw.read()

    return send_all


def child_measures(caller: str, env_name: str, url: str) -> dict[str, Callable[[], object]]:
    """The measures one child answers, made and called once."""
    if caller == "floor":
        import strato

        floors: dict[str, Callable[[], object]] = {}
        for name, service, make in (
            ("call get_caller_identity", "sts", lambda c: c.get_caller_identity),
            ("call s3 put_object+get_object", "s3", s3_calls),
        ):
            client = strato.Session().client(service, endpoint_url=url)
            call = make(client)
            call()  # the transport is made by the first call
            floors[name] = replay(client._transport, captured(call, client._transport))
        return floors
    if env_name == "profiles200":
        return {"config profiles200": partial(config, caller)}
    session = importlib.import_module(caller).Session()
    return {
        "client next s3": partial(session.client, "s3"),
        "client next sts": partial(session.client, "sts"),
        "call get_caller_identity": session.client("sts", endpoint_url=url).get_caller_identity,
        "call s3 put_object+get_object": s3_calls(session.client("s3", endpoint_url=url)),
        "sign sigv4": signer(caller, session.get_credentials().get_frozen_credentials()),
        "config env": partial(config, caller),
    }


# --- in the parent -----------------------------------------------------------------


def start_child(caller: str, env_name: str, url: str, seconds: float, home: Path) -> WarmChild:
    """A warm child of this script answering ``caller``'s measures in ``env_name``."""
    return WarmChild(
        [sys.executable, __file__, "--child", caller, env_name, url, "--block", str(seconds)],
        environment(home, env_name),
        f"{caller} ({env_name})",
    )


def one_run(
    url: str, home: Path, rounds: int, seconds: float
) -> dict[tuple[str, str], tuple[float, float]]:
    """(measure, caller) -> the medians over the rounds of (CPU, wall) seconds per call."""
    children: dict[tuple[str, str], WarmChild] = {}
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    try:
        for _, env_name, callers in MEASURES:
            for caller in callers:
                if (caller, env_name) not in children:
                    children[caller, env_name] = start_child(caller, env_name, url, seconds, home)
        for i in range(rounds):
            for name, env_name, callers in MEASURES:
                turn = i % len(callers)
                for caller in callers[turn:] + callers[:turn]:
                    got = children[caller, env_name].block(name)
                    samples.setdefault((name, caller), []).append(got)
    finally:
        for child in children.values():
            child.close()
    return {
        key: (statistics.median(c for c, _ in got), statistics.median(w for _, w in got))
        for key, got in samples.items()
    }


#: (table row, measure, unit, its name, decimals), section by section.
ROWS = {
    "config": (
        ("warm env", "config env", 1e3, "ms", 3),
        ("warm profiles200", "config profiles200", 1e3, "ms", 3),
    ),
    "clients": (
        ("client next s3", "client next s3", 1e3, "ms", 3),
        ("client next sts", "client next sts", 1e3, "ms", 3),
        ("call overhead get_caller_identity", "call get_caller_identity", 1e6, "µs", 1),
        (
            "call overhead s3 put_object+get_object",
            "call s3 put_object+get_object",
            1e6,
            "µs",
            1,
        ),
        ("SigV4 signing alone", "sign sigv4", 1e6, "µs", 1),
    ),
}

Results = list[dict[tuple[str, str], tuple[float, float]]]


def row(results: Results, label: str, name: str, unit: float, suffix: str, decimals: int) -> str:
    """A table row: each library's range of the runs' medians (a call's minus the floor's,
    run by run) and the range of the ratios."""
    cpu: dict[str, list[float]] = {}
    out = []
    for lib in LIBS:
        floors = [r.get((name, "floor"), (0.0, 0.0)) for r in results]
        cpu[lib] = [r[name, lib][0] - f[0] for r, f in zip(results, floors, strict=True)]
        wall = [r[name, lib][1] - f[1] for r, f in zip(results, floors, strict=True)]
        out.append(f"{span(cpu[lib], unit, decimals)} {suffix} ({span(wall, unit, decimals)})")
    ratios = [b / s for s, b in zip(cpu["strato"], cpu["boto3"], strict=True)]
    return f"| {label} | {out[0]} | {out[1]} | {span(ratios)}x |"


def measure(runs: int = 3, rounds: int = 11, seconds: float = 0.1) -> list[str]:
    """Markdown lines: the warm configuration section and the warm clients section (one
    run measures both), each measure's range over ``runs`` runs and the ratios' range."""
    with canned_server() as url, tempfile.TemporaryDirectory(prefix="strato-bench-warm-") as tmp:
        home = Path(tmp)
        write_profiles(home / "config200")
        load_before = load_average()
        results = [one_run(url, home, rounds, seconds) for _ in range(runs)]
        load_after = load_average()
    table = ["", "| benchmark | strato | boto3 | ratio |", "|---|---|---|---|"]
    floor = {
        name: (
            span([r[name, "floor"][0] for r in results], 1e6, 0),
            span([r[name, "floor"][1] for r in results], 1e6, 0),
        )
        for name in ("call get_caller_identity", "call s3 put_object+get_object")
    }
    sts_floor, s3_floor = floor["call get_caller_identity"], floor["call s3 put_object+get_object"]
    return [
        "## Configuration and credentials in a warm process",
        "",
        f"{runs} runs of {rounds} rounds. Each library runs in warm children of its own (and",
        "the clients' floor in one more), fresh each run, that time a block of about",
        f"{seconds * 1e3:.0f} ms of CPU on command; strato, boto3 and the floor alternate, the",
        "order rotating every round. Each figure is the CPU time per call of the measured",
        "process (`time.process_time`; wall time in brackets), the range of the runs'",
        "medians; the ratio's range is boto3 / strato run by run. This section and the next",
        f"are one run. Load average before it: {load_before}; after: {load_after}.",
        "",
        "`import` (a lookup in `sys.modules`) + `Session()` + `get_credentials()` +",
        "`get_frozen_credentials()` + `region_name`, a new Session each time. env:",
        "credentials and region in environment variables; profiles200: `AWS_PROFILE=p150`",
        "in a 200-profile config file. The same in fresh processes: the next sections.",
        *table,
        *(row(results, *spec) for spec in ROWS["config"]),
        "",
        "## Clients in a warm process",
        "",
        "Measured as in the section above, in the same run. client next: another client",
        "from the same warm session. call overhead: the call against a loopback server",
        "with canned answers (bench/canned_server.py, in its own process), minus the",
        "floor: the same bytes (the headers and bodies a strato call sends, captured from",
        "one call) sent through strato's transport alone, on its client's pooled",
        "connection, in a warm strato child of its own; no serializing, signing or",
        f"parsing. Floor: get_caller_identity {sts_floor[0]} µs ({sts_floor[1]}); s3",
        f"put_object of 1 KiB + get_object read whole {s3_floor[0]} µs ({s3_floor[1]}).",
        *table,
        *(row(results, *spec) for spec in ROWS["clients"]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--block", type=float, default=0.1, help="seconds of CPU per block")
    parser.add_argument(
        "--child", nargs=3, metavar=("CALLER", "ENV", "URL"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        caller, env_name, url = args.child
        serve_blocks(child_measures(caller, env_name, url), args.block)
        return 0
    print("\n".join(measure(args.runs, args.rounds, args.block)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
