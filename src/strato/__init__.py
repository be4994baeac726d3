"""strato: AWS configuration and credentials, boto3-compatible, quick to start.

The public API::

    import strato
    session = strato.Session(profile_name="dev")
    session.get_credentials()      # botocore-shaped credentials, or None
    session.explain("region")      # the value, where it came from, what it shadows
    sts = session.client("sts")    # a boto3-shaped client
"""

from __future__ import annotations

from . import exceptions
from .clients.config import UNSIGNED, Config
from .credentials.objects import Credentials, ReadOnlyCredentials, RefreshableCredentials
from .session import Session

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .clients.base import BaseClient

__version__ = "0.1.0"
__all__ = [
    "UNSIGNED",
    "Config",
    "Credentials",
    "ReadOnlyCredentials",
    "RefreshableCredentials",
    "Session",
    "__version__",
    "client",
    "exceptions",
    "setup_default_session",
]

_default_session: Session | None = None


def setup_default_session(**kwargs: Any) -> Session:
    """Replace the session that :func:`client` uses (boto3's ``setup_default_session``)."""
    global _default_session
    _default_session = Session(**kwargs)
    return _default_session


def client(service_name: str, *args: Any, **kwargs: Any) -> BaseClient:
    """A client from the default session, made on first use (``boto3.client``)."""
    session = _default_session if _default_session is not None else setup_default_session()
    return session.client(service_name, *args, **kwargs)
