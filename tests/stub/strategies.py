"""Hypothesis strategies for Stubber scripts, drawn from botocore's service models."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from client.strategies import for_shape

from ._both import ANY_MARK

#: A protocol of each kind and the services whose handlers touch stubbed calls: S3's
#: parameter and listing handlers, IAM's policy decoding, EC2's console output, CloudFormation's
#: templates, SQS's query error codes, RDS's presigned URLs, Glacier's account id, Route 53's
#: ids, DynamoDB's account-id endpoints.
SERVICES = (
    "s3",
    "sts",
    "iam",
    "dynamodb",
    "sqs",
    "lambda",
    "ec2",
    "cloudformation",
    "rds",
    "glacier",
    "route53",
    "secretsmanager",
)
#: Values of every kind, to put where the model wants another.
WRONG_VALUES = st.sampled_from([1, "text", 1.5, True, [], {}, None, ["a"], {"K": 1}])


def methods(client: Any) -> dict[str, str]:
    """Operation name -> client method name."""
    return {op: method for method, op in client.meta.method_to_api_mapping.items()}


@st.composite
def operation(draw: st.DrawFn, clients: Any, services: tuple[str, ...] = SERVICES) -> Any:
    """(service, the botocore client, strato's, the method, its botocore operation model)."""
    service = draw(st.sampled_from(services))
    boto, mine = clients(service)
    model = boto.meta.service_model
    name = draw(st.sampled_from(sorted(model.operation_names)))
    return service, boto, mine, methods(boto)[name], model.operation_model(name)


def output(op: Any) -> st.SearchStrategy[Any]:
    """A valid response of ``op``, sometimes with ``ResponseMetadata``."""
    shape = op.output_shape
    body = st.just({}) if shape is None else for_shape(shape)
    meta = st.sampled_from([None, {"RequestId": "req-1", "HTTPStatusCode": 200}])
    return st.tuples(body, meta).map(
        lambda t: t[0] if t[1] is None else {**t[0], "ResponseMetadata": t[1]}
    )


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place inside ``value`` (dict keys and list indexes), outermost first."""
    found: list[tuple[Any, ...]] = []
    items: Any = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, inner in items:
        found.append((*prefix, key))
        found += _paths(inner, (*prefix, key))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    if isinstance(value, dict):
        return {k: _replaced(v, path[1:], new) if k == path[0] else v for k, v in value.items()}
    return [_replaced(v, path[1:], new) if i == path[0] else v for i, v in enumerate(value)]


@st.composite
def with_any(draw: st.DrawFn, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with one value, at the top or nested, replaced by ``ANY``."""
    places = _paths(params)
    if not places:
        return params
    return dict(_replaced(params, draw(st.sampled_from(places)), ANY_MARK))


@st.composite
def mismatched(draw: st.DrawFn, params: dict[str, Any]) -> dict[str, Any]:
    """Expected parameters that differ from ``params``: one more, one fewer, one changed."""
    kinds = ["extra"] + (["missing", "changed"] if params else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "extra":
        return {**params, "NotAParameter": draw(WRONG_VALUES)}
    key = draw(st.sampled_from(sorted(params)))
    if kind == "missing":
        return {k: v for k, v in params.items() if k != key}
    place = draw(st.sampled_from([p for p in _paths(params) if p[0] == key]))
    return dict(_replaced(params, place, ("changed", draw(WRONG_VALUES))))


@st.composite
def invalid(draw: st.DrawFn, response: Any) -> Any:
    """``response`` made wrong for its shape (or not a dict at all)."""
    kind = draw(st.sampled_from(["unknown member", "wrong value", "not a dict"]))
    if kind == "not a dict":
        return draw(st.sampled_from([None, [], "text", 1, ["ResponseMetadata"]]))
    places = [p for p in _paths(response) if p[0] != "ResponseMetadata"]
    if kind == "unknown member" or not places:
        return {**response, "NotAMember": draw(WRONG_VALUES)}
    return _replaced(response, draw(st.sampled_from(places)), draw(WRONG_VALUES))
