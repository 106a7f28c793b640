"""``POST /api/v1/checks``: the stateless check, the same JSON as ``postguard check --format json``."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ...context import CheckContext
from ...engine import check
from ...store.people import require
from ..deps import ActorDep, ServiceDep
from ..schemas import CheckRequest

router = APIRouter(tags=["checks"])


REPORT_SCHEMA = {"type": "object", "required": ["language", "verdict", "policy", "findings", "skipped"],
                 "properties": {"language": {"type": "string"}, "language_detected": {"type": "boolean"},
                                "unread_language": {"type": ["string", "null"]},
                                "verdict": {"enum": ["pass", "warn", "block"]}, "policy": {"type": "object"},
                                "findings": {"type": "array", "items": {"type": "object"}},
                                "skipped": {"type": "array", "items": {"type": "object"}}}}


@router.post("/checks", summary="Check a draft under the active policy (nothing is stored)", response_model=None,
             responses={200: {"description": "Report.to_dict(), as `postguard check --format json`; the policy "
                                             "version number is in the X-Policy-Version header",
                              "content": {"application/json": {"schema": REPORT_SCHEMA}}}})
# async: the work is at most one indexed read and a CPU-bound check; a thread-pool hop would only add cost
# (the GIL serialises the check either way).
async def run_check(body: CheckRequest, actor: ActorDep, service: ServiceDep) -> JSONResponse:
    require(actor, "check.run")
    number, policy = service.active_policy()
    context = CheckContext(account=body.account, role=actor.role, channel=body.channel, language=body.language,
                           at=body.planned_at, kind=body.kind)
    report = check(body.text, policy, context, models=body.models)
    # The report is already plain JSON data: answering directly skips a validation pass.
    return JSONResponse(report.to_dict(), headers={"X-Policy-Version": str(number)})
