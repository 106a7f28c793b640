"""``POST /api/v1/checks``: the stateless check, the same JSON as ``postguard check --format json``."""
from __future__ import annotations

from fastapi import APIRouter, Response

from ...context import CheckContext
from ...engine import check
from ...store import policies
from ...store.people import require
from ..deps import ActorDep, ReadSession
from ..schemas import CheckRequest

router = APIRouter(tags=["checks"])


@router.post("/checks", summary="Check a draft under the active policy (nothing is stored)",
             response_description="Report.to_dict(); the policy version number is in the X-Policy-Version header")
def run_check(body: CheckRequest, actor: ActorDep, session: ReadSession, response: Response) -> dict:
    require(actor, "check.run")
    number, policy = policies.active_policy(session)
    session.close()  # the check needs no connection; give it back to the pool
    context = CheckContext(account=body.account, role=actor.role, channel=body.channel, language=body.language,
                           at=body.planned_at, kind=body.kind)
    report = check(body.text, policy, context)
    response.headers["X-Policy-Version"] = str(number)
    return report.to_dict()
