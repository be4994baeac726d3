"""The steps boto3's layer adds to one client: botocore's events of the same names.

A plain client has none (``client._events is None``), so a call pays one attribute check.
The Stubber and the DynamoDB resource's transforms are their users.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..model import OperationModel

    #: (operation, params): may change the params in place.
    ParamsStep = Callable[[OperationModel, dict[str, Any]], None]
    #: (operation, request dict): a (status, parsed) pair answers the call without sending.
    CallStep = Callable[[OperationModel, dict[str, Any]], "tuple[int, dict[str, Any]] | None"]
    #: (operation, parsed): may change the parsed response in place.
    ResponseStep = Callable[[OperationModel, dict[str, Any]], None]


class ClientEvents:
    """``before-parameter-build`` (the caller's parameters, before the service's own
    handlers: botocore runs registered steps first), ``before-call`` (after serialization,
    before the service's own ``before-call`` handlers: the first answer wins and the call
    is not sent, as in botocore), ``after-call`` (before an error status raises), and the
    Stubber's ``before-endpoint-resolution`` step as a flag."""

    __slots__ = ("after_call", "before_call", "before_parameter_build", "hide_account_id")

    def __init__(self) -> None:
        self.before_parameter_build: list[ParamsStep] = []
        self.before_call: list[CallStep] = []
        self.after_call: list[ResponseStep] = []
        #: botocore's Stubber sets the ``AWS::Auth::AccountId`` built-in to None while it is
        #: active, so the endpoint rules resolve no credentials.
        self.hide_account_id = False
