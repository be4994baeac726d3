"""Run one case through strato and through botocore, as comparable outcomes."""

from __future__ import annotations

from typing import Any

from botocore.endpoint_provider import EndpointProvider as BotocoreProvider  # type: ignore[import-untyped]
from botocore.exceptions import EndpointResolutionError as BotocoreResolutionError  # type: ignore[import-untyped]

from strato.endpoints import EndpointProvider
from strato.exceptions import EndpointResolutionError

Outcome = tuple[Any, ...]


def expected(case: dict[str, Any]) -> Outcome:
    expect = case["expect"]
    if "error" in expect:
        return ("error", expect["error"])
    endpoint = expect["endpoint"]
    return (
        "endpoint",
        endpoint["url"],
        endpoint.get("properties", {}),
        endpoint.get("headers", {}),
    )


def strato(ruleset: Any, partitions: Any, params: dict[str, Any]) -> Outcome:
    try:
        found = EndpointProvider(ruleset, partitions).resolve(params)
    except EndpointResolutionError as exc:
        return ("error", str(exc))
    return ("endpoint", found.url, found.properties, found.headers)


def botocore(ruleset: Any, partitions: Any, params: dict[str, Any]) -> Outcome:
    try:
        found = BotocoreProvider(ruleset, partitions).resolve_endpoint(**params)
    except BotocoreResolutionError as exc:
        return ("error", str(exc))
    return ("endpoint", found.url, found.properties, found.headers)
