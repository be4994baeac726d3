"""Client class names equal botocore's (``type(c).__name__`` shows in reprs, tracebacks and
waiter class names): a sample in the suite, every service in botocore's data under slow."""

from __future__ import annotations

import botocore.session
import pytest
from botocore.utils import get_service_module_name

from strato.clients.base import client_class
from strato.loader import create_loader
from strato.model import ServiceModel

#: Shipped services, services named by botocore's table, and names with punctuation.
_SAMPLE = (
    "sts",
    "s3",
    "dynamodb",
    "sso-oidc",
    "amp",
    "appintegrations",
    "application-signals",
    "b2bi",
    "bcm-dashboards",
    "ec2",
    "elbv2",
    "sagemaker-runtime",
    "marketplace-catalog",
    "cloudfront-keyvaluestore",
)


def _differences(services: list[str] | tuple[str, ...]) -> dict[str, tuple[str, str]]:
    reference = botocore.session.get_session()
    loader = create_loader()
    differ = {}
    for name in services:
        expected = get_service_module_name(reference.get_service_model(name))
        mine = client_class(ServiceModel(loader.load_service_description(name, None), name))
        if mine.__name__ != expected:
            differ[name] = (mine.__name__, expected)
    return differ


def test_sampled_client_class_names_are_botocores() -> None:
    assert _differences(_SAMPLE) == {}


@pytest.mark.slow
def test_every_client_class_name_is_botocores() -> None:
    services = botocore.session.get_session().get_available_services()
    assert len(services) > 400
    assert _differences(services) == {}
