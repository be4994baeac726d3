"""Choosing how a request is signed, and signing it.

The choice follows botocore: the endpoint's ``authSchemes`` when it has any, else the
operation's auth trait, else ``Config(signature_version=...)`` or the service's version;
``v4`` from a scheme or trait becomes ``s3v4`` for S3 signing names. The result is a small
plan (kind, name, region) applied per request. A requested version that no scheme offers
is botocore's "legacy" case: it signs as requested, with the service's signing name and
the client's region.
"""

from __future__ import annotations

from .. import exceptions as errors
from .config import UNSIGNED

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import OperationModel, ServiceModel
    from ..signing import SigningRequest
    from .checksums import RequestChecksum

_S3_SIGNING_NAMES = ("s3", "s3-outposts", "s3-object-lambda", "s3express")
_AUTH_TRAITS = {
    "aws.auth#sigv4": "v4",
    "aws.auth#sigv4a": "v4a",
    "smithy.api#httpBearerAuth": "bearer",
    "smithy.api#noAuth": "none",
}
#: Signature versions strato can sign with (``bearer`` finds no token yet: NoAuthTokenError).
_SUPPORTED = ("v4", "s3v4", "s3", "s3express", "v2", "bearer", "none")
#: botocore's ``disable_signing`` handlers: unsigned whatever the endpoint's auth schemes say.
_UNSIGNED_OPERATIONS = frozenset(
    {
        ("cognito-identity", "GetId"),
        ("cognito-identity", "GetOpenIdToken"),
        ("cognito-identity", "UnlinkIdentity"),
        ("cognito-identity", "GetCredentialsForIdentity"),
        ("sts", "AssumeRoleWithSAML"),
        ("sts", "AssumeRoleWithWebIdentity"),
    }
)
#: Scheme names botocore picks, in the endpoint's order, when no version is requested.
_DEFAULT_SCHEMES = ("v4", "v4-s3express", "none")


class SigningPlan:
    """How one request is signed: ``kind`` is v4, s3v4, s3express, s3 (HMAC-SHA1), v2 or none.

    ``identity``, when set, signs instead of the client's credentials: an S3 Express
    session (anything with ``get_frozen_credentials``), read at each attempt.
    """

    __slots__ = ("identity", "kind", "name", "payload_signing", "region")

    def __init__(self, kind: str, name: str, region: str | None, payload_signing: bool) -> None:
        self.kind = kind
        self.name = name
        self.region = region
        self.payload_signing = payload_signing
        self.identity: Any = None

    def __repr__(self) -> str:
        return f"SigningPlan({self.kind!r}, name={self.name!r}, region={self.region!r})"


def _operation_auth_type(operation: OperationModel) -> str | None:
    """The operation's own ``auth`` trait (not the service's), else its ``authtype``."""
    traits = operation.auth
    return _first_known(traits) if traits else operation.auth_type


def _first_known(traits: list[str]) -> str:
    """botocore's ``resolve_auth_type``: the first trait it can sign with (SigV4a needs the
    CRT, which neither library has here, so it is passed over)."""
    for trait in traits:
        kind = _AUTH_TRAITS.get(trait)
        if kind is None:
            raise errors.UnknownSignatureVersionError(signature_version=trait)
        if kind != "v4a":
            return kind
    from strato.exceptions import UnsupportedSignatureVersionError

    raise UnsupportedSignatureVersionError(signature_version=traits)


def _scheme_matches(requested: str, scheme: str) -> bool:
    if requested in ("s3", "s3v4") and scheme == "v4":
        return True
    return requested == scheme or requested.startswith(scheme)


def plan_signing(
    operation: OperationModel,
    service: ServiceModel,
    requested: Any,
    endpoint_properties: dict[str, Any],
    client_region: str | None,
    *,
    presign: bool = False,
    scope: dict[str, str] | None = None,
) -> SigningPlan:
    """Pick the signer for one call (botocore's RequestSigner + auth-scheme rules).

    botocore's order: the operation's auth trait, replaced by the endpoint's
    ``authSchemes`` when it has any (so a ``noAuth`` operation is signed if its endpoint
    names a scheme); with neither, ``Config(signature_version=...)``, else the service's
    version. Only a version taken from the operation or the endpoint becomes S3's signer
    for S3 signing names. A presigned URL skips the operation's auth trait, as botocore's
    presigner does. ``scope`` is the client's endpoints.json ``credentialScope``: botocore's
    signing name and region when the endpoint's scheme names none.
    """
    scope = scope or {}
    name = scope.get("service") or service.signing_name
    region = scope.get("region") or client_region
    auth_type: Any = None if presign else _operation_auth_type(operation)
    schemes = endpoint_properties.get("authSchemes")
    if requested is UNSIGNED and (schemes or auth_type is None):
        auth_type = "none"
    elif schemes:
        chosen = None
        for scheme in schemes:
            short = scheme["name"].split("#")[-1].replace("sigv", "v", 1)
            if requested is not None:
                if _scheme_matches(requested, short):
                    chosen, auth_type = scheme, requested
                    break
            elif short in _DEFAULT_SCHEMES:
                chosen, auth_type = scheme, short
                break
        if chosen is None and requested is None and any(s["name"] == "sigv4a" for s in schemes):
            from strato.exceptions import MissingDependencyException

            raise MissingDependencyException(
                msg="This operation requires an additional dependency. "
                "Use pip install botocore[crt] before proceeding."
            )
        if chosen is None and requested is not None:
            return _legacy_plan(requested, name, region)
        if chosen is None:
            names = ", ".join(s["name"] for s in schemes)
            raise errors.UnknownSignatureVersionError(signature_version=names)
        region = (
            chosen.get("signingRegion") or ",".join(chosen.get("signingRegionSet", ())) or region
        )
        name = chosen.get("signingName", name)
    if (service.service_name, operation.name) in _UNSIGNED_OPERATIONS:
        auth_type = "none"
    if auth_type is None:
        return _default_plan(service, requested, name, region)
    payload_signing = presign or not (operation.unsigned_payload or auth_type == "v4-unsigned-body")
    if auth_type in ("v4", "v4-unsigned-body"):
        auth_type = "s3v4" if name in _S3_SIGNING_NAMES else "v4"
    elif auth_type == "v4-s3express":
        auth_type = "s3express"
    if auth_type not in _SUPPORTED:
        raise errors.UnknownSignatureVersionError(signature_version=auth_type)
    return SigningPlan(auth_type, name, region, payload_signing)


def _default_plan(
    service: ServiceModel, requested: Any, name: str, region: str | None
) -> SigningPlan:
    """The client's own version, used as it is: the requested one, else S3's for S3 and S3
    Control, else the service's (importexport's modeled ``v2`` is botocore's ``v4``)."""
    if requested is not None:
        return _legacy_plan(requested, name, region)
    prefix = service.endpoint_prefix
    if prefix in ("s3", "s3-control"):
        version = "s3v4"
    elif prefix == "importexport":
        version = "v4"
    else:
        version = _service_auth_type(service)
    if version not in _SUPPORTED:
        raise errors.UnknownSignatureVersionError(signature_version=version)
    return SigningPlan(version, name, region, True)


def _service_auth_type(service: ServiceModel) -> str:
    """The service's version: its ``auth`` traits, else its ``signatureVersion`` (what
    botocore resolves when it makes the client)."""
    traits = service.metadata.get("auth")
    return _first_known(traits) if traits else service.signature_version or "v4"


def _legacy_plan(requested: str, name: str, region: str | None) -> SigningPlan:
    """Signing as requested, kept as is (``v4`` stays plain v4 even for S3)."""
    if requested not in ("v4", "s3v4", "s3", "v2"):
        raise errors.UnknownSignatureVersionError(signature_version=requested)
    return SigningPlan(requested, name, region, True)


def sign(
    request: SigningRequest,
    plan: SigningPlan,
    credentials: Any,
    *,
    s3_payload_signing: bool | None,
    streaming_input: bool,
    auth_path: str | None,
    checksum: RequestChecksum | None = None,
    is_s3: bool = False,
) -> None:
    """Add the plan's signature to ``request`` in place.

    A trailing checksum makes the payload hash ``STREAMING-UNSIGNED-PAYLOAD-TRAILER``,
    which unsigned S3 requests must still declare.
    """
    trailer = checksum is not None and checksum.trailer
    if plan.kind == "none":
        if trailer and is_s3:
            request.headers["X-Amz-Content-SHA256"] = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
        return
    # ``import a.b as b``, not ``from a.b import f``: the latter looks the module's
    # ``__path__`` up and builds an AttributeError for it, microseconds on every call.
    if plan.kind == "bearer":
        from strato.exceptions import NoAuthTokenError

        raise NoAuthTokenError()
    if credentials is None:
        from strato.exceptions import NoCredentialsError

        raise NoCredentialsError()
    if plan.kind == "s3":
        import strato.signing._hmacv1 as hmacv1

        hmacv1.sign_hmac_v1(request, credentials, auth_path=auth_path)
        return
    if plan.kind == "v2":
        import strato.signing._sigv2 as sigv2

        sigv2.sign_v2(request, credentials)
        return
    if plan.region is None:
        from strato.exceptions import NoRegionError

        raise NoRegionError()
    import strato.signing._sigv4 as sigv4

    sigv4.sign_v4(
        request,
        credentials,
        plan.region,
        plan.name,
        s3=plan.kind in ("s3v4", "s3express"),
        s3express=plan.kind == "s3express",
        payload_signing=plan.payload_signing,
        s3_payload_signing=s3_payload_signing,
        streaming_input=streaming_input,
        checksum_header=checksum.name if checksum is not None and not trailer else "Content-MD5",
        trailing_checksum=trailer,
    )
