"""The ``login`` provider: credentials of an ``aws login`` session (``login_session``).

The cached session (``~/.aws/login/cache/<sha256 of the session name>.json``) is used
as it is, even if expired; refreshing calls ``signin`` ``CreateOAuth2Token`` with a
DPoP proof signed by the session's EC P-256 key. botocore signs with the optional CRT;
strato signs with ``cryptography`` when it is installed, and otherwise raises
botocore's ``MissingDependencyException`` as soon as a profile asks for login.
"""

from __future__ import annotations

from .. import _log
from ..exceptions import (
    InvalidConfigError,
    LoginError,
    LoginInsufficientPermissions,
    LoginRefreshRequired,
    LoginTokenLoadError,
)
from .refreshable import RefreshableCredentials

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime
    from typing import Any

    from ..clients.service_handlers import Outgoing
    from .objects import Credentials
    from .plan import ChainPlan
    from .providers import Context

_LOG = "strato.credentials"
_REQUIRED = ("accessToken", "refreshToken", "dpopKey", "clientId")
#: A cached session with more than this many seconds left was refreshed by someone else.
_REFRESHED_ELSEWHERE_SECONDS = 5 * 60
_INSTALL_HINT = (
    "Using the login credential provider requires an additional dependency. You will "
    'need to pip install "cryptography" (or "strato[login]") before proceeding.'
)


def cache_dir(environ: Mapping[str, str]) -> str:
    """``AWS_LOGIN_CACHE_DIRECTORY`` (``$VAR`` and ``~`` expanded) or ``~/.aws/login/cache``."""
    import os.path

    if "AWS_LOGIN_CACHE_DIRECTORY" in environ:
        return os.path.expanduser(os.path.expandvars(environ["AWS_LOGIN_CACHE_DIRECTORY"]))
    return os.path.expanduser(os.path.join("~", ".aws", "login", "cache"))


def cache_file(session_name: str, directory: str) -> str:
    import hashlib
    import os.path

    digest = hashlib.sha256(session_name.encode("utf-8")).hexdigest()
    return os.path.join(directory, digest + ".json")


def provide(plan: ChainPlan, ctx: Context) -> Credentials | None:
    profile = ctx.full_config().profiles.get(plan.profile)
    if profile is None or "login_session" not in profile.values:
        return None
    _require_cryptography()
    name = profile.values["login_session"]
    if not isinstance(name, str):
        raise InvalidConfigError(
            error_msg=f"login_session at {profile.origins['login_session']} is a nested block; "
            "expected a value"
        )
    session = _Session(name, cache_dir(ctx.environ), ctx)
    cached = session.cached_credentials()
    source = f"login session {name} ({profile.origins['login_session']})"
    ctx.note("login", f"found: {source}")
    return RefreshableCredentials.from_fetched(cached, session.refresh, "login", source)


def _require_cryptography() -> None:
    try:
        import cryptography.hazmat.primitives.asymmetric.ec  # noqa: F401
    except ImportError:
        from ..exceptions import MissingDependencyException

        raise MissingDependencyException(msg=_INSTALL_HINT) from None


def _now() -> datetime:
    from datetime import UTC, datetime

    return datetime.now(UTC)


class _Session:
    """One login session's cache entry, read and refreshed."""

    def __init__(self, name: str, directory: str, ctx: Context) -> None:
        self._name = name
        self._path = cache_file(name, directory)
        self._ctx = ctx

    def _load(self) -> dict[str, Any] | None:
        import json

        try:
            with open(self._path, "rb") as fh:
                data = json.loads(fh.read().decode("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            # botocore: a bare KeyError from its JSON file cache.
            raise LoginTokenLoadError(
                error_msg=f"{self._path} is not a readable JSON login session; "
                "please reauthenticate with 'aws login'."
            ) from None
        if not isinstance(data, dict):
            raise LoginTokenLoadError(error_msg=f"{self._path} does not hold a JSON object.")
        return data

    def cached_credentials(self) -> dict[str, Any]:
        """The cached credentials whatever their expiry (botocore hands them out as is)."""
        token = self._load()
        if token is None:
            raise LoginTokenLoadError(
                error_msg="Unable to load a existing login session for session "
                f"{self._name}. Please reauthenticate with 'aws login'."
            )
        missing = [key for key in _REQUIRED if key not in token]
        if missing:
            raise LoginTokenLoadError(
                error_msg="Failed to load access token from token cache, missing required "
                f"fields: {', '.join(missing)}."
            )
        return self._credentials(token)

    def _credentials(self, token: dict[str, Any]) -> dict[str, Any]:
        access = token["accessToken"]
        fields = ("accessKeyId", "secretAccessKey", "sessionToken", "expiresAt", "accountId")
        missing = [key for key in fields if not isinstance(access, dict) or key not in access]
        if missing:
            # botocore: a bare KeyError naming the first missing field.
            raise LoginTokenLoadError(
                error_msg=f"accessToken in {self._path} lacks {', '.join(missing)}."
            )
        return {
            "access_key": access["accessKeyId"],
            "secret_key": access["secretAccessKey"],
            "token": access["sessionToken"],
            "expiry_time": access["expiresAt"],
            "account_id": access["accountId"],
        }

    def refresh(self) -> dict[str, Any]:
        """New credentials from ``CreateOAuth2Token``, written back to the cache entry."""
        from datetime import timedelta

        from .refreshable import parse_expiry

        token = self._load()
        if token is None:
            raise LoginTokenLoadError(
                error_msg=f"Unable to load a existing login session for session {self._name}. "
                "Please reauthenticate with 'aws login'."
            )
        key = _private_key(token)
        access = token.get("accessToken")
        if isinstance(access, dict) and "expiresAt" in access:
            remaining = parse_expiry(access["expiresAt"], "login") - _now()
            if remaining.total_seconds() > _REFRESHED_ELSEWHERE_SECONDS:
                return self._credentials(token)
        clients = self._ctx.clients
        assert clients is not None, "the session gives providers a client factory"
        region = token.get("signInRegion") or None
        client = clients("signin", region_name=region, unsigned=True)
        client._call_hooks.setdefault("CreateOAuth2Token", []).append(
            lambda out: _add_dpop(key, out)
        )
        from ..exceptions import ClientError

        try:
            answer = client.create_o_auth2_token(
                tokenInput={
                    "clientId": token["clientId"],
                    "refreshToken": token["refreshToken"],
                    "grantType": "refresh_token",
                }
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "AccessDeniedException":
                raise
            error = exc.response.get("error", "")
            if error in ("TOKEN_EXPIRED", "USER_CREDENTIALS_CHANGED"):
                raise LoginRefreshRequired() from exc
            if error == "INSUFFICIENT_PERMISSIONS":
                raise LoginInsufficientPermissions() from exc
            raise LoginError() from exc
        if answer is None or "tokenOutput" not in answer:
            raise LoginTokenLoadError(
                error_msg="Unable to refresh access token due to an invalid service response. "
                "Please try running 'aws login' again. If the issue persists, there may be a "
                "temporary signin service problem."
            )
        output = answer["tokenOutput"]
        expires = _now() + timedelta(seconds=output["expiresIn"])
        token["accessToken"] = {
            "accessKeyId": output["accessToken"]["accessKeyId"],
            "secretAccessKey": output["accessToken"]["secretAccessKey"],
            "sessionToken": output["accessToken"]["sessionToken"],
            "accountId": token["accessToken"]["accountId"],
            "expiresAt": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        token["refreshToken"] = output["refreshToken"]
        self._save(token)
        return self._credentials(token)

    def _save(self, token: dict[str, Any]) -> None:
        """Atomically, owner-only, as botocore's JSON file cache writes."""
        import json
        import os

        from .._atomic import write_atomic

        os.makedirs(os.path.dirname(self._path), exist_ok=True)
        write_atomic(self._path, json.dumps(token).encode("utf-8"))


def _private_key(token: dict[str, Any]) -> Any:
    """The session's EC key from its PEM text (PKCS#8 or SEC 1)."""
    import base64
    import binascii

    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_der_private_key

    if "dpopKey" not in token:
        raise LoginTokenLoadError(error_msg="Private key not found in cached token.")
    pem = token["dpopKey"]
    lines = pem.splitlines() if isinstance(pem, str) else []
    body = "".join(line for line in lines if not line.startswith("-----")).strip()
    try:
        key = load_der_private_key(base64.b64decode(body), password=None)
    except (ValueError, TypeError, binascii.Error):
        key = None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise LoginTokenLoadError(error_msg="Unable to load private key from cached token.")
    return key


def _b64url(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def dpop_proof(key: Any, url: str) -> str:
    """An RFC 9449 DPoP proof (ES256 JWT) for ``POST url``, as botocore builds it."""
    import json
    import time
    import uuid

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    numbers = key.public_key().public_numbers()
    jwk = {
        "kty": "EC",
        "x": _b64url(numbers.x.to_bytes(32, "big")),
        "y": _b64url(numbers.y.to_bytes(32, "big")),
        "crv": "P-256",
    }
    header = {"typ": "dpop+jwt", "alg": "ES256", "jwk": jwk}
    payload = {"htm": "POST", "htu": url, "iat": int(time.time()), "jti": str(uuid.uuid4())}
    signing_input = ".".join(
        _b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, payload)
    )
    r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return f"{signing_input}.{_b64url(signature)}"


def _add_dpop(key: Any, out: Outgoing) -> None:
    out.headers["DPoP"] = dpop_proof(key, out.url)
    _log.debug(_LOG, "Added a DPoP proof for %s", out.url)
