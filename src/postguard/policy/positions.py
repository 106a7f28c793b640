"""Where a key path sits in a YAML file, read in ruamel's round-trip mode.

Round-trip mode records the line and column of every key, value and list item
(``node.lc``). pydantic reports a problem as a location tuple (``('sensitive',
'unreleased_products', 0, 'embargo_until')``); :func:`locate` walks the loaded YAML
along that tuple and returns the 1-based position a person needs plus the key path
written the way they would type it (``sensitive.unreleased_products[0].embargo_until``).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

#: pydantic's marker for "the problem is the dict key itself, not its value".
KEY_MARKER = "[key]"


@dataclass(frozen=True)
class Located:
    line: int
    column: int
    path: str


def format_path(parts: Sequence[Any]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _key_position(node: Any, key: Any) -> tuple[int, int] | None:
    try:
        line, column = node.lc.key(key)
    except (AttributeError, KeyError, TypeError):
        return None
    return line + 1, column + 1


def _value_position(node: Any, key: Any) -> tuple[int, int] | None:
    try:
        line, column = node.lc.value(key)
    except (AttributeError, KeyError, TypeError):
        return None
    return line + 1, column + 1


def _item_position(node: Any, index: int) -> tuple[int, int] | None:
    try:
        line, column = node.lc.item(index)
    except (AttributeError, KeyError, TypeError, IndexError):
        return None
    return line + 1, column + 1


def locate(root: Any, loc: Sequence[Any], *, at_key: bool = False) -> Located:
    """The position of ``loc`` in ``root``.

    A value's problem points at the value; ``at_key`` (an unknown key) points at the key.
    A key that is missing points at its parent's key, the nearest place that exists.
    Location parts that are not in the data (pydantic's union member tags such as
    ``literal['a','b']`` under a scalar) are skipped.
    """
    node = root
    position = (1, 1)
    key_position = (1, 1)
    parts: list[Any] = []
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if part == KEY_MARKER:
            position = key_position
            break
        if isinstance(node, Mapping):
            if part in node:
                key_position = _key_position(node, part) or key_position
                value_position = _value_position(node, part) or key_position
                position = key_position if (last and at_key) else value_position
                parts.append(part)
                node = node[part]
                continue
            if isinstance(part, str):
                # A required key that is missing: report it where its parent starts.
                parts.append(part)
                position = key_position
            break
        if isinstance(node, Sequence) and not isinstance(node, str) and isinstance(part, int):
            if 0 <= part < len(node):
                key_position = _item_position(node, part) or key_position
                position = key_position
                parts.append(part)
                node = node[part]
                continue
            break
        # A scalar: the remaining parts name union members, not keys.
        break
    return Located(position[0], position[1], format_path(parts))


def to_plain(node: Any, budget: int | None = None) -> Any:
    """ruamel's round-trip values as plain Python ones (dict, list, str, int, float, date).

    ``budget`` bounds the number of values produced: YAML aliases are shared, and
    expanding a nest of them (the "billion laughs") would otherwise never finish.
    Raises :class:`OverflowError` when it is exceeded.
    """
    remaining = [budget if budget is not None else -1]

    def convert(value: Any) -> Any:
        if remaining[0] >= 0:
            remaining[0] -= 1
            if remaining[0] < 0:
                raise OverflowError("too many values")
        if isinstance(value, Mapping):
            return {convert(k): convert(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [convert(v) for v in value]
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, datetime):
            return datetime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                            value.microsecond, tzinfo=value.tzinfo)
        if isinstance(value, date):
            return date(value.year, value.month, value.day)
        for plain in (str, int, float):
            if isinstance(value, plain):
                return plain(value)
        return value

    return convert(node)
