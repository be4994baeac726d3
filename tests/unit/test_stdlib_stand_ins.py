"""strato._fastjson, _digests, _ids and _urlpath give what json, hashlib, uuid and urllib.parse
give, errors included."""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strato import _digests, _fastjson, _ids, _urlpath

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities too: json writes and reads them
    | st.text()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
# Fragments of JSON and of almost-JSON, to reach the scanner's refusals too.
_FRAGMENTS = st.sampled_from(
    ['{', '}', '[', ']', ',', ':', '"', '"a"', '\\', '\\u00e9', '\\ud800', '1', '-', '0',
     '.5', 'e9', 'true', 'nul', 'NaN', '-Infinity', ' ', '\t', '\n', '\r', '\x0b', '\x01',
     '\ufeff', '\u00e9']
)  # fmt: skip


def _outcome(function: Any, *args: Any, **kwargs: Any) -> tuple[str, str]:
    """A call's result as comparable text (json again: NaN equals NaN), or its error."""
    try:
        value = function(*args, **kwargs)
    except Exception as error:  # the error is the outcome compared
        return type(error).__name__, str(error)
    return "ok", repr(value) if isinstance(value, str) else json.dumps(value)


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.sampled_from([None, 0, 2]), st.sampled_from(["", " ", "\n\t "]))
def test_loads_reads_json_texts_as_json_does(value: Any, indent: int | None, pad: str) -> None:
    text = pad + json.dumps(value, indent=indent, ensure_ascii=indent is None) + pad
    assert _outcome(_fastjson.loads, text) == _outcome(json.loads, text)


@settings(max_examples=500, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=10).map("".join))
def test_loads_accepts_and_refuses_what_json_does(text: str) -> None:
    assert _outcome(_fastjson.loads, text) == _outcome(json.loads, text)


def test_loads_takes_constants_and_types_as_json_does() -> None:
    got = _fastjson.loads(' [NaN, -Infinity, 1, 1.0, 1e400, "\\u00e9"] \n')
    assert math.isnan(got[0]) and got[1:] == [-math.inf, 1, 1.0, math.inf, "\u00e9"]
    assert [type(v) for v in got[2:4]] == [int, float]


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.booleans())
def test_dumps_writes_what_json_writes(value: Any, sort_keys: bool) -> None:
    assert _outcome(_fastjson.dumps, value, sort_keys=sort_keys) == _outcome(
        json.dumps, value, sort_keys=sort_keys
    )


def _render(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"no {type(value).__name__}")


@pytest.mark.parametrize(
    "value",
    [
        {"b": 1, "a": datetime(2030, 1, 2, tzinfo=UTC)},
        {"a": {1, 2}},
        {"a": b"bytes"},
        {1: "int key", "1": "str key"},
        {(1, 2): "tuple key"},
        {"a": [1, 2], "b": {"c": 1.5}},
    ],
)
@pytest.mark.parametrize("default", [None, _render])
def test_dumps_defaults_and_errors_as_json(value: object, default: Any) -> None:
    for sort_keys in (False, True):
        assert _outcome(_fastjson.dumps, value, sort_keys=sort_keys, default=default) == (
            _outcome(json.dumps, value, sort_keys=sort_keys, default=default)
        )


def test_dumps_refuses_a_cycle_as_json_does() -> None:
    cycle: list[object] = []
    cycle.append(cycle)
    assert _outcome(_fastjson.dumps, cycle) == _outcome(json.dumps, cycle)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_digests_are_hashlibs(data: bytes) -> None:
    assert _digests.sha1(data).hexdigest() == hashlib.sha1(data).hexdigest()
    assert _digests.sha256(data).digest() == hashlib.sha256(data).digest()
    copy = _digests.sha256(data).copy()
    copy.update(data)
    assert copy.hexdigest() == hashlib.sha256(data + data).hexdigest()


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 3), st.integers(-2, 2), st.binary(min_size=1, max_size=1))
def test_bulk_sha256_is_hashlibs_on_either_side_of_its_size(
    blocks: int, offset: int, byte: bytes
) -> None:
    data = byte * max(0, blocks * _digests.BULK_SIZE // 2 + offset)
    digest = _digests.bulk_sha256(data)
    digest.update(data)
    assert digest.hexdigest() == hashlib.sha256(data + data).hexdigest()


def test_a_refused_text_raises_jsons_error_in_a_process_without_json() -> None:
    """Without json.decoder loaded the scanner cannot raise its own error: json's comes."""
    code = (
        "import sys; from strato._fastjson import loads; "
        "print(loads(' {\"a\": [1]} ')); print('json' in sys.modules)\n"
        "try: loads('{\"a\" 1}')\n"
        "except ValueError as e: print(type(e).__name__, e)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "{'a': [1]}",
        "False",
        "JSONDecodeError Expecting ':' delimiter: line 1 column 6 (char 5)",
    ]


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=16, max_size=16))
def test_uuid4_is_uuids_text_for_the_same_random_bytes(random: bytes) -> None:
    with mock.patch("os.urandom", lambda n: random[:n]):
        assert _ids.uuid4() == str(uuid.uuid4())


# Percent-encoding meets every kind of byte: unreserved, reserved, %, non-ASCII, surrogates.
_URL_TEXT = st.text(
    st.sampled_from("aZ09-._~/ %?#&=+:@!$'()*,;[]\x00\x7f\u00e9\u2028\U0001f600\ud800")
    | st.characters(),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(
    _URL_TEXT | st.binary(max_size=20),
    st.sampled_from(["/", "", "-._~", "/~", "%/", ":@é"]),
)
def test_quote_is_urllib_parse_quote(text: str | bytes, safe: str) -> None:
    from urllib.parse import quote

    assert _outcome(_urlpath.quote, text, safe) == _outcome(quote, text, safe=safe)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("aZ.-_:@%0159 \x0b"), max_size=16))
def test_netloc_host_and_port_are_urlsplits(netloc: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(f"http://{netloc}/p")
    assert _outcome(_urlpath.netloc_hostname, netloc) == _outcome(lambda: parts.hostname)
    assert _outcome(_urlpath.netloc_port, netloc) == _outcome(lambda: parts.port)
