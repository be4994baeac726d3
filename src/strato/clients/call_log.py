"""The DEBUG records of a call, as botocore logs them, with secrets masked.

Imported only once :mod:`logging` is (``strato._log`` decides); each record is built
only if its logger would emit it. Logger names mirror botocore's (``strato.endpoint``
for ``botocore.endpoint``, ...). Unlike botocore, values that let someone act as the
caller are replaced by ``***``: signatures, access keys, session and bearer tokens,
secrets in bodies (the model's ``sensitive`` members and credential fields).
"""

from __future__ import annotations

import logging
import re

from .._lazy import cached_property, once

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import OperationModel, Shape
    from .retries import Decision

MASK = "***"
DEBUG = logging.DEBUG

#: Body fields that carry credentials whether or not a model marks them sensitive.
_CREDENTIAL_FIELDS = frozenset(
    {
        "AccessKeyId",
        "SecretAccessKey",
        "SessionToken",
        "accessKeyId",
        "secretAccessKey",
        "sessionToken",
        "accessToken",
        "refreshToken",
        "clientSecret",
        "idToken",
        "Token",
    }
)
#: Headers whose whole value is a secret (lower case); Authorization is masked in part.
_SECRET_HEADERS = frozenset(
    {
        "x-amz-security-token",
        "x-amz-sso_bearer_token",
        "x-amz-server-side-encryption-customer-key",
        "x-amz-copy-source-server-side-encryption-customer-key",
        "dpop",
        "cookie",
        "proxy-authorization",
    }
)
#: Query parameters of presigned URLs (SigV4, SigV2, HMAC-v1) that grant access.
_SECRET_QUERY = frozenset(
    {
        "x-amz-signature",
        "x-amz-credential",
        "x-amz-security-token",
        "signature",
        "awsaccesskeyid",
        "securitytoken",
    }
)


def _logger(name: str) -> logging.Logger | None:
    """The logger if it would emit a DEBUG record now."""
    logger = logging.getLogger(name)
    return logger if logger.isEnabledFor(DEBUG) else None


@once
def _authorization() -> re.Pattern[str]:
    # SigV4's Credential=<key>/<yyyymmdd>/scope (the key ends at the scope's date: a key
    # may hold "/" too) and Signature=<hex>; SigV2/HMAC-v1's "AWS <key>:<sig>".
    return re.compile(r"(Credential=)(?:[^,\s]*(?=/\d{8}/)|[^,\s]*)|(Signature=)[^,\s]*|^(AWS )\S*")


def mask_header(name: str, value: str) -> str:
    lower = name.lower()
    if lower == "authorization":
        return _authorization().sub(
            lambda m: (m.group(1) or m.group(2) or m.group(3)) + MASK, value
        )
    if lower in _SECRET_HEADERS:
        return MASK
    return value


def mask_headers(headers: Any) -> dict[str, str]:
    return {name: mask_header(name, str(value)) for name, value in headers.items()}


def mask_url(url: str) -> str:
    """The URL with the values of presigned query parameters replaced."""
    path, sep, query = url.partition("?")
    if not sep:
        return url
    parts = []
    for pair in query.split("&"):
        key, eq, _ = pair.partition("=")
        parts.append(f"{key}={MASK}" if eq and key.lower() in _SECRET_QUERY else pair)
    return f"{path}?{'&'.join(parts)}"


class _Secrets:
    """The field names whose values a body's text must not show, for one operation."""

    def __init__(self, operation: OperationModel) -> None:
        self._operation = operation

    @cached_property
    def names(self) -> frozenset[str]:
        found = set(_CREDENTIAL_FIELDS)
        seen: set[str] = set()
        for shape in (self._operation.input_shape, self._operation.output_shape):
            if shape is not None:
                _sensitive_names(shape, found, seen)
        return frozenset(found)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        names = "|".join(re.escape(name) for name in sorted(self.names))
        # JSON "name": "value", XML <name>value</name>, a form's name=value.
        return re.compile(
            rf'("(?:{names})"\s*:\s*)"(?:[^"\\]|\\.)*"'
            rf"|(<(?:{names})>)[^<]*(?=</)"
            rf"|((?:^|&)(?:{names})=)[^&]*"
        )

    def text(self, text: str) -> str:
        def masked(match: re.Match[str]) -> str:
            if match.group(1) is not None:
                return f'{match.group(1)}"{MASK}"'
            return (match.group(2) or match.group(3)) + MASK

        return self.pattern.sub(masked, text)

    def value(self, value: Any) -> Any:
        """A body as the request holds it (bytes, text, a form dict), masked."""
        if isinstance(value, dict):
            # A form's keys are paths (``Credentials.SessionToken``): the last part names it.
            return {
                k: MASK if str(k).rpartition(".")[2] in self.names else self.value(v)
                for k, v in value.items()
            }
        if isinstance(value, bytes):
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError:
                return value
            masked = self.text(text)
            return value if masked == text else masked.encode("utf-8")
        if isinstance(value, str):
            return self.text(value)
        return value


def _sensitive_names(shape: Shape, found: set[str], seen: set[str]) -> None:
    from ..model import ListShape, MapShape, StructureShape

    if shape.name in seen:
        return
    seen.add(shape.name)
    if isinstance(shape, StructureShape):
        for name, member in shape.members.items():
            if member.metadata.get("sensitive"):
                found.add(name)
                found.add(member.serialization.get("name", name))
            _sensitive_names(member, found, seen)
    elif isinstance(shape, ListShape):
        _sensitive_names(shape.member, found, seen)
    elif isinstance(shape, MapShape):
        _sensitive_names(shape.value, found, seen)


#: id(operation) -> its secrets (which pin the operation, so the id stays its own).
_secrets: dict[int, _Secrets] = {}


def _secrets_of(operation: OperationModel) -> _Secrets:
    found = _secrets.get(id(operation))
    if found is None:
        found = _secrets[id(operation)] = _Secrets(operation)
    return found


def endpoint_resolved(params: dict[str, Any], url: str) -> None:
    logger = _logger("strato.regions")
    if logger is not None:
        logger.debug("Calling endpoint provider with parameters: %s", params)
        logger.debug("Endpoint provider result: %s", url)


def making_request(
    operation: OperationModel, request: dict[str, Any], url: str, headers: dict[str, str]
) -> None:
    logger = _logger("strato.endpoint")
    if logger is None:
        return
    secrets = _secrets_of(operation)
    shown = {
        "url_path": request["url_path"],
        "query_string": secrets.value(request["query_string"]),
        "method": request["method"],
        "headers": mask_headers(headers),
        "body": secrets.value(request["body"]),
        "url": mask_url(url),
    }
    logger.debug(
        "Making request for OperationModel(name=%s) with params: %s", operation.name, shown
    )


def signing(kind: str) -> None:
    logger = _logger("strato.auth")
    if logger is not None and kind != "none":
        logger.debug("Calculating signature using %s auth.", _SIGNER_NAMES.get(kind, kind))


#: A signing plan's kind -> the name botocore's signer logs.
_SIGNER_NAMES = {"s3": "hmacv1", "s3v4": "v4", "s3express": "v4", "bearer": "bearer"}


def sending(method: str, url: str, headers: Any, streaming: bool) -> None:
    logger = _logger("strato.endpoint")
    if logger is not None:
        logger.debug(
            "Sending http request: <AWSPreparedRequest stream_output=%s, method=%s, url=%s, "
            "headers=%s>",
            streaming,
            method,
            mask_url(url),
            mask_headers(headers),
        )


def received(
    operation: OperationModel, method: str, url: str, response: Any, streaming: bool
) -> None:
    """urllib3's status line, then botocore's parser records (the body masked)."""
    status_logger = _logger("strato.connectionpool")
    if status_logger is not None:
        scheme, _, rest = url.partition("://")
        host, _, target = rest.partition("/")
        status_logger.debug(
            '%s://%s "%s /%s HTTP/1.1" %s %s',
            scheme,
            host,
            method,
            mask_url(target),
            response.status_code,
            response.headers.get("content-length"),
        )
    logger = _logger("strato.parsers")
    if logger is not None:
        logger.debug("Response headers: %r", mask_headers(response.headers))
        body = response.raw if streaming else _secrets_of(operation).value(response.body)
        logger.debug("Response body:\n%r", body)


def retry(decision: Decision) -> None:
    """botocore's retry handler's record, and its endpoint's before a wait."""
    logger = _logger("strato.retries")
    if not decision.retry:
        if logger is not None:
            logger.debug("Not retrying request.")
        return
    if logger is not None:
        logger.debug("Retry needed, retrying request after delay of: %s", decision.delay)
    endpoint = _logger("strato.endpoint")
    if endpoint is not None:
        endpoint.debug("Response received to retry, sleeping for %s seconds", decision.delay)
