"""strato: AWS configuration and credentials, boto3-compatible, quick to start.

The public API::

    import strato
    session = strato.Session(profile_name="dev")
    session.get_credentials()      # botocore-shaped credentials, or None
    session.explain("region")      # the value, where it came from, what it shadows
"""

from __future__ import annotations

from . import exceptions
from .credentials.objects import Credentials, ReadOnlyCredentials, RefreshableCredentials
from .session import Session

__version__ = "0.1.0"
__all__ = [
    "Credentials",
    "ReadOnlyCredentials",
    "RefreshableCredentials",
    "Session",
    "__version__",
    "exceptions",
]
