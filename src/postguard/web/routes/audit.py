"""The audit log: read with filters, export as JSONL or CSV, verify the hash chain."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Iterator, Literal, Optional

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from ...store import audit
from ...store.people import require
from ..deps import ActorDep, ReadSession, ServiceDep
from ..schemas import AuditRow, AuditVerification

router = APIRouter(prefix="/audit", tags=["audit"])


def _filter(actor: Optional[str], action: Optional[str], resource: Optional[str],
            since: Optional[datetime], until: Optional[datetime]) -> audit.AuditFilter:
    from datetime import timezone

    fix = (lambda d: d if d is None or d.tzinfo else d.replace(tzinfo=timezone.utc))
    return audit.AuditFilter(actor=actor, action=action, resource=resource, since=fix(since), until=fix(until))


@router.get("", response_model=list[AuditRow],
            summary="Audit events with filters, oldest first (order=desc: newest first); after/before page by sequence number")
def list_events(caller: ActorDep, session: ReadSession, actor: Optional[str] = None, action: Optional[str] = None,
                resource: Optional[str] = None, since: Optional[datetime] = None, until: Optional[datetime] = None,
                limit: Annotated[int, Query(ge=1, le=5000)] = 200, order: Literal["asc", "desc"] = "asc",
                after: Annotated[Optional[int], Query(ge=0, description="Only events with a higher sequence number")] = None,
                before: Annotated[Optional[int], Query(ge=1, description="Only events with a lower sequence number")] = None):
    require(caller, "audit.read")
    return list(audit.events(session, _filter(actor, action, resource, since, until), limit=limit,
                             newest_first=order == "desc", after=after, before=before))


@router.get("/export", summary="Export matching events as JSONL or CSV (streamed)", response_class=StreamingResponse,
            responses={200: {"description": "JSONL: one audit event per line, as in GET /audit; CSV: a header row "
                                            f"({', '.join(audit.EXPORT_COLUMNS)}) and one row per event",
                             "content": {"application/x-ndjson": {"schema": {"$ref": "#/components/schemas/AuditRow"}},
                                         "text/csv": {"schema": {"type": "string"}}}}})
def export(caller: ActorDep, service: ServiceDep, format: Literal["jsonl", "csv"] = "jsonl",
           actor: Optional[str] = None, action: Optional[str] = None, resource: Optional[str] = None,
           since: Optional[datetime] = None, until: Optional[datetime] = None) -> StreamingResponse:
    require(caller, "audit.read")
    flt = _filter(actor, action, resource, since, until)

    def stream() -> Iterator[str]:
        with service.db.reader() as session:
            rows = audit.events(session, flt)
            yield from (audit.to_jsonl(rows) if format == "jsonl" else audit.to_csv(rows))

    media = "application/x-ndjson" if format == "jsonl" else "text/csv"
    return StreamingResponse(stream(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="postguard-audit.{format}"'})


@router.get("/verify", response_model=AuditVerification, summary="Check the hash chain; names the first broken link")
def verify(caller: ActorDep, session: ReadSession):
    require(caller, "audit.read")
    return audit.verify(session).to_dict()
