"""The rules' ``parseURL`` reads plain URLs without urllib.parse: its parts must be
``urlparse``'s (``;params`` cut from the path, the port checked), for any URL."""

from __future__ import annotations

from urllib.parse import urlparse

from hypothesis import given, settings
from hypothesis import strategies as st

from strato.endpoints import _library

_CHARS = st.sampled_from([*"abcXYZ019-._~:@/?#[]%+;= \t\n\\&", "é", "\x01", ":99999", ":8a"])
_SCHEMES = st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", " https://", ""])


@settings(max_examples=500)
@given(scheme=_SCHEMES, tail=st.lists(_CHARS, max_size=12).map("".join))
def test_url_parts_are_urlparses(scheme: str, tail: str) -> None:
    url = scheme + tail
    try:
        parts = urlparse(url)
        expected: object = (parts.scheme, parts.netloc, parts.path, parts.query, parts.hostname)
        parts.port  # noqa: B018 - urlparse's ValueError for a bad port
    except ValueError:
        expected = ValueError
    try:
        got: object = _library._url_parts(url)
    except ValueError:
        got = ValueError
    assert got == expected
