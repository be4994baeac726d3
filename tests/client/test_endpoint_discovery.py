"""Differential: endpoint discovery (botocore/discovery.py) against strato's.

Each case runs the same calls on one botocore client and one strato client at a frozen
clock, answering their requests from the same list of canned answers (discovery is
several requests per call). Every captured request (method, URL, body, every header but
User-Agent, the signature) and every outcome must be equal. The cache's clock is
``time.time``, which botocore's manager binds when its client is made: it is patched
before the clients exist, so both libraries read the same instant.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import boto3
import botocore.awsrequest
import botocore.config
import botocore.exceptions
import pytest

import strato
from strato.exceptions import EndpointConnectionError as StratoConnectionError
from strato.exceptions import EndpointDiscoveryRefreshFailed, ParamValidationError

from ._compare import assert_same_outcome, assert_same_requests
from ._harness import Canned, Captured, _capture, _RawBody, _StratoResponse, frozen

CREDS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG"}
#: A connection that fails (botocore's and strato's ``EndpointConnectionError``).
DOWN = Canned(status=-1)
OK = Canned(body=b"{}")


def endpoints(*addresses: str, minutes: int = 1) -> Canned:
    """A DescribeEndpoints answer naming ``addresses``, each cached for ``minutes``."""
    listed = [{"Address": a, "CachePeriodInMinutes": minutes} for a in addresses]
    return Canned(body=json.dumps({"Endpoints": listed}).encode())


def error(status: int, code: str) -> Canned:
    return Canned(status=status, body=json.dumps({"__type": code, "Message": "m"}).encode())


class Clock:
    """The ``time.time`` both discovery caches read; tests move it forward."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Answers:
    """Canned answers given in order to one library's requests, which are recorded."""

    queue: list[Canned]
    requests: list[Captured] = field(default_factory=list)

    def next(self, method: str, url: str, headers: Any, body: Any) -> Canned:
        self.requests.append(_capture(method, url, headers, body))
        assert self.queue, f"no answer left for request {len(self.requests)} ({url})"
        return self.queue.pop(0)


class _BotocoreSender:
    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    def __call__(self, request: Any, **kwargs: Any) -> botocore.awsrequest.AWSResponse:
        canned = self.answers.next(request.method, request.url, request.headers, request.body)
        if canned is DOWN:
            raise botocore.exceptions.EndpointConnectionError(endpoint_url=request.url)
        return botocore.awsrequest.AWSResponse(
            request.url, canned.status, dict(canned.headers), _RawBody(canned.body)
        )


class _StratoSender:
    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    def send(
        self, method: str, url: str, headers: Any, body: Any, stream: bool = False
    ) -> _StratoResponse:
        canned = self.answers.next(method, url, headers, body)
        if canned is DOWN:
            raise StratoConnectionError(endpoint_url=url)
        return _StratoResponse(url, canned)

    def close(self) -> None:
        """Nothing to release."""


@dataclass
class Pair:
    """A botocore and a strato client made alike, each with its own copy of the answers."""

    boto: Any
    mine: Any
    boto_answers: Answers = field(default_factory=lambda: Answers([]))
    mine_answers: Answers = field(default_factory=lambda: Answers([]))

    def __post_init__(self) -> None:
        self.boto.meta.events.register("before-send", _BotocoreSender(self.boto_answers))
        self.mine._transport = _StratoSender(self.mine_answers)

    def call(self, method: str, answers: list[Canned], **params: Any) -> None:
        """One call by each client; their requests and outcomes must be the same."""
        outcomes = self.outcomes(method, answers, **params)
        assert_same_requests(self.boto_answers.requests, self.mine_answers.requests)
        assert_same_outcome(*outcomes)
        assert not isinstance(outcomes[0], AssertionError), outcomes[0]
        assert not self.boto_answers.queue, "botocore left answers unused"

    def outcomes(self, method: str, answers: list[Canned], **params: Any) -> list[Any]:
        """botocore's and strato's result (or exception) of one call; strato's requests
        are kept in ``sent`` and its outcome in ``outcome``."""
        self.boto_answers.queue[:] = answers
        self.mine_answers.queue[:] = answers
        self.boto_answers.requests.clear()
        self.mine_answers.requests.clear()
        outcomes = []
        for client in (self.boto, self.mine):
            try:
                with frozen():
                    outcomes.append(getattr(client, method)(**params))
            except Exception as e:
                outcomes.append(e)
        self.sent = self.mine_answers.requests
        self.outcome = outcomes[1]
        return outcomes


@pytest.fixture
def clock() -> Iterator[Clock]:
    """``time.time`` frozen for the test (and ``time.sleep`` a no-op for retries)."""
    now = Clock()
    with mock.patch("time.time", now), mock.patch("time.sleep", lambda seconds: None):
        yield now


def pair(service: str, options: dict[str, Any] | None = None, **kwargs: Any) -> Pair:
    """Clients of ``service`` in us-east-1 with ``options`` as their Config."""
    kwargs = {"region_name": "us-east-1", **CREDS, **kwargs}
    boto_config = botocore.config.Config(**options) if options is not None else None
    mine_config = strato.Config(**options) if options is not None else None
    return Pair(
        boto3.Session().client(service, config=boto_config, **kwargs),
        strato.Session().client(service, config=mine_config, **kwargs),
    )


def targets(requests: list[Captured]) -> list[str]:
    """Each request's operation and host: what the comparison above proved equal."""
    return [r.headers["x-amz-target"].split(".")[1] + "@" + r.url.split("/")[2] for r in requests]


REQUIRED = [
    ("timestream-query", "describe_account_settings", "query.timestream"),
    ("timestream-write", "list_databases", "ingest.timestream"),
]


@pytest.mark.parametrize(("service", "method", "host"), REQUIRED)
def test_required_operation_discovers_once_then_uses_the_cache(
    clock: Clock, service: str, method: str, host: str
) -> None:
    clients = pair(service)
    clients.call(method, [endpoints("cell1.example.com"), OK])
    assert targets(clients.sent)[1:] == [f"{method_name(method)}@cell1.example.com"]
    assert targets(clients.sent)[0] == f"DescribeEndpoints@{host}.us-east-1.amazonaws.com"
    clients.call(method, [OK])  # cached: no second DescribeEndpoints
    assert targets(clients.sent) == [f"{method_name(method)}@cell1.example.com"]


def method_name(py_name: str) -> str:
    return "".join(part.capitalize() for part in py_name.split("_"))


def test_discovered_address_with_a_scheme_and_path_is_the_whole_url(clock: Clock) -> None:
    clients = pair("timestream-write")
    clients.call("list_databases", [endpoints("http://cell.example/base?q=1"), OK])
    assert clients.sent[1].url == "http://cell.example/base?q=1"


def test_first_endpoint_is_used(clock: Clock) -> None:
    clients = pair("timestream-write")
    clients.call("list_databases", [endpoints("a.example.com", "b.example.com"), OK])
    assert targets(clients.sent)[1] == "ListDatabases@a.example.com"


@pytest.mark.parametrize("enabled", [True, "true", " TRUE "])
def test_dynamodb_discovers_when_enabled(clock: Clock, enabled: Any) -> None:
    clients = pair("dynamodb", {"endpoint_discovery_enabled": enabled})
    clients.call("list_tables", [endpoints("ddb.example.com"), OK])
    assert targets(clients.sent) == [
        "DescribeEndpoints@dynamodb.us-east-1.amazonaws.com",
        "ListTables@ddb.example.com",
    ]
    clients.call("describe_endpoints", [endpoints("x.example.com")])  # never discovers itself
    assert len(clients.sent) == 1


@pytest.mark.parametrize("enabled", [None, "auto", False])
def test_dynamodb_does_not_discover_by_default(clock: Clock, enabled: Any) -> None:
    options = None if enabled is None else {"endpoint_discovery_enabled": enabled}
    clients = pair("dynamodb", options)
    clients.call("list_tables", [OK])
    assert targets(clients.sent) == ["ListTables@dynamodb.us-east-1.amazonaws.com"]


def test_cache_expires_after_its_period(clock: Clock) -> None:
    clients = pair("timestream-write")
    clients.call("list_databases", [endpoints("a.example.com", minutes=2), OK])
    clock.now += 119
    clients.call("list_databases", [OK])
    assert targets(clients.sent) == ["ListDatabases@a.example.com"]
    clock.now += 1
    clients.call("list_databases", [endpoints("b.example.com"), OK])
    assert targets(clients.sent) == [
        "DescribeEndpoints@ingest.timestream.us-east-1.amazonaws.com",
        "ListDatabases@b.example.com",
    ]


@pytest.mark.parametrize(
    "answer", [Canned(status=421, body=b"{}"), error(400, "InvalidEndpointException")]
)
def test_misdirected_answer_evicts_and_retries(clock: Clock, answer: Canned) -> None:
    clients = pair("timestream-write")
    clients.call(
        "list_databases", [endpoints("old.example.com"), answer, endpoints("new.example.com"), OK]
    )
    assert [t.split("@")[1] for t in targets(clients.sent)[1:]] == [
        "old.example.com",
        "ingest.timestream.us-east-1.amazonaws.com",
        "new.example.com",
    ]
    assert clients.outcome["ResponseMetadata"]["RetryAttempts"] == 1
    clients.call("list_databases", [OK])
    assert targets(clients.sent) == ["ListDatabases@new.example.com"]


def test_always_misdirected_gives_up_after_three_stale_retries(clock: Clock) -> None:
    """docs/compatibility.md: botocore retries a 421 without end (it would hang here);
    strato sends a fourth misdirected answer back as the caller's error."""
    from strato.clients.discovery import STALE_RETRIES

    clients = pair("timestream-write")
    misdirected = Canned(status=421, body=b"{}")
    answers = [endpoints("e.example.com")]
    for _ in range(STALE_RETRIES):
        answers += [misdirected, endpoints("e.example.com")]
    answers.append(misdirected)
    clients.mine_answers.queue[:] = answers
    with frozen(), pytest.raises(strato.exceptions.ClientError) as raised:
        clients.mine.list_databases()
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 421
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == STALE_RETRIES
    assert targets(clients.mine_answers.requests).count("ListDatabases@e.example.com") == 4
    assert not clients.mine_answers.queue


def test_misdirected_answer_without_discovery_is_an_error(clock: Clock) -> None:
    """Optional discovery left off: no handler, so a 421 is the caller's error."""
    clients = pair("dynamodb")
    clients.call("list_tables", [error(400, "InvalidEndpointException")])
    assert type(clients.outcome).__name__ == "ClientError"


@pytest.mark.parametrize(
    ("service", "method", "options"),
    [
        ("timestream-write", "list_databases", {}),
        ("dynamodb", "list_tables", {"endpoint_discovery_enabled": True}),
    ],
)
def test_discovery_answered_with_an_error_raises_it(
    clock: Clock, service: str, method: str, options: dict[str, Any]
) -> None:
    clients = pair(service, {**options, "retries": {"total_max_attempts": 2}})
    clients.call(method, [error(500, "InternalServerException")] * 2)
    assert clients.outcome.operation_name == "DescribeEndpoints"
    assert clients.outcome.response["Error"]["Code"] == "InternalServerException"


def test_required_discovery_that_cannot_connect_raises(clock: Clock) -> None:
    clients = pair("timestream-write", {"retries": {"total_max_attempts": 1}})
    clients.call("list_databases", [DOWN])
    assert type(clients.outcome).__name__ == "EndpointDiscoveryRefreshFailed"
    # Within the minute of back-off a required operation still asks once more.
    clock.now += 30
    clients.call("list_databases", [endpoints("a.example.com"), OK])
    assert targets(clients.sent)[1] == "ListDatabases@a.example.com"


def test_optional_discovery_that_cannot_connect_falls_back(clock: Clock) -> None:
    options = {"endpoint_discovery_enabled": True, "retries": {"total_max_attempts": 1}}
    clients = pair("dynamodb", options)
    clients.call("list_tables", [DOWN, OK])
    assert targets(clients.sent)[1] == "ListTables@dynamodb.us-east-1.amazonaws.com"
    clock.now += 59  # a minute of back-off: no DescribeEndpoints
    clients.call("list_tables", [OK])
    assert len(clients.sent) == 1
    clock.now += 1
    clients.call("list_tables", [endpoints("ddb.example.com"), OK])
    assert targets(clients.sent)[1] == "ListTables@ddb.example.com"


def test_stale_endpoint_is_used_while_discovery_fails(clock: Clock) -> None:
    clients = pair("timestream-write", {"retries": {"total_max_attempts": 1}})
    clients.call("list_databases", [endpoints("a.example.com"), OK])
    clock.now += 61
    clients.call("list_databases", [DOWN, OK])
    assert targets(clients.sent)[1] == "ListDatabases@a.example.com"


def test_empty_endpoint_list(clock: Clock) -> None:
    clients = pair("timestream-write")
    clients.call("list_databases", [endpoints()])
    assert type(clients.outcome).__name__ == "EndpointDiscoveryRefreshFailed"
    clients = pair("dynamodb", {"endpoint_discovery_enabled": True})
    clients.call("list_tables", [endpoints(), OK])
    assert targets(clients.sent)[1] == "ListTables@dynamodb.us-east-1.amazonaws.com"


def test_endpoint_url_argument_turns_discovery_off(clock: Clock) -> None:
    clients = pair("timestream-write", endpoint_url="https://local.example/p")
    clients.call("list_databases", [OK])
    assert targets(clients.sent) == ["ListDatabases@local.example"]
    # No check of the setting either: an invalid value is not looked at.
    pair("timestream-write", {"endpoint_discovery_enabled": "yes"}, endpoint_url="https://l.x")


def test_configured_endpoint_url_still_discovers(clock: Clock) -> None:
    with mock.patch.dict(os.environ, {"AWS_ENDPOINT_URL": "https://configured.example"}):
        clients = pair("timestream-write")
    clients.call("list_databases", [endpoints("a.example.com"), OK])
    assert targets(clients.sent) == [
        "DescribeEndpoints@configured.example",
        "ListDatabases@a.example.com",
    ]


@pytest.mark.parametrize("enabled", [False, "false", "False"])
def test_required_operation_with_discovery_off_raises(clock: Clock, enabled: Any) -> None:
    clients = pair("timestream-query", {"endpoint_discovery_enabled": enabled})
    clients.call("describe_account_settings", [])
    assert type(clients.outcome).__name__ == "EndpointDiscoveryRequired"
    clients.call("describe_endpoints", [endpoints("a.example.com")])  # not required: sent
    assert len(clients.sent) == 1


@pytest.mark.parametrize(
    ("where", "value", "discovers"),
    [
        ("env", "false", False),
        ("env", "TRUE", True),
        ("profile", "false", False),
        ("profile", "auto", True),
    ],
)
def test_setting_from_env_and_profile(
    clock: Clock, tmp_path: Path, where: str, value: str, discovers: bool
) -> None:
    config = tmp_path / "config"
    config.write_text(f"[default]\nendpoint_discovery_enabled = {value}\n")
    env = (
        {"AWS_ENDPOINT_DISCOVERY_ENABLED": value}
        if where == "env"
        else {"AWS_CONFIG_FILE": str(config)}
    )
    with mock.patch.dict(os.environ, env):
        clients = pair("timestream-write")
    clients.call("list_databases", [endpoints("a.example.com"), OK] if discovers else [])
    assert len(clients.sent) == (2 if discovers else 0)


@pytest.mark.parametrize("value", ["yes", " Nope ", 1, ""])
def test_invalid_setting_is_an_error_at_client_creation(clock: Clock, value: Any) -> None:
    raised = []
    for library in (botocore.config.Config, strato.Config):
        session = boto3.Session() if library is botocore.config.Config else strato.Session()
        with pytest.raises(Exception) as info:
            session.client(
                "timestream-write",
                region_name="us-east-1",
                config=library(endpoint_discovery_enabled=value),
            )
        raised.append(info.value)
    assert_same_outcome(*raised)
    assert type(raised[1]).__name__ == "InvalidEndpointDiscoveryConfigurationError"
    # A service without discovery never reads it.
    strato.Session().client(
        "sqs", region_name="us-east-1", config=strato.Config(endpoint_discovery_enabled=value)
    )


# -- identifiers: no shipped model has them, so a model with some is put on the data path --


@contextmanager
def identifying_model(tmp_path: Path) -> Iterator[None]:
    """timestream-write whose DescribeDatabase names its database as a discovery id and
    whose DescribeEndpoints takes ``Operation`` and ``Identifiers``."""
    source = Path(botocore.__file__).parent / "data/timestream-write/2018-11-01/service-2.json.gz"
    import gzip

    model = json.loads(gzip.decompress(source.read_bytes()))
    shapes = model["shapes"]
    shapes["DiscoveryIds"] = {
        "type": "map",
        "key": {"shape": "ResourceName"},
        "value": {"shape": "ResourceName"},
    }
    shapes["DescribeEndpointsRequest"]["members"] = {
        "Operation": {"shape": "ResourceName"},
        "Identifiers": {"shape": "DiscoveryIds"},
    }
    request = model["operations"]["DescribeDatabase"]["input"]["shape"]
    shapes[request]["members"]["DatabaseName"]["endpointdiscoveryid"] = True
    target = tmp_path / "models/timestream-write/2018-11-01"
    target.mkdir(parents=True)
    (target / "service-2.json").write_text(json.dumps(model))
    with mock.patch.dict(os.environ, {"AWS_DATA_PATH": str(tmp_path / "models")}):
        yield


def test_identifiers_are_sent_and_key_the_cache(clock: Clock, tmp_path: Path) -> None:
    with identifying_model(tmp_path):
        clients = pair("timestream-write")
    clients.call("describe_database", [endpoints("a.example.com"), OK], DatabaseName="db1")
    assert json.loads(clients.sent[0].body) == {
        "Operation": "DescribeDatabase",
        "Identifiers": {"DatabaseName": "db1"},
    }
    clients.call("describe_database", [OK], DatabaseName="db1")
    assert targets(clients.sent) == ["DescribeDatabase@a.example.com"]
    clients.call("describe_database", [endpoints("b.example.com"), OK], DatabaseName="db2")
    assert targets(clients.sent)[1] == "DescribeDatabase@b.example.com"
    # An operation without identifiers sends DescribeEndpoints without arguments.
    clients.call("list_databases", [endpoints("c.example.com"), OK])
    assert clients.sent[0].body == b"{}"
    # A 421 forgets only that call's endpoints.
    clients.call(
        "describe_database",
        [Canned(status=421, body=b"{}"), endpoints("d.example.com"), OK],
        DatabaseName="db2",
    )
    clients.call("describe_database", [OK], DatabaseName="db1")
    assert targets(clients.sent) == ["DescribeDatabase@a.example.com"]


def test_missing_identifier_is_a_validation_error(clock: Clock, tmp_path: Path) -> None:
    """botocore: a raw KeyError before validation (docs/compatibility.md)."""
    with identifying_model(tmp_path):
        clients = pair("timestream-write")
    boto, mine = clients.outcomes("describe_database", [])
    assert isinstance(boto, KeyError)
    assert isinstance(mine, ParamValidationError)
    assert str(mine).endswith('Missing required parameter in input: "DatabaseName"')


@pytest.mark.parametrize(
    ("answer", "crash"),
    [
        ({}, KeyError),
        ({"Endpoints": [{"Address": "a.example.com"}]}, TypeError),
        ({"Endpoints": [{"CachePeriodInMinutes": 1}]}, KeyError),
    ],
)
def test_malformed_discovery_answer_is_a_typed_error(
    clock: Clock, answer: dict[str, Any], crash: type[Exception]
) -> None:
    """botocore crashes on the answer (docs/compatibility.md); strato says discovery failed."""
    clients = pair("timestream-write")
    boto, mine = clients.outcomes("list_databases", [Canned(body=json.dumps(answer).encode())])
    assert_same_requests(clients.boto_answers.requests, clients.mine_answers.requests)
    assert isinstance(boto, crash)
    assert isinstance(mine, EndpointDiscoveryRefreshFailed)
