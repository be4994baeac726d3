"""Every waiter in botocore's data, and response series generated to exercise its acceptors.

Documents use the identifiers of the waiter's acceptor paths as keys and its expected
values as leaves, so paths hit and comparisons go both ways; error responses carry the
codes its error acceptors expect (or another), statuses its status acceptors expect.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import botocore.session
import jmespath.parser
from hypothesis import strategies as st

#: (service, waiter name, the waiter's configuration) for every waiter of every service.
Waiter = tuple[str, str, dict[str, Any]]


@functools.cache
def loader() -> Any:
    return botocore.session.get_session().get_component("data_loader")


@functools.cache
def services() -> list[str]:
    return list(loader().list_available_services("waiters-2"))


@functools.cache
def waiter_data(service: str) -> dict[str, Any]:
    return dict(loader().load_service_model(service, "waiters-2"))


@functools.cache
def all_waiters() -> list[Waiter]:
    return [
        (service, name, config)
        for service in services()
        for name, config in waiter_data(service)["waiters"].items()
    ]


def _identifiers(config: dict[str, Any]) -> list[str]:
    names: set[str] = set()
    for acceptor in config["acceptors"]:
        argument = acceptor.get("argument") or ""
        # Not inside quotes or literals: those are values, not keys.
        bare = re.sub(r"'[^']*'|`[^`]*`", "", argument)
        names.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", bare))
    return sorted(names - {"length"}) or ["Status"]


def _leaves(config: dict[str, Any]) -> list[Any]:
    values: list[Any] = [None, True, False, 0, 1, 2, "", "x"]
    for acceptor in config["acceptors"]:
        if acceptor["matcher"].startswith("path"):
            values.append(acceptor["expected"])
        for literal in re.findall(r"'([^']*)'", acceptor.get("argument") or ""):
            values.append(literal)
    return values


def documents(config: dict[str, Any]) -> st.SearchStrategy[Any]:
    """JSON documents shaped by the waiter's paths (keys) and expected values (leaves)."""
    keys = st.sampled_from(_identifiers(config))
    return st.recursive(
        st.sampled_from(_leaves(config)),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
        max_leaves=10,
    )


def _statuses(config: dict[str, Any]) -> list[int]:
    found = [a["expected"] for a in config["acceptors"] if a["matcher"] == "status"]
    return [200, 400, 404, *found]


def _codes(config: dict[str, Any]) -> list[str]:
    found = [
        a["expected"]
        for a in config["acceptors"]
        if a["matcher"] == "error" and isinstance(a["expected"], str)
    ]
    return ["SomethingElse", *found]


def responses(config: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A parsed response or error response, as a client's method (or its ClientError) has."""
    statuses = st.sampled_from(_statuses(config))
    body = st.builds(
        lambda document, status: {
            **(document if isinstance(document, dict) else {"Value": document}),
            "ResponseMetadata": {"HTTPStatusCode": status},
        },
        documents(config),
        statuses,
    )
    error = st.builds(
        lambda code, message, status: {
            "Error": {"Code": code, **({"Message": message} if message is not None else {})},
            "ResponseMetadata": {"HTTPStatusCode": status},
        },
        st.sampled_from(_codes(config)),
        st.sampled_from([None, "went wrong"]),
        statuses,
    )
    return st.one_of(body, error)


def matching_document(argument: str, expected: Any) -> Any:
    """A document on which ``argument`` yields ``expected`` (a list of it under a
    projection), for paths of fields, ``.``, ``[]``, ``[*]`` and ``.*``; None otherwise."""
    try:
        return _build(jmespath.parser.Parser().parse(argument).parsed, expected)
    except LookupError:
        return None


def _build(node: dict[str, Any], value: Any) -> Any:
    kind, children = node["type"], node.get("children", [])
    if kind == "identity":
        return value
    if kind == "field":
        return {node["value"]: value}
    if kind == "subexpression":
        for child in reversed(children):
            value = _build(child, value)
        return value
    if kind == "projection":
        return _build(children[0], [_build(children[1], value)])
    if kind == "value_projection":
        return _build(children[0], {"k": _build(children[1], value)})
    if kind == "flatten":
        return _build(children[0], value)
    raise LookupError(kind)
