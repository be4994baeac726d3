"""XML read into a small tree with ``pyexpat`` directly, and written back as text.

``xml.etree`` costs a fresh process about 3 ms (it imports ``copy``, ``weakref`` and
ElementPath); the parsers need only what its ``XMLParser`` with a ``TreeBuilder`` gives,
and the rest-xml serializer only what ``ElementTree.tostring(element, encoding="utf-8")``
writes. Both are reproduced here on the same expat, with ElementTree's rules:

* names are ``{uri}local`` when namespaced (expat reports unbound prefixes itself);
* an element's ``text`` is the character data before its first child (None when there is
  none); comments, processing instructions and the data after a child are dropped;
* errors read ``<expat's message>: line L, column C``, and an entity expat leaves
  unexpanded (a document with an external DTD) is ElementTree's ``undefined entity &e;``.
"""

from __future__ import annotations

from pyexpat import ExpatError, ParserCreate

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pyexpat import XMLParserType
    from typing import Any

__all__ = ["ExpatError", "XMLNode", "parse", "to_bytes"]


class XMLNode(list["XMLNode"]):
    """An element: its children are the list's items (a list, so iterating is C speed).

    ``tag`` is ElementTree's (``{uri}local``), ``local`` the name without the namespace.
    """

    __slots__ = ("attrib", "local", "tag", "text")

    attrib: dict[str, str]
    local: str
    tag: str
    text: str | None

    def __init__(self, tag: str = "", local: str = "") -> None:
        self.tag = tag
        self.local = local
        self.attrib = {}
        self.text = None

    def __repr__(self) -> str:
        return f"<XMLNode {self.tag!r} text={self.text!r} children={len(self)}>"


# expat name (``uri}local`` when namespaced) -> (tag, local name); names come from models
# and responses' handful of tags, so the table stays small (bounded all the same).
_NAMES: dict[str, tuple[str, str]] = {}
_NAMES_MAX = 4096


def _names(name: str) -> tuple[str, str]:
    cut = name.rfind("}")
    names = (name, name) if cut == -1 else ("{" + name, name[cut + 1 :])
    if len(_NAMES) < _NAMES_MAX:
        _NAMES[name] = names
    return names


class _UndefinedEntity(Exception):
    """Raised from expat's callback with the reference's position; ``parse`` turns it
    into ElementTree's error."""


class _Builder:
    """expat's callbacks: the open elements (under a pseudo-root holding the document's
    element) and the character data since the last tag."""

    __slots__ = ("data", "parser", "stack", "top")

    def __init__(self, parser: XMLParserType | None) -> None:
        self.top = XMLNode()
        self.stack: list[XMLNode] = [self.top]
        self.data: list[str] = []
        self.parser = parser  # for the position of an undefined entity

    def start(self, name: str, attrs: dict[str, str]) -> None:
        node = _new_node(XMLNode)
        node.tag, node.local = _NAMES.get(name) or _names(name)
        node.text = None
        if attrs:
            for key in attrs:
                if "}" in key:
                    attrs = {("{" + k if "}" in k else k): v for k, v in attrs.items()}
                    break
        node.attrib = attrs
        stack = self.stack
        parent = stack[-1]
        data = self.data
        if data:
            if not parent:
                parent.text = "".join(data)
            data.clear()  # otherwise the previous child's tail
        parent.append(node)
        stack.append(node)

    def end(self, name: str) -> None:
        node = self.stack.pop()
        data = self.data
        if data:
            if not node:
                node.text = "".join(data)
            data.clear()

    def skipped(self, name: str, is_parameter_entity: bool) -> None:
        parser = self.parser
        if not is_parameter_entity and parser is not None:
            line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber
            raise _UndefinedEntity(f"&{name};", line, column)


_new_node = XMLNode.__new__


def parse(body: bytes | str) -> XMLNode:
    """The root element of ``body``, read as UTF-8 whatever it declares.

    Raises ``ExpatError`` whose text is ElementTree's ``ParseError`` text for the body.
    """
    parser = ParserCreate("utf-8", "}")
    builder = _Builder(parser)
    parser.buffer_text = True
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data.append
    parser.SkippedEntityHandler = builder.skipped
    try:
        # One final pass: ElementTree feeds then closes, which ends in the same errors
        # (tests/protocols/test_xmltree.py) and costs a second pass.
        parser.Parse(body, True)
    except _UndefinedEntity as entity:
        reference, line, column = entity.args
        # ElementTree keeps the reference's first 100 bytes.
        shown = reference.encode("utf-8")[:100].decode("utf-8", "replace")
        raise _error(f"undefined entity {shown}", line, column) from None
    finally:
        builder.parser = None  # no reference cycle through the handlers
    # expat fails a document without an element, so the pseudo-root holds exactly one.
    return builder.top[0]


def _error(message: str, line: int, column: int) -> ExpatError:
    error = ExpatError(f"{message}: line {line}, column {column}")
    error.lineno, error.offset = line, column
    return error


# --- writing -----------------------------------------------------------------------------


def _escape_text(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_ATTRIBUTE_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\r", "&#13;"),
    ("\n", "&#10;"),
    ("\t", "&#09;"),
)


def _escape_attribute(value: Any) -> Any:
    """ElementTree's rule: ``in`` tests decide, so a list or dict value is written as its
    ``str`` while bytes or a number are refused."""
    try:
        for char, entity in _ATTRIBUTE_ESCAPES:
            if char in value:
                value = value.replace(char, entity)
    except (TypeError, AttributeError):
        raise TypeError(f"cannot serialize {value!r} (type {type(value).__name__})") from None
    return value


def _write(node: XMLNode, out: list[str]) -> None:
    tag = node.tag
    out.append("<" + tag)
    for key, value in node.attrib.items():
        out.append(f' {key}="{_escape_attribute(value)}"')
    text = node.text
    if text or node:
        out.append(">")
        if text:
            out.append(_escape_text(text))
        for child in node:
            _write(child, out)
        out.append(f"</{tag}>")
    else:
        out.append(" />")


def to_bytes(node: XMLNode) -> bytes:
    """``ElementTree.tostring(node, encoding="utf-8")`` for a tree of plain (un-namespaced)
    names: no declaration, ``<a />`` for an empty element, unencodable characters as
    character references."""
    out: list[str] = []
    _write(node, out)
    return "".join(out).encode("utf-8", "xmlcharrefreplace")
