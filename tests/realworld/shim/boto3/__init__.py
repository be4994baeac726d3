"""``boto3`` for the vendored examples: each name is strato's (``boto3.client`` is strato's).

Looked up on use, so a name strato does not have yet fails where the example uses it.
"""

from typing import Any

import strato


def __getattr__(name: str) -> Any:
    return getattr(strato, name)
