"""The ``container-role`` provider: the ECS / EKS Pod Identity credentials endpoint.

As botocore: ``AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`` (on 169.254.170.2) wins over
``_FULL_URI``, whose host must be loopback or on the allow-list unless it is https;
the authorization token is read (the file again on every fetch) before each fetch;
a GET is tried :data:`ATTEMPTS` times, pausing :data:`SLEEP_SECONDS` after every
failure. Where botocore lets a raw ``ValueError``, ``KeyError`` or ``OSError`` escape,
strato raises a typed error carrying botocore's text.
"""

from __future__ import annotations

from .. import _log
from ..exceptions import (
    CredentialRetrievalError,
    InvalidContainerConfigError,
    MalformedCredentialsError,
    MetadataRetrievalError,
)
from .refreshable import RefreshableCredentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime
    from typing import Any

    from .objects import Credentials
    from .plan import ChainPlan
    from .providers import Context

METHOD = "container-role"
RELATIVE = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
FULL = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
TOKEN = "AWS_CONTAINER_AUTHORIZATION_TOKEN"
TOKEN_FILE = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
#: botocore's ContainerMetadataFetcher constants.
TIMEOUT_SECONDS = 2.0
ATTEMPTS = 3
SLEEP_SECONDS = 1.0
ECS_HOST = "169.254.170.2"
ALLOWED_HOSTS = (ECS_HOST, "169.254.170.23", "fd00:ec2::23", "localhost")
_REQUIRED = ("AccessKeyId", "SecretAccessKey", "Token", "Expiration")
_LOG = "strato.credentials"


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    """Credentials from the container endpoint, or None when neither URI is set."""
    environ = ctx.environ
    if RELATIVE in environ:
        url = f"http://{ECS_HOST}{environ[RELATIVE]}"
    elif FULL in environ:
        url = environ[FULL]
    else:
        return None

    def fetch() -> dict[str, Any]:
        return _fetch(url, environ)

    data = fetch()
    return RefreshableCredentials.from_fetched(data, fetch, METHOD, f"container endpoint {url}")


def _fetch(url: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """One fetch, as botocore orders it: the token, the host check, then the GETs."""
    headers = {"Accept": "application/json"}
    token = _token(environ)
    if token is not None:
        headers["Authorization"] = token
    _check_host(url)
    try:
        document = _get_json(url, headers)
    except MetadataRetrievalError as exc:
        raise CredentialRetrievalError(provider=METHOD, error_msg=str(exc)) from None
    if not isinstance(document, dict) or any(key not in document for key in _REQUIRED):
        missing = [k for k in _REQUIRED if not isinstance(document, dict) or k not in document]
        raise MalformedCredentialsError(
            provider=METHOD,
            error_msg=f"the container endpoint {url} answered without {', '.join(missing)}",
        )
    return {
        "access_key": document["AccessKeyId"],
        "secret_key": document["SecretAccessKey"],
        "token": document["Token"],
        "expiry_time": _expiry(document["Expiration"]),
        "account_id": document.get("AccountId"),
    }


def _token(environ: Mapping[str, str]) -> str | None:
    if TOKEN_FILE in environ:
        path = environ[TOKEN_FILE]
        try:
            with open(path) as fh:  # raw: a trailing newline stays, and is refused below
                token: str | None = fh.read()
        except (OSError, ValueError) as exc:
            raise InvalidContainerConfigError(
                provider=METHOD, error_msg=f"cannot read {TOKEN_FILE} {path!r}: {exc}"
            ) from None
    else:
        token = environ.get(TOKEN)
    if token is not None and ("\r" in token or "\n" in token):
        raise InvalidContainerConfigError(
            provider=METHOD, error_msg="Auth token value is not a legal header value"
        )
    return token


def _check_host(url: str) -> None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise InvalidContainerConfigError(
            provider=METHOD, error_msg=f"cannot read {url!r} as a URL: {exc}"
        ) from None
    if parts.scheme == "https" or _is_loopback(host) or host in ALLOWED_HOSTS:
        return
    raise InvalidContainerConfigError(
        provider=METHOD,
        error_msg=f"Unsupported host '{host}'.  Can only retrieve metadata from a loopback "
        f"address or one of these hosts: {', '.join(ALLOWED_HOSTS)}",
    )


def _is_loopback(host: str | None) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback  # type: ignore[arg-type]
    except ValueError:
        return False


def _get_json(url: str, headers: dict[str, str]) -> Any:
    """The JSON answer, after up to :data:`ATTEMPTS` tries (MetadataRetrievalError)."""
    attempts = 0
    while True:
        try:
            return _get_once(url, headers)
        except MetadataRetrievalError as exc:
            _log.debug(
                _LOG, "Received error when attempting to retrieve container metadata: %s", exc
            )
            _pause()
            attempts += 1
            if attempts >= ATTEMPTS:
                raise


def _get_once(url: str, headers: dict[str, str]) -> Any:
    import json

    from ._metadata_http import RETRYABLE, send

    try:
        answer = send("GET", url, headers, TIMEOUT_SECONDS)
    except RETRYABLE as exc:
        raise MetadataRetrievalError(
            error_msg=f"Received error when attempting to retrieve container metadata: {exc}"
        ) from None
    try:
        text = answer.body.decode("utf-8")
    except UnicodeDecodeError as exc:  # botocore: the raw error, not retried
        raise MalformedCredentialsError(
            provider=METHOD, error_msg=f"the container endpoint {url} answered: {exc}"
        ) from None
    if answer.status != 200:
        raise MetadataRetrievalError(
            error_msg=f"Received non 200 response {answer.status} from container metadata: {text}"
        )
    try:
        return json.loads(text)
    except ValueError:
        _log.debug(_LOG, "Unable to parse JSON returned from container metadata services")
        raise MetadataRetrievalError(
            error_msg="Unable to parse JSON returned from container metadata services"
        ) from None


def _pause() -> None:
    import time

    time.sleep(SLEEP_SECONDS)


def _expiry(value: object) -> datetime:
    from .refreshable import parse_expiry

    if not isinstance(value, str):
        raise MalformedCredentialsError(
            provider=METHOD, error_msg=f"the Expiration {value!r} is not a timestamp text"
        )
    return parse_expiry(value, METHOD)
