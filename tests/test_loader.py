"""strato.loader against botocore.loaders: search order, version choice, errors, shipped data."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore.loaders  # type: ignore[import-untyped]
import pytest
from botocore import exceptions as bc_exceptions
from hypothesis import given, settings
from hypothesis import strategies as st

from strato import exceptions, loader

SHIPPED = {
    "sts": "2011-06-15",
    "s3": "2006-03-01",
    "sso": "2019-06-10",
    "sso-oidc": "2019-06-10",
    "dynamodb": "2012-08-10",
    "sqs": "2012-11-05",
    "secretsmanager": "2017-10-17",
    "lambda": "2015-03-31",
    "iam": "2010-05-08",
    "signin": "2023-01-01",
}
SHIPPED_TYPES = ("service-2", "endpoint-rule-set-1", "paginators-1")
STRATO_DATA = Path(loader.__file__).parent / "data"


@pytest.fixture
def fake_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty HOME for strato and the matching ~/.aws/models for botocore (fixed at import)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(
        botocore.loaders.Loader, "CUSTOMER_DATA_PATH", str(home / ".aws" / "models")
    )
    return home


def _both(data_path: str | None) -> tuple[loader.Loader, botocore.loaders.Loader]:
    return loader.create_loader(data_path), botocore.loaders.create_loader(data_path)


def _strip_docs(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _strip_docs(v)
            for k, v in value.items()
            if not (k in ("documentation", "documentationUrl") and isinstance(v, str))
        }
    if isinstance(value, list):
        return [_strip_docs(v) for v in value]
    return value


def _write(root: Path, name: str, data: Any, *, packed: bool = False) -> None:
    path = root / (name + (".json.gz" if packed else ".json"))
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data).encode()
    path.write_bytes(gzip.compress(raw) if packed else raw)


# --- the search path -------------------------------------------------------------------


def test_default_search_paths_order(fake_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELS", "/opt/models")
    paths = loader.default_search_paths(os.pathsep.join(["$MODELS/a", "~/b", "", "rel"]))
    assert paths == [
        "/opt/models/a",
        str(fake_home / "b"),
        "",
        "rel",
        str(fake_home / ".aws" / "models"),
        str(STRATO_DATA),
        str(Path(botocore.loaders.Loader.BUILTIN_DATA_PATH)),
    ]
    # Same list as botocore's, with strato's data dir inserted before botocore's.
    expected = botocore.loaders.create_loader(
        os.pathsep.join(["$MODELS/a", "~/b", "", "rel"])
    ).search_paths
    assert [p for p in paths if p != str(STRATO_DATA)] == expected


def test_botocore_found_without_importing_it() -> None:
    code = (
        "import sys; from strato.loader import botocore_data_dir; "
        "print(botocore_data_dir()); print('botocore' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [botocore.loaders.Loader.BUILTIN_DATA_PATH, "False"]


@pytest.mark.parametrize("type_name", ["service-2", "endpoint-rule-set-1", "waiters-2"])
def test_services_and_latest_versions_match_botocore(fake_home: Path, type_name: str) -> None:
    ours, theirs = _both(None)
    services = ours.list_available_services(type_name)
    assert services == theirs.list_available_services(type_name)
    assert len(services) > 100
    for service in services:
        assert ours.determine_latest_version(service, type_name) == (
            theirs.determine_latest_version(service, type_name)
        ), service


def test_unknown_botocore_only_service_loads(fake_home: Path) -> None:
    ours, theirs = _both(None)
    assert ours.load_service_model("ec2", "service-2") == theirs.load_service_model(
        "ec2", "service-2"
    )


# --- precedence --------------------------------------------------------------------------


def test_data_path_beats_home_and_builtin(fake_home: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    models = fake_home / ".aws" / "models"
    _write(models, "sqs/2099-01-01/service-2", {"from": "home"})
    _write(second, "sqs/2099-01-01/service-2", {"from": "second"})
    _write(first, "sqs/2099-01-01/service-2", {"from": "first"}, packed=True)
    _write(second, "sqs/latest/paginators-1", {"from": "second-latest"})
    _write(second, "partitions", {"from": "second"})
    data_path = os.pathsep.join([str(tmp_path / "missing"), str(first), str(second)])
    ours, theirs = _both(data_path)
    for args in [("sqs", "service-2"), ("sqs", "paginators-1"), ("sqs", "endpoint-rule-set-1")]:
        assert ours.determine_latest_version(*args) == theirs.determine_latest_version(*args)
        assert ours.load_service_model(*args) == _strip_docs(theirs.load_service_model(*args))
    assert ours.load_service_model("sqs", "service-2") == {"from": "first"}
    assert ours.determine_latest_version("sqs", "paginators-1") == "latest"
    assert ours.load_data("partitions") == theirs.load_data("partitions") == {"from": "second"}
    assert ours.load_service_model("sqs", "service-2", api_version="2012-11-05") == _strip_docs(
        theirs.load_service_model("sqs", "service-2", api_version="2012-11-05")
    )


def test_home_models_beat_builtin(fake_home: Path) -> None:
    _write(fake_home / ".aws" / "models", "myservice/2020-01-01/service-2", {"x": 1})
    ours, theirs = _both(None)
    assert "myservice" in ours.list_available_services("service-2")
    assert ours.list_available_services("service-2") == theirs.list_available_services("service-2")
    assert ours.load_service_model("myservice", "service-2") == {"x": 1}


def test_sdk_extras_are_deep_merged(fake_home: Path, tmp_path: Path) -> None:
    base = {"metadata": {"a": 1, "b": {"c": 2}}, "list": [1]}
    extras = {"merge": {"metadata": {"b": {"d": 3}}, "list": [2], "new": True}, "other": 1}
    _write(tmp_path, "svc/2020-01-01/service-2", base)
    _write(tmp_path, "svc/2020-01-01/service-2.sdk-extras", extras)
    ours, theirs = _both(str(tmp_path))
    model = ours.load_service_model("svc", "service-2")
    assert model == theirs.load_service_model("svc", "service-2")
    assert model == {"metadata": {"a": 1, "b": {"c": 2, "d": 3}}, "list": [2], "new": True}


_layout = st.dictionaries(
    keys=st.tuples(st.integers(0, 2), st.sampled_from(["2010-01-01", "2020-01-01", "latest"])),
    values=st.sampled_from(["json", "gz", "both"]),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(layout=_layout)
def test_random_layouts_match_botocore(layout: dict[tuple[int, str], str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        roots = [Path(tmp) / f"p{i}" for i in range(3)]
        for (index, version), kind in layout.items():
            name = f"zzsvc/{version}/service-2"
            if kind in ("json", "both"):
                _write(roots[index], name, {"root": index, "v": version, "kind": "json"})
            if kind in ("gz", "both"):
                _write(roots[index], name, {"root": index, "v": version}, packed=True)
        ours = loader.Loader([str(r) for r in roots])
        theirs = botocore.loaders.Loader(
            extra_search_paths=[str(r) for r in roots], include_default_search_paths=False
        )
        assert ours.list_available_services("service-2") == ["zzsvc"]
        assert ours.list_api_versions("zzsvc", "service-2") == theirs.list_api_versions(
            "zzsvc", "service-2"
        )
        for version in {v for _, v in layout}:
            name = f"zzsvc/{version}/service-2"
            assert ours.load_data(name) == theirs.load_data(name)
        assert ours.load_service_model("zzsvc", "service-2") == theirs.load_service_model(
            "zzsvc", "service-2"
        )


# --- errors -------------------------------------------------------------------------------


def _raised(call: Any) -> BaseException:
    try:
        call()
    except Exception as exc:
        return exc
    raise AssertionError("no exception")


@pytest.mark.parametrize(
    ("method", "args", "ours_cls", "theirs_cls"),
    [
        (
            "load_service_model",
            ("nosuchservice", "service-2"),
            exceptions.UnknownServiceError,
            bc_exceptions.UnknownServiceError,
        ),
        (
            "load_service_model",
            ("sqs", "service-2", "1999-01-01"),
            exceptions.DataNotFoundError,
            bc_exceptions.DataNotFoundError,
        ),
        (
            "load_service_model",
            ("sqs", "waiters-7"),
            exceptions.UnknownServiceError,
            bc_exceptions.UnknownServiceError,
        ),
        (
            "determine_latest_version",
            ("nosuchservice", "service-2"),
            exceptions.DataNotFoundError,
            bc_exceptions.DataNotFoundError,
        ),
        (
            "load_data",
            ("nope/nothing",),
            exceptions.DataNotFoundError,
            bc_exceptions.DataNotFoundError,
        ),
    ],
    ids=["unknown-service", "missing-version", "unknown-type", "latest-unknown", "load-data"],
)
def test_errors_match_botocore(
    fake_home: Path, method: str, args: tuple[str, ...], ours_cls: type, theirs_cls: type
) -> None:
    ours, theirs = _both(None)
    mine = _raised(lambda: getattr(ours, method)(*args))
    ref = _raised(lambda: getattr(theirs, method)(*args))
    assert type(mine) is ours_cls
    assert type(ref) is theirs_cls
    assert str(mine) == str(ref)


# --- caching and shipped data --------------------------------------------------------------


def test_results_are_shared_by_loaders_with_the_same_paths(fake_home: Path, tmp_path: Path) -> None:
    ours = loader.create_loader(None)
    assert ours.load_service_model("sts", "service-2") is ours.load_service_model(
        "sts", "service-2"
    )
    assert loader.create_loader(None).load_data("partitions") is ours.load_data("partitions")
    other = loader.create_loader(str(tmp_path))
    assert other.load_data("partitions") is not ours.load_data("partitions")
    assert other.load_data("partitions") == ours.load_data("partitions")


def _shipped_cases() -> Iterator[Any]:
    for service in SHIPPED:
        for type_name in SHIPPED_TYPES:
            yield pytest.param(service, type_name, id=f"{service}-{type_name}")


@pytest.mark.parametrize(("service", "type_name"), list(_shipped_cases()))
def test_shipped_models_equal_botocore_without_docs(
    fake_home: Path, service: str, type_name: str
) -> None:
    ours = loader.Loader([str(STRATO_DATA)])
    reference = botocore.loaders.Loader()
    assert ours.determine_latest_version(service, type_name) == SHIPPED[service]
    assert reference.determine_latest_version(service, type_name) == SHIPPED[service]
    assert ours.load_service_model(service, type_name) == _strip_docs(
        reference.load_service_model(service, type_name)
    )


def test_shipped_non_model_data_equals_botocore(fake_home: Path) -> None:
    ours = loader.Loader([str(STRATO_DATA)])
    reference = botocore.loaders.Loader()
    for name in ("partitions", "sdk-default-configuration"):
        assert ours.load_data(name) == reference.load_data(name)
    assert ours.list_available_services("service-2") == sorted(SHIPPED)


def test_shipped_data_is_small_and_attributed() -> None:
    total = sum(p.stat().st_size for p in STRATO_DATA.rglob("*") if p.is_file())
    assert total < 3_000_000
    notice = (STRATO_DATA / "NOTICE").read_text()
    assert "Apache License, Version 2.0" in notice
    assert "Amazon.com, Inc. or its affiliates" in notice


def test_every_shipped_file_has_an_equal_marshal_twin() -> None:
    """The marshal copies are read first; the JSON is the fallback: both must hold the same."""
    sources = sorted(STRATO_DATA.rglob("*.json")) + sorted(STRATO_DATA.rglob("*.json.gz"))
    assert len(sources) > 30
    for source in sources:
        base = str(source).removesuffix(".gz").removesuffix(".json")
        twin = loader._read_marshal(base)
        assert twin is not None, source
        assert twin == loader._read_json(base), source


@pytest.mark.parametrize(
    "content",
    [b"", b"not-strato\n" + b"\x00" * 8, loader.MARSHAL_HEADER + b"\xff\x00garbage"],
    ids=["empty", "foreign-header", "corrupt"],
)
def test_unreadable_marshal_falls_back_to_json(tmp_path: Path, content: bytes) -> None:
    _write(tmp_path, "svc/2020-01-01/service-2", {"from": "json"}, packed=True)
    (tmp_path / "svc/2020-01-01/service-2.marshal").write_bytes(content)
    base = str(tmp_path / "svc/2020-01-01/service-2")
    assert loader._read_json(base, shipped=True) == {"from": "json"}


def test_client_creation_imports_neither_json_nor_re() -> None:
    """Making a client reads strato's marshal data; the JSON and regex machinery load later."""
    code = (
        "import sys, strato; "
        "strato.Session(aws_access_key_id='a', aws_secret_access_key='b', "
        "region_name='us-west-2').client('s3'); "
        "print(sorted(m for m in ('json', 're', 'typing', 'urllib.parse', 'datetime', "
        "'collections', 'functools', 'botocore') if m in sys.modules))"
    )
    env = {**os.environ, "HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true"}
    for name in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        env.pop(name, None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# --- service descriptions for ServiceModel: shapes decoded on first lookup -------------------


@pytest.mark.parametrize("service", list(SHIPPED))
def test_service_description_decodes_only_what_is_looked_up(
    fake_home: Path, tmp_path: Path, service: str
) -> None:
    # A data path of its own: the process-wide caches hold nothing for these search paths.
    ours = loader.create_loader(str(tmp_path))
    reference = _strip_docs(botocore.loaders.Loader().load_service_model(service, "service-2"))
    description = ours.load_service_description(service, None)
    lazy = ("operations", "shapes")
    assert {k: v for k, v in description.items() if k not in lazy} == {
        k: v for k, v in reference.items() if k not in lazy
    }
    firsts = {}
    for section in lazy:
        blobs = description[section]
        assert isinstance(blobs, loader.LazyBlobs)
        assert list(blobs) == list(reference[section]) and len(blobs) == len(reference[section])
        first = firsts[section] = next(iter(reference[section]))
        assert blobs[first] == reference[section][first]
        assert blobs.get("NoSuchName") is None and "NoSuchName" not in blobs
        decoded = [name for name, value in blobs._blobs.items() if not isinstance(value, bytes)]
        assert first in decoded and len(decoded) <= 2  # S3's merged-in Expires is the other
    # load_service_model afterwards: plain dicts, all equal to botocore's, values shared.
    plain = ours.load_service_model(service, "service-2")
    assert type(plain["shapes"]) is dict and type(plain["operations"]) is dict
    assert plain == reference
    for section, first in firsts.items():
        assert plain[section][first] is description[section][first]
    # One plain copy per version, whichever way the version is named.
    version = plain["metadata"]["apiVersion"]
    assert ours.load_service_model(service, "service-2", version) is plain
    assert ours.load_service_description(service, None) is description


def test_values_holding_decodes_only_blobs_that_hold_the_text() -> None:
    """The endpoint discovery check of a client's creation decodes only candidates, and
    finds every value that has the key (DynamoDB's DescribeEndpoints)."""
    import marshal

    values = {
        "A": {"name": "A", "endpointoperation": True},
        "B": {"name": "B"},
        "C": {"name": "C", "documentation": "mentions endpointoperation"},
        "D": {"name": "D"},
    }
    blobs = loader.LazyBlobs({name: marshal.dumps(value) for name, value in values.items()})
    assert blobs["D"] == values["D"]  # decoded before: always among the values
    found = list(blobs.values_holding("endpointoperation"))
    assert found == [values["A"], values["C"], values["D"]]
    assert isinstance(blobs._blobs["B"], bytes)


def test_sdk_extras_merge_into_decoded_on_demand_shapes(fake_home: Path, tmp_path: Path) -> None:
    """A user's sdk-extras over strato's shipped S3 model merges as botocore merges it."""
    extras = {
        "merge": {
            "shapes": {
                "Expires": {"type": "string"},  # replaces a key of the shipped extras' shape
                "BucketName": {"min": 3},  # deep-merged into a shipped shape
                "BrandNew": {"type": "string"},
                "Bucket": "not a dict",  # replaces a whole shape
            }
        }
    }
    _write(tmp_path, "s3/2006-03-01/service-2.sdk-extras", extras)
    ours, theirs = _both(str(tmp_path))
    reference = _strip_docs(theirs.load_service_model("s3", "service-2"))
    shapes = ours.load_service_description("s3", None)["shapes"]
    assert isinstance(shapes, loader.LazyBlobs)
    for name in ("Expires", "BucketName", "BrandNew", "Bucket", "GetObjectOutput"):
        assert shapes[name] == reference["shapes"][name], name
    assert dict(shapes.items()) == reference["shapes"]
    assert ours.load_service_model("s3", "service-2") == reference


def test_service_description_of_user_json_is_plain(fake_home: Path, tmp_path: Path) -> None:
    model = {"metadata": {"protocol": "json"}, "shapes": {"S": {"type": "string"}}}
    _write(tmp_path, "svc/2020-01-01/service-2", model)
    ours = loader.create_loader(str(tmp_path))
    assert ours.load_service_description("svc", None) == model
    assert ours.load_service_description("svc", None) is ours.load_service_model("svc", "service-2")


@pytest.mark.parametrize("service", [*SHIPPED, "timestream-query", "timestream-write"])
def test_endpoint_discovery_facts_equal_botocore(fake_home: Path, service: str) -> None:
    """Read from the raw description (decoding only candidate operations of a shipped
    model), the two facts a client's creation asks are botocore's."""
    import botocore.model

    from strato.model import ServiceModel

    ours = ServiceModel(loader.create_loader().load_service_description(service, None), service)
    theirs = botocore.model.ServiceModel(
        botocore.loaders.Loader().load_service_model(service, "service-2"), service
    )
    assert ours.has_endpoint_discovery == (theirs.endpoint_discovery_operation is not None)
    assert ours.endpoint_discovery_required == theirs.endpoint_discovery_required
