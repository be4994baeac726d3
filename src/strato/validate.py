"""Client-side parameter validation with botocore's rules and report text.

Every error in the input is collected, then reported at once as a
``ParamValidationError`` whose lines match botocore's ``ParamValidator`` exactly.
"""

from __future__ import annotations

from strato import exceptions
from strato.model import ListShape, MapShape, StructureShape
from strato.protocols._serialize_common import parse_to_aware_datetime
from strato.protocols._shape_cache import cached_on

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from strato.model import Shape

_SCALAR_TYPES: dict[str, tuple[type, ...]] = {
    "integer": (int,),
    "long": (int,),
    "boolean": (bool,),
    "string": (str,),
}
_FLOAT_TYPES = ("float", "double")
# ``str(datetime.datetime)``, which botocore's report prints (without importing datetime).
_DATETIME_CLASS = "<class 'datetime.datetime'>"
_CONTAINER_TYPES: dict[str, tuple[type, ...]] = {
    "structure": (dict,),
    "map": (dict,),
    "list": (list, tuple),
}
_DOCUMENT_TYPES: tuple[type, ...] = (str, int, bool, float, list, dict)
# Traits checked beyond the type: list members having none are only type-checked.
_VALIDATED_METADATA = frozenset({"required", "min", "document", "union"})


def _scalar_types(type_name: str) -> tuple[type, ...] | None:
    """The Python types a scalar shape accepts (None for other shapes); ``decimal`` is
    imported only once a float member is validated."""
    if type_name in _FLOAT_TYPES:
        from decimal import Decimal

        return (float, Decimal, int)
    return _SCALAR_TYPES.get(type_name)


def _type_names(types: tuple[type, ...]) -> str:
    return ", ".join(str(t) for t in types)


def _display_name(name: str) -> str:
    if not name:
        return "input"
    return name[1:] if name.startswith(".") else name


class ValidationErrors:
    """The report lines gathered while walking the parameters."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def has_errors(self) -> bool:
        return bool(self._lines)

    def generate_report(self) -> str:
        return "\n".join(self._lines)

    def add(self, line: str) -> None:
        self._lines.append(line)

    def invalid_type(self, name: str, param: Any, valid_types: str) -> None:
        self.add(
            f"Invalid type for parameter {_display_name(name)}, value: {param}, "
            f"type: {type(param)}, valid types: {valid_types}"
        )

    def below_min(self, name: str, value: Any, min_allowed: Any, what: str) -> None:
        self.add(
            f"Invalid {what} for parameter {_display_name(name)}, value: {value}, "
            f"valid min {what}: {min_allowed}"
        )


class _Rule:
    """What validating a value of one shape checks, derived once per shape.

    ``kind`` picks the check; ``valid`` are a scalar's accepted types and ``min_allowed``
    its minimum length or value (None when unchecked).
    """

    __slots__ = ("kind", "members", "min_allowed", "required", "union", "valid")

    def __init__(self, shape: Shape) -> None:
        type_name = shape.type_name
        serialization = shape.serialization
        self.valid: tuple[type, ...] = ()
        self.min_allowed: Any = None
        self.members: dict[str, Shape] = {}
        self.required: list[str] = []
        self.union = False
        if "min" in shape.metadata:
            self.min_allowed = shape.metadata["min"]
        elif serialization.get("hostLabel"):
            self.min_allowed = 1
        if (
            type_name == "string"
            and serialization.get("jsonvalue", False)
            and serialization.get("location") == "header"
        ):
            self.kind = "jsonvalue"
        elif isinstance(shape, StructureShape):
            self.kind = "document" if shape.is_document_type else "structure"
            self.members = shape.members
            self.required = shape.required_members
            self.union = shape.is_tagged_union
        elif isinstance(shape, ListShape):
            self.kind = "list"
        elif isinstance(shape, MapShape):
            self.kind = "map"
        elif type_name in ("blob", "timestamp"):
            self.kind = type_name
        elif (valid := _scalar_types(type_name)) is not None:
            self.kind = "scalar"
            self.valid = valid
            if type_name == "boolean":
                self.min_allowed = None
        else:
            raise AttributeError(f"No validator for shape type {type_name!r}")


_RULE = "_strato_validation_rule"


def _simple_list_member(shape: ListShape) -> tuple[type, ...] | None:
    """A list member's scalar types when items need only a type check (no other traits)."""
    member = shape.member
    if _VALIDATED_METADATA & member.metadata.keys():
        return None
    return _scalar_types(member.type_name)


class ParamValidator:
    """Validates user parameters against a shape; ``validate`` returns the collected errors."""

    def validate(self, params: Any, shape: Shape) -> ValidationErrors:
        errors = ValidationErrors()
        self._validate(params, shape, errors, "")
        return errors

    def _validate(self, params: Any, shape: Shape, errors: ValidationErrors, name: str) -> None:
        rule: _Rule = shape.__dict__.get(_RULE) or cached_on(shape, _RULE, _Rule)
        kind = rule.kind
        if kind == "scalar":
            _validate_scalar(params, rule, errors, name)
        elif kind == "structure":
            self._validate_structure(params, rule, errors, name)
        elif kind == "list":
            self._validate_list(params, shape, rule, errors, name)  # type: ignore[arg-type]
        elif kind == "map":
            self._validate_map(params, shape, errors, name)  # type: ignore[arg-type]
        elif kind == "blob":
            _validate_blob(params, errors, name)
        elif kind == "timestamp":
            _validate_timestamp(params, errors, name)
        elif kind == "document":
            _validate_document(params, errors, name)
        else:
            _validate_jsonvalue(params, errors, name)

    def _validate_structure(
        self, params: Any, rule: _Rule, errors: ValidationErrors, name: str
    ) -> None:
        if not isinstance(params, dict):
            errors.invalid_type(name, params, _type_names(_CONTAINER_TYPES["structure"]))
            return
        members = rule.members
        if rule.union and len(params) != 1:
            keys = ", ".join(members)
            if not params:
                # botocore's text lacks the space in "unionstructure".
                errors.add(
                    f"Must set one of the following keys for tagged union"
                    f"structure {_display_name(name)}: {keys}."
                )
            elif len(params) > 1:
                errors.add(
                    f"Invalid number of parameters set for tagged union structure "
                    f"{_display_name(name)}. Can only set one of the following keys: {keys}."
                )
        for required in rule.required:
            if required not in params:
                errors.add(f'Missing required parameter in {_display_name(name)}: "{required}"')
        if not params.keys() <= members.keys():
            for param in params:
                if param not in members:
                    errors.add(
                        f'Unknown parameter in {_display_name(name)}: "{param}", '
                        f"must be one of: {', '.join(members)}"
                    )
        for param, value in params.items():
            member = members.get(param)
            if member is None:
                continue
            member_rule: _Rule = member.__dict__.get(_RULE) or cached_on(member, _RULE, _Rule)
            if (
                member_rule.kind == "scalar"
                and member_rule.min_allowed is None
                and isinstance(value, member_rule.valid)
            ):
                continue  # a plain scalar of the right type: nothing to report
            self._validate(value, member, errors, f"{name}.{param}")

    def _validate_list(
        self, params: Any, shape: ListShape, rule: _Rule, errors: ValidationErrors, name: str
    ) -> None:
        if not isinstance(params, (list, tuple)):
            errors.invalid_type(name, params, _type_names(_CONTAINER_TYPES["list"]))
            return
        _check_min(len(params), rule, errors, name, "length")
        valid = cached_on(shape, "_strato_simple_list_member", _simple_list_member)
        if valid is not None:
            for i, item in enumerate(params):
                if not isinstance(item, valid):
                    errors.invalid_type(f"{name}[{i}]", item, _type_names(valid))
            return
        member = shape.member
        for i, item in enumerate(params):
            self._validate(item, member, errors, f"{name}[{i}]")

    def _validate_map(
        self, params: Any, shape: MapShape, errors: ValidationErrors, name: str
    ) -> None:
        if not isinstance(params, dict):
            errors.invalid_type(name, params, _type_names(_CONTAINER_TYPES["map"]))
            return
        key_shape, value_shape = shape.key, shape.value
        for key, value in params.items():
            self._validate(key, key_shape, errors, f"{name} (key: {key})")
            self._validate(value, value_shape, errors, f"{name}.{key}")


def _check_min(value: Any, rule: _Rule, errors: ValidationErrors, name: str, what: str) -> None:
    """Report ``value`` below the shape's ``min`` (host labels have an implicit min of 1)."""
    min_allowed = rule.min_allowed
    if min_allowed is not None and value < min_allowed:
        errors.below_min(name, value, min_allowed, what)


def _validate_scalar(params: Any, rule: _Rule, errors: ValidationErrors, name: str) -> None:
    if not isinstance(params, rule.valid):
        errors.invalid_type(name, params, _type_names(rule.valid))
        return
    min_allowed = rule.min_allowed
    if min_allowed is None:
        return
    if isinstance(params, str):
        if len(params) < min_allowed:
            errors.below_min(name, len(params), min_allowed, "length")
    elif params < min_allowed:
        errors.below_min(name, params, min_allowed, "value")


def _validate_blob(params: Any, errors: ValidationErrors, name: str) -> None:
    if isinstance(params, (bytes, bytearray, str)) or hasattr(params, "read"):
        return
    errors.invalid_type(name, params, f"{bytes}, {bytearray}, file-like object")


def _validate_timestamp(params: Any, errors: ValidationErrors, name: str) -> None:
    try:
        parse_to_aware_datetime(params)
    except (TypeError, ValueError, AttributeError):
        errors.invalid_type(name, params, f"{_DATETIME_CLASS}, timestamp-string")


def _validate_jsonvalue(params: Any, errors: ValidationErrors, name: str) -> None:
    import json  # only JSON-valued members need it

    try:
        json.dumps(params)
    except (ValueError, TypeError) as e:
        errors.add(f"Invalid parameter {_display_name(name)} must be json serializable: {e}")


def _validate_document(params: Any, errors: ValidationErrors, name: str) -> None:
    # As in botocore, a nested dict entry is reported under its own key, not its full path.
    if params is None:
        return
    if isinstance(params, dict):
        for key, value in params.items():
            _validate_document(value, errors, key)
    elif isinstance(params, list):
        for index, item in enumerate(params):
            _validate_document(item, errors, f"{name}[{index}]")
    elif not isinstance(params, (str, int, bool, float)):
        errors.add(
            f"Invalid type for document parameter {_display_name(name)}, value: {params}, "
            f"type: {type(params)}, valid types: {_type_names(_DOCUMENT_TYPES)}"
        )


def scalar_check(shape: Shape) -> tuple[tuple[type, ...], Any] | None:
    """A scalar shape's accepted types and minimum (length or value, or None), as the
    validator checks them; None for other shapes. For callers that check values inline."""
    rule: _Rule = cached_on(shape, _RULE, _Rule)
    return (rule.valid, rule.min_allowed) if rule.kind == "scalar" else None


_VALIDATOR = ParamValidator()  # it keeps no state between calls


def validate_parameters(params: Any, shape: Shape) -> None:
    """Raise ``ParamValidationError`` with the full report if ``params`` do not fit ``shape``."""
    report = _VALIDATOR.validate(params, shape)
    if report.has_errors():
        raise exceptions.ParamValidationError(report=report.generate_report())


#: Members botocore's request handlers read before its validator runs, by endpoint prefix:
#: S3's bucket-name check and S3 Control's ARN parsing crash on a value that is not a
#: string (``TypeError``/``AttributeError``).
HANDLER_READ_MEMBERS: dict[str, tuple[str, ...]] = {
    "s3": ("Bucket",),
    "s3-control": ("Name", "Bucket"),
}


def check_handler_inputs(prefix: str, params: dict[str, Any], shape: Shape | None) -> None:
    """Where botocore would crash in a handler on a non-string member, raise what its
    validator would have reported for the whole input instead."""
    members = HANDLER_READ_MEMBERS.get(prefix)
    if members is None or shape is None:
        return
    if any(name in params and not isinstance(params[name], str) for name in members):
        validate_parameters(params, shape)
