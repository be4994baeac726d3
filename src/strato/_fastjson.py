"""``json.loads`` and ``json.dumps`` through the C accelerator (``_json``) directly.

Importing :mod:`json` costs a fresh process about 6 ms (its decoder imports ``re``,
which imports ``enum``); reading a credential cache entry needs none of it. The
scanner and encoder here are the ones :mod:`json` itself uses, set up with its
defaults, so results are the same; a text the scanner refuses is handed to
:mod:`json`, so errors are too (the scanner needs ``json.decoder`` loaded to raise
its own).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

try:
    import _json
except ImportError:  # an interpreter without the accelerator: json does it all
    _json = None  # type: ignore[assignment]

#: The space json skips around a document.
_WHITESPACE = " \t\n\r"
_CONSTANTS = {"-Infinity": -float("inf"), "Infinity": float("inf"), "NaN": float("nan")}


class _DecoderDefaults:
    """What the scanner reads from its context: ``json.JSONDecoder()``'s settings."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = _CONSTANTS.__getitem__


_scan: Callable[[str, int], tuple[Any, int]] | None = None


def loads(text: str) -> Any:
    """``json.loads(text)``."""
    global _scan
    if _json is not None and not text.startswith("\ufeff"):
        if _scan is None:
            _scan = _json.make_scanner(_DecoderDefaults)  # type: ignore[arg-type]
        start = len(text) - len(text.lstrip(_WHITESPACE))
        try:
            value, end = _scan(text, start)
        except Exception:  # json.loads below raises json's error
            pass
        else:
            if not text[end:].strip(_WHITESPACE):
                return value
    import json

    return json.loads(text)


def dumps(
    value: object, *, sort_keys: bool = False, default: Callable[[Any], Any] | None = None
) -> str:
    """``json.dumps(value, sort_keys=sort_keys, default=default)``."""
    if _json is None:
        import json

        return json.dumps(value, sort_keys=sort_keys, default=default)
    # markers, default, encoder, indent, separators, sort_keys, skipkeys, allow_nan
    encode = _json.make_encoder(
        {}, default or _unserialisable, _json.encode_basestring_ascii, None, ": ", ", ",
        sort_keys, False, True,
    )  # fmt: skip
    return "".join(encode(value, 0))


def _unserialisable(value: object) -> object:
    """json's own ``default``: the same TypeError."""
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")
