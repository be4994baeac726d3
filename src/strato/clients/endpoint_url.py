"""The configured endpoint URL of a client (spec 5.3): env vars, services section, profile."""

from __future__ import annotations

from .. import _log
from .. import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..config.files import ConfigFile
    from ..config.ini import Section

#: botocore's ``choose-service-name`` aliases: client names older releases accepted.
SERVICE_NAME_ALIASES = {"runtime.sagemaker": "sagemaker-runtime"}

#: Client names whose hyphenated service id differs (botocore 1.44.8's table, as data).
_SERVICE_ID_OVERRIDES = {
    "apigateway": "api-gateway",
    "application-autoscaling": "application-auto-scaling",
    "appmesh": "app-mesh",
    "autoscaling": "auto-scaling",
    "autoscaling-plans": "auto-scaling-plans",
    "ce": "cost-explorer",
    "cloudhsmv2": "cloudhsm-v2",
    "cloudsearchdomain": "cloudsearch-domain",
    "cognito-idp": "cognito-identity-provider",
    "config": "config-service",
    "cur": "cost-and-usage-report-service",
    "datapipeline": "data-pipeline",
    "devicefarm": "device-farm",
    "directconnect": "direct-connect",
    "discovery": "application-discovery-service",
    "dms": "database-migration-service",
    "ds": "directory-service",
    "ds-data": "directory-service-data",
    "dynamodbstreams": "dynamodb-streams",
    "elasticbeanstalk": "elastic-beanstalk",
    "elb": "elastic-load-balancing",
    "elbv2": "elastic-load-balancing-v2",
    "es": "elasticsearch-service",
    "events": "eventbridge",
    "globalaccelerator": "global-accelerator",
    "iot-data": "iot-data-plane",
    "iot-jobs-data": "iot-jobs-data-plane",
    "iotwireless": "iot-wireless",
    "kinesisanalytics": "kinesis-analytics",
    "kinesisanalyticsv2": "kinesis-analytics-v2",
    "kinesisvideo": "kinesis-video",
    "lex-models": "lex-model-building-service",
    "lex-runtime": "lex-runtime-service",
    "lexv2-models": "lex-models-v2",
    "lexv2-runtime": "lex-runtime-v2",
    "logs": "cloudwatch-logs",
    "machinelearning": "machine-learning",
    "marketplace-entitlement": "marketplace-entitlement-service",
    "marketplacecommerceanalytics": "marketplace-commerce-analytics",
    "meteringmarketplace": "marketplace-metering",
    "mgh": "migration-hub",
    "resourcegroupstaggingapi": "resource-groups-tagging-api",
    "route53": "route-53",
    "route53domains": "route-53-domains",
    "s3control": "s3-control",
    "sdb": "simpledb",
    "secretsmanager": "secrets-manager",
    "serverlessrepo": "serverlessapplicationrepository",
    "servicecatalog": "service-catalog",
    "servicecatalog-appregistry": "service-catalog-appregistry",
    "sms-voice": "pinpoint-sms-voice",
    "stepfunctions": "sfn",
    "storagegateway": "storage-gateway",
}
_LOG = "strato.client"


def snake_service_id(client_name: str) -> str:
    """``elbv2`` -> ``elastic_load_balancing_v2``: the name in env vars and services sections."""
    name = SERVICE_NAME_ALIASES.get(client_name, client_name)
    return _SERVICE_ID_OVERRIDES.get(name, name).replace("-", "_")


def configured_endpoint_url(
    client_name: str,
    environ: Mapping[str, str],
    profile: Section,
    config: ConfigFile,
) -> tuple[str, str] | None:
    """The first non-empty configured URL and where it came from, or None."""
    service_id = snake_service_id(client_name)
    env_var = f"AWS_ENDPOINT_URL_{service_id.upper()}"
    for var, location in (
        (env_var, "environment_service"),
        ("AWS_ENDPOINT_URL", "environment_global"),
    ):
        if environ.get(var):
            _log.info(_LOG, "Found endpoint for %s via: %s.", client_name, location)
            return environ[var], f"env {var}"
    services = _services_section(profile, config)
    if services is not None:
        block = services.values.get(service_id.lower())
        if block is not None and not isinstance(block, dict):
            raise errors.InvalidConfigError(
                error_msg=f"{service_id.lower()} at {services.origins[service_id.lower()]} "
                "must be a nested block holding endpoint_url"
            )
        url = block.get("endpoint_url") if block else None
        if url:
            _log.info(_LOG, "Found endpoint for %s via: config_service.", client_name)
            return url, str(services.origins[(service_id.lower(), "endpoint_url")])
    url_value = profile.values.get("endpoint_url")
    if url_value and isinstance(url_value, str):
        _log.info(_LOG, "Found endpoint for %s via: config_global.", client_name)
        return url_value, str(profile.origins["endpoint_url"])
    return None


def _services_section(profile: Section, config: ConfigFile) -> Section | None:
    name = profile.values.get("services")
    if name is None:
        return None
    section = config.services.get(name) if isinstance(name, str) else None
    if section is None or not section.values:
        raise errors.InvalidConfigError(
            error_msg="The profile is configured to use the services section but the "
            f'"{name}" services configuration does not exist.'
        )
    return section
