"""``botocore`` for the vendored examples: a package whose submodules are strato's modules."""

from strato import UNSIGNED

__all__ = ["UNSIGNED"]
