"""A client's creation-time endpoint, read from ``endpoints.json`` as botocore reads it.

botocore decides ``meta.region_name``, ``meta.endpoint_url`` and ``meta.partition`` when a
client is made, from its endpoints.json (its "legacy" resolver), before any rule set runs;
the rules then pick each call's endpoint. strato does the same, in the same order.
"""

from __future__ import annotations

import os

from .. import exceptions as errors
from .._lazy import once

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..loader import Loader

#: Partitions botocore never offers dual-stack endpoints in.
_NO_DUALSTACK = ("aws-iso", "aws-iso-b")
#: Regions where ``sts_regional_endpoints = legacy`` means the global STS endpoint.
LEGACY_GLOBAL_STS_REGIONS = frozenset(
    {
        "ap-northeast-1",
        "ap-south-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "aws-global",
        "ca-central-1",
        "eu-central-1",
        "eu-north-1",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
    }
)
_NO_SERVICE: dict[str, Any] = {"endpoints": {}}


class LegacyEndpoint:
    """The resolved facts a client keeps: its region, URL, partition and variant tags.

    ``credential_scope`` is the entry's ``credentialScope`` (botocore's default signing
    name and, without a custom URL, signing region), used when the rules name none.
    ``signature_versions``: what the entry lists, for a model that names no version.
    """

    __slots__ = (
        "credential_scope",
        "endpoint_url",
        "partition",
        "region_name",
        "signature_versions",
        "tags",
    )

    def __init__(
        self,
        region_name: str | None,
        endpoint_url: str,
        partition: str | None,
        tags: tuple[str, ...] = (),
        credential_scope: dict[str, str] | None = None,
        signature_versions: tuple[str, ...] = ("v4",),
    ) -> None:
        self.region_name = region_name
        self.endpoint_url = endpoint_url
        self.partition = partition
        self.tags = tags
        self.credential_scope = credential_scope or {}
        self.signature_versions = signature_versions


@once
def _extract() -> Any:
    """strato's shipped extract of endpoints.json, read once per process; a partition's
    service entries are decoded one by one as they are looked up (a client needs one)."""
    from ..loader import LazyBlobs, shipped_data

    data = shipped_data("endpoints-extract")
    if isinstance(data, dict):
        for partition in data["partitions"]:
            partition["services"] = LazyBlobs(partition["services"])
    return data


@once
def _listed() -> frozenset[str]:
    """Every service name botocore's endpoints.json lists (the extract's blob, decoded when
    a service strato does not ship asks)."""
    import marshal

    return frozenset(marshal.loads(_extract()["listed"]))


def endpoints_data(loader: Loader, prefix: str) -> dict[str, Any]:
    """The endpoints.json to read for a service: a user's copy on the data path wins; else
    strato's shipped extract when it answers for ``prefix`` (its services, and every
    service botocore's file does not list); else botocore's whole file."""
    from ..loader import _DATA_DIR

    for root in loader.search_paths:
        if root == _DATA_DIR:
            break
        base = os.path.join(root, "endpoints")
        if os.path.isfile(base + ".json") or os.path.isfile(base + ".json.gz"):
            return dict(loader.load_data("endpoints"))
    shipped = _extract()
    if isinstance(shipped, dict) and (
        prefix in shipped["partitions"][0]["services"] or prefix not in _listed()
    ):
        return shipped
    from ..exceptions import DataNotFoundError

    try:
        return dict(loader.load_data("endpoints"))
    except DataNotFoundError:
        return shipped if isinstance(shipped, dict) else {"partitions": []}


def _region_match(partition: dict[str, Any], region: str) -> bool:
    if region in partition["regions"]:
        return True
    pattern = partition.get("regionRegex")
    if pattern is None:
        return False
    import re  # only for regions no partition lists

    return re.match(pattern, region) is not None


def _variant(data: dict[str, Any], tags: tuple[str, ...]) -> dict[str, Any] | None:
    for variant in data.get("variants", ()):
        if set(variant["tags"]) == set(tags):
            return dict(variant)
    return None


def _fill(result: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        result.setdefault(key, value)


def _resolve(
    partition: dict[str, Any],
    service: str,
    service_data: dict[str, Any],
    name: str,
    tags: tuple[str, ...],
) -> dict[str, Any]:
    endpoint = service_data.get("endpoints", {}).get(name, {})
    service_defaults = service_data.get("defaults", {})
    partition_defaults = partition.get("defaults", {})
    if tags:
        result: dict[str, Any] = {}
        for source in (endpoint, service_defaults, partition_defaults):
            found = _variant(source, tags)
            if found:
                _fill(result, found)
        if not result:
            raise errors.EndpointVariantError(
                tags=list(tags), error_msg=f"Endpoint does not exist for {service} in region {name}"
            )
        _fill(result, endpoint)
    else:
        result = dict(endpoint)
    result.setdefault("dnsSuffix", partition["dnsSuffix"])
    result["partition"] = partition["partition"]
    result["endpointName"] = name
    _fill(result, service_defaults)
    _fill(result, partition_defaults)
    result["hostname"] = result["hostname"].format(
        service=service, region=name, dnsSuffix=result["dnsSuffix"]
    )
    return result


def _in_partition(
    partition: dict[str, Any],
    service: str,
    region: str | None,
    tags: tuple[str, ...],
    forced: bool = False,
) -> dict[str, Any] | None:
    service_data = partition["services"].get(service, _NO_SERVICE)
    if region is None:
        if "partitionEndpoint" not in service_data:
            raise errors.NoRegionError()
        region = service_data["partitionEndpoint"]
    if region in service_data["endpoints"]:
        return _resolve(partition, service, service_data, region, tags)
    if forced or _region_match(partition, region):
        global_name = service_data.get("partitionEndpoint")
        if global_name and not service_data.get("isRegionalized", True):
            region = global_name
        return _resolve(partition, service, service_data, region, tags)
    return None


def _construct(
    data: dict[str, Any], service: str, region: str | None, tags: tuple[str, ...]
) -> dict[str, Any] | None:
    """botocore's ``construct_endpoint``: the first partition that has the region."""
    if service == "s3" and "dualstack" in tags and region is None:
        region = "us-east-1"
    for partition in data["partitions"]:
        if "dualstack" in tags and partition["partition"] in _NO_DUALSTACK:
            continue
        found = _in_partition(partition, service, region, tags)
        if found:
            return found
    # Not a region of any partition: the aws partition answers for it.
    for partition in data["partitions"]:
        if partition["partition"] == "aws":
            return _in_partition(partition, service, region, tags, forced=True)
    return None


def _bridge(
    data: dict[str, Any],
    service: str,
    region: str | None,
    endpoint_url: str | None,
    is_secure: bool,
    tags: tuple[str, ...],
) -> LegacyEndpoint:
    """botocore's ``ClientEndpointBridge.resolve``, for the values a client keeps."""
    resolved = _construct(data, service, region, tags)
    if resolved is None:  # no aws partition in the data: the endpoint is assumed
        url = (
            endpoint_url or f"{'https' if is_secure else 'http'}://{service}.{region}.amazonaws.com"
        )
        return LegacyEndpoint(region, url, None)
    scope = dict(resolved.get("credentialScope", {}))
    if endpoint_url is None:
        scheme = "https" if is_secure and "https" in resolved.get("protocols", ()) else "http"
        endpoint_url = f"{scheme}://{resolved['hostname']}"
        region = resolved["endpointName"]
    else:  # a custom URL signs for the client's region (the scope's service still holds)
        scope.pop("region", None)
    tags = tuple(resolved.get("tags", ()))
    versions = tuple(resolved.get("signatureVersions", ()))
    return LegacyEndpoint(region, endpoint_url, resolved["partition"], tags, scope, versions)


def resolve(
    data: dict[str, Any],
    service: str,
    region: str | None,
    endpoint_url: str | None,
    is_secure: bool,
    *,
    use_dualstack: bool,
    use_fips: bool,
    s3_global: bool,
    sts_legacy: bool,
) -> LegacyEndpoint:
    """The creation-time endpoint of ``service`` (an endpoint prefix), as botocore makes it,
    with its S3 (global ``us-east-1``) and STS (``sts_regional_endpoints``) special cases."""
    tags = ("dualstack",) * use_dualstack + ("fips",) * use_fips
    if service == "s3":
        found = _bridge(data, service, None if s3_global else region, endpoint_url, is_secure, tags)
        if found.region_name is None:  # a custom URL and no region: S3's own region
            found.region_name = _bridge(data, "s3", None, None, True, tags).region_name
        if s3_global and found.region_name == "aws-global":
            found.region_name = "us-east-1"
        return found
    found = _bridge(data, service, region, endpoint_url, is_secure, tags)
    if (
        service == "sts"
        and endpoint_url is None
        and not found.tags
        and sts_legacy
        and region in LEGACY_GLOBAL_STS_REGIONS
    ):
        found.endpoint_url = f"{'https' if is_secure else 'http'}://sts.amazonaws.com"
    return found
