"""Operation names as Python method names (botocore's ``xform_name``), and client class
names.

:func:`snake_case` keeps every name it has transformed; a shipped service's names are
put there from strato's data on its first client (:func:`seed`), so the rule itself
(:mod:`._method_rule`) loads only for a name that data does not hold.
"""

from __future__ import annotations

from .._lazy import once

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
    from ._method_rule import method_name as rule

    return rule(name)


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
