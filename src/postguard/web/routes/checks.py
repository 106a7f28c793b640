"""``POST /api/v1/checks``: the stateless check, the same JSON as ``postguard check --format json``."""
from __future__ import annotations

from fastapi import APIRouter, Response

from ...context import CheckContext
from ...engine import check
from ...store import policies
from ...store.people import require
from ..deps import ActorDep, ServiceDep
from ..schemas import CheckRequest

router = APIRouter(tags=["checks"])


@router.post("/checks", summary="Check a draft under the active policy (nothing is stored)",
             response_description="Report.to_dict(); the policy version number is in the X-Policy-Version header")
# async: the work is one indexed read and a CPU-bound check; a thread-pool hop would only add cost
# (the GIL serialises the check either way).
async def run_check(body: CheckRequest, actor: ActorDep, service: ServiceDep, response: Response) -> dict:
    require(actor, "check.run")
    with service.db.engine.connect() as connection:  # released before the check runs
        number, policy = policies.active_policy(connection)
    context = CheckContext(account=body.account, role=actor.role, channel=body.channel, language=body.language,
                           at=body.planned_at, kind=body.kind)
    report = check(body.text, policy, context)
    response.headers["X-Policy-Version"] = str(number)
    return report.to_dict()
