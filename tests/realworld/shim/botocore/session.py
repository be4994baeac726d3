"""``botocore.session``: only ``UNSIGNED`` (botocore's ``Session`` is not boto3's, and strato
has no botocore-level session to map it to)."""

from strato import UNSIGNED

__all__ = ["UNSIGNED"]
