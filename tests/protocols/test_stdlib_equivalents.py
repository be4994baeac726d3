"""The protocol code's stand-ins for modules it no longer imports give those modules'
results and errors: base64 through binascii, ``re`` patterns through str methods, json
through strato._fastjson, ``math.isnan`` only where botocore's would raise. And loading
the protocols and validation imports none of those modules (nor typing)."""

from __future__ import annotations

import base64
import json
import math
import re
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.protocols import _parse_common, _serialize_common, serialize_rest
from strato.protocols.serialize_json import json_body
from strato.validate import ParamValidator


def _outcome(function: Any, *args: Any) -> Any:
    try:
        return ("ok", function(*args))
    except Exception as error:  # the class and text must be the same
        return (type(error).__name__, str(error))


BASE64_TEXT = st.text(alphabet="ABCab01+/=\n -_é!", max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.one_of(BASE64_TEXT, BASE64_TEXT.map(lambda t: t.encode()), st.binary(max_size=8)))
def test_blob_parser_is_b64decode(value: str | bytes) -> None:
    parse = _parse_common._default_blob_parser
    assert _outcome(parse, value) == _outcome(base64.b64decode, value)


@pytest.mark.parametrize("value", [bytearray(b"YQ=="), memoryview(b"YQ=="), 1, None, ["YQ=="]])
def test_blob_parser_other_values_are_b64decode(value: Any) -> None:
    parse = _parse_common._default_blob_parser
    assert _outcome(parse, value) == _outcome(base64.b64decode, value)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=10), st.binary(max_size=10), st.binary().map(bytearray)))
def test_get_base64_is_b64encode(value: str | bytes | bytearray) -> None:
    raw = value.encode("utf-8") if isinstance(value, str) else value
    assert _serialize_common.get_base64(value) == base64.b64encode(raw).decode("utf-8")


HOST_PATTERN = re.compile(r"^[A-Za-z0-9\.\-]+$")  # botocore.serialize.HOST_PREFIX_RE


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ09.-_ \n\t/é", max_size=8))
def test_host_label_check_is_botocores_pattern(value: str) -> None:
    assert _serialize_common._is_host_label(value) == (HOST_PATTERN.match(value) is not None)


@pytest.mark.parametrize("value", [1, b"abc", None])
def test_host_label_check_raises_the_patterns_error_for_other_types(value: Any) -> None:
    assert _outcome(_serialize_common._is_host_label, value) == _outcome(HOST_PATTERN.match, value)


def _botocore_handle_float(value: Any) -> Any:
    """botocore.serialize.Serializer._handle_float."""
    from botocore.serialize import Serializer

    return Serializer._handle_float(Serializer(), value)


@pytest.mark.parametrize(
    "value",
    [
        1.5,
        0.0,
        math.inf,
        -math.inf,
        math.nan,
        3,
        True,
        10**400,
        -(10**400),
        Decimal("1.25"),
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("sNaN"),
    ],
)
def test_handle_float_is_botocores(value: Any) -> None:
    assert _outcome(_serialize_common.handle_float, value) == _outcome(
        _botocore_handle_float, value
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="{}ab+/\n", max_size=12))
def test_uri_labels_are_botocores_findall(template: str) -> None:
    assert serialize_rest.uri_labels(template) == re.findall(r"{(.*?)}", template)


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=6),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_json_body_is_json_dumps(value: Any) -> None:
    from strato.model import Shape

    document = Shape("Doc", {"type": "string"})  # a plain shape: the value passes through
    assert json_body(value, document) == json.dumps(value).encode("utf-8")


def test_float_members_accept_decimals() -> None:
    from strato.model import Shape

    shape = Shape("F", {"type": "double"})
    assert not ParamValidator().validate(Decimal("1.5"), shape).has_errors()
    report = ParamValidator().validate("1.5", shape).generate_report()
    assert "<class 'decimal.Decimal'>" in report


def test_protocol_modules_import_no_heavy_modules() -> None:
    """Every protocol module and validation loaded: none of the modules they use only
    for some shapes or errors (or for type hints) is."""
    modules = [
        "strato.validate",
        "strato.protocols.parse_xml",
        "strato.protocols.parse_json",
        "strato.protocols.parse_cbor",
        "strato.protocols.serialize_query",
        "strato.protocols.serialize_json",
        "strato.protocols.serialize_rest",
        "strato.protocols.serialize_cbor",
        "strato.protocols.eventstream",
        "strato.protocols.streaming",
    ]
    heavy = [
        "typing",
        "base64",
        "datetime",
        "decimal",
        "re",
        "urllib.parse",
        "json",
        "xml.etree",
        "collections.abc",
        "calendar",
    ]
    code = (
        "import sys, importlib; "
        f"[importlib.import_module(m) for m in {modules!r}]; "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
