"""Running vendored boto3 code twice, with boto3 and with strato behind the shim, and comparing.

A run is a child process (``_run.py``) with an empty AWS environment of its own; strato's
runs have ``shim/`` first on ``PYTHONPATH``, so ``import boto3`` there is strato. What is
compared is what a person running the example sees: the exit status, standard output, the
example's own log records and the last line of a traceback, each with the values that moto
makes up afresh on every run (ids, request ids, times) replaced by placeholders.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SHIM = HERE / "shim"
VENDOR = HERE / "vendor" / "python"
EXAMPLES = VENDOR / "example_code"
RUNNER = HERE / "_run.py"
#: Why the tests skip where the examples were not copied in (they are not committed).
NO_EXAMPLES = (
    f"{VENDOR} is absent: copy AWS's examples there as docs/realworld.md says to run these"
)
_PURELIB = Path(sysconfig.get_paths()["purelib"])
TIMEOUT = 180.0
#: The keys of every run and of the boto3 calls on moto (it accepts any key).
KEYS = {"aws_access_key_id": "AKIDMOTO000000000000", "aws_secret_access_key": "motosecret"}

#: Values moto invents per run, and what stands for them.
_VOLATILE = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (
        re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"),
        "<time>",
    ),
    (re.compile(r"datetime\.datetime\([^)]*\)"), "<time>"),
    (re.compile(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT"), "<time>"),
    (
        re.compile(
            r"\b(sg|vpc|subnet|i|ami|eni|igw|rtb|acl|eipalloc|key|vol|snap)-[0-9a-f]{8,17}\b"
        ),
        r"\1-<id>",
    ),
    (re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"), "<access-key>"),
    (re.compile(r"\b[A-Z0-9]{21}\b"), "<iam-id>"),
    (re.compile(r"\b[A-Za-z0-9]{52}\b"), "<request-id>"),
]
#: Log records of the libraries themselves (not the example's): each library logs its own.
_LIBRARY_LOG = re.compile(
    r"^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):(?:botocore|boto3|s3transfer|strato|urllib3)\b"
)
_LOG_RECORD = re.compile(r"^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):")
#: A traceback's last line names the class with its module: ``botocore.errorfactory.NoSuchBucket``.
_QUALIFIED_ERROR = re.compile(r"^(?:[A-Za-z_][\w]*\.)+(?=[A-Za-z_]\w*(?::|$))")


@dataclass(frozen=True)
class Outcome:
    """What one run showed, normalised, and which libraries' modules it loaded."""

    code: int
    stdout: str
    log: str
    error: str
    loaded: dict[str, list[str]] = field(compare=False)
    raw_stderr: str = field(compare=False, repr=False)

    def shown(self) -> tuple[int, str, str, str]:
        return (self.code, self.stdout, self.log, self.error)


def normalize(text: str, extra: Sequence[tuple[str, str]] = ()) -> str:
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    for pattern_text, replacement in extra:
        text = re.sub(pattern_text, replacement, text)
    return text


def _split_stderr(stderr: str) -> tuple[str, str]:
    """The example's own log records, and the last line of a traceback (class unqualified)."""
    lines = stderr.splitlines()
    log = "\n".join(
        line for line in lines if _LOG_RECORD.match(line) and not _LIBRARY_LOG.match(line)
    )
    error = ""
    if "Traceback (most recent call last):" in stderr:
        error = _QUALIFIED_ERROR.sub("", lines[-1]) if lines else ""
    return log, error


def child_env(library: str, home: Path, endpoint_url: str | None, region: str) -> dict[str, str]:
    """An environment with nothing of the caller's AWS setup in it."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "AWS_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
        "AWS_DEFAULT_REGION": region,
        "AWS_CONFIG_FILE": str(home / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "BOTO_CONFIG": str(home / "no-boto-config"),
        "BROWSER": "true",  # webbrowser.open (the STS examples show a QR code) does nothing
    }
    if endpoint_url is not None:
        env["AWS_ENDPOINT_URL"] = endpoint_url
    if library == "strato":
        env["PYTHONPATH"] = str(SHIM)
        # The shim's packages hide the real ones from strato's loader, which takes the
        # models it does not ship from an installed botocore's and boto3's data: name them.
        env["AWS_DATA_PATH"] = os.pathsep.join(
            str(_PURELIB / package / "data") for package in ("botocore", "boto3")
        )
    return env


def run(
    library: str,
    argv: Sequence[str],
    *,
    cwd: Path,
    home: Path,
    endpoint_url: str | None = None,
    region: str = "us-east-1",
    stdin: str = "",
    extra: Sequence[tuple[str, str]] = (),
) -> Outcome:
    """``_run.py`` with ``argv`` (``script PATH ...`` or ``pytest ...``) under ``library``."""
    home.mkdir(parents=True, exist_ok=True)
    report = home / "loaded.json"
    done = subprocess.run(
        [sys.executable, str(RUNNER), str(report), *argv],
        cwd=cwd,
        env=child_env(library, home, endpoint_url, region),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    loaded = json.loads(report.read_text()) if report.exists() else {}
    extra = [(re.escape(str(home)), "<home>"), *extra]
    log, error = _split_stderr(done.stderr)
    return Outcome(
        code=done.returncode,
        stdout=normalize(done.stdout, extra),
        log=normalize(log, extra),
        error=normalize(error, extra),
        loaded=loaded,
        raw_stderr=done.stderr,
    )


def assert_library(outcome: Outcome, library: str) -> None:
    """A strato run loaded no module of the real libraries; a boto3 run loaded boto3's."""
    if library == "strato":
        real = {name: mods for name, mods in outcome.loaded.items() if name != "strato" and mods}
        assert outcome.loaded, "the run wrote no report of its modules"
        assert not real, f"a strato run loaded the real libraries: {real}"
    else:
        assert outcome.loaded.get("boto3") or outcome.loaded.get("botocore"), outcome.loaded


def reset_moto(url: str, region: str, setup: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
    """Empty every moto backend (POST /moto-api/reset), then make the ``setup`` calls
    (service, operation, parameters) with boto3 in ``region``."""
    request = urllib.request.Request(f"{url}/moto-api/reset", data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
    import boto3  # type: ignore[import-untyped]

    for service, operation, params in setup:
        client = boto3.client(service, endpoint_url=url, region_name=region, **KEYS)
        getattr(client, operation)(**params)


def moto_state(url: str, region: str) -> dict[str, list[str]]:
    """What the examples leave in moto, listed with boto3 (the reference): buckets and their
    keys, tables and item counts, queues, topics, IAM users, roles and local policies, secrets.
    """
    import boto3  # type: ignore[import-untyped]

    session = boto3.Session(region_name=region, **KEYS)

    def client(name: str) -> Any:
        return session.client(name, endpoint_url=url)

    s3, dynamodb, iam = client("s3"), client("dynamodb"), client("iam")
    buckets = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    tables = dynamodb.list_tables()["TableNames"]
    return {
        "s3": [
            f"{bucket}/{o['Key']}"
            for bucket in buckets
            for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [{"Key": ""}])
        ],
        "dynamodb": [
            f"{t}: {dynamodb.scan(TableName=t, Select='COUNT')['Count']} items" for t in tables
        ],
        "sqs": client("sqs").list_queues().get("QueueUrls", []),
        "sns": [t["TopicArn"] for t in client("sns").list_topics()["Topics"]],
        "iam": [
            *(u["UserName"] for u in iam.list_users()["Users"]),
            *(r["RoleName"] for r in iam.list_roles()["Roles"]),
            *(p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]),
        ],
        "secretsmanager": [
            s["Name"] for s in client("secretsmanager").list_secrets()["SecretList"]
        ],
    }


def first_difference(boto3: Outcome, strato: Outcome) -> str:
    """The first thing strato's run showed differently, for a failure message and the table."""
    if strato.error and strato.error != boto3.error:
        return f"strato raised: {strato.error} (boto3: {boto3.error or 'no error'})"
    for name, ours, theirs in (
        ("exit status", strato.code, boto3.code),
        ("stdout", strato.stdout, boto3.stdout),
        ("log", strato.log, boto3.log),
    ):
        if ours != theirs:
            if isinstance(ours, str) and isinstance(theirs, str):
                for i, (a, b) in enumerate(
                    zip(ours.splitlines(), theirs.splitlines(), strict=False)
                ):
                    if a != b:
                        return f"{name} line {i + 1}: strato {a!r} / boto3 {b!r}"
                counts = len(ours.splitlines()), len(theirs.splitlines())
                return f"{name}: strato {counts[0]} lines / boto3 {counts[1]}"
            return f"{name}: strato {ours} / boto3 {theirs}"
    return "same"


def run_pytest(library: str, directory: str, home: Path) -> tuple[Outcome, dict[str, Result]]:
    """An example's own test directory under pytest (its ``integ`` tests, which need AWS,
    deselected; a module that fails to import does not stop the others): the run, and each
    test's result by its id."""
    home.mkdir(parents=True, exist_ok=True)
    ini = home / "pytest.ini"
    ini.write_text("[pytest]\n")
    junit = home / "junit.xml"
    argv = ["pytest", "-c", str(ini), "--rootdir", ".", "-p", "no:cacheprovider", "-q"]
    argv += ["-m", "not integ", "--continue-on-collection-errors", f"--junitxml={junit}", "test"]
    outcome = run(library, argv, cwd=EXAMPLES / directory, home=home, region="us-west-2")
    return outcome, junit_results(junit)


@dataclass(frozen=True)
class Result:
    """How one test ended, and pytest's message when it did not pass (normalised, and the
    exception class without its module: ``botocore.exceptions.X`` and ``strato.exceptions.X``
    are both ``X``)."""

    state: str
    message: str = ""


def junit_results(path: Path) -> dict[str, Result]:
    """``{classname::name: Result}`` from pytest's JUnit XML. A test that fails and then
    errors in teardown is reported twice there: it counts as an error, with the message of
    what went wrong first (the traceback's last ``E`` line, which says more)."""
    import xml.etree.ElementTree as ET

    if not path.exists():
        return {}
    results: dict[str, Result] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        ends = {child.tag: child for child in case}
        tag = next((k for k in ("error", "failure", "skipped") if k in ends), None)
        if tag is None:
            results.setdefault(test_id, Result("passed"))
            continue
        e_lines = [ln for ln in (ends[tag].text or "").splitlines() if ln.startswith("E ")]
        message = e_lines[-1][1:].strip() if e_lines else (ends[tag].get("message") or "")
        earlier = results.get(test_id)
        state = "error" if "error" in (tag, earlier and earlier.state) else "failed"
        if tag == "skipped":
            state = tag
        message = normalize(_QUALIFIED_ERROR.sub("", message))
        results[test_id] = Result(state, earlier.message if earlier else message)
    return results


def suite_difference(theirs: dict[str, Result], ours: dict[str, Result]) -> str:
    """How many tests end otherwise with strato, and the first one with strato's message."""
    differing = [
        test for test in sorted(theirs.keys() | ours.keys()) if theirs.get(test) != ours.get(test)
    ]
    if not differing:
        return "same"
    first = differing[0]
    boto3_end, strato_end = (
        f"{ends[first].state}: {ends[first].message}".rstrip(": ") if first in ends else "absent"
        for ends in (theirs, ours)
    )
    return (
        f"{len(differing)} of {len(theirs)} tests end otherwise; first {first}: "
        f"boto3 {boto3_end}, strato {strato_end}"
    )
