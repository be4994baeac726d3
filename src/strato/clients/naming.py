"""Operation names as Python method names: botocore's ``xform_name``, as behaviour."""

from __future__ import annotations

import re

_FIRST_CAP = re.compile("(.)([A-Z][a-z]+)")
_END_CAP = re.compile("([a-z0-9])([A-Z])")
# An acronym made plural at the end: GatewayARNs, ListWebACLs, SomeCNAMEs.
_PLURAL_ACRONYM = re.compile("[A-Z]{2,}s$")
# Names the rules above get wrong, as botocore lists them.
_SPECIAL = {
    "CreateCachediSCSIVolume": "create_cached_iscsi_volume",
    "DescribeCachediSCSIVolumes": "describe_cached_iscsi_volumes",
    "DescribeStorediSCSIVolumes": "describe_stored_iscsi_volumes",
    "CreateStorediSCSIVolume": "create_stored_iscsi_volume",
    "ListHITsForQualificationType": "list_hits_for_qualification_type",
    "ExecutePartiQLStatement": "execute_partiql_statement",
    "ExecutePartiQLTransaction": "execute_partiql_transaction",
    "ExecutePartiQLBatch": "execute_partiql_batch",
    "CreateOAuth2Token": "create_oauth2_token",
    "CreateOAuth2TokenWithIAM": "create_oauth2_token_with_iam",
    "IntrospectOAuth2TokenWithIAM": "introspect_oauth2_token_with_iam",
    "RevokeOAuth2TokenWithIAM": "revoke_oauth2_token_with_iam",
}


_cache: dict[str, str] = {}


def snake_case(name: str) -> str:
    """``ListObjectsV2`` -> ``list_objects_v2``; names holding ``_`` are kept."""
    found = _cache.get(name)
    if found is None:
        found = _cache[name] = _transform(name)
    return found


def _transform(name: str) -> str:
    if "_" in name:
        return name
    special = _SPECIAL.get(name)
    if special is not None:
        return special
    plural = _PLURAL_ACRONYM.search(name)
    if plural is not None:
        name = f"{name[: -len(plural.group())]}_{plural.group().lower()}"
    return _END_CAP.sub(r"\1_\2", _FIRST_CAP.sub(r"\1_\2", name)).lower()
