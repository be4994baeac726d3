"""S3's region redirection, as botocore's ``S3RegionRedirectorv2`` does it.

A bucket asked for in another region than the client's answers with a redirect (301
``PermanentRedirect``, 400 ``AuthorizationHeaderMalformed``, ...). The bucket's region is
learnt from the answer (or a ``HeadBucket``), kept per client, and the request is
re-resolved for it, re-signed and sent once more. Imported only when an S3 call gets an
error answer, so the success path pays nothing for it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from .. import _log
from .._call_errors import ClientError
from ..exceptions import InvalidRegionError
from . import call

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import OperationModel
    from . import auth
    from .base import BaseClient

_LOG = "strato.client"
#: botocore's ``validate_region_name``: a host label (the empty string passes, as there;
#: ``$`` also matches before a final newline, as there).
_REGION = re.compile(r"^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{,63}(?<!-)$")
_REDIRECT_STATUSES = (301, 302, 307)


def redirect(
    client: BaseClient,
    operation: OperationModel,
    params: dict[str, Any],
    url: str,
    plan: auth.SigningPlan,
    status: int,
    parsed: dict[str, Any],
) -> tuple[str, auth.SigningPlan] | None:
    """The URL and signing plan to send the request to again, or None to keep the answer.

    ``status`` is the answer's HTTP status as the response handlers left it. The bucket's
    region is remembered by the client (``_bucket_regions``) before the endpoint is
    resolved again, so later calls for the bucket go to its region at once.
    """
    bucket = params.get("Bucket")
    if _is_arn(bucket) or not _is_redirect(operation.name, status, parsed):
        return None
    region = _bucket_region(client, bucket, parsed)
    if region is None:
        _log.debug(
            _LOG,
            "S3 bucket %s is not in region %s; its region is unknown.",
            bucket,
            client.meta.region_name,
        )
        return None
    _log.debug(
        _LOG,
        "S3 bucket %s is in region %s, not %s: sending there.",
        bucket,
        region,
        client.meta.region_name,
    )
    if isinstance(bucket, str):  # botocore keys even None, but never looks None up
        client._bucket_regions[bucket] = region
    endpoint = call.resolve_endpoint(client, operation, params)
    old, new = urlsplit(url), urlsplit(endpoint.url)
    # botocore keeps the request's scheme, path and query: only the host changes.
    url = urlunsplit((old.scheme, new.netloc, old.path, old.query, ""))
    if not endpoint.properties.get("authSchemes"):
        return url, plan
    new_plan = call.signing_plan(client, operation, endpoint)
    if new_plan.kind == plan.kind:
        new_plan.identity = plan.identity  # an S3 Express session stays the bucket's
    return url, new_plan


def _is_arn(bucket: Any) -> bool:
    """An access-point (or other) ARN: never redirected."""
    return isinstance(bucket, str) and bucket.startswith("arn:") and bucket.count(":") >= 5


def _is_redirect(operation_name: str, status: int, parsed: dict[str, Any]) -> bool:
    """botocore's six signs of a request sent to the bucket's wrong region."""
    error = parsed.get("Error", {})
    code = error.get("Code")
    if code in ("301", "400"):
        # A HEAD answer has no body: its code is the status. Signed for the wrong region,
        # S3 answers 400 with no word of why.
        if operation_name == "HeadObject":
            return True
        headers = parsed.get("ResponseMetadata", {}).get("HTTPHeaders", {})
        if operation_name == "HeadBucket" and "x-amz-bucket-region" in headers:
            return True
    return (
        (code == "AuthorizationHeaderMalformed" and "Region" in error)
        or status in _REDIRECT_STATUSES
        or code == "PermanentRedirect"
        or (code == "IllegalLocationConstraintException" and operation_name != "CreateBucket")
    )


def _bucket_region(client: BaseClient, bucket: Any, parsed: dict[str, Any]) -> str | None:
    """The answer's ``x-amz-bucket-region``, else its error's ``Region``, else what a
    ``HeadBucket`` through the same client says."""
    headers = parsed["ResponseMetadata"]["HTTPHeaders"]
    region: str | None
    if "x-amz-bucket-region" in headers:
        region = headers["x-amz-bucket-region"]
    elif found := parsed.get("Error", {}).get("Region"):
        region = found
    else:
        try:
            head = client.head_bucket(Bucket=bucket)
        except ClientError as e:
            head = e.response
        region = head["ResponseMetadata"]["HTTPHeaders"].get("x-amz-bucket-region")
    if region is not None and not _REGION.match(region):
        raise InvalidRegionError(region_name=region)
    return region
