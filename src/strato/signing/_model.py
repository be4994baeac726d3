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
    delete-then-set); ``add`` appends a repeat.
    """

    __slots__ = ("_items",)

    def __init__(self, items: HeaderInput | None = None) -> None:
        pairs = items.items() if isinstance(items, Mapping) else (items or ())
        self._items: list[tuple[str, str]] = [(name, value) for name, value in pairs]

    def add(self, name: str, value: str) -> None:
        self._items.append((name, value))

    def get(self, name: str, default: str | None = None) -> str | None:
        lname = name.lower()
        return next((v for k, v in self._items if k.lower() == lname), default)

    def get_all(self, name: str) -> list[str]:
        lname = name.lower()
        return [v for k, v in self._items if k.lower() == lname]

    def items(self) -> list[tuple[str, str]]:
        return list(self._items)

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __setitem__(self, name: str, value: str) -> None:
        self.remove(name)
        self._items.append((name, value))

    def remove(self, name: str) -> None:
        """Drop every header called ``name``; absent names are fine."""
        lname = name.lower()
        self._items = [(k, v) for k, v in self._items if k.lower() != lname]

    def __delitem__(self, name: str) -> None:
        self.remove(name)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        lname = name.lower()
        return any(k.lower() == lname for k, _ in self._items)

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
