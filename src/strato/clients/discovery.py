"""Endpoint discovery, as botocore 1.44.8 does it.

A service whose model names an ``endpointoperation`` (DescribeEndpoints) may send an
operation marked ``endpointdiscovery`` to a host it names. Imported only for clients of
such services made without an ``endpoint_url``; one ``Discovery`` per client keeps the
discovered endpoints until their ``CachePeriodInMinutes`` runs out.
"""

from __future__ import annotations

import time

from .. import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import OperationModel, ServiceModel, StructureShape
    from .base import BaseClient

#: How long a failed DescribeEndpoints keeps the next call from asking again, in seconds.
_FAILURE_BACKOFF = 60


def client_discovery(value: Any, model: ServiceModel) -> Discovery:
    """The discovery of a new client from its ``endpoint_discovery_enabled`` setting:
    ``"auto"`` discovers for the operations that require it (when the service has any),
    true for every operation that supports it, false for none (required ones then raise)."""
    if isinstance(value, str):
        value = value.lower().strip()
        if value not in ("auto", "true", "false"):
            raise errors.InvalidEndpointDiscoveryConfigurationError(config_value=value)
    elif not isinstance(value, bool):
        raise errors.InvalidEndpointDiscoveryConfigurationError(config_value=value)
    if value == "auto":
        return Discovery("required" if model.endpoint_discovery_required else "off")
    return Discovery("always" if value in (True, "true") else "off")


#: Stale-endpoint retries one call may make (botocore: unbounded).
STALE_RETRIES = 3


class Discovery:
    """One client's discovered endpoints and its failed lookups, keyed as botocore keys
    them: by the DescribeEndpoints arguments a call would send."""

    def __init__(self, mode: str) -> None:
        self.mode = mode  # "off", "required" or "always"
        self._cache: dict[tuple[Any, ...], list[tuple[float, str]]] = {}
        self._failed: dict[tuple[Any, ...], float] = {}

    def identifiers(
        self, operation: OperationModel, params: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Before validation: the call's ``endpointdiscoveryid`` members, None when
        discovery is off (then an operation that requires it raises)."""
        if self.mode == "off":
            if (operation.endpoint_discovery or {}).get("required"):
                raise errors.EndpointDiscoveryRequired()
            return None
        ids: dict[str, Any] = {}
        if operation.input_shape is not None:
            _gather(operation.input_shape, params, ids)
        return ids

    def url(self, client: BaseClient, operation: OperationModel, ids: dict[str, Any]) -> str | None:
        """The discovered endpoint to send this attempt to, or None for the usual one."""
        required = bool((operation.endpoint_discovery or {}).get("required"))
        if self.mode == "required" and not required:
            return None
        address = self._address(client, operation, ids, required)
        if address is None:
            return None
        return address if address.startswith("http") else "https://" + address

    def evict(
        self, operation: OperationModel, ids: dict[str, Any], parsed: dict[str, Any], evicted: int
    ) -> bool:
        """After an answer the retry policy does not retry: a 421 or an
        ``InvalidEndpointException`` forgets the endpoints and asks for a retry at once.

        botocore retries that without end; after ``STALE_RETRIES`` in one call (``evicted``
        so far) strato gives the answer back, so a service that always misdirects cannot
        hang the caller.
        """
        if evicted >= STALE_RETRIES:
            return False
        status = parsed.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if status != 421 and parsed.get("Error", {}).get("Code") != "InvalidEndpointException":
            return False
        self._cache.pop(self._key(operation, ids), None)
        return True

    def _address(
        self, client: BaseClient, operation: OperationModel, ids: dict[str, Any], required: bool
    ) -> str | None:
        """A fresh endpoint, else a new lookup, else a stale one while lookups fail."""
        key = self._key(operation, ids)
        cached = self._cache.get(key)
        if cached is not None:
            now = time.time()
            fresh = [address for expires, address in cached if now < expires]
            if fresh:
                return fresh[0]
        failed = self._failed_recently(key)
        if not failed and (found := self._refresh(client, key, operation.name, ids)):
            return found
        stale = self._cache.get(key)
        if stale:
            return stale[0][1]
        if not required:
            return None
        # Required: one lookup even in the back-off, then an error.
        if failed and (found := self._refresh(client, key, operation.name, ids)):
            return found
        raise errors.EndpointDiscoveryRefreshFailed()

    def _failed_recently(self, key: tuple[Any, ...]) -> bool:
        until = self._failed.get(key)
        if until is None:
            return False
        if time.time() < until:
            return True
        del self._failed[key]
        return False

    def _refresh(
        self, client: BaseClient, key: tuple[Any, ...], operation_name: str, ids: dict[str, Any]
    ) -> str | None:
        """Call DescribeEndpoints; a connection failure is remembered for a minute and
        gives None, any other error is the caller's."""
        discovery = client._service_model.endpoint_discovery_operation
        assert discovery is not None  # a Discovery is made only for such services
        try:
            answer = client._make_api_call(
                discovery.name, _arguments(discovery, operation_name, ids)
            )
        except (errors.ConnectionError, errors.HTTPClientError):
            self._failed[key] = time.time() + _FAILURE_BACKOFF
            return None
        endpoints = _endpoints(answer)
        self._cache[key] = endpoints
        self._failed.pop(key, None)
        return endpoints[0][1] if endpoints else None

    def _key(self, operation: OperationModel, ids: dict[str, Any]) -> tuple[Any, ...]:
        discovery = operation.service_model.endpoint_discovery_operation
        assert discovery is not None
        arguments = _arguments(discovery, operation.name, ids)
        return tuple(
            tuple(sorted(value.items())) if isinstance(value, dict) else value
            for _, value in sorted(arguments.items())
        )


def _arguments(
    discovery: OperationModel, operation_name: str, ids: dict[str, Any]
) -> dict[str, Any]:
    """DescribeEndpoints' arguments: ``Operation`` and ``Identifiers`` when the call has
    identifiers and the discovery operation takes them."""
    if not ids:
        return {}
    members = discovery.input_shape.members if discovery.input_shape is not None else {}
    given = {"Operation": operation_name, "Identifiers": ids}
    return {name: value for name, value in given.items() if name in members}


def _endpoints(answer: dict[str, Any]) -> list[tuple[float, str]]:
    """(expiry, address) of each endpoint of a DescribeEndpoints answer."""
    now = time.time()
    try:
        return [
            (now + endpoint["CachePeriodInMinutes"] * 60, endpoint["Address"])
            for endpoint in answer["Endpoints"]
        ]
    except (KeyError, TypeError):  # botocore crashes on an answer missing these
        raise errors.EndpointDiscoveryRefreshFailed() from None


def _gather(shape: StructureShape, params: dict[str, Any], ids: dict[str, Any]) -> None:
    """The ``endpointdiscoveryid`` members of ``params``, nested structures included."""
    for name, member in shape.members.items():
        if member.metadata.get("endpointdiscoveryid"):
            if name not in params:  # botocore: KeyError
                raise errors.ParamValidationError(
                    report=f'Missing required parameter in input: "{name}"'
                )
            ids[name] = params[name]
        elif member.type_name == "structure" and isinstance(params.get(name), dict):
            _gather(member, params[name], ids)  # type: ignore[arg-type]
