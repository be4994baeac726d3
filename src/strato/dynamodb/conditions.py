"""``Key``/``Attr`` conditions and their expressions with placeholders, as
``boto3.dynamodb.conditions`` builds them.

A condition is a tree: each node holds its operands (attributes, values, other conditions)
and says how to print itself (``expression_format`` filled with the operands' text and
``expression_operator``). :class:`ConditionExpressionBuilder` walks the tree, giving each
attribute-name part a ``#n<i>`` and each value a ``:v<i>`` placeholder, counting on across
calls until :meth:`~ConditionExpressionBuilder.reset` (the transforms reset once per call).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from strato.exceptions import (
    DynamoDBNeedsConditionError,
    DynamoDBNeedsKeyConditionError,
    DynamoDBOperationNotSupportedError,
)

#: The parts of an attribute name that get a placeholder: dot-separated names, not the
#: list indexes in brackets (``a.b[1].c`` -> ``a``, ``b``, ``c``).
ATTR_NAME_REGEX = re.compile(r"[^.\[\]]+(?![^\[]*\])")


class ConditionBase:
    """A condition: combine with ``&``, ``|``, ``~``; equal when of one class and operands."""

    expression_format = ""
    expression_operator = ""
    #: The second operand is a collection, each member its own placeholder (``IN``).
    has_grouped_values = False

    def __init__(self, *values: Any) -> None:
        self._values = values

    def __and__(self, other: Any) -> And:
        if not isinstance(other, ConditionBase):
            raise DynamoDBOperationNotSupportedError("AND", other)
        return And(self, other)

    def __or__(self, other: Any) -> Or:
        if not isinstance(other, ConditionBase):
            raise DynamoDBOperationNotSupportedError("OR", other)
        return Or(self, other)

    def __invert__(self) -> Not:
        return Not(self)

    def get_expression(self) -> dict[str, Any]:
        return {
            "format": self.expression_format,
            "operator": self.expression_operator,
            "values": self._values,
        }

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and self._values == other._values


class AttributeBase:
    """A named attribute; its methods make conditions. ``&``/``|``/``~`` on it are errors."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __and__(self, value: Any) -> Any:
        raise DynamoDBOperationNotSupportedError("AND", self)

    def __or__(self, value: Any) -> Any:
        raise DynamoDBOperationNotSupportedError("OR", self)

    def __invert__(self) -> Any:
        raise DynamoDBOperationNotSupportedError("NOT", self)

    def eq(self, value: Any) -> Equals:
        """The attribute equals ``value``."""
        return Equals(self, value)

    def lt(self, value: Any) -> LessThan:
        """The attribute is less than ``value``."""
        return LessThan(self, value)

    def lte(self, value: Any) -> LessThanEquals:
        """The attribute is less than or equal to ``value``."""
        return LessThanEquals(self, value)

    def gt(self, value: Any) -> GreaterThan:
        """The attribute is greater than ``value``."""
        return GreaterThan(self, value)

    def gte(self, value: Any) -> GreaterThanEquals:
        """The attribute is greater than or equal to ``value``."""
        return GreaterThanEquals(self, value)

    def begins_with(self, value: Any) -> BeginsWith:
        """The attribute begins with ``value``."""
        return BeginsWith(self, value)

    def between(self, low_value: Any, high_value: Any) -> Between:
        """``low_value`` <= the attribute <= ``high_value``."""
        return Between(self, low_value, high_value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and self.name == other.name


class ConditionAttributeBase(ConditionBase, AttributeBase):
    """A condition that is also an operand to compare (``size(a) > 3``); named after its
    first operand."""

    def __init__(self, *values: Any) -> None:
        ConditionBase.__init__(self, *values)
        AttributeBase.__init__(self, values[0].name)

    def __eq__(self, other: object) -> bool:
        return ConditionBase.__eq__(self, other) and AttributeBase.__eq__(self, other)


class ComparisonCondition(ConditionBase):
    expression_format = "{0} {operator} {1}"


class Equals(ComparisonCondition):
    expression_operator = "="


class NotEquals(ComparisonCondition):
    expression_operator = "<>"


class LessThan(ComparisonCondition):
    expression_operator = "<"


class LessThanEquals(ComparisonCondition):
    expression_operator = "<="


class GreaterThan(ComparisonCondition):
    expression_operator = ">"


class GreaterThanEquals(ComparisonCondition):
    expression_operator = ">="


class In(ComparisonCondition):
    expression_operator = "IN"
    has_grouped_values = True


class Between(ConditionBase):
    expression_operator = "BETWEEN"
    expression_format = "{0} {operator} {1} AND {2}"


class BeginsWith(ConditionBase):
    expression_operator = "begins_with"
    expression_format = "{operator}({0}, {1})"


class Contains(ConditionBase):
    expression_operator = "contains"
    expression_format = "{operator}({0}, {1})"


class Size(ConditionAttributeBase):
    expression_operator = "size"
    expression_format = "{operator}({0})"


class AttributeType(ConditionBase):
    expression_operator = "attribute_type"
    expression_format = "{operator}({0}, {1})"


class AttributeExists(ConditionBase):
    expression_operator = "attribute_exists"
    expression_format = "{operator}({0})"


class AttributeNotExists(ConditionBase):
    expression_operator = "attribute_not_exists"
    expression_format = "{operator}({0})"


class And(ConditionBase):
    expression_operator = "AND"
    expression_format = "({0} {operator} {1})"


class Or(ConditionBase):
    expression_operator = "OR"
    expression_format = "({0} {operator} {1})"


class Not(ConditionBase):
    expression_operator = "NOT"
    expression_format = "({operator} {0})"


class Key(AttributeBase):
    """A key attribute: the only kind a KeyConditionExpression may name."""


class Attr(AttributeBase):
    """An item's attribute, with the functions only filter and condition expressions have."""

    def ne(self, value: Any) -> NotEquals:
        """The attribute does not equal ``value``."""
        return NotEquals(self, value)

    def is_in(self, value: Any) -> In:
        """The attribute is one of ``value`` (a collection)."""
        return In(self, value)

    def exists(self) -> AttributeExists:
        """The attribute exists."""
        return AttributeExists(self)

    def not_exists(self) -> AttributeNotExists:
        """The attribute does not exist."""
        return AttributeNotExists(self)

    def contains(self, value: Any) -> Contains:
        """The attribute (a string, set or list) contains ``value``."""
        return Contains(self, value)

    def size(self) -> Size:
        """The attribute's size: compare it (``.size().gt(3)``) to make a condition."""
        return Size(self)

    def attribute_type(self, value: Any) -> AttributeType:
        """The attribute is of DynamoDB type ``value`` (``"S"``, ``"N"``, ...)."""
        return AttributeType(self, value)


class BuiltConditionExpression(NamedTuple):
    condition_expression: str
    attribute_name_placeholders: dict[str, str]
    attribute_value_placeholders: dict[str, Any]


class ConditionExpressionBuilder:
    """Turns conditions into expression text with ``#n<i>``/``:v<i>`` placeholders."""

    def __init__(self) -> None:
        self._name_count = 0
        self._value_count = 0

    def reset(self) -> None:
        """Number placeholders from 0 again."""
        self._name_count = 0
        self._value_count = 0

    def build_expression(
        self, condition: Any, is_key_condition: bool = False
    ) -> BuiltConditionExpression:
        """``condition`` as (expression, name placeholders, value placeholders); with
        ``is_key_condition`` every attribute must be a :class:`Key`."""
        if not isinstance(condition, ConditionBase):
            raise DynamoDBNeedsConditionError(condition)
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        text = self._condition_text(condition, names, values, is_key_condition)
        return BuiltConditionExpression(text, names, values)

    def _condition_text(
        self,
        condition: ConditionBase,
        names: dict[str, str],
        values: dict[str, Any],
        is_key_condition: bool,
    ) -> str:
        parts = condition.get_expression()
        grouped = condition.has_grouped_values
        operands = [
            self._operand_text(operand, names, values, grouped, is_key_condition)
            for operand in parts["values"]
        ]
        text: str = parts["format"].format(*operands, operator=parts["operator"])
        return text

    def _operand_text(
        self,
        operand: Any,
        names: dict[str, str],
        values: dict[str, Any],
        grouped: bool,
        is_key_condition: bool,
    ) -> str:
        if isinstance(operand, ConditionBase):
            return self._condition_text(operand, names, values, is_key_condition)
        if isinstance(operand, AttributeBase):
            if is_key_condition and not isinstance(operand, Key):
                raise DynamoDBNeedsKeyConditionError(
                    f"Attribute object {operand.name} is of type {type(operand)}. "
                    f"KeyConditionExpression only supports Attribute objects of type Key"
                )
            return self._name_text(operand.name, names)
        if grouped:
            return f"({', '.join(self._value_placeholder(v, values) for v in operand)})"
        return self._value_placeholder(operand, values)

    def _name_text(self, name: str, names: dict[str, str]) -> str:
        # Placeholders are numbered first, then put into the name (boto3's order: a ``%``
        # left in the name then fails the same way as there).
        placeholders = []
        for part in ATTR_NAME_REGEX.findall(name):
            placeholder = f"#n{self._name_count}"
            self._name_count += 1
            names[placeholder] = part
            placeholders.append(placeholder)
        text: str = ATTR_NAME_REGEX.sub("%s", name) % tuple(placeholders)
        return text

    def _value_placeholder(self, value: Any, values: dict[str, Any]) -> str:
        placeholder = f":v{self._value_count}"
        self._value_count += 1
        values[placeholder] = value
        return placeholder
