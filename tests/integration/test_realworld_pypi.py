"""Open-source projects from PyPI (smart_open, cloudpathlib, s3path) against moto: our
scenario programs drive each project's public API twice, with boto3 1.44.8 and with strato
behind the shim (the project's own ``import boto3`` is strato; no module of the real
libraries is loaded: checked in the child). What the program shows must be the same (exit
status, output, the error it ends with), and so must what moto holds after it (every object
version's size and ETag, and the latest ones' headers). Where strato still differs,
``pypi_scenarios.KNOWN`` says how, and the test is a strict expected failure.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realworld import _harness as harness
from realworld.pypi_scenarios import KNOWN, SCENARIOS, PypiScenario

from ._servers import Server
from .conftest import MOTO_KEYS, REGION


def _param(scenario: PypiScenario) -> Any:
    marks = []
    if scenario.id in KNOWN:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[scenario.id]))
    return pytest.param(scenario, id=scenario.id, marks=marks)


def _client(moto: Server, service: str) -> Any:
    import boto3  # type: ignore[import-untyped]

    return boto3.client(service, endpoint_url=moto.url, region_name=REGION, **MOTO_KEYS)


def _state(moto: Server) -> dict[str, list[tuple[Any, ...]]]:
    """What moto holds, listed with boto3: every bucket's object versions (key, size, ETag,
    latest) and the latest versions' headers that the programs set (type, metadata,
    encryption, storage class); each table's items (key, attribute names); SSM parameters
    (name, type, version); secrets (name, current value)."""
    s3 = _client(moto, "s3")
    state: dict[str, list[tuple[Any, ...]]] = {}
    for bucket in sorted(b["Name"] for b in s3.list_buckets()["Buckets"]):
        listed = s3.list_object_versions(Bucket=bucket)
        versions = sorted(
            (v["Key"], v["Size"], v["ETag"], v["IsLatest"]) for v in listed.get("Versions", [])
        )
        heads = []
        for key, *_, latest in versions:
            if latest:
                head = s3.head_object(Bucket=bucket, Key=key)
                heads.append(
                    (
                        key,
                        head.get("ContentType"),
                        head.get("Metadata"),
                        head.get("ServerSideEncryption"),
                        head.get("StorageClass"),
                    )
                )
        markers = sorted(m["Key"] for m in listed.get("DeleteMarkers", []))
        state[bucket] = [*versions, *heads, ("delete markers", *markers)]
    dynamodb = _client(moto, "dynamodb")
    for table in dynamodb.list_tables()["TableNames"]:
        keys = [
            k["AttributeName"]
            for k in dynamodb.describe_table(TableName=table)["Table"]["KeySchema"]
        ]
        items = dynamodb.scan(TableName=table)["Items"]
        state[f"table {table}"] = sorted(
            (*(str(item[k]) for k in keys), *sorted(item)) for item in items
        )
    ssm = _client(moto, "ssm")
    state["ssm"] = sorted(
        (p["Name"], p["Type"], p["Version"]) for p in ssm.describe_parameters()["Parameters"]
    )
    secrets = _client(moto, "secretsmanager")
    state["secrets"] = sorted(
        (s["Name"], secrets.get_secret_value(SecretId=s["Name"]).get("SecretString"))
        for s in secrets.list_secrets()["SecretList"]
    )
    return state


def _run_once(
    library: str, scenario: PypiScenario, moto: Server, home: Path, stdin: str = ""
) -> tuple[harness.Outcome, dict[str, list[tuple[Any, ...]]]]:
    harness.reset_moto(moto.url, REGION, scenario.setup)
    outcome = harness.run(
        library,
        scenario.argv(),
        cwd=home.parent,
        home=home,
        endpoint_url=moto.url,
        region=REGION,
        stdin=stdin,
    )
    harness.assert_library(outcome, library)
    return outcome, _state(moto)


def _compare(scenario: PypiScenario, moto: Server, root: Path, stdin: str = "") -> None:
    """boto3's run (which must succeed), then strato's: the same shown, the same state."""
    theirs, their_state = _run_once("boto3", scenario, moto, root / "boto3", stdin)
    assert theirs.code == 0, theirs.raw_stderr[-2000:]
    ours, our_state = _run_once("strato", scenario, moto, root / "strato", stdin)
    assert ours.shown() == theirs.shown(), harness.first_difference(theirs, ours)
    assert our_state == their_state, _state_difference(their_state, our_state)


@pytest.mark.parametrize("scenario", [_param(s) for s in SCENARIOS])
def test_project_as_with_boto3(scenario: PypiScenario, moto: Server, tmp_path: Path) -> None:
    _compare(scenario, moto, tmp_path)


def _state_difference(theirs: dict[str, list[Any]], ours: dict[str, list[Any]]) -> str:
    """The first record moto holds after one run and not after the other."""
    for bucket in sorted(theirs.keys() | ours.keys()):
        a, b = theirs.get(bucket, []), ours.get(bucket, [])
        for entry in [*(x for x in a if x not in b), *(x for x in b if x not in a)]:
            side = "boto3" if entry in a else "strato"
            return f"{bucket}: only after {side}'s run: {entry}"
    return "same"


#: Key segments: S3's safe characters and the ones URLs, XML and pathlib treat specially.
_SEGMENT = st.text(
    alphabet=st.sampled_from("abcXYZ019-_.!*'() +=&$@,;:~%é€中"), min_size=1, max_size=8
).filter(lambda s: s not in (".", ".."))
_OBJECT = st.fixed_dictionaries(
    {
        "key": st.lists(_SEGMENT, min_size=1, max_size=3).map("/".join),
        "size": st.integers(0, 300_000),
        "reads": st.lists(st.tuples(st.integers(0, 310_000), st.integers(0, 70_000)), max_size=3),
    }
)


def _no_key_is_a_folder(objects: list[dict[str, Any]]) -> bool:
    """No key is also another's folder (``0`` and ``0/0``): cloudpathlib's ``rglob`` fails
    on such a bucket with boto3 itself, so it compares nothing."""
    keys = [o["key"] for o in objects]
    return not any(other.startswith(key + "/") for key in keys for other in keys)


_OBJECTS = st.lists(_OBJECT, min_size=1, max_size=6, unique_by=lambda o: o["key"]).filter(
    _no_key_is_a_folder
)
_FIXTURE_OK = [HealthCheck.function_scoped_fixture]


@settings(max_examples=3, deadline=None, suppress_health_check=_FIXTURE_OK)
@given(objects=_OBJECTS)
def test_generated_objects_as_with_boto3(objects: list[dict[str, Any]], moto: Server) -> None:
    """Generated keys, sizes and ranged reads through smart_open and cloudpathlib."""
    _compare_generated(objects, moto)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=_FIXTURE_OK)
@given(objects=_OBJECTS)
def test_generated_objects_sweep(objects: list[dict[str, Any]], moto: Server) -> None:
    _compare_generated(objects, moto)


def _compare_generated(objects: list[dict[str, Any]], moto: Server) -> None:
    scenario = PypiScenario("generated", "generated_keys.py")
    with tempfile.TemporaryDirectory() as tmp:
        _compare(scenario, moto, Path(tmp), json.dumps(objects))
