"""``client.exceptions``: a ClientError subclass per modeled error of a service."""

from __future__ import annotations

from ..exceptions import ClientError as _ClientError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..model import ServiceModel

_cache: dict[tuple[str, str], ClientExceptions] = {}


class ClientExceptions:
    """Modeled errors as attributes, plus ``ClientError`` and ``from_code``."""

    ClientError = _ClientError

    def __init__(self, code_to_exception: dict[str, type[_ClientError]]) -> None:
        self._code_to_exception = code_to_exception
        for cls in code_to_exception.values():
            setattr(self, cls.__name__, cls)

    def from_code(self, error_code: str | None) -> type[_ClientError]:
        """The class for a service error code; unmodeled codes give ClientError."""
        if error_code is None:
            return _ClientError
        return self._code_to_exception.get(error_code, _ClientError)

    def __dir__(self) -> list[str]:
        return sorted(
            set(super().__dir__()) | {c.__name__ for c in self._code_to_exception.values()}
        )


def exceptions_for(service_model: ServiceModel) -> ClientExceptions:
    """One set of classes per service and API version, so ``except`` works across clients."""
    key = (service_model.service_name, service_model.api_version)
    found = _cache.get(key)
    if found is None:
        codes: dict[str, type[_ClientError]] = {}
        for shape in service_model.error_shapes:
            error = shape.metadata.get("error", {})
            code = error.get("code") or shape.name
            codes[code] = type(shape.name, (_ClientError,), {})
        found = _cache[key] = ClientExceptions(codes)
    return found
