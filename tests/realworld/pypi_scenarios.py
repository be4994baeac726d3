"""Open-source projects from PyPI that build on boto3, driven by our own scenario programs
(``pypi/``): which project, which part of its API, and where strato still differs.

The projects are installed packages (the ``test`` extra pins them; each wheel carries its own
licence), so unlike AWS's examples these run in every checkout. ``KNOWN`` holds, per scenario,
the first difference strato shows: that test is a strict expected failure, so it fails loudly
once strato behaves as boto3 does there, and its entry must go.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .scenarios import Setup

PROGRAMS = Path(__file__).parent / "pypi"
#: Every program gets this bucket's name; the S3 programs have it made, with versioning on.
BUCKET = "realworld-pypi"
_BUCKET = (
    ("s3", "create_bucket", {"Bucket": BUCKET}),
    (
        "s3",
        "put_bucket_versioning",
        {"Bucket": BUCKET, "VersioningConfiguration": {"Status": "Enabled"}},
    ),
)


def _table(name: str, *keys: str) -> Setup:
    """A DynamoDB table keyed on string attributes (hash, then range), paid per request."""
    kinds = ("HASH", "RANGE")[: len(keys)]
    return (
        "dynamodb",
        "create_table",
        {
            "TableName": name,
            "KeySchema": [
                {"AttributeName": k, "KeyType": t} for k, t in zip(keys, kinds, strict=True)
            ],
            "AttributeDefinitions": [{"AttributeName": k, "AttributeType": "S"} for k in keys],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )


def _item(table: str, **values: str) -> Setup:
    return (
        "dynamodb",
        "put_item",
        {"TableName": table, "Item": {k: {"S": v} for k, v in values.items()}},
    )


def _parameter(name: str, value: str, kind: str = "String") -> Setup:
    return ("ssm", "put_parameter", {"Name": name, "Value": value, "Type": kind})


_PARAMETERS = (
    _parameter("/app/db/host", "db.internal"),
    _parameter("/app/db/port", "5432"),
    _parameter("/app/config", '{"feature": true, "limit": 10}'),
    _parameter("/app/config.json", '{"auto": 1}'),
    _parameter("/app/secret", "s3cr3t", "SecureString"),
    _parameter("/app/list", "a,b,c", "StringList"),
    (
        "secretsmanager",
        "create_secret",
        {"Name": "app/creds", "SecretString": '{"user": "one", "password": "pw"}'},
    ),
    ("secretsmanager", "create_secret", {"Name": "app/blob", "SecretBinary": b"\x00\x01binary"}),
    _table("params", "id"),
    _item("params", id="alpha", value="1"),
    _item("params", id="beta", value='{"nested": [1, 2]}'),
    _table("params_multi", "id", "sk"),
    _item("params_multi", id="cfg", sk="colour", val="blue"),
    _item("params_multi", id="cfg", sk="size", val="XL"),
    _item("params_multi", id="other", sk="colour", val="red"),
)


@dataclass(frozen=True)
class PypiScenario:
    """``python pypi/SCRIPT BUCKET [PART]`` with the project ``project`` installed."""

    project: str
    script: str
    part: str = ""
    #: Calls made with boto3 on the emptied moto before the run.
    setup: tuple[Setup, ...] = _BUCKET

    @property
    def id(self) -> str:
        return f"{self.project}.{self.part}" if self.part else self.project

    def argv(self) -> list[str]:
        return ["script", str(PROGRAMS / self.script), BUCKET, *filter(None, [self.part])]


SCENARIOS = (
    PypiScenario("smart_open", "smart_open_s3.py"),
    PypiScenario("cloudpathlib", "cloudpathlib_s3.py", "default"),
    PypiScenario("cloudpathlib", "cloudpathlib_s3.py", "paths"),
    PypiScenario("cloudpathlib", "cloudpathlib_s3.py", "transfers"),
    PypiScenario("s3path", "s3path_paths.py", "paths"),
    PypiScenario("s3path", "s3path_paths.py", "versions"),
    PypiScenario("s3path", "s3path_paths.py", "rename"),
    PypiScenario("s3path", "s3path_paths.py", "configured"),
    PypiScenario("powertools", "powertools_aws.py", "parameters", setup=_PARAMETERS),
    PypiScenario(
        "powertools", "powertools_aws.py", "idempotency", setup=(_table("idempotency", "id"),)
    ),
)

_S3PATH_IMPORT = (
    "S3 transfers: s3path (on Python < 3.12) imports `from boto3.s3.transfer import "
    "TransferManager` at import time, and strato.s3.transfer has no TransferManager "
    "(boto3 re-exports s3transfer's); next, `botocore.docs.docstring.LazyLoadedDocstring`"
)

KNOWN: dict[str, str] = {
    "s3path.paths": _S3PATH_IMPORT,
    "s3path.versions": _S3PATH_IMPORT,
    "s3path.rename": _S3PATH_IMPORT,
    "s3path.configured": _S3PATH_IMPORT
    + "; then per-path parameters are dropped: s3path keeps those an action's docstring lists "
    "as `:param Name:`, and strato's client methods have no such lines",
}
