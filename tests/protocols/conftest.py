"""Fixtures for the protocol tests: real service models and a CBOR reader."""

from __future__ import annotations

import copy
import functools
import struct
from collections.abc import Callable
from typing import Any

import botocore.loaders
import pytest


@functools.cache
def _service_description(service: str) -> dict[str, Any]:
    loader = botocore.loaders.create_loader()
    description: dict[str, Any] = loader.load_service_model(service, "service-2")
    return description


@pytest.fixture
def service_description() -> Callable[[str], dict[str, Any]]:
    """Returns a loader of fresh copies of botocore's bundled models (tests may mutate them)."""
    return lambda service: copy.deepcopy(_service_description(service))


@pytest.fixture
def cbor_decoder() -> Callable[[bytes], Any]:
    return decode_cbor


def decode_cbor(data: bytes) -> Any:
    """Decode one CBOR item (RFC 8949), enough to compare request bodies structurally.

    Tags are dropped (tag 1 timestamps compare as their epoch number); indefinite-length
    items are accepted because the suites use them.
    """
    value, end = _cbor_item(data, 0)
    assert end == len(data), f"trailing CBOR bytes at {end}"
    return value


def _cbor_argument(data: bytes, pos: int, info: int) -> tuple[int | None, int]:
    if info < 24:
        return info, pos
    if info == 31:
        return None, pos
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return int.from_bytes(data[pos : pos + size], "big"), pos + size


def _cbor_item(data: bytes, pos: int) -> tuple[Any, int]:
    initial = data[pos]
    major, info = initial >> 5, initial & 0x1F
    pos += 1
    if major == 7:
        return _cbor_simple(data, pos, info)
    arg, pos = _cbor_argument(data, pos, info)
    if major == 0:
        return arg, pos
    if major == 1:
        assert arg is not None
        return -1 - arg, pos
    if major in (2, 3):
        if arg is None:
            chunks = []
            while data[pos] != 0xFF:
                chunk, pos = _cbor_item(data, pos)
                chunks.append(chunk)
            joined = b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks)
            return (joined if major == 2 else joined.decode()), pos + 1
        raw = data[pos : pos + arg]
        return (raw if major == 2 else raw.decode("utf-8")), pos + arg
    if major == 4:
        items = []
        while (arg is None and data[pos] != 0xFF) or (arg is not None and len(items) < arg):
            item, pos = _cbor_item(data, pos)
            items.append(item)
        return items, pos + (1 if arg is None else 0)
    if major == 5:
        mapping: dict[Any, Any] = {}
        while (arg is None and data[pos] != 0xFF) or (arg is not None and len(mapping) < arg):
            key, pos = _cbor_item(data, pos)
            mapping[key], pos = _cbor_item(data, pos)
        return mapping, pos + (1 if arg is None else 0)
    return _cbor_item(data, pos)  # major 6: a tag, keep only the tagged value


def _cbor_simple(data: bytes, pos: int, info: int) -> tuple[Any, int]:
    if info == 20:
        return False, pos
    if info == 21:
        return True, pos
    if info in (22, 23):
        return None, pos
    if info == 25:
        return _half_float(int.from_bytes(data[pos : pos + 2], "big")), pos + 2
    if info == 26:
        return struct.unpack(">f", data[pos : pos + 4])[0], pos + 4
    if info == 27:
        return struct.unpack(">d", data[pos : pos + 8])[0], pos + 8
    raise AssertionError(f"unsupported CBOR simple value {info}")


def _half_float(bits: int) -> float:
    value: float = struct.unpack(">e", bits.to_bytes(2, "big"))[0]
    return value
