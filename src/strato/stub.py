"""botocore's ``Stubber``: canned answers, checked in order, for one client's calls.

Nothing is sent and nothing is signed while it is active: the answer is given in the
client's ``before-call`` step, after the parameters were checked against what the test
expected (``before-parameter-build``, first of all steps) and validated against the model.
"""

from __future__ import annotations

from collections import deque

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypedDict

    from .clients.base import BaseClient
    from .model import OperationModel, Shape

    class _Stub(TypedDict):
        """One queued answer, under botocore's keys (``response`` is (status, parsed))."""

        operation_name: str | None
        response: tuple[Any, Any]
        expected_params: Any


class _ANY:
    """Equal to everything: a parameter whose value the test does not care about."""

    def __eq__(self, other: object) -> bool:
        return True

    def __repr__(self) -> str:
        return "<ANY>"


ANY = _ANY()

_UNEXPECTED = (
    "Unexpected API Call: A call was made but no additional calls expected. "
    "Either the API Call was not stubbed or it was called multiple times."
)


class Stubber:
    """Answers ``client``'s calls from a first-in, first-out queue of responses and errors
    while active (``activate()``, or as a context manager)."""

    def __init__(self, client: BaseClient) -> None:
        self.client = client
        self._queue: deque[_Stub] = deque()

    def __enter__(self) -> Stubber:
        self.activate()
        return self

    def __exit__(self, *exc: object) -> None:
        self.deactivate()

    def activate(self) -> None:
        """Answer the client's calls from now on. Like botocore's unique ids, the slots
        are the client's: a second stubber activated on it is not registered."""
        events = self.client._client_events()
        if not any(_is_stub_step(s) for s in events.before_parameter_build):
            events.before_parameter_build.insert(0, self._assert_expected_params)
        if not any(_is_stub_step(s) for s in events.before_call):
            events.before_call.insert(0, self._get_response)
        events.hide_account_id = True

    def deactivate(self) -> None:
        """Send the client's calls again (whichever stubber held the client's slots)."""
        events = self.client._events
        if events is None:
            return
        events.before_parameter_build[:] = [
            s for s in events.before_parameter_build if not _is_stub_step(s)
        ]
        events.before_call[:] = [s for s in events.before_call if not _is_stub_step(s)]
        events.hide_account_id = False

    def add_response(self, method: str, service_response: Any, expected_params: Any = None) -> None:
        """Queue ``service_response`` (validated against the operation's output shape) as
        the answer to the next call, which must be ``method`` with ``expected_params``
        (when given; ``ANY`` matches any value)."""
        if not hasattr(self.client, method):
            raise ValueError(
                f"Client {self.client.meta.service_model.service_name} "
                f"does not have method: {method}"
            )
        operation_name = self.client.meta.method_to_api_mapping.get(method)
        self._validate_operation_response(operation_name, service_response)
        self._queue.append(
            {
                "operation_name": operation_name,
                "response": (200, service_response),
                "expected_params": expected_params,
            }
        )

    def add_client_error(
        self,
        method: str,
        service_error_code: str = "",
        service_message: str = "",
        http_status_code: int = 400,
        service_error_meta: dict[str, Any] | None = None,
        expected_params: Any = None,
        response_meta: dict[str, Any] | None = None,
        modeled_fields: dict[str, Any] | None = None,
    ) -> None:
        """Queue an error answer: the call raises ``client.exceptions``' class for the code
        (``ClientError`` when unmodeled) if the status is 300 or more."""
        parsed: dict[str, Any] = {
            "ResponseMetadata": {"HTTPStatusCode": http_status_code},
            "Error": {"Message": service_message, "Code": service_error_code},
        }
        if service_error_meta is not None:
            parsed["Error"].update(service_error_meta)
        if response_meta is not None:
            parsed["ResponseMetadata"].update(response_meta)
        if modeled_fields is not None:
            shape = self.client.meta.service_model.shape_for_error_code(service_error_code)
            _validate_response(shape, modeled_fields)
            parsed.update(modeled_fields)
        self._queue.append(
            {
                "operation_name": self.client.meta.method_to_api_mapping.get(method),
                "response": (http_status_code, parsed),
                "expected_params": expected_params,
            }
        )

    def assert_no_pending_responses(self) -> None:
        """Raise ``AssertionError`` if queued answers were not used."""
        remaining = len(self._queue)
        if remaining != 0:
            raise AssertionError(f"{remaining} responses remaining in queue.")

    def _assert_expected_call_order(self, operation: OperationModel) -> None:
        from .exceptions import StubResponseError, UnStubbedResponseError

        if not self._queue:
            raise UnStubbedResponseError(operation_name=operation.name, reason=_UNEXPECTED)
        name = self._queue[0]["operation_name"]
        if name != operation.name:
            raise StubResponseError(
                operation_name=operation.name,
                reason=f"Operation mismatch: found response for {name}.",
            )

    def _get_response(self, operation: OperationModel, request: dict[str, Any]) -> Any:
        """The ``before-call`` step: the queued answer, which ends the call unsent."""
        self._assert_expected_call_order(operation)
        return self._queue.popleft()["response"]

    def _assert_expected_params(self, operation: OperationModel, params: dict[str, Any]) -> None:
        """The ``before-parameter-build`` step: the caller's parameters as given, before
        any handler or validation."""
        self._assert_expected_call_order(operation)
        expected = self._queue[0]["expected_params"]
        if expected is None:
            return
        for param, value in expected.items():
            if param not in params or value != params[param]:
                _mismatch(operation, expected, params)
        if sorted(expected.keys()) != sorted(params.keys()):
            _mismatch(operation, expected, params)

    def _validate_operation_response(self, operation_name: Any, service_response: Any) -> None:
        operation = self.client.meta.service_model.operation_model(operation_name)
        response = service_response
        if "ResponseMetadata" in response:  # not part of the output shape
            import copy

            response = copy.copy(service_response)
            del response["ResponseMetadata"]
        _validate_response(operation.output_shape, response)


def _mismatch(operation: OperationModel, expected: Any, params: dict[str, Any]) -> None:
    from pprint import pformat

    from .exceptions import StubAssertionError

    raise StubAssertionError(
        operation_name=operation.name,
        reason=f"Expected parameters:\n{pformat(expected)},\nbut received:\n{pformat(params)}",
    )


def _validate_response(shape: Shape | None, response: Any) -> None:
    """botocore's parameter validator over a response; no shape means nothing but
    ``ResponseMetadata`` is allowed."""
    if shape is not None:
        from .validate import validate_parameters

        validate_parameters(response, shape)
    elif response:
        from .exceptions import ParamValidationError

        raise ParamValidationError(report="Service response should only contain ResponseMetadata.")


def _is_stub_step(step: Any) -> bool:
    """Whether ``step`` is any Stubber's (botocore's unique ids are per client, not per
    stubber)."""
    return getattr(step, "__func__", None) in (
        Stubber._assert_expected_params,
        Stubber._get_response,
    )
