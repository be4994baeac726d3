"""boto3's session helpers against boto3 1.44.8: every service, every partition."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import boto3
import botocore.exceptions
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strato
import strato.exceptions


@pytest.fixture(autouse=True, scope="module")
def _isolated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No real ~/.aws and no AWS_DATA_PATH: both libraries read their own data."""
    home = tmp_path_factory.mktemp("home")
    saved = dict(os.environ)
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO")):
            del os.environ[name]
    os.environ.update(
        HOME=str(home),
        AWS_CONFIG_FILE=str(Path(home, "config")),
        AWS_SHARED_CREDENTIALS_FILE=str(Path(home, "credentials")),
    )
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="module")
def sessions() -> tuple[boto3.Session, strato.Session]:
    return boto3.Session(), strato.Session()


def test_partitions(sessions: tuple[boto3.Session, strato.Session]) -> None:
    theirs, mine = sessions
    assert mine.get_available_partitions() == theirs.get_available_partitions()


def test_regions_of_every_service_in_every_partition(
    sessions: tuple[boto3.Session, strato.Session],
) -> None:
    theirs, mine = sessions
    services = theirs.get_available_services()
    assert mine.get_available_services() == services
    for partition in [*theirs.get_available_partitions(), "no-such-partition"]:
        for service in [*services, "no-such-service"]:
            for allow in (False, True):
                expected = theirs.get_available_regions(service, partition, allow)
                assert mine.get_available_regions(service, partition, allow) == expected, (
                    service,
                    partition,
                    allow,
                )
    assert mine.get_available_regions("ec2") == theirs.get_available_regions("ec2")


def _region_names() -> st.SearchStrategy[str]:
    """Names each partition lists, names its regex accepts, and names none accepts."""
    prefixes = st.sampled_from(
        [
            "us",
            "eu",
            "ap",
            "cn",
            "us-gov",
            "us-iso",
            "us-isob",
            "eu-isoe",
            "us-isof",
            "eusc-de",
            "mx",
            "xx",
            "aws",
            "US",
            "eusc-fr",
        ]
    )
    middles = st.sampled_from(["east", "west", "central", "north", "south", "northeast", "x_1", ""])
    numbers = st.integers(0, 20).map(str) | st.just("") | st.just("a")
    built = st.builds(
        lambda p, m, n: "-".join(x for x in (p, m, n) if x), prefixes, middles, numbers
    )
    listed = st.sampled_from(
        [
            r
            for p in boto3.Session()
            ._session._get_internal_component("endpoint_resolver")
            ._endpoint_data["partitions"]
            for r in p["regions"]
        ]
    )
    return built | listed | st.text(max_size=12) | st.sampled_from(["aws-global", "s3-external-1"])


@settings(max_examples=300, deadline=None)
@given(region=_region_names())
def test_partition_for_region(sessions: tuple[boto3.Session, strato.Session], region: str) -> None:
    theirs, mine = sessions
    try:
        expected = theirs.get_partition_for_region(region)
    except botocore.exceptions.UnknownRegionError as error:
        with pytest.raises(strato.exceptions.UnknownRegionError) as raised:
            mine.get_partition_for_region(region)
        assert str(raised.value) == str(error)
    else:
        assert mine.get_partition_for_region(region) == expected


def test_available_resources(sessions: tuple[boto3.Session, strato.Session]) -> None:
    theirs, mine = sessions
    assert mine.get_available_resources() == theirs.get_available_resources()
