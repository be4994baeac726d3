"""Differential: strato's pyexpat tree reads and writes XML as ElementTree does.

botocore parses responses with ``ElementTree.XMLParser(target=TreeBuilder(),
encoding="utf-8")`` and writes rest-xml bodies with ``ElementTree.tostring(...,
encoding="utf-8")``; strato.protocols._xmltree must give the same tree (tags, attributes,
texts, children) and the same error text for any bytes, and the same bytes for any tree.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strato.protocols import _xmltree

NAMES = st.sampled_from(["a", "b", "Key", "p:a", "q:b", "xml:lang", "é", "a.b-c_d"])
TEXT = st.sampled_from(
    [
        "",
        " ",
        "\n  ",
        "x",
        "A b",
        "&amp;",
        "&lt;&gt;&quot;&apos;",
        "&#65;&#x263a;",
        "<![CDATA[<raw> & ]]>",
        "<!-- c -->",
        "<?pi data?>",
        "é\u263a",
        "\r\n",
    ]
    * 4
    + ["&e;", "&undefined;", "&", "<", "]]>"]
)
# Mostly well-formed choices, a few broken ones (an undeclared prefix, a duplicate
# attribute, a raw "<"), so that both trees and errors are compared.
DECLARATIONS = st.sampled_from(
    ["", "", "", ' xmlns="urn:d"', ' xmlns:p="urn:p"', ' xmlns=""', ' xmlns:p=""']
)
ROOT_DECLARATIONS = st.sampled_from(
    [' xmlns:p="urn:p" xmlns:q="urn:q"'] * 6 + ["", ' xmlns="urn:root" xmlns:p="urn:p"']
)
ATTRIBUTES = st.sampled_from(
    ["", "", ' k="v"', " p:k='&amp;\"'", ' k="a&#10;b\tc"'] * 3
    + [' k="1" k="2"', ' k="&e;"', ' k="<"']
)
PROLOGS = st.sampled_from(
    [
        "",
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="ISO-8859-1"?>',
        "<!-- before -->",
        '<!DOCTYPE a [<!ENTITY e "expanded">]>',
        '<!DOCTYPE a SYSTEM "ext.dtd">',
        '<!DOCTYPE a [<!ENTITY % p SYSTEM "p.dtd"> %p;]>',
        '<!DOCTYPE a [<!ATTLIST a d CDATA "default">]>',
        "\ufeff",
        "  \n",
    ]
)


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> str:
    name = draw(NAMES)
    declarations = draw(ROOT_DECLARATIONS if depth == 0 else DECLARATIONS)
    head = f"<{name}{declarations}{draw(ATTRIBUTES)}"
    if draw(st.booleans()):
        return head + "/>"
    parts = [head + ">"]
    children = draw(st.integers(0, 3 if depth < 3 else 0))
    parts.append(draw(TEXT))
    for _ in range(children):
        parts.append(draw(_element(depth + 1)))
        parts.append(draw(TEXT))
    closing = draw(st.sampled_from([name] * 9 + ["other"]))
    parts.append(f"</{closing}>")
    return "".join(parts)


@st.composite
def _documents(draw: st.DrawFn) -> bytes:
    after = draw(st.sampled_from(["", "\n", "<!-- after -->", "x"]))
    text = draw(PROLOGS) + draw(_element()) + after
    data = text.encode(draw(st.sampled_from(["utf-8"] * 5 + ["latin-1"])), "replace")
    if draw(st.integers(0, 7)) == 0:
        data = data[: draw(st.integers(1, len(data)))]
    if draw(st.integers(0, 9)) == 0:
        data += draw(st.binary(max_size=4))
    return data


def _element_tree(body: bytes) -> Any:
    parser = ElementTree.XMLParser(target=ElementTree.TreeBuilder(), encoding="utf-8")
    try:
        parser.feed(body)
        root = parser.close()
    except ElementTree.ParseError as error:
        return ("error", str(error))
    return _dump(root)


def _strato_tree(body: bytes) -> Any:
    try:
        root = _xmltree.parse(body)
    except _xmltree.ExpatError as error:
        return ("error", str(error))
    return _dump(root)


def _dump(node: Any) -> Any:
    return (node.tag, dict(node.attrib), node.text, [_dump(child) for child in node])


@settings(max_examples=400, deadline=None)
@given(_documents())
def test_parsed_tree_or_error_equals_element_tree(body: bytes) -> None:
    assert _strato_tree(body) == _element_tree(body)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"not xml",
        b"<a>",
        b"<a></b>",
        b"<p:a/>",
        b"<a/>junk",
        b"<a>\xff</a>",
        b'<!DOCTYPE a SYSTEM "x.dtd"><a>&foo;</a>',
        b'<!DOCTYPE a SYSTEM "x.dtd">\n<a>\n  x&f\xc3\xa9o;</a>',
        b'<!DOCTYPE a SYSTEM "x.dtd"><a>&' + b"n" * 120 + b";</a>",
        b'<!DOCTYPE a SYSTEM "x.dtd"><a>&' + "é".encode() * 60 + b";</a>",
        b'<a xmlns="urn:x"><b xmlns:y="urn:y" y:c="1">t<!--c-->u</b>tail</a>',
    ],
)
def test_known_bodies_equal_element_tree(body: bytes) -> None:
    assert _strato_tree(body) == _element_tree(body)


SEEDS = [
    b'<?xml version="1.0"?><a xmlns="u" xmlns:p="q"><p:b k="v">t&amp;x<![CDATA[z]]></p:b>'
    b"<!-- c --><c/>tail</a>",
    b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;<b>\xc3\xa9</b></a>',
    b"<a><b><c>deep</c></b></a>\n",
]


@pytest.mark.parametrize("seed", SEEDS)
def test_cut_and_corrupted_documents_fail_as_in_element_tree(seed: bytes) -> None:
    """Every prefix and suffix of a document, and single-byte corruptions of it: the
    same tree or the same error text (strato reads in one final pass, ElementTree in a
    feed and a close)."""
    import random

    bodies = [seed[:cut] for cut in range(len(seed) + 1)]
    bodies += [seed[cut:] for cut in range(len(seed))]
    rnd = random.Random(seed)
    for _ in range(300):
        corrupted = bytearray(seed)
        corrupted[rnd.randrange(len(seed))] = rnd.randrange(256)
        bodies.append(bytes(corrupted))
    for body in bodies:
        assert _strato_tree(body) == _element_tree(body), body


def test_element_position_for_an_error_is_expat_s() -> None:
    with pytest.raises(_xmltree.ExpatError) as info:
        _xmltree.parse(b"<a>\n <b></a>")
    assert (info.value.lineno, info.value.offset) == (2, 6)


# --- writing -----------------------------------------------------------------------------

WRITE_TEXT = st.one_of(
    st.sampled_from(["", "x", "a&b<c>d\"e'f", "\r\n\t", "\ud800", "é\u263a", "]]>"]),
    st.text(max_size=6),
)
ATTRIBUTE_VALUES = st.one_of(
    WRITE_TEXT, st.sampled_from([1, b"x", ["a&"], {"k": 1}, None, 1.5, True])
)


@st.composite
def _trees(draw: st.DrawFn, depth: int = 0) -> tuple[Any, Any]:
    """The same tree as an ElementTree element and an XMLNode."""
    name = draw(st.sampled_from(["a", "Key", "xmlns-like", "p:x"]))
    element, node = ElementTree.Element(name), _xmltree.XMLNode(name, name)
    for key in draw(st.lists(st.sampled_from(["xmlns", "xmlns:p", "k", "p:k"]), max_size=3)):
        value: Any = draw(ATTRIBUTE_VALUES)
        element.attrib[key] = value
        node.attrib[key] = value
    text = draw(WRITE_TEXT)
    element.text = node.text = text
    for _ in range(draw(st.integers(0, 2 if depth < 3 else 0))):
        child_element, child_node = draw(_trees(depth + 1))
        element.append(child_element)
        node.append(child_node)
    return element, node


def _outcome(write: Any, tree: Any) -> Any:
    try:
        return write(tree)
    except TypeError as error:
        return ("TypeError", str(error))


@settings(max_examples=300, deadline=None)
@given(_trees())
def test_written_bytes_equal_element_tree_tostring(trees: tuple[Any, Any]) -> None:
    element, node = trees
    expected = _outcome(lambda e: ElementTree.tostring(e, encoding="utf-8"), element)
    assert _outcome(_xmltree.to_bytes, node) == expected


def test_reading_and_writing_import_no_xml_etree() -> None:
    code = (
        "import sys; from strato.protocols import _xmltree as x; "
        "r = x.parse(b'<a xmlns=\"u\"><b>t</b></a>'); x.to_bytes(r); "
        "print(sorted(m for m in sys.modules if m.startswith('xml')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_repeated_string_element_gives_the_nodes_as_botocore_gives_elements() -> None:
    """The documented difference (docs/compatibility.md): the same list, of XMLNode
    objects where botocore's holds ElementTree's."""
    import botocore.model
    import botocore.parsers
    from botocore.loaders import Loader

    from strato import model as strato_model
    from strato.protocols.parse import create_parser

    description = Loader().load_service_model("sts", "service-2")
    body = (
        b"<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>a</Arn><Arn>b</Arn>"
        b"</GetCallerIdentityResult></GetCallerIdentityResponse>"
    )
    response = {"status_code": 200, "headers": {}, "body": body}
    theirs = botocore.parsers.create_parser("query").parse(
        response,
        botocore.model.ServiceModel(description).operation_model("GetCallerIdentity").output_shape,
    )
    ours = create_parser("query").parse(
        response,
        strato_model.ServiceModel(description, "sts")
        .operation_model("GetCallerIdentity")
        .output_shape,
    )
    assert [type(node).__name__ for node in theirs["Arn"]] == ["Element", "Element"]
    assert [type(node) for node in ours["Arn"]] == [_xmltree.XMLNode, _xmltree.XMLNode]
    assert [_dump(node) for node in ours["Arn"]] == [_dump(node) for node in theirs["Arn"]]
