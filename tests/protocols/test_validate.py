"""strato.validate against botocore's ParamValidator on hand-made shapes covering every rule."""

from __future__ import annotations

import decimal
import io
from typing import Any

import botocore.exceptions
import botocore.model
import botocore.validate
import pytest

from strato.exceptions import ParamValidationError
from strato.model import ServiceModel
from strato.validate import validate_parameters

SHAPES: dict[str, Any] = {
    "Input": {
        "type": "structure",
        "required": ["Name"],
        "members": {
            "Name": {"shape": "Name"},
            "Count": {"shape": "Count"},
            "Ratio": {"shape": "Ratio"},
            "Flag": {"shape": "Flag"},
            "Data": {"shape": "Data"},
            "When": {"shape": "When"},
            "Tags": {"shape": "Tags"},
            "Labels": {"shape": "Labels"},
            "Choice": {"shape": "Choice"},
            "Doc": {"shape": "Doc"},
            "Json": {"shape": "Name", "location": "header", "jsonvalue": True},
            "Host": {"shape": "Plain", "hostLabel": True},
            "Nested": {"shape": "Nested"},
        },
    },
    "Name": {"type": "string", "min": 3},
    "Plain": {"type": "string"},
    "Count": {"type": "integer", "min": 1},
    "Ratio": {"type": "double", "min": 0.5},
    "Flag": {"type": "boolean"},
    "Data": {"type": "blob"},
    "When": {"type": "timestamp"},
    "Tags": {"type": "map", "key": {"shape": "Name"}, "value": {"shape": "Count"}},
    "Labels": {"type": "list", "member": {"shape": "Plain"}, "min": 2},
    "Choice": {
        "type": "structure",
        "union": True,
        "members": {"A": {"shape": "Plain"}, "B": {"shape": "Count"}},
    },
    "Doc": {"type": "structure", "document": True, "members": {}},
    "Nested": {
        "type": "structure",
        "required": ["Inner"],
        "members": {"Inner": {"shape": "Labels"}, "Deep": {"shape": "Nested"}},
    },
}

CASES: dict[str, dict[str, Any]] = {
    "valid": {"Name": "abc", "Count": 1, "Ratio": 0.5, "Labels": ["a", "b"]},
    "missing required": {},
    "unknown member": {"Name": "abc", "Bogus": 1},
    "string type": {"Name": 5},
    "string min length": {"Name": "ab"},
    "integer type": {"Name": "abc", "Count": "1"},
    "integer min value": {"Name": "abc", "Count": 0},
    "bool is an integer": {"Name": "abc", "Count": True},
    "double min value": {"Name": "abc", "Ratio": 0.1},
    "double accepts decimal": {"Name": "abc", "Ratio": decimal.Decimal("0.7")},
    "boolean type": {"Name": "abc", "Flag": "true"},
    "blob type": {"Name": "abc", "Data": 12},
    "blob file": {"Name": "abc", "Data": io.BytesIO(b"x")},
    "timestamp type": {"Name": "abc", "When": [1]},
    "timestamp string": {"Name": "abc", "When": "2020-01-02T03:04:05Z"},
    "timestamp garbage": {"Name": "abc", "When": "not a time"},
    "map key and value": {"Name": "abc", "Tags": {"k": "v", "long": 0}},
    "list type": {"Name": "abc", "Labels": "ab"},
    "list min length": {"Name": "abc", "Labels": ["a"]},
    "list member types": {"Name": "abc", "Labels": ["a", 2, None]},
    "union empty": {"Name": "abc", "Choice": {}},
    "union two members": {"Name": "abc", "Choice": {"A": "x", "B": 1}},
    "document types": {"Name": "abc", "Doc": {"a": [1, {"b": object}], "c": {1, 2}}},
    "jsonvalue not serializable": {"Name": "abc", "Json": {"a": object()}},
    "host label min": {"Name": "abc", "Host": ""},
    "nested paths": {"Name": "abc", "Nested": {"Deep": {"Inner": [1, "b"], "X": 1}}},
    "structure type": {"Name": "abc", "Nested": ["x"]},
    "many errors": {"Name": 1, "Count": "x", "Flag": 0, "Extra": 1, "Labels": [1]},
}


def _botocore_report(params: Any) -> str | None:
    model = botocore.model.ServiceModel({"metadata": {}, "shapes": SHAPES})
    try:
        botocore.validate.validate_parameters(params, model.shape_for("Input"))
    except botocore.exceptions.ParamValidationError as e:
        return str(e)
    return None


@pytest.mark.parametrize("params", list(CASES.values()), ids=list(CASES))
def test_report_matches_botocore(params: dict[str, Any]) -> None:
    expected = _botocore_report(params)
    shape = ServiceModel({"metadata": {}, "shapes": SHAPES}).shape_for("Input")
    if expected is None:
        validate_parameters(params, shape)
        return
    with pytest.raises(ParamValidationError) as raised:
        validate_parameters(params, shape)
    assert str(raised.value) == expected
    assert raised.value.kwargs["report"] == expected.split("\n", 1)[1]


def test_report_text_is_botocores() -> None:
    shape = ServiceModel({"metadata": {}, "shapes": SHAPES}).shape_for("Input")
    with pytest.raises(ParamValidationError) as raised:
        validate_parameters({"Count": 0, "Choice": {}}, shape)
    assert str(raised.value) == (
        "Parameter validation failed:\n"
        'Missing required parameter in input: "Name"\n'
        "Invalid value for parameter Count, value: 0, valid min value: 1\n"
        "Must set one of the following keys for tagged unionstructure Choice: A, B."
    )
