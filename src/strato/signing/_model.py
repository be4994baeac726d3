"""Input and output types of the signers: a request to sign, its headers, the result."""

from __future__ import annotations

from itertools import compress

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from strato.signing._types import Body, Credentials, HeaderInput, Stream

__all__ = [
    "Body",
    "Credentials",
    "HeaderInput",
    "Headers",
    "SigningRequest",
    "SigningResult",
    "Stream",
]
_TYPES = frozenset({"Body", "Credentials", "HeaderInput", "Stream"})


def __getattr__(name: str) -> Any:
    """The typing-based input types (:mod:`strato.signing._types`), loaded on first use."""
    if name in _TYPES:
        from strato.signing import _types

        return getattr(_types, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Headers:
    """Ordered, case-insensitive header list that keeps repeated names, as on the wire.

    ``h[name] = value`` replaces every ``name`` header by one at the end (botocore's
    delete-then-set); ``add`` appends a repeat. Names, lower-cased names and values are
    kept as parallel lists, so lookups are C-level list scans and the signers read the
    values without building them.
    """

    __slots__ = ("_lower", "_names", "_values")

    def __init__(self, items: HeaderInput | None = None) -> None:
        self._names: list[str]
        self._values: list[str]
        self._lower: list[str]
        if not items:  # a presigned URL's request, often
            self._names, self._lower, self._values = [], [], []
            return
        if isinstance(items, dict):
            self._names = list(items)
            self._values = list(items.values())
        else:
            from collections.abc import Mapping  # not for the dict a client passes

            pairs = items.items() if isinstance(items, Mapping) else items
            self._names, self._values = [], []
            for name, value in pairs:
                self._names.append(name)
                self._values.append(value)
        self._lower = list(map(str.lower, self._names))

    def add(self, name: str, value: str) -> None:
        self._names.append(name)
        self._lower.append(name.lower())
        self._values.append(value)

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.get_lower(name.lower())
        return default if value is None else value

    def get_lower(self, lname: str) -> str | None:
        """``get`` for a caller that has the name lower-cased already."""
        return self._values[self._lower.index(lname)] if lname in self._lower else None

    def get_all(self, name: str) -> list[str]:
        lname = name.lower()
        return [v for n, v in zip(self._lower, self._values, strict=True) if n == lname]

    def items(self) -> list[tuple[str, str]]:
        return list(zip(self._names, self._values, strict=True))

    def lower_names(self) -> tuple[str, ...]:
        """Lower-cased names in order, repeats included."""
        return tuple(self._lower)

    def lower_items(self) -> zip[tuple[str, str]]:
        """(lower-cased name, value) pairs in order."""
        return zip(self._lower, self._values, strict=True)

    def values(self) -> list[str]:
        """Values in order; the list itself, for the signers to read, not to change."""
        return self._values

    def put(self, lname: str, name: str, value: str) -> None:
        """``self[name] = value`` for a caller that has ``name`` lower-cased already."""
        if lname in self._lower:
            self._drop(lname)
        self._names.append(name)
        self._lower.append(lname)
        self._values.append(value)

    def discard(self, lname: str) -> None:
        """``remove`` for a caller that has the name lower-cased already."""
        if lname in self._lower:
            self._drop(lname)

    def _drop(self, lname: str) -> None:
        keep = [n != lname for n in self._lower]
        self._names = list(compress(self._names, keep))
        self._lower = list(compress(self._lower, keep))
        self._values = list(compress(self._values, keep))

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __setitem__(self, name: str, value: str) -> None:
        self.put(name.lower(), name, value)

    def remove(self, name: str) -> None:
        """Drop every header called ``name``; absent names are fine."""
        self.discard(name.lower())

    def __delitem__(self, name: str) -> None:
        self.remove(name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._lower

    def __iter__(self) -> Iterator[str]:
        """Names in order, repeats included."""
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"Headers({self.items()!r})"


class SigningRequest:
    """A request to sign; the signers update ``url`` and ``headers`` in place.

    ``url`` must already carry the serialized (percent-encoded) query string, as a
    client builds it. ``payload_hash``, when set, is used instead of hashing ``body``.
    """

    __slots__ = ("body", "headers", "method", "payload_hash", "url")

    def __init__(
        self,
        method: str,
        url: str,
        headers: Headers | HeaderInput | None = None,
        body: Body = None,
        payload_hash: str | None = None,
    ) -> None:
        self.method = method
        self.url = url
        self.headers = headers if isinstance(headers, Headers) else Headers(headers)
        self.body = body
        self.payload_hash = payload_hash

    def __repr__(self) -> str:
        return f"SigningRequest({self.method!r}, {self.url!r}, {self.headers!r})"


class SigningResult(tuple[str, str, str]):
    """What was signed, for logs and tests; for HMAC-v1 both texts are the string to sign.

    A named 3-tuple, as ``typing.NamedTuple`` would make it, without importing typing.
    """

    __slots__ = ()

    def __new__(cls, canonical_request: str, string_to_sign: str, signature: str) -> SigningResult:
        return tuple.__new__(cls, (canonical_request, string_to_sign, signature))

    @property
    def canonical_request(self) -> str:
        return self[0]

    @property
    def string_to_sign(self) -> str:
        return self[1]

    @property
    def signature(self) -> str:
        return self[2]

    def __repr__(self) -> str:
        return (
            f"SigningResult(canonical_request={self[0]!r}, string_to_sign={self[1]!r}, "
            f"signature={self[2]!r})"
        )
