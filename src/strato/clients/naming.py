"""Operation names as Python method names: botocore's ``xform_name``, as behaviour.

botocore applies three regular expressions; they are spelled out as scans here so that
making a client does not import ``re`` (tests hold the two equal on generated names).
"""

from __future__ import annotations

from .._lazy import once

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
#: Extra attribute names botocore answers through ``getattr`` (not in ``dir()``), by
#: hyphenized service id: the names older botocore releases gave these operations.
ALIASES: dict[tuple[str, str], str] = {
    ("mturk", "list_hi_ts_for_qualification_type"): "list_hits_for_qualification_type",
    ("socialmessaging", "delete_whatsapp_media_message"): "delete_whatsapp_message_media",
    ("cloudwatch", "get_o_tel_enrichment"): "get_otel_enrichment",
    ("cloudwatch", "start_o_tel_enrichment"): "start_otel_enrichment",
    ("cloudwatch", "stop_o_tel_enrichment"): "stop_otel_enrichment",
    ("cloudwatch", "update_o_tel_enrichment"): "update_otel_enrichment",
    ("signin", "create_o_auth2_token"): "create_oauth2_token",
}
#: Operations botocore leaves without a method (they need HTTP/2), by hyphenized service
#: id; ``meta.method_to_api_mapping`` still lists them.
NO_METHOD: frozenset[tuple[str, str]] = frozenset(
    {
        ("lex-runtime-v2", "start_conversation"),
        ("qbusiness", "chat"),
        ("bedrock-runtime", "invoke_model_with_bidirectional_stream"),
        ("connecthealth", "start_medical_scribe_listening_session"),
        ("polly", "start_speech_synthesis_stream"),
    }
)


#: The names transformed so far: a memo of :func:`method_name`, which :func:`seed` also
#: fills from the shipped data.
_CACHE: dict[str, str] = {}


def snake_case(name: str) -> str:
    """``ListObjectsV2`` -> ``list_objects_v2``; names holding ``_`` are kept."""
    found = _CACHE.get(name)
    if found is None:
        found = _CACHE[name] = method_name(name)
    return found


def seed(service_name: str) -> None:
    """Put a shipped service's operation names, transformed when the data was generated,
    into the cache: S3 alone has over a hundred, and the scans cost milliseconds when a
    client is made. Each service's names are a blob of their own, decoded on its first
    client; any other service's names are worked out by the rule."""
    blob = _blobs().pop(service_name, None)
    if blob is not None:
        import marshal

        _CACHE.update(marshal.loads(blob))


@once
def _blobs() -> dict[str, bytes]:
    """The shipped method names, service name -> marshal blob of its operations' names."""
    from ..loader import shipped_data

    blobs = shipped_data("method-names")
    return dict(blobs) if isinstance(blobs, dict) else {}


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


#: botocore 1.44.8's client class names where its rule (the serviceId without non-word
#: characters) is not used: serviceId -> class name (botocore/service_module_names.py).
SERVICE_CLASS_NAMES = {
    "amp": "PrometheusService",
    "AppIntegrations": "AppIntegrationsService",
    "Application Signals": "CloudWatchApplicationSignals",
    "b2bi": "B2BI",
    "BCM Dashboards": "BillingandCostManagementDashboards",
    "BCM Data Exports": "BillingandCostManagementDataExports",
    "BCM Pricing Calculator": "BillingandCostManagementPricingCalculator",
    "BCM Recommended Actions": "BillingandCostManagementRecommendedActions",
    "Bedrock Agent": "AgentsforBedrock",
    "Bedrock Agent Runtime": "AgentsforBedrockRuntime",
    "Bedrock Data Automation": "DataAutomationforBedrock",
    "Bedrock Data Automation Runtime": "RuntimeforBedrockDataAutomation",
    "billingconductor": "BillingConductor",
    "chatbot": "Chatbot",
    "CleanRooms": "CleanRoomsService",
    "CloudControl": "CloudControlApi",
    "CloudTrail Data": "CloudTrailDataService",
    "codeartifact": "CodeArtifact",
    "codestar notifications": "CodeStarNotifications",
    "ConnectCampaigns": "ConnectCampaignService",
    "ConnectCampaignsV2": "ConnectCampaignServiceV2",
    "DataBrew": "GlueDataBrew",
    "deadline": "DeadlineCloud",
    "DevOps Agent": "DevOpsAgentService",
    "DSQL": "AuroraDSQL",
    "ECR PUBLIC": "ECRPublic",
    "EMR containers": "EMRContainers",
    "evs": "EVS",
    "fis": "FIS",
    "forecast": "ForecastService",
    "forecastquery": "ForecastQueryService",
    "Geo Maps": "LocationServiceMapsV2",
    "Geo Places": "LocationServicePlacesV2",
    "Geo Routes": "LocationServiceRoutesV2",
    "grafana": "ManagedGrafana",
    "IAM Toolbox": "IAMToolboxPreview",
    "identitystore": "IdentityStore",
    "Inspector Scan": "inspectorscan",
    "InternetMonitor": "CloudWatchInternetMonitor",
    "IoT Managed Integrations": "ManagedintegrationsforIoTDeviceManagement",
    "IotDeviceAdvisor": "IoTDeviceAdvisor",
    "ivs": "IVS",
    "IVS RealTime": "ivsrealtime",
    "Kinesis Video Signaling": "KinesisVideoSignalingChannels",
    "Lambda Microvms": "LambdaMicroVMs",
    "Location": "LocationService",
    "m2": "MainframeModernization",
    "Marketplace Agreement": "AgreementService",
    "Marketplace Deployment": "MarketplaceDeploymentService",
    "Marketplace Reporting": "MarketplaceReportingService",
    "MediaPackageV2": "mediapackagev2",
    "Medical Imaging": "HealthImaging",
    "MigrationHubStrategy": "MigrationHubStrategyRecommendations",
    "MPA": "MultipartyApproval",
    "mq": "MQ",
    "neptunedata": "NeptuneData",
    "Network Security Manager": "NetworkSecurityManagerCustomerAPI",
    "NetworkMonitor": "CloudWatchNetworkMonitor",
    "Notifications": "UserNotifications",
    "NotificationsContacts": "UserNotificationsContacts",
    "Nova Act": "NovaActService",
    "OAM": "CloudWatchObservabilityAccessManager",
    "ObservabilityAdmin": "CloudWatchObservabilityAdminService",
    "OpenSearch": "OpenSearchService",
    "OpenSearchServerless": "OpenSearchServiceServerless",
    "OSIS": "OpenSearchIngestion",
    "PartnerCentral Account": "PartnerCentralAccountAPI",
    "PartnerCentral Channel": "PartnerCentralChannelAPI",
    "PartnerCentral Revenue Measurement": "PartnerCentralRevenueMeasurementAPI",
    "PartnerCentral Selling": "PartnerCentralSellingAPI",
    "Payment Cryptography": "PaymentCryptographyControlPlane",
    "Payment Cryptography Data": "PaymentCryptographyDataPlane",
    "Pca Connector Scep": "PrivateCAConnectorforSCEP",
    "PCS": "ParallelComputingService",
    "Pipes": "EventBridgePipes",
    "rbin": "RecycleBin",
    "RDS Data": "RDSDataService",
    "Redshift Data": "RedshiftDataAPIService",
    "repostspace": "rePostPrivate",
    "resiliencehub": "ResilienceHub",
    "resiliencehubv2": "ResilienceHubV2",
    "Resource Explorer 2": "ResourceExplorer",
    "RolesAnywhere": "IAMRolesAnywhere",
    "RUM": "CloudWatchRUM",
    "SageMaker A2I Runtime": "AugmentedAIRuntime",
    "Sagemaker Edge": "SagemakerEdgeManager",
    "SageMaker Geospatial": "SageMakergeospatialcapabilities",
    "SagemakerJobRuntime": "SagemakerJobRuntimeService",
    "savingsplans": "SavingsPlans",
    "Scheduler": "EventBridgeScheduler",
    "schemas": "Schemas",
    "Security IR": "SecurityIncidentResponse",
    "Service Catalog AppRegistry": "AppRegistry",
    "SESv2": "SESV2",
    "Signer Data": "SignerDataPlane",
    "Signin": "SignInService",
    "SocialMessaging": "EndUserMessagingSocial",
    "SSM GuiConnect": "SSMGUIConnect",
    "SSM QuickSetup": "SystemsManagerQuickSetup",
    "synthetics": "Synthetics",
    "Transcribe": "TranscribeService",
    "TrustedAdvisor": "TrustedAdvisorPublicAPI",
    "uxc": "UserExperienceCustomization",
    "Wickr": "WickrAdminAPI",
    "Wisdom": "ConnectWisdomService",
}


def client_class_name(service_id: str | None, service_name: str) -> str:
    """botocore's client class name: its table's, else the serviceId without non-word
    characters (the service name when the model has no serviceId)."""
    if service_id is None:
        return service_name
    found = SERVICE_CLASS_NAMES.get(service_id)
    if found is not None:
        return found
    return "".join(ch for ch in service_id if ch.isalnum() or ch == "_")
