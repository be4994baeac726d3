"""The ``iam-role`` provider: the EC2 instance metadata service (IMDS).

As botocore: an IMDSv2 token ``PUT`` (403/404/405 or a read timeout: go on without
one, 400: give up, anything else: retry), then the role name and the role's
credentials by ``GET``, each tried ``metadata_service_num_attempts`` times; without a
token and with ``ec2_metadata_v1_disabled`` the error leaves the chain. Credentials
near or past their expiry are extended by 15 minutes plus a random 2-10, so an
instance keeps working while the service is unavailable.
"""

from __future__ import annotations

from .. import _log
from .._agent import default_agent
from ..exceptions import MalformedCredentialsError, MetadataRetrievalError, ReadTimeoutError
from .refreshable import RefreshableCredentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._metadata_http import Response
    from .objects import Credentials
    from .plan import ChainPlan, ImdsSettings
    from .providers import Context

METHOD = "iam-role"
TOKEN_PATH = "latest/api/token"
ROLE_PATH = "latest/meta-data/iam/security-credentials/"
TOKEN_TTL = "21600"
_REQUIRED = ("AccessKeyId", "SecretAccessKey", "Token", "Expiration")
#: botocore's refresh window for the expiry extension (its advisory window).
_EXTENSION_BASE_SECONDS = 15 * 60
_LOG = "strato.credentials"


class _GiveUp(Exception):
    """No credentials from IMDS this time (attempts spent, or a 400 to the token PUT)."""


class _Fetcher:
    """The three requests of one retrieval, repeated on every refresh."""

    def __init__(self, settings: ImdsSettings, user_agent: str) -> None:
        self.settings = settings
        self.user_agent = user_agent

    def __call__(self) -> dict[str, Any]:
        """The credentials as a refresh dict, or ``{}`` when IMDS had none to give."""
        try:
            token = self._token()
            role = _text(self._get(ROLE_PATH, token, _bad_role_answer))
            answer = self._get(ROLE_PATH + role, token, _bad_credentials_answer)
        except _GiveUp as why:
            _log.debug(_LOG, "No credentials from the instance metadata service: %s", why)
            return {}
        document = _document(answer)
        if document is None:
            return {}
        return {
            "role_name": role,
            "access_key": document["AccessKeyId"],
            "secret_key": document["SecretAccessKey"],
            "token": document["Token"],
            "expiry_time": _extended(document["Expiration"]),
            "account_id": None,
        }

    def _url(self, path: str) -> str:
        base = self.settings.endpoint
        return f"{base}{'' if not base or base.endswith('/') else '/'}{path}"

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        return {**extra, "User-Agent": self.user_agent}

    def _token(self) -> str | None:
        from ._metadata_http import RETRYABLE, send

        url = self._url(TOKEN_PATH)
        headers = self._headers({"x-aws-ec2-metadata-token-ttl-seconds": TOKEN_TTL})
        for _ in range(self.settings.attempts):
            try:
                answer = send("PUT", url, headers, self.settings.timeout)
            except RETRYABLE as exc:
                if isinstance(exc, ReadTimeoutError):
                    return None  # no retry: IMDSv1 straight away
                _log.debug(_LOG, "Caught retryable HTTP exception: %s", exc)
                continue
            if answer.status == 200:
                return _text(answer)
            if answer.status in (403, 404, 405):
                return None
            if answer.status == 400:
                raise _GiveUp(f"the token request to {url} was refused (400)")
        return None

    def _get(self, path: str, token: str | None, bad: Any) -> Response:
        from ._metadata_http import RETRYABLE, send

        if not token and self.settings.v1_disabled:
            raise MetadataRetrievalError(
                error_msg="Unable to retrieve token for use in IMDSv2 call and IMDSv1 has "
                "been disabled"
            )
        url = self._url(path)
        headers = self._headers({} if token is None else {"x-aws-ec2-metadata-token": token})
        for _ in range(self.settings.attempts):
            try:
                answer = send("GET", url, headers, self.settings.timeout)
            except RETRYABLE as exc:
                _log.debug(_LOG, "Caught retryable HTTP exception: %s", exc)
                continue
            if not bad(answer):
                return answer
        raise _GiveUp(f"max number of attempts exceeded ({self.settings.attempts}) for {url}")


def _bad_role_answer(answer: Response) -> bool:
    if answer.status != 200 or not answer.body:
        _log.debug(
            _LOG,
            "Metadata service returned status %s for url: %s, content body: %r",
            answer.status,
            answer.url,
            answer.body,
        )
        return True
    return False


def _bad_credentials_answer(answer: Response) -> bool:
    if _bad_role_answer(answer):
        return True
    import json

    try:
        json.loads(answer.text())
    except ValueError:
        _log.debug(_LOG, "Metadata service returned invalid json for url: %s", answer.url)
        return True
    return False


def _text(answer: Response) -> str:
    try:
        return answer.text()
    except (UnicodeDecodeError, LookupError) as exc:  # botocore: the raw error
        raise MalformedCredentialsError(
            provider=METHOD, error_msg=f"{answer.url} answered text that cannot be read: {exc}"
        ) from None


def _document(answer: Response) -> dict[str, Any] | None:
    """The credentials document, or None (logged) for an error document or missing fields.

    botocore tests each field with ``in``: a JSON array or string lacking one is "no
    credentials" too; other shapes crash there (strato: a typed error).
    """
    import json

    document = json.loads(answer.text())
    if isinstance(document, dict | list | str):
        missing = [field for field in _REQUIRED if field not in document]
        if missing:
            _log.debug(_LOG, "Retrieved credentials is missing required field: %s", missing[0])
            if isinstance(document, dict) and "Code" in document and "Message" in document:
                _log.debug(
                    _LOG, "Error response received when retrieving credentials: %s.", document
                )
            return None
        if isinstance(document, dict):
            return document
    raise MalformedCredentialsError(
        provider=METHOD,
        error_msg=f"{answer.url} answered a JSON {type(document).__name__}, not an object",
    )


def _extended(expiration: object) -> object:
    """botocore's stale-credential extension: an expiry less than 15 + 2..10 minutes away
    becomes now plus that offset (text it cannot read passes through unchanged)."""
    import random
    from datetime import UTC, datetime, timedelta

    if not isinstance(expiration, str):
        raise MalformedCredentialsError(
            provider=METHOD, error_msg=f"the Expiration {expiration!r} is not a timestamp text"
        )
    try:
        expiry = datetime.strptime(expiration, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        _log.debug(_LOG, "Unable to parse expiry_time in %s", expiration)
        return expiration
    offset = _EXTENSION_BASE_SECONDS + random.randint(120, 600)
    now = datetime.now(UTC).replace(tzinfo=None)
    if now < expiry - timedelta(seconds=offset):
        return expiration
    _log.info(
        _LOG,
        "Attempting credential expiration extension due to a credential service "
        "availability issue. A refresh of these credentials will be attempted again within "
        "the next %.0f minutes.",
        offset / 60,
    )
    return (now + timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%SZ")


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    """Credentials of the instance's role, or None off EC2 (or with IMDS disabled)."""
    if ctx.environ.get("AWS_EC2_METADATA_DISABLED", "false").lower() == "true":
        _log.debug(_LOG, "Access to EC2 metadata has been disabled.")
        ctx.note(METHOD, "disabled by AWS_EC2_METADATA_DISABLED")
        return None
    fetch = _Fetcher(plan.imds, ctx.user_agent or default_agent())
    data = fetch()
    if not data:
        ctx.note(METHOD, f"no credentials from {plan.imds.endpoint}")
        return None
    _log.info(_LOG, "Found credentials from IAM Role: %s", data["role_name"])
    source = f"instance metadata {plan.imds.endpoint} role {data['role_name']}"
    return RefreshableCredentials.from_fetched(data, fetch, METHOD, source)
