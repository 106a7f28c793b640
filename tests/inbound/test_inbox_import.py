"""Importing messages: JSONL and CSV, with errors that point at the line and column."""
from __future__ import annotations

import json
from datetime import timezone

import pytest
from pydantic import ValidationError

from postguard.connectors.csv_import import read_csv
from postguard.connectors.jsonl import read_jsonl
from postguard.connectors.records import MAX_LINE_BYTES, MessageImportError, unique
from postguard.errors import InputError
from postguard.inbound.message import Arrival, InboundMessage

GOOD = {"platform": "Facebook", "external_id": "fb-1", "author_handle": "kari", "author_name": "Kari",
        "text": "Takk for hjelpen!", "received_at": "2026-11-23T08:12:00+01:00", "arrived_at": "official"}


def write_jsonl(tmp_path, rows, name="in.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")
    return path


def test_jsonl_reads_messages_in_utc(tmp_path):
    path = write_jsonl(tmp_path, [GOOD, {**GOOD, "external_id": "fb-2", "arrived_at": "personal:lars.eriksen",
                                         "author_account_age_days": 12}])
    first, second = read_jsonl(path)
    assert first.platform == "facebook" and first.dedupe_key == "facebook:fb-1"
    assert first.received_at.tzinfo == timezone.utc and first.received_at.hour == 7
    assert second.arrived_at == Arrival(account="personal", employee="lars.eriksen")
    assert second.on_personal_profile and second.author_account_age_days == 12


def test_redelivery_is_one_message(tmp_path):
    path = write_jsonl(tmp_path, [GOOD, {**GOOD, "text": "Takk for hjelpen igjen!"}, {**GOOD, "external_id": "fb-9"}])
    first, again = unique(read_jsonl(path))
    assert [m.external_id for m in first] == ["fb-1", "fb-9"]
    assert [m.dedupe_key for m in again] == ["facebook:fb-1"]


def test_jsonl_errors_name_line_column_and_field(tmp_path):
    bad_time = {**GOOD, "external_id": "fb-2", "received_at": "2026-11-23T08:12:00"}
    path = write_jsonl(tmp_path, [GOOD, bad_time, '{"platform": "x", oops}', {**GOOD, "colour": "red"}])
    with pytest.raises(MessageImportError) as caught:
        read_jsonl(path)
    text = str(caught.value)
    column = json.dumps(bad_time).find('"received_at"') + 1
    assert f"in.jsonl:2:{column}: received_at: " in text
    assert "no time zone" in text
    assert "in.jsonl:3:" in text and "not valid JSON" in text
    assert "in.jsonl:4:" in text and "colour: unknown field" in text
    assert "nothing was imported" in text


def test_missing_fields_are_listed(tmp_path):
    path = write_jsonl(tmp_path, [{"platform": "x", "external_id": "1"}])
    with pytest.raises(MessageImportError) as caught:
        read_jsonl(path)
    fields = {p.path for p in caught.value.problems}
    assert {"author_handle", "text", "received_at", "arrived_at"} <= fields


def test_personal_without_employee_is_refused(tmp_path):
    path = write_jsonl(tmp_path, [{**GOOD, "arrived_at": "personal:"}])
    with pytest.raises(MessageImportError, match="must name the employee"):
        read_jsonl(path)


def test_invalid_utf8_names_line_and_byte(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + '{"text": "bl\u00e5"}'.encode("latin-1") + b"\n")
    with pytest.raises(MessageImportError) as caught:
        read_jsonl(path)
    (problem,) = caught.value.problems
    assert problem.line == 2 and problem.column == 13
    assert "not valid UTF-8" in problem.message


def test_empty_file(tmp_path):
    for content in (b"", b"\n\n  \n"):
        path = tmp_path / "empty.jsonl"
        path.write_bytes(content)
        with pytest.raises(InputError, match="empty"):
            read_jsonl(path)


def test_five_megabyte_line_is_refused_without_reading_it_whole(tmp_path):
    path = tmp_path / "huge.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + b'{"text": "' + b"a" * 5_000_000 + b'"}\n'
                     + json.dumps(GOOD).encode() + b"\n")
    with pytest.raises(MessageImportError) as caught:
        read_jsonl(path)
    (problem,) = caught.value.problems
    assert problem.line == 2
    assert f"limit is {MAX_LINE_BYTES:,}" in problem.message and "5,000,012 bytes" in problem.message


def test_not_a_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_jsonl(tmp_path / "missing.jsonl")
    with pytest.raises(InputError, match="is a directory"):
        read_csv(tmp_path)


def test_csv_reads_messages_with_multiline_text(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "platform,external_id,author_handle,author_name,author_account_age_days,text,received_at,arrived_at\n"
        'x,x-1,ola,Ola,,"Hei,\nkan dere hjelpe?",2026-11-23T08:00:00Z,official\n'
        "x,x-2,kari,Kari,400,Takk!,2026-11-23T09:00:00+01:00,personal:lars\n", encoding="utf-8")
    first, second = read_csv(path)
    assert first.text == "Hei,\nkan dere hjelpe?" and first.author_account_age_days is None
    assert second.author_account_age_days == 400 and second.arrived_at.employee == "lars"


def test_csv_errors_give_line_and_column(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "platform,external_id,author_handle,text,received_at,arrived_at,author_account_age_days\n"
        'x,x-1,ola,"Line one\nline two",2026-11-23T08:00:00Z,official,\n'
        "x,x-2,kari,Hei,yesterday,official,\n"
        "x,x-3,kari,Hei,2026-11-23T08:00:00Z,official,many\n", encoding="utf-8")
    with pytest.raises(MessageImportError) as caught:
        read_csv(path)
    where = {(p.line, p.column, p.path) for p in caught.value.problems}
    assert (4, 5, "received_at") in where   # the record after the two-line one starts on line 4
    assert (5, 7, "author_account_age_days") in where


def test_csv_unknown_and_missing_columns(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("platform,external_id,txt\nx,1,hei\n", encoding="utf-8")
    with pytest.raises(MessageImportError) as caught:
        read_csv(path)
    text = str(caught.value)
    assert "in.csv:1:3: txt: unknown column" in text
    assert "text: required column is missing" in text


def test_csv_header_only(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("platform,external_id,author_handle,text,received_at,arrived_at\n", encoding="utf-8")
    with pytest.raises(InputError, match="no messages"):
        read_csv(path)


def test_model_is_strict():
    with pytest.raises(ValidationError):
        InboundMessage.model_validate({**GOOD, "text": "   "})
    with pytest.raises(ValidationError):
        InboundMessage.model_validate({**GOOD, "author_account_age_days": -1})
    with pytest.raises(ValidationError):
        InboundMessage.model_validate({**GOOD, "arrived_at": "somewhere"})
    message = InboundMessage.model_validate({**GOOD, "language": "nb-NO"})
    assert message.language == "no"
    assert InboundMessage.model_validate({**GOOD, "language": "de"}).language is None
