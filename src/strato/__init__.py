"""strato: AWS configuration and credentials, boto3-compatible, quick to start.

The public API::

    import strato
    session = strato.Session(profile_name="dev")
    session.get_credentials()      # botocore-shaped credentials, or None
    session.explain("region")      # the value, where it came from, what it shadows
    sts = session.client("sts")    # a boto3-shaped client

Names are loaded on first use (PEP 562), so ``import strato`` itself costs almost nothing.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from . import exceptions
    from .clients.base import BaseClient
    from .clients.config import UNSIGNED, Config
    from .credentials.objects import Credentials, ReadOnlyCredentials
    from .credentials.refreshable import RefreshableCredentials
    from .resources.base import ServiceResource
    from .session import Session

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
    "resource",
    "set_stream_logger",
    "setup_default_session",
]

# public name -> the module that defines it
_LAZY = {
    "Session": "strato.session",
    "Config": "strato.clients.config",
    "UNSIGNED": "strato.clients.config",
    "Credentials": "strato.credentials.objects",
    "ReadOnlyCredentials": "strato.credentials.objects",
    "RefreshableCredentials": "strato.credentials.refreshable",
}

_default_session: Session | None = None


def __getattr__(name: str) -> Any:
    # The builtin __import__ (with a fromlist it returns the submodule): importlib costs more.
    if name == "exceptions":
        return __import__("strato.exceptions", fromlist=["StratoError"])
    if name == "session":  # boto3 code calls boto3.session.Session() after a bare import
        return __import__("strato.session", fromlist=["Session"])
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'strato' has no attribute {name!r}")
    value = getattr(__import__(module, fromlist=[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def setup_default_session(**kwargs: Any) -> Session:
    """Replace the session that :func:`client` uses (boto3's ``setup_default_session``)."""
    from .session import Session

    global _default_session
    _default_session = Session(**kwargs)
    return _default_session


def client(service_name: str, *args: Any, **kwargs: Any) -> BaseClient:
    """A client from the default session, made on first use (``boto3.client``)."""
    session = _default_session if _default_session is not None else setup_default_session()
    return session.client(service_name, *args, **kwargs)


def set_stream_logger(
    name: str = "strato", level: int = 10, format_string: str | None = None
) -> None:
    """boto3's ``set_stream_logger``: log ``name`` (``'boto3'``/``'botocore'`` mean
    ``'strato'``) at ``level`` (default DEBUG) to stderr. See docs/logging.md."""
    from ._log import set_stream_logger

    set_stream_logger(name, level, format_string)


def resource(service_name: str, *args: Any, **kwargs: Any) -> ServiceResource:
    """A service resource from the default session (``boto3.resource``)."""
    session = _default_session if _default_session is not None else setup_default_session()
    return session.resource(service_name, *args, **kwargs)
