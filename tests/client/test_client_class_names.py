"""Client class names equal botocore's for every service in its data (``type(c).__name__``
shows in reprs, tracebacks and waiter class names)."""

from __future__ import annotations

import botocore.session
from botocore.utils import get_service_module_name

from strato.clients.base import client_class
from strato.loader import create_loader
from strato.model import ServiceModel


def test_every_client_class_name_is_botocores() -> None:
    reference = botocore.session.get_session()
    loader = create_loader()
    services = reference.get_available_services()
    assert len(services) > 400
    differ = {}
    for name in services:
        expected = get_service_module_name(reference.get_service_model(name))
        mine = client_class(ServiceModel(loader.load_service_description(name, None), name))
        if mine.__name__ != expected:
            differ[name] = (mine.__name__, expected)
    assert differ == {}
