"""The call path splits endpoints and form-encodes query bodies without urllib.parse:
the results must be urllib.parse's, which botocore uses."""

from __future__ import annotations

from urllib.parse import quote_plus, urlsplit, urlunsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from strato import _urlpath
from strato.clients import creator, customize
from strato.exceptions import InvalidConfigValueError

_URL_CHARS = st.sampled_from([*"abcXYZ019-._~:@/?#[]%+ \t\n\r\\&=", "é", "\x01"])
_TAILS = st.text(_URL_CHARS, max_size=16)
_SCHEMES = st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", " https://", ""])


@settings(max_examples=300)
@given(scheme=_SCHEMES, tail=_TAILS)
def test_split_is_urlsplit(scheme: str, tail: str) -> None:
    url = scheme + tail
    try:
        expected = tuple(urlsplit(url))
    except ValueError:  # urllib.parse refuses it (brackets): so does the fallback
        return
    assert _urlpath.split_url(url) == expected


@settings(max_examples=300)
@given(
    scheme=st.sampled_from(["http", "https", "ftp", ""]),
    netloc=st.sampled_from(["", "h", "b.h:8", "user@h"]),
    path=st.text(st.sampled_from(list("/ab.%")), max_size=6),
    query=st.sampled_from(["", "a=1", "x"]),
    fragment=st.sampled_from(["", "f"]),
)
def test_unsplit_is_urlunsplit(
    scheme: str, netloc: str, path: str, query: str, fragment: str
) -> None:
    parts = (scheme, netloc, path, query, fragment)
    assert customize._unsplit(*parts) == urlunsplit(parts)


@settings(max_examples=300)
@given(st.text())
def test_form_encoding_is_quote_plus(text: str) -> None:
    try:
        expected = quote_plus(text)
    except UnicodeEncodeError:  # a lone surrogate: both raise
        try:
            customize._quote_plus(text)
        except UnicodeEncodeError:
            return
        raise AssertionError("no UnicodeEncodeError") from None
    assert customize._quote_plus(text) == expected


def test_join_url_keeps_the_endpoint_path_query_and_prefix() -> None:
    url = customize.join_url("https://h.example:8443/base/?k=v", "/op", "pre.", {"A": "a b"})
    assert url == "https://pre.h.example:8443/base/op?k=v&A=a%20b"


@settings(max_examples=300)
@given(scheme=_SCHEMES, tail=_TAILS)
def test_endpoint_url_check_is_botocores(scheme: str, tail: str) -> None:
    """botocore accepts an endpoint_url when urlsplit finds an http(s) scheme and a host."""

    url = scheme + tail
    try:
        parts = urlsplit(url)
        expected_ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        expected_ok = None  # urllib.parse refuses it: so must strato
    try:
        creator._validated_endpoint(url)
        ok: bool | None = True
    except InvalidConfigValueError:
        ok = False
    except ValueError:
        ok = None
    assert ok == expected_ok
