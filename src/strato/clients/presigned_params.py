"""Cross-region copies: the source region's presigned request, sent as a parameter.

EC2 ``CopySnapshot`` and the RDS, Neptune and DocumentDB copy/replica operations ask
the destination region to fetch from the source region; the destination proves the
caller's consent with a URL presigned for the source region. As botocore does, that URL
is the call itself (plus ``DestinationRegion``) sent with GET to the client's endpoint
with the destination region replaced by the source one, signed in its query for an hour.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import OperationModel
    from .base import BaseClient
    from .service_handlers import Outgoing

_EXPIRES = 3600


def inject_ec2(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    """``PresignedUrl`` (unless given) and ``DestinationRegion``; ``SourceRegion`` stays."""
    body: dict[str, Any] = out.body
    if "PresignedUrl" in body:
        return
    destination = client._settings.region
    body["PresignedUrl"] = _presigned_url(
        client, operation, out, body.get("SourceRegion"), destination
    )
    body["DestinationRegion"] = destination


def inject_rds(client: BaseClient, operation: OperationModel, out: Outgoing) -> None:
    """``SourceRegion`` (a parameter of the SDK only) becomes ``PreSignedUrl``, unless one
    is given; without ``SourceRegion`` the copy is local and nothing changes."""
    body: dict[str, Any] = out.body
    if "SourceRegion" not in body:
        return
    source = body.pop("SourceRegion")
    if "PreSignedUrl" in body:
        return
    body["PreSignedUrl"] = _presigned_url(client, operation, out, source, client._settings.region)


def _presigned_url(
    client: BaseClient,
    operation: OperationModel,
    out: Outgoing,
    source: Any,
    destination: str | None,
) -> str:
    from ..exceptions import NoRegionError

    if destination is None:
        raise NoRegionError()  # for the type checker: these clients are not made without one
    url = out.url.replace(destination, source)
    if out.plan.kind == "none":
        return url  # botocore's presigner returns an unsigned request's bare URL
    from ..protocols._serialize_common import percent_encode_sequence
    from ..signing import SigningRequest, presign_v4

    # The presigner moves the form's parameters into the query.
    query = percent_encode_sequence({**out.body, "DestinationRegion": destination})
    credentials = client._settings.credentials
    frozen = credentials.get_frozen_credentials() if credentials is not None else None
    signing = SigningRequest("GET", url + ("&" if "?" in url else "?") + query, {})
    presign_v4(signing, frozen, source, out.plan.name, expires=_EXPIRES)
    return signing.url
