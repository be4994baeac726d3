"""Paginators: botocore's ``Paginator``/``PageIterator`` over a client method.

A page iterator calls the operation again with the output token(s) of each page as
input token(s), optionally stopping after ``MaxItems`` result items. Where it stops
mid-page, the resume token is botocore's: base64 of the JSON of the input tokens plus
``boto_truncate_amount`` (items of the next page already returned), so tokens made by
either library resume in the other.
"""

from __future__ import annotations

import base64
import json
from itertools import tee

from .. import _jmespath
from .. import exceptions as errors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

    from ..model import OperationModel

_TRUNCATE = "boto_truncate_amount"
_ENCODED_KEYS = "boto_encoded_keys"


def encode_token(token: dict[str, Any]) -> str:
    """An opaque resume token: bytes values are base64'd and their paths recorded."""
    try:
        text = json.dumps(token)
    except TypeError:
        encoded, paths = _encode_bytes(token, [])
        encoded[_ENCODED_KEYS] = paths
        text = json.dumps(encoded)
    return base64.b64encode(text.encode("utf-8")).decode("utf-8")


def _encode_bytes(data: Any, path: list[Any]) -> tuple[Any, list[list[Any]]]:
    """``data`` with bytes base64'd, and the paths of what was."""
    if isinstance(data, bytes):
        return base64.b64encode(data).decode("utf-8"), [path]
    if not isinstance(data, dict | list):
        return data, []
    paths: list[list[Any]] = []
    pairs = data.items() if isinstance(data, dict) else enumerate(data)
    converted = {}
    for key, value in pairs:
        converted[key], found = _encode_bytes(value, [*path, key])
        paths.extend(found)
    return (converted if isinstance(data, dict) else list(converted.values())), paths


def decode_token(token: str) -> Any:
    """The inverse of :func:`encode_token` (ValueError or TypeError when not one)."""
    decoded = json.loads(base64.b64decode(token.encode("utf-8")).decode("utf-8"))
    if not isinstance(decoded, dict):
        raise TypeError("not a paginator token")
    for path in decoded.pop(_ENCODED_KEYS, None) or ():
        container = decoded
        for step in path[:-1]:
            container = container[step]
        container[path[-1]] = base64.b64decode(container[path[-1]].encode("utf-8"))
    return decoded


def _set_path(target: dict[str, Any], dotted: str, value: Any) -> None:
    """Set a dotted result key's value, creating the objects on the way."""
    *parents, last = dotted.split(".")
    for key in parents:
        if key not in target:
            target[key] = {}
        target = target[key]
    target[last] = value


def _merge(into: dict[str, Any], other: dict[str, Any]) -> None:
    """botocore's ``merge_dicts``: nested dicts merge, anything else replaces."""
    for key, value in other.items():
        if isinstance(value, dict) and key in into:
            _merge(into[key], value)
        else:
            into[key] = value


class PageIterator:
    """Iterate to get each page (a parsed response); not an iterator itself."""

    def __init__(
        self,
        method: Callable[..., dict[str, Any]],
        input_token: list[str],
        output_token: list[_jmespath.Expression],
        more_results: _jmespath.Expression | None,
        result_keys: list[_jmespath.Expression],
        non_aggregate_keys: list[_jmespath.Expression],
        limit_key: str | None,
        max_items: int | None,
        starting_token: str | None,
        page_size: int | str | None,
        op_kwargs: dict[str, Any],
    ) -> None:
        self._method = method
        self._input_token = input_token
        self._output_token = output_token
        self._more_results = more_results
        self._result_keys = result_keys
        self._non_aggregate_keys = non_aggregate_keys
        self._limit_key = limit_key
        self._max_items = max_items
        self._starting_token = starting_token
        self._page_size = page_size
        self._op_kwargs = op_kwargs
        self._resume_token: str | None = None
        self._non_aggregate_part: dict[str, Any] = {}

    @property
    def result_keys(self) -> list[_jmespath.Expression]:
        return self._result_keys

    @property
    def resume_token(self) -> str | None:
        """The ``StartingToken`` that continues where MaxItems stopped the iteration."""
        return self._resume_token

    @resume_token.setter
    def resume_token(self, value: dict[str, Any]) -> None:
        if not isinstance(value, dict):
            raise errors.BadStartingTokenError(token=value)
        expected = set(self._input_token)
        if _TRUNCATE in value:
            expected.add(_TRUNCATE)
        if set(value) != expected:
            raise errors.BadStartingTokenError(token=value)
        self._resume_token = encode_token(value)

    @property
    def non_aggregate_part(self) -> dict[str, Any]:
        """The first page's ``non_aggregate_keys`` values."""
        return self._non_aggregate_part

    def __iter__(self) -> Iterator[dict[str, Any]]:
        kwargs = self._op_kwargs
        previous: dict[str, Any] | None = None
        next_token: dict[str, Any] = dict.fromkeys(self._input_token)
        starting_truncation = 0
        if self._starting_token is not None:
            next_token, starting_truncation = self._parse_starting_token()
            self._inject_token(kwargs, next_token)
        if self._page_size is not None and self._limit_key is not None:
            kwargs[self._limit_key] = self._page_size
        primary = self._result_keys[0]
        total = 0
        first = True
        while True:
            page = self._method(**kwargs)
            if first:
                if self._starting_token is not None:
                    self._skip_returned(page, primary, starting_truncation)
                self._record_non_aggregate(page)
                first = False
            else:
                starting_truncation = 0
            items = primary.search(page)
            count = len(items) if items is not None else 0
            excess = total + count - self._max_items if self._max_items is not None else 0
            if excess > 0:
                keep = count - excess
                _set_path(page, primary.expression, (items or [])[:keep])
                next_token[_TRUNCATE] = keep + starting_truncation
                self.resume_token = next_token
                yield page
                return
            yield page
            total += count
            next_token = self._next_token(page)
            if all(value is None for value in next_token.values()):
                return
            if self._max_items is not None and total == self._max_items:
                self.resume_token = next_token
                return
            if previous is not None and previous == next_token:
                raise errors.PaginationError(
                    message=f"The same next token was received twice: {next_token}"
                )
            self._inject_token(kwargs, next_token)
            previous = next_token

    def search(self, expression: str) -> Iterator[Any]:
        """Each page's value of ``expression``; list values are flattened into the stream."""
        compiled = _jmespath.compiled(expression)
        for page in self:
            found = compiled.search(page)
            if isinstance(found, list):
                yield from found
            else:
                yield found

    def result_key_iters(self) -> list[ResultKeyIterator]:
        """One iterator over the items of each result key (pages are fetched once)."""
        pages = tee(self, len(self._result_keys))
        return [ResultKeyIterator(p, key) for p, key in zip(pages, self._result_keys, strict=True)]

    def build_full_result(self) -> dict[str, Any]:
        """All pages in one response: result keys joined, non-aggregate keys of page one."""
        complete: dict[str, Any] = {}
        for page in self:
            for key in self._result_keys:
                value = key.search(page)
                if value is None:
                    continue
                existing = key.search(complete)
                if existing is None:
                    _set_path(complete, key.expression, value)
                elif isinstance(value, list):
                    existing.extend(value)
                elif isinstance(value, int | float | str):
                    _set_path(complete, key.expression, existing + value)
        _merge(complete, self._non_aggregate_part)
        if self._resume_token is not None:
            complete["NextToken"] = self._resume_token
        return complete

    def _inject_token(self, kwargs: dict[str, Any], token: dict[str, Any]) -> None:
        for name, value in token.items():
            if value is not None and value != "None":
                kwargs[name] = value
            else:
                kwargs.pop(name, None)

    def _skip_returned(
        self, page: dict[str, Any], primary: _jmespath.Expression, skip: int
    ) -> None:
        """Drop what an earlier iteration already returned from the resumed first page."""
        items = primary.search(page)
        _set_path(page, primary.expression, items[skip:] if isinstance(items, list | str) else None)
        for key in self._result_keys:
            if key is primary:
                continue
            sample = key.search(page)
            empty: Any = None
            if isinstance(sample, list):
                empty = []
            elif isinstance(sample, str):
                empty = ""
            elif isinstance(sample, int | float):
                # Count/ScannedCount still say what the service evaluated.
                empty = sample
            _set_path(page, key.expression, empty)

    def _record_non_aggregate(self, page: dict[str, Any]) -> None:
        part: dict[str, Any] = {}
        for key in self._non_aggregate_keys:
            _set_path(part, key.expression, key.search(page))
        self._non_aggregate_part = part

    def _next_token(self, page: dict[str, Any]) -> dict[str, Any]:
        if self._more_results is not None and not self._more_results.search(page):
            return {}
        # Empty strings are no token.
        return {
            name: expression.search(page) or None
            for expression, name in zip(self._output_token, self._input_token, strict=False)
        }

    def _parse_starting_token(self) -> tuple[dict[str, Any], int]:
        token = self._starting_token
        assert token is not None
        try:
            decoded = decode_token(token)
            index = decoded.pop(_TRUNCATE, 0)
        except (ValueError, TypeError):
            return self._parse_legacy_token(token)
        return decoded, index

    def _parse_legacy_token(self, token: str) -> tuple[dict[str, Any], int]:
        """Old ``token___token___index`` strings, or a service token given as is."""
        parts: list[str] = token.split("___")
        index = 0
        if len(parts) == len(self._input_token) + 1:
            try:
                index = int(parts.pop())
            except ValueError:
                parts = [token]
        if len(parts) > len(self._input_token):
            raise errors.BadStartingTokenError(token=token)
        values = [None if part == "None" else part for part in parts]
        values += [None] * (len(self._input_token) - len(values))
        return dict(zip(self._input_token, values, strict=True)), index


class ResultKeyIterator:
    """The items of one result key across pages."""

    def __init__(
        self, pages_iterator: Iterator[dict[str, Any]], result_key: _jmespath.Expression
    ) -> None:
        self._pages_iterator = pages_iterator
        self.result_key = result_key

    def __iter__(self) -> Iterator[Any]:
        for page in self._pages_iterator:
            found = self.result_key.search(page)
            if found is not None:
                yield from found


def _as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


class Paginator:
    """Made by ``client.get_paginator``; ``paginate(**kwargs)`` gives a PageIterator."""

    PAGE_ITERATOR_CLS = PageIterator

    def __init__(
        self,
        method: Callable[..., dict[str, Any]],
        pagination_config: dict[str, Any],
        model: OperationModel,
    ) -> None:
        self._method = method
        self._model = model
        self._pagination_cfg = pagination_config
        self._input_token = _as_list(pagination_config["input_token"])
        self._output_token = [
            _jmespath.compiled(e) for e in _as_list(pagination_config["output_token"])
        ]
        more = pagination_config.get("more_results")
        self._more_results = _jmespath.compiled(more) if more is not None else None
        self._non_aggregate_keys = [
            _jmespath.compiled(e) for e in pagination_config.get("non_aggregate_keys", [])
        ]
        self._result_keys = [
            _jmespath.compiled(e) for e in _as_list(pagination_config["result_key"])
        ]
        self._limit_key: str | None = pagination_config.get("limit_key")

    @property
    def result_keys(self) -> list[_jmespath.Expression]:
        return self._result_keys

    def paginate(self, **kwargs: Any) -> PageIterator:
        """Pages of the operation called with ``kwargs``; ``PaginationConfig`` steers it."""
        config = kwargs.pop("PaginationConfig", {})
        max_items = config.get("MaxItems")
        page_size = config.get("PageSize")
        if page_size is not None:
            if self._limit_key is None:
                raise errors.PaginationError(
                    message="PageSize parameter is not supported for the "
                    "pagination interface for this operation."
                )
            input_shape = self._model.input_shape
            assert input_shape is not None  # a limit key is an input member
            if input_shape.members[self._limit_key].type_name == "string":
                page_size = str(page_size)
            else:
                page_size = int(page_size)
        return self.PAGE_ITERATOR_CLS(
            self._method,
            self._input_token,
            self._output_token,
            self._more_results,
            self._result_keys,
            self._non_aggregate_keys,
            self._limit_key,
            int(max_items) if max_items is not None else None,
            config.get("StartingToken"),
            page_size,
            kwargs,
        )
