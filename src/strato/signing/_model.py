"""Input and output types of the signers: a request to sign, its headers, the result."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple, Protocol


class Credentials(Protocol):
    """Anything shaped like botocore's ``ReadOnlyCredentials``."""

    @property
    def access_key(self) -> str: ...

    @property
    def secret_key(self) -> str: ...

    @property
    def token(self) -> str | None: ...


class Stream(Protocol):
    """A seekable binary body: hashed from its current position, which is then restored."""

    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...

    def tell(self) -> int: ...


Body = bytes | str | Stream | None
HeaderInput = Mapping[str, str] | Iterable[tuple[str, str]]


class Headers:
    """Ordered, case-insensitive header list that keeps repeated names, as on the wire.

    ``h[name] = value`` replaces every ``name`` header by one at the end (botocore's
    delete-then-set); ``add`` appends a repeat. The lower-cased names are kept alongside,
    so lookups are C-level list scans rather than a ``lower()`` per header per lookup.
    """

    __slots__ = ("_items", "_names")

    def __init__(self, items: HeaderInput | None = None) -> None:
        if isinstance(items, dict):
            self._items: list[tuple[str, str]] = list(items.items())
        else:
            pairs = items.items() if isinstance(items, Mapping) else (items or ())
            self._items = [(name, value) for name, value in pairs]
        self._names = [name.lower() for name, _ in self._items]

    def add(self, name: str, value: str) -> None:
        self._items.append((name, value))
        self._names.append(name.lower())

    def get(self, name: str, default: str | None = None) -> str | None:
        lname = name.lower()
        if lname not in self._names:
            return default
        return self._items[self._names.index(lname)][1]

    def get_all(self, name: str) -> list[str]:
        lname = name.lower()
        return [item[1] for item, n in zip(self._items, self._names, strict=True) if n == lname]

    def items(self) -> list[tuple[str, str]]:
        return list(self._items)

    def lower_items(self) -> zip[tuple[str, tuple[str, str]]]:
        """(lower-cased name, (name, value)) pairs in order, for the signers."""
        return zip(self._names, self._items, strict=True)

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __setitem__(self, name: str, value: str) -> None:
        self.remove(name)
        self._items.append((name, value))
        self._names.append(name.lower())

    def remove(self, name: str) -> None:
        """Drop every header called ``name``; absent names are fine."""
        lname = name.lower()
        if lname in self._names:
            kept = [(n, item) for n, item in self.lower_items() if n != lname]
            self._names = [n for n, _ in kept]
            self._items = [item for _, item in kept]

    def __delitem__(self, name: str) -> None:
        self.remove(name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._names

    def __iter__(self) -> Iterator[str]:
        """Names in order, repeats included."""
        return (k for k, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"


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


class SigningResult(NamedTuple):
    """What was signed, for logs and tests; for HMAC-v1 both texts are the string to sign."""

    canonical_request: str
    string_to_sign: str
    signature: str
