"""``botocore.client``: the names code takes from it (``Config``, ``ClientError``, the
``BaseClient`` every client is an instance of), strato's."""

from strato import Config
from strato.clients.base import BaseClient
from strato.exceptions import ClientError

__all__ = ["BaseClient", "ClientError", "Config"]
