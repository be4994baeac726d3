"""What endpoints.json lists: partitions, their regions, each service's endpoint names.

The session helpers of boto3 (``get_available_regions``, ``get_available_partitions``,
``get_partition_for_region``) answer from this data as botocore's ``EndpointResolver``
does; clients resolve their endpoints with the rule sets instead.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .loader import Loader

#: No service has this endpoint prefix: the endpoints data for partitions and regions only.
_NO_PREFIX = ""


def _partitions(loader: Loader, prefix: str) -> list[dict[str, Any]]:
    from .clients.legacy_endpoints import endpoints_data

    partitions: list[dict[str, Any]] = endpoints_data(loader, prefix)["partitions"]
    return partitions


def available_partitions(loader: Loader) -> list[str]:
    return [partition["partition"] for partition in _partitions(loader, _NO_PREFIX)]


def partition_for_region(loader: Loader, region_name: str) -> str:
    """The first partition that lists the region or whose ``regionRegex`` matches it."""
    from .clients.legacy_endpoints import _region_match

    for partition in _partitions(loader, _NO_PREFIX):
        if _region_match(partition, region_name):
            name: str = partition["partition"]
            return name
    from .exceptions import UnknownRegionError

    raise UnknownRegionError(
        region_name=region_name, error_msg="No partition found for provided region_name."
    )


def available_regions(
    loader: Loader, service_name: str, partition_name: str, allow_non_regional: bool
) -> list[str]:
    """The endpoint names the service's entry lists in the partition, in the file's order:
    regions only, unless ``allow_non_regional`` (``fips-us-gov-west-1``, ``aws-global``);
    empty for a service with no model, as botocore's."""
    from .exceptions import UnknownServiceError

    try:
        metadata = loader.load_service_model(service_name, "service-2")["metadata"]
    except UnknownServiceError:
        return []
    prefix = metadata.get("endpointPrefix", service_name)
    for partition in _partitions(loader, prefix):
        if partition["partition"] != partition_name:
            continue
        service = partition["services"].get(prefix)
        if service is None:
            continue
        regions = partition["regions"]
        return [name for name in service["endpoints"] if allow_non_regional or name in regions]
    return []
