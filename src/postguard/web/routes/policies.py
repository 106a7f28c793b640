"""Policy versions: upload, list, show, diff against the active one, activate."""
from __future__ import annotations

from fastapi import APIRouter

from ...store import policies
from ...store.people import require
from ..deps import ActorDep, ReadSession, ServiceDep, WriteSession
from ..schemas import PolicyDiff, PolicyUpload, PolicyVersionFull, PolicyVersionPublic

router = APIRouter(prefix="/policies", tags=["policies"])


def _public(version, active: int | None, model=PolicyVersionPublic):  # noqa: ANN001
    data = model.model_validate(version, from_attributes=True).model_dump()
    data["active"] = version.number == active
    return model(**data)


@router.get("", response_model=list[PolicyVersionPublic], summary="Every stored policy version")
def list_versions(actor: ActorDep, session: ReadSession):
    require(actor, "policy.read")
    active = policies.active_number(session)
    return [_public(v, active) for v in policies.list_versions(session)]


@router.post("", response_model=PolicyVersionPublic, status_code=201,
             summary="Upload a policy (validated like `postguard policy validate`; problems carry file positions)")
def upload(body: PolicyUpload, actor: ActorDep, session: WriteSession):
    require(actor, "policy.upload")
    version = policies.upload(session, actor=actor, source=body.source, filename=body.filename)
    session.commit()
    return _public(version, policies.active_number(session))


@router.get("/active", response_model=PolicyVersionFull, summary="The active policy version")
def show_active(actor: ActorDep, session: ReadSession):
    require(actor, "policy.read")
    version = policies.active(session)
    return _public(version, version.number, PolicyVersionFull)


@router.get("/{number}", response_model=PolicyVersionFull, summary="One policy version, with its YAML")
def show(number: int, actor: ActorDep, session: ReadSession):
    require(actor, "policy.read")
    return _public(policies.get(session, number=number), policies.active_number(session), PolicyVersionFull)


@router.get("/{number}/diff", response_model=PolicyDiff, summary="Unified diff from the active version (or `against`)")
def diff(number: int, actor: ActorDep, session: ReadSession, against: int | None = None):
    require(actor, "policy.read")
    base = against if against is not None else policies.active(session).number
    return PolicyDiff(number=number, against=base, diff=policies.diff(session, number=number, against=base))


@router.post("/{number}/activate", response_model=PolicyVersionPublic, summary="Make this version the active one")
def activate(number: int, actor: ActorDep, session: WriteSession, service: ServiceDep):
    require(actor, "policy.activate")
    version = policies.activate(session, actor=actor, number=number)
    session.commit()
    service.policy_changed()
    return _public(version, version.number)
