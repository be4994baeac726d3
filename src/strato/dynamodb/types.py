"""Python values <-> DynamoDB AttributeValues, as ``boto3.dynamodb.types`` converts them.

Numbers go through :data:`DYNAMODB_CONTEXT` (38 digits, exponents -128..126), whose traps
make a number DynamoDB would store differently raise ``decimal.Inexact``/``Rounded``/...
The ``_is_*``, ``_serialize_*`` and ``_deserialize_*`` methods keep boto3's names because
code subclasses them (to accept floats, say); the type code picks the method, as in boto3.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from decimal import Clamped, Context, Decimal, Inexact, Overflow, Rounded, Underflow

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

STRING = "S"
NUMBER = "N"
BINARY = "B"
STRING_SET = "SS"
NUMBER_SET = "NS"
BINARY_SET = "BS"
NULL = "NULL"
BOOLEAN = "BOOL"
MAP = "M"
LIST = "L"

#: DynamoDB's number range and precision; anything it would round or clamp raises.
DYNAMODB_CONTEXT = Context(
    Emin=-128, Emax=126, prec=38, traps=[Clamped, Overflow, Inexact, Rounded, Underflow]
)

BINARY_TYPES = (bytearray, bytes)


class Binary:
    """Bytes marked as DynamoDB's ``B`` type (what ``B`` values deserialize to)."""

    def __init__(self, value: bytes | bytearray) -> None:
        if not isinstance(value, BINARY_TYPES):
            names = ", ".join(str(t) for t in BINARY_TYPES)
            raise TypeError(f"Value must be of the following types: {names}")
        self.value = value

    def __eq__(self, other: object) -> bool:
        return self.value == (other.value if isinstance(other, Binary) else other)

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"Binary({self.value!r})"

    def __str__(self) -> str:
        # boto3 returns the bytes, so ``str(Binary(...))`` raises TypeError as it does there.
        return self.value  # type: ignore[return-value]

    def __bytes__(self) -> bytes:
        return self.value  # type: ignore[return-value]


class TypeSerializer:
    """Python value -> ``{type code: wire value}`` (None, bool, int/Decimal, str, bytes and
    Binary, sets of numbers/strings/binaries, mappings, lists and tuples)."""

    def serialize(self, value: Any) -> dict[str, Any]:
        code = self._get_dynamodb_type(value)
        convert: Callable[[Any], Any] = getattr(self, f"_serialize_{code}".lower())
        return {code: convert(value)}

    def _get_dynamodb_type(self, value: Any) -> str:
        # The order decides: bool before int, a set's members before the set kinds.
        if self._is_null(value):
            return NULL
        if self._is_boolean(value):
            return BOOLEAN
        if self._is_number(value):
            return NUMBER
        if self._is_string(value):
            return STRING
        if self._is_binary(value):
            return BINARY
        if self._is_type_set(value, self._is_number):
            return NUMBER_SET
        if self._is_type_set(value, self._is_string):
            return STRING_SET
        if self._is_type_set(value, self._is_binary):
            return BINARY_SET
        if self._is_map(value):
            return MAP
        if self._is_listlike(value):
            return LIST
        raise TypeError(f'Unsupported type "{type(value)}" for value "{value}"')

    def _is_null(self, value: Any) -> bool:
        return value is None

    def _is_boolean(self, value: Any) -> bool:
        return isinstance(value, bool)

    def _is_number(self, value: Any) -> bool:
        if isinstance(value, float):
            raise TypeError("Float types are not supported. Use Decimal types instead.")
        return isinstance(value, (int, Decimal))

    def _is_string(self, value: Any) -> bool:
        return isinstance(value, str)

    def _is_binary(self, value: Any) -> bool:
        return isinstance(value, (Binary, bytearray, bytes))

    def _is_set(self, value: Any) -> bool:
        return isinstance(value, Set)

    def _is_type_set(self, value: Any, type_validator: Callable[[Any], bool]) -> bool:
        # Stops at the first member that fails (a float after it is never looked at).
        return self._is_set(value) and all(type_validator(member) for member in value)

    def _is_map(self, value: Any) -> bool:
        return isinstance(value, Mapping)

    def _is_listlike(self, value: Any) -> bool:
        return isinstance(value, (list, tuple))

    def _serialize_null(self, value: None) -> bool:
        return True

    def _serialize_bool(self, value: bool) -> bool:
        return value

    def _serialize_n(self, value: int | Decimal) -> str:
        text = str(DYNAMODB_CONTEXT.create_decimal(value))
        if text in ("Infinity", "NaN"):
            raise TypeError("Infinity and NaN not supported")
        return text

    def _serialize_s(self, value: str) -> str:
        return value

    def _serialize_b(self, value: Binary | bytes | bytearray) -> bytes | bytearray:
        return value.value if isinstance(value, Binary) else value

    def _serialize_ss(self, value: Iterable[str]) -> list[str]:
        return [self._serialize_s(member) for member in value]

    def _serialize_ns(self, value: Iterable[int | Decimal]) -> list[str]:
        return [self._serialize_n(member) for member in value]

    def _serialize_bs(self, value: Iterable[Binary | bytes | bytearray]) -> list[Any]:
        return [self._serialize_b(member) for member in value]

    def _serialize_l(self, value: Iterable[Any]) -> list[dict[str, Any]]:
        return [self.serialize(member) for member in value]

    def _serialize_m(self, value: Mapping[Any, Any]) -> dict[Any, dict[str, Any]]:
        return {key: self.serialize(member) for key, member in value.items()}


class TypeDeserializer:
    """``{type code: wire value}`` -> Python value (numbers as Decimal, ``B`` as Binary)."""

    def deserialize(self, value: Any) -> Any:
        if not value:
            raise TypeError(
                "Value must be a nonempty dictionary whose key is a valid dynamodb type."
            )
        code = next(iter(value.keys()))
        # Any case of a code is read (``{"s": ...}`` too), as in boto3.
        try:
            convert: Callable[[Any], Any] = getattr(self, f"_deserialize_{code}".lower())
        except AttributeError:
            raise TypeError(f"Dynamodb type {code} is not supported") from None
        return convert(value[code])

    def _deserialize_null(self, value: Any) -> None:
        return None

    def _deserialize_bool(self, value: Any) -> Any:
        return value

    def _deserialize_n(self, value: str) -> Decimal:
        return DYNAMODB_CONTEXT.create_decimal(value)

    def _deserialize_s(self, value: Any) -> Any:
        return value

    def _deserialize_b(self, value: bytes | bytearray) -> Binary:
        return Binary(value)

    def _deserialize_ns(self, value: Iterable[str]) -> set[Decimal]:
        return {self._deserialize_n(member) for member in value}

    def _deserialize_ss(self, value: Iterable[Any]) -> set[Any]:
        return {self._deserialize_s(member) for member in value}

    def _deserialize_bs(self, value: Iterable[bytes | bytearray]) -> set[Binary]:
        return {self._deserialize_b(member) for member in value}

    def _deserialize_l(self, value: Iterable[Any]) -> list[Any]:
        return [self.deserialize(member) for member in value]

    def _deserialize_m(self, value: Mapping[Any, Any]) -> dict[Any, Any]:
        return {key: self.deserialize(member) for key, member in value.items()}
