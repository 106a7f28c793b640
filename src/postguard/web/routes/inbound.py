"""``POST /api/v1/inbound``: the webhook platform integrations and automation tools call.

Token-authenticated, idempotent (platform + external id), and fast: the messages are
validated, stored by the group-committing acceptor and answered with 202; triage runs in
the background worker. A batch with any malformed message is refused whole (422, every
problem listed with its position) and nothing of it is stored.
"""
from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from ...inbound.message import InboundMessage
from ...store.people import require
from ..deps import ActorDep
from ..errors import error_response
from ..inbox_schemas import InboundAccepted

router = APIRouter(tags=["inbox"])

#: More messages than this in one request are refused (split the batch).
MAX_BATCH = 10_000
MAX_PROBLEMS = 50


def _records(body: Any) -> list[Any] | str:
    if isinstance(body, dict) and set(body) == {"messages"}:
        body = body["messages"]
    if isinstance(body, dict):
        return [body]
    if isinstance(body, list):
        return body
    return "expected one message object, a list of them, or {\"messages\": [...]}"


def _validate(records: list[Any]) -> tuple[list[InboundMessage], list[dict]]:
    messages, problems = [], []
    for index, record in enumerate(records):
        where = f"messages[{index}]"
        if not isinstance(record, dict):
            problems.append({"location": where, "message": f"expected an object, found {type(record).__name__}",
                             "type": "type_error"})
            continue
        try:
            messages.append(InboundMessage.model_validate(record))
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(p) for p in error["loc"])
                problems.append({"location": f"{where}.{field}" if field else where, "message": error["msg"],
                                 "type": error["type"]})
        if len(problems) >= MAX_PROBLEMS:
            break
    return messages, problems


@router.post("/inbound", status_code=202, response_model=InboundAccepted,
             summary="Deliver customer messages (one, a list, or {messages: [...]}); triaged in the background",
             responses={202: {"description": "Stored (re-deliveries are reported as duplicates, never stored twice)"}})
async def inbound(request: Request, actor: ActorDep):
    require(actor, "inbox.accept")
    raw = await request.body()
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return error_response(422, "invalid_input", f"the body is not JSON: {exc}")
    records = _records(body)
    if isinstance(records, str):
        return error_response(422, "invalid_input", records)
    if not records:
        return error_response(422, "invalid_input", "no messages in the request")
    if len(records) > MAX_BATCH:
        return error_response(413, "too_many_messages", f"{len(records)} messages; send at most {MAX_BATCH} per request")
    messages, problems = _validate(records)
    if problems:
        first = problems[0]
        return error_response(422, "invalid_message",
                              f"{first['location']}: {first['message']} ({len(problems)} problem(s); nothing was stored)",
                              problems)
    stored = await request.app.state.inbox.acceptor.submit(messages, actor=actor.label, source="webhook")
    new = sum(not s.duplicate for s in stored)
    return JSONResponse({"accepted": new, "duplicates": len(stored) - new,
                         "messages": [s.__dict__ for s in stored]}, status_code=202)
