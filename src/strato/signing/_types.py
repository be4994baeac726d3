"""The signers' structural input types (they need :mod:`typing`, which a call does not
load: :mod:`strato.signing._model` names them for type checkers, and hands them to code
that imports them at run time)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol


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
