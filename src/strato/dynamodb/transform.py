"""The DynamoDB resource's automatic transforms, as ``boto3.dynamodb.transform`` applies them.

On a client given :func:`register_transforms`, a call's parameters are deep-copied (the
caller's objects are never changed), every ``ConditionExpression``/``KeyExpression``-shaped
member holding a condition becomes expression text with its placeholders merged into
``ExpressionAttributeNames``/``ExpressionAttributeValues``, and every ``AttributeValue``
-shaped member is serialized; every ``AttributeValue`` of the parsed response (errors
included) is deserialized. Where to apply them is found from the shape names of the
operation's model, as boto3 does, so every operation (batch, transact, PartiQL) is covered.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, MutableSequence

from ..model import ListShape, MapShape, StructureShape
from .conditions import ConditionBase, ConditionExpressionBuilder
from .types import TypeDeserializer, TypeSerializer

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..clients.base import BaseClient
    from ..model import OperationModel, Shape

    Transformation = Callable[[Any], Any]


def register_transforms(client: BaseClient) -> None:
    """Give ``client`` the DynamoDB resource's transforms (what ``boto3.resource("dynamodb")``
    does to its ``meta.client``); a second registration on one client changes nothing."""
    events = client._client_events()
    if any(
        isinstance(getattr(step, "__self__", None), TransformationInjector)
        for step in events.before_parameter_build
    ):
        return
    injector = TransformationInjector()
    events.before_parameter_build.append(injector.copy_params)
    events.before_parameter_build.append(injector.condition_expressions_step)
    events.before_parameter_build.append(injector.attribute_values_in_step)
    events.after_call.append(injector.attribute_values_out_step)


class _ForgetfulDict(dict[int, object]):
    """A ``deepcopy`` memo that keeps nothing: an object met twice becomes two copies."""

    def __setitem__(self, key: int, value: object) -> None:
        pass


def copy_dynamodb_params(params: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A deep copy of ``params`` in which no two places share an object."""
    copied: dict[str, Any] = copy.deepcopy(params, memo=_ForgetfulDict())
    return copied


class TransformationInjector:
    """The transforms, with boto3's methods (``params, model``) and the client's steps
    (``operation, params``)."""

    def __init__(
        self,
        transformer: ParameterTransformer | None = None,
        condition_builder: ConditionExpressionBuilder | None = None,
        serializer: TypeSerializer | None = None,
        deserializer: TypeDeserializer | None = None,
    ) -> None:
        self._transformer = transformer or ParameterTransformer()
        self._condition_builder = condition_builder or ConditionExpressionBuilder()
        self._serializer = serializer or TypeSerializer()
        self._deserializer = deserializer or TypeDeserializer()

    def inject_condition_expressions(
        self, params: dict[str, Any], model: OperationModel, **kwargs: Any
    ) -> None:
        """Conditions -> expression text; placeholders numbered from 0 across the call."""
        self._condition_builder.reset()
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        for target, is_key_condition in (("ConditionExpression", False), ("KeyExpression", True)):
            build = ConditionExpressionTransformation(
                self._condition_builder, names, values, is_key_condition
            )
            self._transformer.transform(params, model.input_shape, build, target)
        for member, generated in (
            ("ExpressionAttributeNames", names),
            ("ExpressionAttributeValues", values),
        ):
            if member in params:
                params[member].update(generated)
            elif generated:
                params[member] = generated

    def inject_attribute_value_input(
        self, params: dict[str, Any], model: OperationModel, **kwargs: Any
    ) -> None:
        """Python values -> AttributeValues."""
        self._transformer.transform(
            params, model.input_shape, self._serializer.serialize, "AttributeValue"
        )

    def inject_attribute_value_output(
        self, parsed: dict[str, Any], model: OperationModel, **kwargs: Any
    ) -> None:
        """AttributeValues -> Python values."""
        if model.output_shape is not None:
            self._transformer.transform(
                parsed, model.output_shape, self._deserializer.deserialize, "AttributeValue"
            )

    # The client's steps (strato.clients.events): operation first.

    def copy_params(self, operation: OperationModel, params: dict[str, Any]) -> None:
        params.update(copy_dynamodb_params(params))

    def condition_expressions_step(self, operation: OperationModel, params: dict[str, Any]) -> None:
        self.inject_condition_expressions(params, operation)

    def attribute_values_in_step(self, operation: OperationModel, params: dict[str, Any]) -> None:
        self.inject_attribute_value_input(params, operation)

    def attribute_values_out_step(self, operation: OperationModel, parsed: dict[str, Any]) -> None:
        self.inject_attribute_value_output(parsed, operation)


class ConditionExpressionTransformation:
    """A condition -> its expression text, collecting its placeholders; anything else is
    left as given."""

    def __init__(
        self,
        condition_builder: ConditionExpressionBuilder,
        placeholder_names: dict[str, str],
        placeholder_values: dict[str, Any],
        is_key_condition: bool = False,
    ) -> None:
        self._builder = condition_builder
        self._names = placeholder_names
        self._values = placeholder_values
        self._is_key_condition = is_key_condition

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, ConditionBase):
            return value
        built = self._builder.build_expression(value, is_key_condition=self._is_key_condition)
        self._names.update(built.attribute_name_placeholders)
        self._values.update(built.attribute_value_placeholders)
        return built.condition_expression


class ParameterTransformer:
    """Applies a transformation to every value whose shape has a given name, walking the
    parameters (or parsed response) along the model; values that do not fit the shape
    (not a mapping where a structure or map is, not a mutable sequence where a list is)
    are left alone."""

    def transform(
        self,
        params: Any,
        model: Shape | None,
        transformation: Transformation,
        target_shape: str,
    ) -> None:
        if model is not None:
            self._walk(model, params, transformation, target_shape)

    def _walk(self, shape: Shape, value: Any, transformation: Transformation, target: str) -> None:
        if isinstance(shape, StructureShape) and isinstance(value, Mapping):
            members = shape.members
            for name in value:
                if name in members:
                    self._visit(members[name], value, name, transformation, target)
        elif isinstance(shape, MapShape) and isinstance(value, Mapping):
            for key in value:
                self._visit(shape.value, value, key, transformation, target)
        elif isinstance(shape, ListShape) and isinstance(value, MutableSequence):
            for index in range(len(value)):
                self._visit(shape.member, value, index, transformation, target)

    def _visit(
        self,
        shape: Shape,
        container: Any,
        key: Any,
        transformation: Transformation,
        target: str,
    ) -> None:
        if shape.name == target:
            container[key] = transformation(container[key])
        else:
            self._walk(shape, container[key], transformation, target)
