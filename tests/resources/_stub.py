"""Both clients answered before they send (botocore's ``before-call`` short-circuit and
strato's ``ClientEvents.before_call``), each call's operation and parameters recorded."""

from __future__ import annotations

import copy
from typing import Any

from ._views import outcome


class Calls:
    """Answers both clients with the pages in turn (the collection's operation) or ``{}``,
    before they send; records each call's operation and parameters."""

    def __init__(self, operation: str, pages: list[Any]) -> None:
        self.operation = operation
        self.pages = pages
        self.answered = 0
        self.calls: list[tuple[str, Any]] = []

    def answer(self, name: str) -> Any:
        if name != self.operation:
            return {}
        page = self.pages[min(self.answered, len(self.pages) - 1)]
        self.answered += 1
        return copy.deepcopy(page)

    def record(self, name: str, params: dict[str, Any]) -> None:
        """The parameters as the caller gave them: S3 listings' ``EncodingType="url"``
        (added by a client handler, which runs before this step in one library and after it
        in the other) is left out; the wire tests compare what is sent."""
        given = copy.deepcopy(params)
        if given.get("EncodingType") == "url":
            del given["EncodingType"]
        self.calls.append((name, given))


def run(resource: Any, calls: Calls, library: str, chain: Any) -> Any:
    from botocore.awsrequest import AWSResponse

    client = resource.meta.client
    if library == "boto3":

        def boto_answer(model: Any, **kwargs: Any) -> Any:
            return AWSResponse(None, 200, {}, None), calls.answer(model.name)

        def boto_record(model: Any, params: Any, **kwargs: Any) -> None:
            calls.record(model.name, params)

        client.meta.events.register_first("before-parameter-build", boto_record, "rec")
        client.meta.events.register("before-call", boto_answer, "answer")
        try:
            return outcome(lambda: chain(resource))
        finally:
            client.meta.events.unregister("before-parameter-build", unique_id="rec")
            client.meta.events.unregister("before-call", unique_id="answer")
    events = client._client_events()

    def strato_answer(operation: Any, request: Any) -> Any:
        return 200, calls.answer(operation.name)

    def strato_record(operation: Any, params: Any) -> None:
        calls.record(operation.name, params)

    events.before_parameter_build.insert(0, strato_record)
    events.before_call.append(strato_answer)
    try:
        return outcome(lambda: chain(resource))
    finally:
        events.before_parameter_build.remove(strato_record)
        events.before_call.remove(strato_answer)
