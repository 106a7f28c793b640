"""pydantic's validation errors as :class:`Problem` values a person can act on.

Each error gets the real position in the file (see ``positions.py``) and a message in
the words of the YAML file rather than of Python: "expected text, got a number" instead
of "Input should be a valid string", a did-you-mean for a misspelt key, the accepted
values of a closed choice. A union reports one error per member; they are merged into
one problem so a person sees one line per mistake.
"""
from __future__ import annotations

import difflib
from datetime import date, datetime
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from .positions import KEY_MARKER, locate
from .schema import Policy

#: How a value read from YAML is named in a message, most specific type first.
_YAML_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "true/false"), (int, "a whole number"), (float, "a number"), (str, "text"),
    (dict, "a mapping"), (list, "a list"), (datetime, "a date and time"), (date, "a date"),
)


def _yaml_type(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return next((name for kind, name in _YAML_TYPES if isinstance(value, kind)), type(value).__name__)


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation may hold, looking through Optional, list and dict."""
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType, typing.Annotated):
        return [m for arg in typing.get_args(annotation) for m in _unwrap(arg)]
    if origin in (list, tuple, set, frozenset):
        return [m for arg in typing.get_args(annotation) for m in _unwrap(arg)]
    if origin is dict:
        return _unwrap(typing.get_args(annotation)[1])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys the schema accepts at the mapping that holds ``loc``'s last part."""
    models: list[type[BaseModel]] = [Policy]
    for part in loc[:-1]:
        if isinstance(part, int) or part == KEY_MARKER:
            continue
        following: list[type[BaseModel]] = []
        for model in models:
            field = model.model_fields.get(part) if isinstance(part, str) else None
            if field is not None:
                following += _unwrap(field.annotation)
        if following:
            models = following
        # a dict key (a language, a situation) keeps the models found for the dict's values
    keys: list[str] = []
    for model in models:
        keys += [k for k in model.model_fields if k not in keys]
    return keys


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc = error["loc"]
    if kind == "extra_forbidden":
        key = loc[-1]
        allowed = allowed_keys(loc)
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else (f"; expected one of: {', '.join(allowed)}" if allowed else "")
        return f"unknown key {key!r}{hint}"
    if kind == "missing":
        return f"required key {loc[-1]!r} is missing"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        what = "language" if _is_language(expected) else "value"
        return f"{value!r} is not a supported {what} (expected {expected})"
    if kind.startswith(("date", "datetime")):
        return f"{value!r} is not a date; write it as 2027-03-01 or 2027-03-01T09:00:00+01:00"
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ")
    if kind == "string_type":
        return f"expected text, got {_yaml_type(value)}; put it in quotes"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {value!r}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, got {value!r}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {value!r}"
    if kind == "list_type":
        return f"expected a list, got {_yaml_type(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (key: value), got {_yaml_type(value)}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"{value!r}: {error['msg'].lower()}"
    return error["msg"]


def _is_language(expected: str) -> bool:
    return all(f"'{code}'" in expected for code in ("en", "pl", "he"))


def problems_from_validation(exc: ValidationError, root: Any, filename: str) -> list[Problem]:
    """One problem per place, in file order; union members' errors at one place are merged."""
    merged: dict[tuple[int, int, str], list[str]] = {}
    for error in exc.errors():
        where = locate(root, error["loc"], at_key=error["type"] == "extra_forbidden")
        messages = merged.setdefault((where.line, where.column, where.path), [])
        message = _message(error)
        if message not in messages:
            messages.append(message)
    return [
        Problem(filename, line, column, path, "; or ".join(messages))
        for (line, column, path), messages in sorted(merged.items())
    ]
