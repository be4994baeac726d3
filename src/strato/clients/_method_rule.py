"""Operation names as Python method names: botocore's ``xform_name`` rule, as behaviour.

botocore applies three regular expressions; they are spelled out as scans here so that
making a client does not import ``re`` (tests hold the two equal on generated names).
:mod:`strato.clients.naming` serves :func:`method_name` and caches its answers; the
shipped services' names come worked out in strato's data, so this module loads with the
first name that data does not hold (another service's, a waiter's, a resource's).
"""

from __future__ import annotations

_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_LOWER_OR_DIGIT = _LOWER | frozenset("0123456789")
# Names the rules above get wrong, as botocore 1.44.8 lists them (its xform_name cache
# starts with these).
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
    "AssociateWhatsAppBusinessAccount": "associate_whatsapp_business_account",
    "CreateWhatsAppDataset": "create_whatsapp_dataset",
    "CreateWhatsAppFlow": "create_whatsapp_flow",
    "CreateWhatsAppMessageTemplate": "create_whatsapp_message_template",
    "CreateWhatsAppMessageTemplateFromLibrary": "create_whatsapp_message_template_from_library",
    "CreateWhatsAppMessageTemplateMedia": "create_whatsapp_message_template_media",
    "DeleteWhatsAppFlow": "delete_whatsapp_flow",
    "DeleteWhatsAppMessageMedia": "delete_whatsapp_message_media",
    "DeleteWhatsAppMessageTemplate": "delete_whatsapp_message_template",
    "DeprecateWhatsAppFlow": "deprecate_whatsapp_flow",
    "DisassociateWhatsAppBusinessAccount": "disassociate_whatsapp_business_account",
    "GetLinkedWhatsAppBusinessAccount": "get_linked_whatsapp_business_account",
    "GetLinkedWhatsAppBusinessAccountPhoneNumber": "get_linked_whatsapp_business_account_phone_number",  # noqa: E501
    "GetOTelEnrichment": "get_otel_enrichment",
    "GetWhatsAppBusinessPublicKey": "get_whatsapp_business_public_key",
    "GetWhatsAppCallPermission": "get_whatsapp_call_permission",
    "GetWhatsAppFlow": "get_whatsapp_flow",
    "GetWhatsAppFlowPreview": "get_whatsapp_flow_preview",
    "GetWhatsAppMessageMedia": "get_whatsapp_message_media",
    "GetWhatsAppMessageTemplate": "get_whatsapp_message_template",
    "ListLinkedWhatsAppBusinessAccounts": "list_linked_whatsapp_business_accounts",
    "ListWhatsAppFlowAssets": "list_whatsapp_flow_assets",
    "ListWhatsAppFlows": "list_whatsapp_flows",
    "ListWhatsAppMessageTemplates": "list_whatsapp_message_templates",
    "ListWhatsAppTemplateLibrary": "list_whatsapp_template_library",
    "PostWhatsAppMessageMedia": "post_whatsapp_message_media",
    "PublishWhatsAppFlow": "publish_whatsapp_flow",
    "PutWhatsAppBusinessPublicKey": "put_whatsapp_business_public_key",
    "PutWhatsAppBusinessAccountEventDestinations": "put_whatsapp_business_account_event_destinations",  # noqa: E501
    "SendWhatsAppConversionEvent": "send_whatsapp_conversion_event",
    "SendWhatsAppMessage": "send_whatsapp_message",
    "SendWhatsAppCallEvent": "send_whatsapp_call_event",
    "StartOTelEnrichment": "start_otel_enrichment",
    "StopOTelEnrichment": "stop_otel_enrichment",
    "UpdateOTelEnrichment": "update_otel_enrichment",
    "UpdateWhatsAppFlow": "update_whatsapp_flow",
    "UpdateWhatsAppFlowAssets": "update_whatsapp_flow_assets",
    "UpdateLinkedWhatsAppBusinessAccountPhoneNumber": "update_linked_whatsapp_business_account_phone_number",  # noqa: E501
    "UpdateWhatsAppMessageTemplate": "update_whatsapp_message_template",
}


def method_name(name: str) -> str:
    """The rule itself, uncached (what strato's data generator records)."""
    if "_" in name:
        return name
    special = _SPECIAL.get(name)
    if special is not None:
        return special
    plural = _plural_acronym(name)
    if plural:
        name = f"{name[: -len(plural)]}_{plural.lower()}"
    return _split_end_caps(_split_first_caps(name)).lower()


def _plural_acronym(name: str) -> str:
    """The match of ``[A-Z]{2,}s$``: an acronym made plural at the end (``GatewayARNs``)."""
    # ``$`` also matches before a final newline.
    end = len(name) - 1 if name.endswith("\n") else len(name)
    if end < 3 or name[end - 1] != "s":
        return ""
    start = end - 1
    while start > 0 and name[start - 1] in _UPPER:
        start -= 1
    return name[start:end] if end - 1 - start >= 2 else ""


def _split_first_caps(name: str) -> str:
    """``(.)([A-Z][a-z]+)`` -> ``\\1_\\2``: a separator before each capitalised word."""
    out = []
    i, size = 0, len(name)
    while i < size:
        if i + 2 < size and name[i] != "\n" and name[i + 1] in _UPPER and name[i + 2] in _LOWER:
            end = i + 3
            while end < size and name[end] in _LOWER:
                end += 1
            out.append(f"{name[i]}_{name[i + 1 : end]}")
            i = end
        else:
            out.append(name[i])
            i += 1
    return "".join(out)


def _split_end_caps(name: str) -> str:
    """``([a-z0-9])([A-Z])`` -> ``\\1_\\2``: a separator where a capital follows."""
    out = []
    i, size = 0, len(name)
    while i < size:
        if i + 1 < size and name[i] in _LOWER_OR_DIGIT and name[i + 1] in _UPPER:
            out.append(f"{name[i]}_{name[i + 1]}")
            i += 2
        else:
            out.append(name[i])
            i += 1
    return "".join(out)
