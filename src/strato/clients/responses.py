"""botocore's service-specific response handlers, where they change what a call returns.

Before parsing: S3's errors inside a 200 answer and its ``Expires`` header, SSO OIDC's
OAuth2 error text. After parsing (for errors too, as botocore's ``after-call`` runs before
the error is raised): EC2's base64 console output, CloudFormation's JSON templates, and SQS's
choice of error code. Each checks the service and operation first: other calls pay nothing.
"""

from __future__ import annotations

from ..protocols._shape_cache import cached_on

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import OperationModel, ServiceModel, StructureShape


def service_key(model: ServiceModel) -> str:
    """The service part of botocore's event names: the service id, hyphenated, lower case
    (kept on the model: every call asks)."""
    store = model.__dict__
    key: str | None = store.get(_SERVICE_KEY)
    if key is None:
        key = store[_SERVICE_KEY] = str(model.service_id).replace(" ", "-").lower()
    return key


_SERVICE_KEY = "_strato_service_key"


def before_parse(
    model: ServiceModel, operation: OperationModel, response: dict[str, Any]
) -> dict[str, Any]:
    """Adjust the raw response in place; return the members botocore adds after parsing."""
    key = service_key(model)
    added: dict[str, Any] = {}
    if key == "s3":
        if _error_in_200(operation, response):
            response["status_code"] = 500
        _expires(operation, response, added)
    elif key == "sso-oidc":
        _oauth2_message(response)
    return added


def _error_in_200(operation: OperationModel, response: dict[str, Any]) -> bool:
    """S3 can answer 200 with an ``<Error>`` body (or a body cut short): it is a 500.

    Not for outputs that are the body itself (a blob or text payload, event streams).
    """
    body = response["body"]
    shape = operation.output_shape
    if response["status_code"] != 200 or not body or shape is None:
        return False
    if operation.has_event_stream_output:
        return False
    payload = shape.serialization.get("payload")
    if payload is not None and shape.members[payload].type_name in ("blob", "string"):
        return False
    from strato.protocols._xmltree import ExpatError, parse  # ElementTree's tree and errors

    try:
        root = parse(body)
    except ExpatError:
        return True
    return root.tag == "Error"


def _expires(operation: OperationModel, response: dict[str, Any], added: dict[str, Any]) -> None:
    """The raw ``Expires`` header is also ``ExpiresString``; unparsable, it is dropped (from
    the result and from ``HTTPHeaders``) instead of failing the call."""
    shape = operation.output_shape
    if shape is None or not cached_on(shape, "_strato_expires_member", _has_expires):
        return
    headers = response["headers"]
    names = [name for name in headers if name.lower() == "expires"]
    value = headers[names[-1]] if names else None
    if not value:
        return
    added["ExpiresString"] = value
    from strato.protocols.timestamps import parse_timestamp

    try:
        parse_timestamp(value)
    except (ValueError, RuntimeError):
        from .. import _log

        _log.warning(
            "strato.client",
            'Failed to parse the "Expires" member as a timestamp: %s. '
            'The unparsed value is available in the response under "ExpiresString".',
            value,
        )
        response["headers"] = {k: v for k, v in headers.items() if k.lower() != "expires"}


def _has_expires(shape: StructureShape) -> bool:
    """Whether the output has botocore's ``Expires`` header member."""
    return any(
        member.name == "Expires" and member.serialization.get("name") == "Expires"
        for member in shape.members.values()
    )


def _oauth2_message(response: dict[str, Any]) -> None:
    """OAuth2 errors say ``error_description``; it becomes the message unless one is set."""
    if response["status_code"] < 400:
        return
    import json

    try:
        body = json.loads(response["body"] or b"{}")
        message = body.get("error_description")
    except (ValueError, AttributeError, TypeError):
        return
    if message and not body.get("Message", body.get("message")):
        body["Message"] = message
        response["body"] = json.dumps(body).encode("utf-8")


def after_call(model: ServiceModel, operation: OperationModel, parsed: dict[str, Any]) -> None:
    """Decode EC2 console output and CloudFormation JSON templates in the result; read
    SQS's error, as botocore does."""
    key = service_key(model)
    if key == "ec2" and operation.name == "GetConsoleOutput" and "Output" in parsed:
        parsed["Output"] = _console_output(parsed["Output"])
    elif key == "cloudformation" and operation.name == "GetTemplate" and "TemplateBody" in parsed:
        parsed["TemplateBody"] = _template(parsed["TemplateBody"])
    elif key == "sqs":
        # botocore's SQS handler reads every answer's error (its code is chosen in
        # error_code): a stubbed answer that is no dict fails here as it does there.
        parsed.get("Error")


def error_code(model: ServiceModel, error: dict[str, Any]) -> Any:
    """The code that picks the exception class: SQS's modeled errors are named by the
    awsQuery code the JSON parser keeps in ``QueryErrorCode``; other services by ``Code``."""
    if service_key(model) == "sqs" and error.get("QueryErrorCode"):
        return error["QueryErrorCode"]
    return error.get("Code")


def _console_output(value: Any) -> Any:
    """Base64 of text that may not be UTF-8 (undecodable bytes become U+FFFD); a value that
    does not decode is kept as it came."""
    import base64

    try:
        return base64.b64decode(bytes(value, "latin-1")).decode("utf-8", "replace")
    except (ValueError, TypeError):
        return value


def _template(value: Any) -> Any:
    """A JSON template as the document (key order kept); YAML or other text as it came."""
    import json
    from collections import OrderedDict

    try:
        return json.loads(value, object_pairs_hook=OrderedDict)
    except (ValueError, TypeError):
        return value
