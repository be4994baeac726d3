"""``botocore.config``: ``Config`` is ``strato.Config`` (``strato.config`` is the INI dialect)."""

from strato import Config

__all__ = ["Config"]
