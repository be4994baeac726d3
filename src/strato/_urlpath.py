"""URL path normalization shared by SigV4 signing and the endpoint rules' ``parseURL``."""

from __future__ import annotations


def remove_dot_segments(path: str) -> str:
    """RFC 3986 dot-segment removal that also collapses empty segments, as botocore does."""
    if not path:
        return "/"
    kept: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if kept:
                kept.pop()
        elif segment and segment != ".":
            kept.append(segment)
    lead = "/" if path[0] == "/" else ""
    trail = "/" if path[-1] == "/" and kept else ""
    return lead + "/".join(kept) + trail
