"""Engagement imported from platform exports (R19): CSV or JSON, rejected with line and column.

Columns (CSV header or JSON keys): ``post_url``, ``likes``, ``comments``, ``shares``,
``impressions``; optional ``date`` (ISO 8601). Counts are non-negative integers.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse

from ..errors import InputError
from ..inputs import decode_text

REQUIRED = ("post_url", "likes", "comments", "shares", "impressions")
OPTIONAL = ("date",)


@dataclass(frozen=True)
class EngagementRow:
    post_url: str
    likes: int
    comments: int
    shares: int
    impressions: int
    day: date | None = None


def normalise_post_url(url: str, where: str) -> str:
    """One spelling per post: scheme and host lower-cased, no fragment, no ``utm_*`` tracking
    parameters, no trailing slash; what is left of the query is kept (some platforms need it)."""
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        raise InputError(f"{where}: post_url {url!r} is not an http(s) URL")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parsed.query, keep_blank_values=True)
                             if not k.lower().startswith("utm_")))
    path = parsed.path.rstrip("/") or "/"
    return urlunparse((parsed.scheme.lower(), parsed.netloc.lower(), path, "", query, ""))


def _row(values: dict[str, object], where: str, columns: dict[str, int]) -> EngagementRow:
    def place(key: str) -> str:
        return f"{where}:{columns[key]}" if key in columns else where

    url = normalise_post_url(str(values.get("post_url") or ""), place("post_url"))
    counts = {}
    for key in REQUIRED[1:]:
        raw = values.get(key)
        try:
            number = int(str(raw).strip().replace(" ", "").replace(",", "")) if not isinstance(raw, bool) else -1
        except ValueError:
            number = -1
        if number < 0:
            raise InputError(f"{place(key)}: {key} must be a whole number of 0 or more, not {raw!r}")
        counts[key] = number
    day = None
    if values.get("date") not in (None, ""):
        try:
            day = date.fromisoformat(str(values["date"])[:10])
        except ValueError:
            raise InputError(f"{place('date')}: date {values['date']!r} is not a date like 2026-11-23") from None
    return EngagementRow(url, counts["likes"], counts["comments"], counts["shares"], counts["impressions"], day)


def parse_csv(text: str, source: str) -> list[EngagementRow]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{source}: the file is empty") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"{source}:1: missing column(s) {', '.join(missing)}; expected {', '.join(REQUIRED)}")
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if unknown:
        column = header.index(unknown[0]) + 1
        raise InputError(f"{source}:1:{column}: unknown column {unknown[0]!r}; expected {', '.join(REQUIRED + OPTIONAL)}")
    columns = {name: index + 1 for index, name in enumerate(header)}
    rows = []
    for line_number, record in enumerate(reader, 2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise InputError(f"{source}:{line_number}: {len(record)} values but {len(header)} columns")
        rows.append(_row(dict(zip(header, record)), f"{source}:{line_number}", columns))
    return rows


def parse_json(text: str, source: str) -> list[EngagementRow]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{source}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
        located = [(record, f"{source}: item {index}") for index, record in enumerate(records, 1)]
    else:  # JSON Lines
        located = []
        for line_number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    located.append((json.loads(line), f"{source}:{line_number}"))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{source}:{line_number}:{exc.colno}: not valid JSON: {exc.msg}") from None
    rows = []
    for record, where in located:
        if not isinstance(record, dict):
            raise InputError(f"{where}: expected an object with {', '.join(REQUIRED)}")
        unknown = [k for k in record if k not in REQUIRED + OPTIONAL]
        missing = [k for k in REQUIRED if k not in record]
        if unknown or missing:
            problem = f"unknown key {unknown[0]!r}" if unknown else f"missing {', '.join(missing)}"
            raise InputError(f"{where}: {problem}; expected {', '.join(REQUIRED)}")
        rows.append(_row(record, where, {}))
    return rows


def parse_export(data: bytes, source: str) -> list[EngagementRow]:
    """Rows of a CSV, JSON array or JSON Lines export; the first bad value stops it, with its place."""
    text = decode_text(data, source)
    if not text.strip():
        raise InputError(f"{source}: the file is empty")
    first = text.lstrip()[:1]
    return parse_json(text, source) if first in "[{" else parse_csv(text, source)
