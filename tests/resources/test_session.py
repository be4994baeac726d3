"""``Session.resource`` against ``boto3.Session.resource``: the ``Resource`` user-agent
extra on the wire, boto3's errors for unknown services and versions, the list of
resources, and ``strato.resource`` on the default session."""

from __future__ import annotations

from typing import Any

import boto3
import boto3.session
import botocore.config
import pytest

import strato
from client._compare import assert_same_requests

from ._views import outcome
from .conftest import KEYS, REGION, make_pair, recording


def _agent_tail(request: Any) -> str:
    return str(request.headers["user-agent"]).rsplit(" ", 1)[-1]


@pytest.mark.parametrize("extra", [None, "mine/1.0"])
def test_the_resource_client_says_resource_in_its_user_agent(extra: str | None) -> None:
    theirs, mine = make_pair("sqs")
    if extra is not None:
        boto_config = botocore.config.Config(user_agent_extra=extra)
        strato_config = strato.Config(user_agent_extra=extra)
        theirs = boto3.session.Session(**KEYS).resource("sqs", REGION, config=boto_config)
        mine = strato.Session(**KEYS).resource("sqs", REGION, config=strato_config)
        assert strato_config.user_agent_extra == extra
    with recording(theirs, mine) as sent:
        theirs.Queue("https://sqs.us-east-1.amazonaws.com/1/q").purge()
        mine.Queue("https://sqs.us-east-1.amazonaws.com/1/q").purge()
    assert_same_requests(sent.boto3, sent.strato)
    assert [_agent_tail(r) for r in sent.strato] == [_agent_tail(r) for r in sent.boto3]
    assert _agent_tail(sent.strato[0]) == (extra or "Resource")


def test_a_config_without_an_extra_is_not_changed() -> None:
    config = strato.Config(retries={"max_attempts": 2})
    resource = strato.Session(**KEYS).resource("sqs", REGION, config=config)
    assert config.user_agent_extra is None
    boto_config = botocore.config.Config(retries={"max_attempts": 2})
    theirs = boto3.session.Session(**KEYS).resource("sqs", REGION, config=boto_config)
    assert boto_config.user_agent_extra is None
    assert resource.meta.client.meta.config.retries == theirs.meta.client.meta.config.retries


@pytest.mark.parametrize(
    ("service", "version"),
    [("sts", None), ("nonesuch", None), ("s3", "2001-01-01"), ("ec2", "2014-09-01")],
)
def test_unknown_resources_and_versions_raise_boto3s_errors(service: str, version: Any) -> None:
    expected = outcome(lambda: boto3.session.Session(**KEYS).resource(service, REGION, version))
    actual = outcome(lambda: strato.Session(**KEYS).resource(service, REGION, version))
    assert actual == expected
    assert expected[1] in ("ResourceNotExistsError", "UnknownAPIVersionError")


def test_error_classes_keep_boto3s_bases() -> None:
    from strato import exceptions

    for name in ("ResourceNotExistsError", "UnknownAPIVersionError"):
        cls = getattr(exceptions, name)
        assert issubclass(cls, exceptions.Boto3Error)
        assert issubclass(cls, exceptions.DataNotFoundError)
    assert issubclass(exceptions.ResourceLoadException, exceptions.Boto3Error)


def test_available_resources_are_boto3s() -> None:
    expected = boto3.session.Session().get_available_resources()
    assert strato.Session().get_available_resources() == expected


def test_strato_resource_uses_the_default_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strato, "_default_session", None)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    resource = strato.resource("sqs")
    assert type(resource).__name__ == "sqs.ServiceResource"
    assert resource.meta.client.meta.region_name == "eu-west-1"
    assert strato._default_session is not None
    # A resource made without a client gets the default session's.
    queue = type(resource.Queue("u"))("u")
    assert queue.meta.client is not resource.meta.client
    assert queue.meta.client.meta.region_name == "eu-west-1"
