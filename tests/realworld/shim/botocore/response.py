"""``botocore.response``: strato has no ``strato.response``; ``StreamingBody`` is protocols'."""

from strato.protocols.streaming import StreamingBody

__all__ = ["StreamingBody"]
