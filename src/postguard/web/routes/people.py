"""Login and logout, the caller, people and roles, API tokens."""
from __future__ import annotations

from fastapi import APIRouter, Response, status

from ...errors import AuthenticationError, ThrottledError
from ...store import people
from ..csrf import CSRF_HEADER, csrf_token
from ..deps import SESSION_COOKIE, ActorDep, ReadSession, ServiceDep, WriteSession, client_address
from ..schemas import LoginRequest, RoleChange, TokenCreate, TokenCreated, TokenPublic, UserCreate, UserPublic
from fastapi import Request

router = APIRouter(tags=["people"])


@router.post("/auth/login", response_model=UserPublic,
             summary="Log in; sets the session cookie and answers its CSRF token in X-CSRF-Token")
def login(body: LoginRequest, request: Request, response: Response, service: ServiceDep):
    settings, address = service.settings, client_address(request)
    with service.db.reader() as session:
        throttle = people.login_throttle(session, username=body.username, address=address,
                                         max_failures=settings.login_max_failures,
                                         window_seconds=settings.login_window_seconds)
        ok = throttle is None and people.password_matches(session, username=body.username, password=body.password,
                                                           passwords=service.passwords)
    with service.db.writer() as session:
        try:
            web, secret = people.record_login(session, username=body.username, address=address, ok=ok,
                                              throttle=throttle, hours=settings.session_hours)
        except (AuthenticationError, ThrottledError):
            session.commit()  # the failed attempt and its audit event must stay
            raise
        session.commit()
        user = web.user
    response.set_cookie(SESSION_COOKIE, secret, max_age=int(settings.session_hours * 3600), httponly=True,
                        samesite="strict", secure=settings.secure_cookies, path="/")
    # Changes made with the cookie must carry this token (web/csrf.py).
    response.headers[CSRF_HEADER] = csrf_token(secret)
    return user


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT, summary="End the browser session")
def logout(request: Request, actor: ActorDep, session: WriteSession) -> Response:
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        people.logout(session, secret=secret)
        session.commit()
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", response_model=UserPublic, summary="The calling user")
def me(actor: ActorDep, session: ReadSession):
    return people.get_user(session, username=actor.username)


@router.get("/users", response_model=list[UserPublic], summary="People and their roles")
def list_users(actor: ActorDep, session: ReadSession):
    people.require(actor, "user.list")
    return people.list_users(session)


@router.post("/users", response_model=UserPublic, status_code=201, summary="Create an account")
def create_user(body: UserCreate, actor: ActorDep, service: ServiceDep, session: WriteSession):
    user = people.create_user(session, actor=actor, username=body.username, role=body.role, password=body.password,
                              passwords=service.passwords, display_name=body.display_name, email=body.email,
                              language=body.language)
    session.commit()
    return user


@router.put("/users/{username}/role", response_model=UserPublic, summary="Change someone's role (never one's own)")
def set_role(username: str, body: RoleChange, actor: ActorDep, session: WriteSession, service: ServiceDep):
    user = people.set_role(session, actor=actor, username=username, role=body.role)
    session.commit()
    service.credentials_changed()
    return user


@router.post("/users/{username}/deactivate", response_model=UserPublic, summary="Deactivate an account")
def deactivate(username: str, actor: ActorDep, session: WriteSession, service: ServiceDep):
    user = people.deactivate(session, actor=actor, username=username)
    session.commit()
    service.credentials_changed()
    return user


@router.get("/tokens", response_model=list[TokenPublic], summary="API tokens (one's own; admins: anyone's)")
def list_tokens(actor: ActorDep, session: ReadSession, username: str | None = None):
    return people.list_tokens(session, actor=actor, username=username)


@router.post("/tokens", response_model=TokenCreated, status_code=201,
             summary="Create an API token; the secret is shown only in this answer")
def create_token(body: TokenCreate, actor: ActorDep, session: WriteSession):
    token, secret = people.create_token(session, actor=actor, name=body.name, expires_at=body.expires_at)
    session.commit()
    return TokenCreated(**TokenPublic.model_validate(token).model_dump(), secret=secret)


@router.delete("/tokens/{token_id}", response_model=TokenPublic, summary="Revoke an API token")
def revoke_token(token_id: int, actor: ActorDep, session: WriteSession, service: ServiceDep):
    token = people.revoke_token(session, actor=actor, token_id=token_id)
    session.commit()
    service.credentials_changed()
    return token
