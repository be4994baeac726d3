"""botocore's waiters: call an operation until one of the service's acceptors says the
resource reached a success or failure state, sleeping ``Delay`` seconds between attempts.

The public shape of ``botocore.waiter`` (``WaiterModel``, ``SingleWaiterConfig``,
``AcceptorConfig``, ``Waiter``, ``NormalizedOperationMethod``,
``create_waiter_with_client``), with its outcomes: which acceptor wins, the number of
calls and sleeps, and each ``WaiterError`` reason. Acceptor paths are evaluated by
:mod:`strato._jmespath`. The sleep is ``time.sleep``, looked up at each attempt, so
patching ``time.sleep`` records the waits instead of sleeping (as with botocore).
"""

from __future__ import annotations

import time

from . import _jmespath, _log
from . import exceptions as errors
from .clients.naming import snake_case

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, ClassVar

    Response = dict[str, Any]

_LOG = "strato.waiter"


def is_valid_waiter_error(response: Response) -> bool:
    """Whether ``response`` is an error response: an ``Error`` object with a ``Code``."""
    error = response.get("Error")
    return isinstance(error, dict) and "Code" in error


class NormalizedOperationMethod:
    """A client method whose service errors come back as their error responses (the
    acceptors match on those) instead of being raised."""

    def __init__(self, client_method: Callable[..., Response]) -> None:
        self._client_method = client_method

    def __call__(self, **kwargs: Any) -> Response:
        try:
            return self._client_method(**kwargs)
        except errors.ClientError as e:
            return e.response


class WaiterModel:
    """A service's ``waiters-2`` data: its waiter names and each waiter's configuration."""

    SUPPORTED_VERSION: ClassVar[int] = 2

    def __init__(self, waiter_config: dict[str, Any]) -> None:
        self._waiter_config: dict[str, Any] = waiter_config["waiters"]
        version = waiter_config.get("version", "unknown")
        if version != self.SUPPORTED_VERSION:
            raise errors.WaiterConfigError(
                error_msg="Unsupported waiter version, supported version must be: "
                f"{self.SUPPORTED_VERSION}, but version of waiter config is: {version}"
            )
        self.version = version
        self.waiter_names = sorted(self._waiter_config)

    def get_waiter(self, waiter_name: str) -> SingleWaiterConfig:
        """The configuration of ``waiter_name`` (the data's CamelCase name)."""
        if waiter_name not in self._waiter_config:
            raise ValueError(f"Waiter does not exist: {waiter_name}")
        return SingleWaiterConfig(self._waiter_config[waiter_name])


class SingleWaiterConfig:
    """One waiter: the operation it calls, its delay, attempts and acceptors."""

    def __init__(self, single_waiter_config: dict[str, Any]) -> None:
        self._config = single_waiter_config
        self.description: str = single_waiter_config.get("description", "")
        self.operation: str = single_waiter_config["operation"]
        self.delay: int = single_waiter_config["delay"]
        self.max_attempts: int = single_waiter_config["maxAttempts"]

    @property
    def acceptors(self) -> list[AcceptorConfig]:
        """The acceptors in the data's order, built afresh (botocore's does the same)."""
        return [AcceptorConfig(config) for config in self._config["acceptors"]]


class AcceptorConfig:
    """One acceptor: a state entered when its matcher matches a response."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.state: str = config["state"]
        self.matcher: str = config["matcher"]
        self.expected: Any = config["expected"]
        self.argument: str | None = config.get("argument")
        self.matcher_func: Callable[[Response], bool | None] = self._matcher_func()

    @property
    def explanation(self) -> str:
        """What matched, as a WaiterError's reason words it."""
        argument, expected = self.argument, self.expected
        if self.matcher == "path":
            return f'For expression "{argument}" we matched expected path: "{expected}"'
        if self.matcher == "pathAll":
            return f'For expression "{argument}" all members matched expected path: "{expected}"'
        if self.matcher == "pathAny":
            return (
                f'For expression "{argument}" we matched expected path: "{expected}" at least once'
            )
        if self.matcher == "status":
            return f"Matched expected HTTP status code: {expected}"
        if self.matcher == "error":
            return f"Matched expected service error code: {expected}"
        return f'No explanation for unknown waiter type: "{self.matcher}"'

    def _matcher_func(self) -> Callable[[Response], bool | None]:
        if self.matcher in _PATH_TESTS:
            return _path_matcher(
                _jmespath.compiled(self.argument or ""), self.matcher, self.expected
            )
        if self.matcher == "status":
            return _status_matcher(self.expected)
        if self.matcher == "error":
            return _error_matcher(self.expected)
        raise errors.WaiterConfigError(error_msg=f"Unknown acceptor: {self.matcher}")


#: pathAll and pathAny: ``all`` or ``any`` over a non-empty list (anything else does not match).
_PATH_TESTS: dict[str, Callable[[Iterable[bool]], bool] | None] = {
    "path": None,
    "pathAll": all,
    "pathAny": any,
}


def _path_matcher(
    expression: _jmespath.Expression, matcher: str, expected: Any
) -> Callable[[Response], bool | None]:
    """Path matchers never match an error response (None, as botocore's: not a match)."""
    test = _PATH_TESTS[matcher]

    def matches(response: Response) -> bool | None:
        if is_valid_waiter_error(response):
            return None
        found = expression.search(response)
        if test is None:
            return bool(found == expected)
        return (
            isinstance(found, list)
            and bool(found)
            and test(element == expected for element in found)
        )

    return matches


def _status_matcher(expected: Any) -> Callable[[Response], bool | None]:
    def matches(response: Response) -> bool | None:
        return bool(response.get("ResponseMetadata", {}).get("HTTPStatusCode") == expected)

    return matches


def _error_matcher(expected: Any) -> Callable[[Response], bool | None]:
    """``expected: true`` matches any error code, ``false`` a response with no error,
    a string that error code."""

    def matches(response: Response) -> bool | None:
        if expected is True:
            return "Error" in response and "Code" in response["Error"]
        if expected is False:
            return "Error" not in response
        return bool(response.get("Error", {}).get("Code", "") == expected)

    return matches


class Waiter:
    """Calls ``operation_method`` until an acceptor reaches success (return) or failure
    (WaiterError), at most ``MaxAttempts`` times."""

    def __init__(
        self, name: str, config: SingleWaiterConfig, operation_method: Callable[..., Response]
    ) -> None:
        self._operation_method = operation_method
        self.name = name
        self.config = config

    def wait(self, **kwargs: Any) -> None:
        """Wait; ``WaiterConfig={"Delay": s, "MaxAttempts": n}`` overrides the data's."""
        acceptors = self.config.acceptors
        overrides = kwargs.pop("WaiterConfig", {})
        delay = overrides.get("Delay", self.config.delay)
        max_attempts = overrides.get("MaxAttempts", self.config.max_attempts)
        matched_before = False
        attempts = 0
        while True:
            response = self._operation_method(**kwargs)
            attempts += 1
            matched = next((a for a in acceptors if a.matcher_func(response)), None)
            if matched is None:
                if is_valid_waiter_error(response):
                    error = response["Error"]
                    raise errors.WaiterError(
                        name=self.name,
                        reason=f"An error occurred ({error.get('Code', 'Unknown')}): "
                        f"{error.get('Message', 'Unknown')}",
                        last_response=response,
                    )
            elif matched.state == "success":
                _log.debug(_LOG, "Waiting complete, waiter matched the success state.")
                return
            elif matched.state == "failure":
                raise errors.WaiterError(
                    name=self.name,
                    reason=f"Waiter encountered a terminal failure state: {matched.explanation}",
                    last_response=response,
                )
            else:  # a retry acceptor: wait on
                matched_before = True
            if attempts >= max_attempts:
                reason = "Max attempts exceeded"
                if matched_before:
                    # botocore explains the acceptor its loop stopped at: this attempt's
                    # match, else the last acceptor (whatever matched earlier).
                    last = matched if matched is not None else acceptors[-1]
                    reason += f". Previously accepted state: {last.explanation}"
                raise errors.WaiterError(name=self.name, reason=reason, last_response=response)
            time.sleep(delay)


def create_waiter_with_client(waiter_name: str, waiter_model: WaiterModel, client: Any) -> Waiter:
    """The waiter ``waiter_name`` (CamelCase, as in the data) calling ``client``'s method;
    its class is named as botocore's (``<client class>.Waiter.<name>``, e.g.
    ``S3.Waiter.BucketExists``)."""
    config = waiter_model.get_waiter(waiter_name)
    method = snake_case(config.operation)
    operation_method = NormalizedOperationMethod(getattr(client, method))
    service = type(client).__name__

    def wait(self: Waiter, **kwargs: Any) -> None:
        Waiter.wait(self, **kwargs)

    wait.__doc__ = (
        f"Polls {service}.Client.{method}() every {config.delay} seconds "
        f"until a successful state is reached. An error is raised after "
        f"{config.max_attempts} failed checks."
    )
    cls: type[Waiter] = type(f"{service}.Waiter.{waiter_name}", (Waiter,), {"wait": wait})
    return cls(waiter_name, config, operation_method)
