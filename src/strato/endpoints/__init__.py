"""Endpoint rules engine: ``EndpointProvider(ruleset, partitions).resolve(params)``."""

from strato.endpoints._compile import Endpoint
from strato.endpoints._provider import EndpointProvider

__all__ = ["Endpoint", "EndpointProvider"]
