"""Resource pairs (boto3's and strato's, made alike) in an isolated home, and their calls
recorded with canned answers at a frozen clock (tests/client's harness)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3.session
import pytest

if "client._compare" not in sys.modules:  # run alone: tests/client's conftest did not load
    pytest.register_assert_rewrite("client._compare")

from boto3.resources.model import ResourceModel
from hypothesis import strategies as st

import strato
from client._harness import BotocoreRecorder, Canned, Captured, StratoRecorder, frozen
from conformance._isolation import Home, module_home  # noqa: F401

KEYS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret"}
REGION = "us-east-1"
#: The services whose resource models the generated tests draw from.
SERVICES = ("s3", "dynamodb", "sqs", "sns", "iam", "ec2", "cloudformation", "cloudwatch", "glacier")
#: Made-up identifier values.
IDENTIFIERS = st.text(alphabet="abcxyz019-", min_size=1, max_size=10)


def make_pair(service: str, api_version: str | None = None, **kwargs: Any) -> tuple[Any, Any]:
    """boto3's and strato's service resource, made with the same arguments."""
    kwargs.setdefault("region_name", REGION)
    theirs = boto3.session.Session(**KEYS).resource(service, api_version=api_version, **kwargs)
    mine = strato.Session(**KEYS).resource(service, api_version=api_version, **kwargs)
    return theirs, mine


def service_models() -> Iterator[tuple[str, dict[str, Any], ResourceModel]]:
    """(service, boto3's resources-1 model, boto3's model of the service resource) of each
    of :data:`SERVICES`."""
    loader = boto3.session.Session()._loader
    for service in SERVICES:
        model = loader.load_service_model(service, "resources-1")
        yield service, model, ResourceModel(service, model["service"], model["resources"])


def input_count(subresource: Any) -> int:
    """How many identifiers a sub-resource method takes from its caller."""
    return sum(1 for i in subresource.resource.identifiers if i.source == "input")


class Recording:
    """The requests each library sent inside :func:`recording`; each answer is ``canned``
    (change it between calls) or the next of ``answers``."""

    def __init__(self, theirs: BotocoreRecorder, mine: StratoRecorder) -> None:
        self._theirs = theirs
        self._mine = mine

    @property
    def boto3(self) -> list[Captured]:
        return self._theirs.requests

    @property
    def strato(self) -> list[Captured]:
        return self._mine.requests

    def answer(self, canned: Canned) -> None:
        self._theirs.canned = self._mine.canned = canned


@contextmanager
def recording(theirs: Any, mine: Any, canned: Canned | None = None) -> Iterator[Recording]:
    """Capture what ``theirs`` (boto3) and ``mine`` (strato) resources' clients send."""
    canned = canned or Canned()
    boto_recorder = BotocoreRecorder(canned)
    strato_recorder = StratoRecorder(canned)
    events = theirs.meta.client.meta.events
    events.register("before-send", boto_recorder, unique_id="strato-resource-recorder")
    mine.meta.client._transport = strato_recorder
    try:
        with frozen():
            yield Recording(boto_recorder, strato_recorder)
    finally:
        events.unregister("before-send", unique_id="strato-resource-recorder")
        mine.meta.client._transport = None
