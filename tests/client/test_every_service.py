"""Every service in botocore's data, against botocore: client method names, and what a
client made in several regions says about itself (``meta``) or the error it raises."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import botocore.client
import botocore.config
import botocore.session
import pytest

import strato
from strato.clients.base import BaseClient, client_class
from strato.clients.creator import _service_model

_SESSION = botocore.session.get_session()
SERVICES = _SESSION.get_available_services()
#: us-west-2 runs with the unit tests; the other regions with ``make slow``.
REGIONS = [
    "us-west-2",
    *(
        pytest.param(region, marks=pytest.mark.slow)
        for region in ("us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1", "ap-southeast-5")
    ),
]
#: What every client has besides its operations, in either library.
_BASE_NAMES = frozenset(dir(botocore.client.BaseClient)) | frozenset(dir(BaseClient))


@cache
def _botocore_creator() -> botocore.client.ClientCreator:
    """botocore's own class factory (its handlers add and remove methods), no network."""
    session = _SESSION
    return botocore.client.ClientCreator(
        session.get_component("data_loader"),
        session._get_internal_component("endpoint_resolver"),
        session.user_agent(),
        session.get_component("event_emitter"),
        None,
        None,
    )


def _strato_class(service: str) -> type[BaseClient]:
    loader = strato.Session()._loader()
    return client_class(_service_model(loader.load_service_model(service, "service-2"), service))


def _operation_methods(cls: type[Any], mapping: dict[str, str]) -> set[str]:
    return {name for name in dir(cls) if name in mapping and name not in _BASE_NAMES}


def test_every_operation_of_every_service_has_botocores_method_name() -> None:
    assert len(SERVICES) > 400
    for service in SERVICES:
        theirs = _botocore_creator().create_client_class(service)
        mine = _strato_class(service)
        assert mine._api_names == theirs._PY_TO_OP_NAME, service
        mapping = theirs._PY_TO_OP_NAME
        assert _operation_methods(mine, mapping) == _operation_methods(theirs, mapping), service


@pytest.mark.parametrize(
    ("service", "alias", "actual"),
    [
        ("mturk", "list_hi_ts_for_qualification_type", "list_hits_for_qualification_type"),
        ("socialmessaging", "delete_whatsapp_media_message", "delete_whatsapp_message_media"),
        ("cloudwatch", "get_o_tel_enrichment", "get_otel_enrichment"),
        ("cloudwatch", "update_o_tel_enrichment", "update_otel_enrichment"),
        ("signin", "create_o_auth2_token", "create_oauth2_token"),
    ],
)
def test_botocores_aliases_of_renamed_methods(service: str, alias: str, actual: str) -> None:
    boto = _SESSION.create_client(service, region_name="us-west-2")
    mine = strato.Session().client(service, region_name="us-west-2")
    assert getattr(boto, alias).__name__ == actual
    assert getattr(mine, alias).__name__ == actual
    assert alias not in dir(boto) and alias not in dir(mine)
    assert alias not in mine.meta.method_to_api_mapping


def test_operations_botocore_leaves_without_a_method() -> None:
    """Five HTTP/2-only operations: mapped, but no attribute in either library."""
    boto = _SESSION.create_client("qbusiness", region_name="us-west-2")
    mine = strato.Session().client("qbusiness", region_name="us-west-2")
    for client in (boto, mine):
        assert client.meta.method_to_api_mapping["chat"] == "Chat"
        with pytest.raises(AttributeError):
            client.chat  # noqa: B018
    assert hasattr(mine, "chat_sync") and hasattr(boto, "chat_sync")


def _outcome(make: Callable[..., Any], service: str, region: str) -> tuple[Any, ...]:
    try:
        client = make(service, region_name=region)
    except Exception as error:  # the class name and message are compared
        return ("error", type(error).__name__, str(error))
    meta = client.meta
    return (meta.endpoint_url, meta.region_name, meta.partition)


@pytest.mark.parametrize("region", REGIONS)
def test_every_service_created_in_a_region_as_botocore(region: str) -> None:
    """``meta.endpoint_url``/``region_name``/``partition`` (or the creation error) agree."""
    boto_session = botocore.session.Session()
    mine = strato.Session()
    differences = []
    for service in SERVICES:
        theirs = _outcome(boto_session.create_client, service, region)
        ours = _outcome(mine.client, service, region)
        if ours != theirs:
            differences.append((service, theirs, ours))
    assert differences == []


#: Services whose endpoints.json entries have the special cases (global endpoints,
#: partition endpoints, S3 and STS rules, credential scopes, no entry at all).
VARIANT_SERVICES = (
    "s3",
    "sts",
    "iam",
    "route53",
    "health",
    "cloudfront",
    "s3control",
    "sqs",
    "dynamodb",
    "acm",
    "neptune-graph",
    "bcm-data-exports",
)
# id -> (client arguments, Config options)
VARIANTS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "no-region": ({}, {}),
    "fips-prefix": ({"region_name": "fips-us-west-2"}, {}),
    "fips-suffix": ({"region_name": "us-west-2-fips"}, {}),
    "fips-govcloud": ({"region_name": "fips-us-gov-west-1"}, {}),
    "iso": ({"region_name": "us-iso-east-1"}, {}),
    "eusc": ({"region_name": "eusc-de-east-1"}, {}),
    "aws-global": ({"region_name": "aws-global"}, {}),
    "unknown-region": ({"region_name": "xx-foo-1"}, {}),
    "custom-url": ({"region_name": "us-west-2", "endpoint_url": "http://127.0.0.1:1"}, {}),
    "custom-url-no-region": ({"endpoint_url": "http://127.0.0.1:1"}, {}),
    "http": ({"region_name": "us-west-2", "use_ssl": False}, {}),
    "fips": ({"region_name": "us-east-1"}, {"use_fips_endpoint": True}),
    "dualstack": ({"region_name": "us-west-2"}, {"use_dualstack_endpoint": True}),
    "dualstack-iso": ({"region_name": "us-iso-east-1"}, {"use_dualstack_endpoint": True}),
    "fips-dualstack-cn": (
        {"region_name": "cn-north-1"},
        {"use_fips_endpoint": True, "use_dualstack_endpoint": True},
    ),
    "s3-regional-us-east-1": (
        {"region_name": "us-east-1"},
        {"s3": {"us_east_1_regional_endpoint": "regional"}},
    ),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_creation_variants_as_botocore(variant: str) -> None:
    arguments, options = VARIANTS[variant]
    differences = []
    for service in VARIANT_SERVICES:
        theirs = _outcome_with(
            botocore.session.Session().create_client,
            service,
            arguments,
            botocore.config.Config(**options),
        )
        ours = _outcome_with(strato.Session().client, service, arguments, strato.Config(**options))
        if ours != theirs:
            differences.append((service, theirs, ours))
    assert differences == []


def _outcome_with(
    make: Callable[..., Any], service: str, arguments: dict[str, Any], config: Any
) -> tuple[Any, ...]:
    try:
        client = make(service, config=config, **arguments)
    except Exception as error:  # the class name and message are compared
        return ("error", type(error).__name__, str(error))
    meta = client.meta
    return (meta.endpoint_url, meta.region_name, meta.partition, meta.config.use_fips_endpoint)
