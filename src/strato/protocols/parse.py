"""``create_parser(protocol)``: the response parser for a model's protocol, imported on demand."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from strato.protocols._parse_common import ResponseParser

_PARSERS: dict[str, tuple[str, str]] = {
    "query": ("parse_xml", "QueryParser"),
    "ec2": ("parse_xml", "EC2QueryParser"),
    "rest-xml": ("parse_xml", "RestXMLParser"),
    "json": ("parse_json", "JSONParser"),
    "rest-json": ("parse_json", "RestJSONParser"),
    "smithy-rpc-v2-cbor": ("parse_cbor", "RpcV2CBORParser"),
}


def create_parser(protocol: str) -> ResponseParser:
    """Only the chosen protocol's module is imported (XML parsing is not loaded for JSON)."""
    module_name, class_name = _PARSERS[protocol]
    # The builtin __import__ (with a fromlist it returns the submodule): importlib would
    # load warnings with it.
    module = __import__(f"strato.protocols.{module_name}", fromlist=[class_name])
    parser: ResponseParser = getattr(module, class_name)()
    return parser
