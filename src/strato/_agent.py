"""strato's User-Agent, shared by clients and the metadata credential providers."""

from __future__ import annotations

from ._lazy import once


@once
def default_agent() -> str:
    """``strato/<version> Python/<x.y.z> <platform>``, made once per process."""
    import sys

    from strato import __version__

    py = ".".join(str(v) for v in sys.version_info[:3])
    return f"strato/{__version__} Python/{py} {sys.platform}"
