"""Login, sessions, throttling, API tokens, roles: who may do what to whose account."""
from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from postguard.store.models import ApiToken
from service_helpers import PASSWORD, assert_error


def test_login_sets_a_session_cookie_and_logout_ends_it(client, make_person, db):
    alice = make_person("employee", "alice")
    response = client.post("/api/v1/auth/login", json={"username": "alice", "password": PASSWORD})
    assert response.status_code == 200 and response.json()["username"] == "alice"
    cookie = response.cookies.get("postguard_session")
    assert cookie and "httponly" in response.headers["set-cookie"].lower()
    assert client.get("/api/v1/me").json()["role"] == "employee"
    # A change made with the cookie needs the session's CSRF token, which the login answered.
    assert_error(client.post("/api/v1/auth/logout"), 403, "forbidden")
    csrf = response.headers["x-csrf-token"]
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    client.cookies.set("postguard_session", cookie)  # a stolen copy of the old cookie
    assert_error(client.get("/api/v1/me"), 401, "unauthenticated")
    with db.reader() as session:
        actions = session.execute(text("SELECT action FROM audit_events WHERE resource = 'user:alice' ORDER BY id")).scalars().all()
    assert actions == ["user.create", "auth.login", "auth.logout"]
    assert alice.id


def test_wrong_password_and_unknown_user_look_the_same(client, make_person):
    make_person("employee", "bob")
    wrong = client.post("/api/v1/auth/login", json={"username": "bob", "password": "nope nope nope"})
    unknown = client.post("/api/v1/auth/login", json={"username": "nobody", "password": "nope nope nope"})
    assert assert_error(wrong, 401)["message"] == assert_error(unknown, 401)["message"]


def _login(app, username: str, password: str, address: str):
    with TestClient(app, raise_server_exceptions=False, client=(address, 4000)) as c:
        return c.post("/api/v1/auth/login", json={"username": username, "password": password})


def test_five_failures_per_account_throttle_it_from_any_address(app, make_person, db):
    make_person("employee", "carol")
    for i in range(5):
        assert _login(app, "carol", "wrong password!", f"10.0.0.{i}").status_code == 401
    throttled = _login(app, "carol", PASSWORD, "10.9.9.9")  # even the right password, from elsewhere
    error = assert_error(throttled, 429, "too_many_requests")
    assert 1 <= int(throttled.headers["Retry-After"]) <= 300 and "account" in error["message"]
    assert _login(app, "dave-not-throttled", "whatever pass", "10.9.9.9").status_code == 401
    with db.reader() as session:
        logged = session.execute(text("SELECT payload FROM audit_events WHERE action = 'auth.throttled'")).scalars().all()
    assert len(logged) == 1 and '"limit":"account"' in logged[0]


def test_five_failures_per_address_throttle_the_address(app, make_person):
    make_person("employee", "erin")
    for i in range(5):
        assert _login(app, f"guess{i}", "wrong password!", "10.1.1.1").status_code == 401
    assert_error(_login(app, "erin", PASSWORD, "10.1.1.1"), 429)
    assert _login(app, "erin", PASSWORD, "10.2.2.2").status_code == 200


def test_tokens_created_listed_revoked_and_only_hashed(client, staff, db):
    employee = staff["employee"]
    created = client.post("/api/v1/tokens", json={"name": "scheduler"}, headers=employee.headers)
    assert created.status_code == 201
    secret = created.json()["secret"]
    with db.reader() as session:
        stored = session.scalars(select(ApiToken.token_hash)).all()
        dump = " ".join(session.execute(text("SELECT token_hash || prefix FROM api_tokens")).scalars())
    assert secret not in dump and len(stored) == 7 and all(len(h) == 64 for h in stored)
    new = {"Authorization": f"Bearer {secret}"}
    listed = client.get("/api/v1/tokens", headers=new).json()
    assert {t["name"] for t in listed} == {"tests", "scheduler"} and all("secret" not in t for t in listed)
    token_id = created.json()["id"]
    assert client.delete(f"/api/v1/tokens/{token_id}", headers=staff["reviewer"].headers).status_code == 403
    assert client.delete(f"/api/v1/tokens/{token_id}", headers=new).status_code == 200
    assert_error(client.get("/api/v1/me", headers=new), 401)
    assert client.get("/api/v1/tokens", params={"username": employee.username},
                      headers=staff["admin"].headers).status_code == 200
    assert client.get("/api/v1/tokens", params={"username": employee.username},
                      headers=staff["reviewer"].headers).status_code == 403


def test_nobody_changes_their_own_role(client, staff):
    admin = staff["admin"]
    assert_error(client.put(f"/api/v1/users/{admin.username}/role", json={"role": "employee"}, headers=admin.headers),
                 403, "forbidden")


def test_roles_cannot_grant_what_they_do_not_have(client, staff):
    lead, employee = staff["communications_lead"], staff["employee"]
    assert_error(client.put(f"/api/v1/users/{employee.username}/role", json={"role": "admin"}, headers=lead.headers), 403)
    assert_error(client.put(f"/api/v1/users/{staff['admin'].username}/role", json={"role": "employee"},
                            headers=lead.headers), 403)
    ok = client.put(f"/api/v1/users/{employee.username}/role", json={"role": "reviewer"}, headers=lead.headers)
    assert ok.status_code == 200 and ok.json()["role"] == "reviewer"
    assert client.get("/api/v1/drafts/queue", headers=employee.headers).status_code == 200  # the new role works at once
    assert_error(client.post("/api/v1/users", json={"username": "boss", "role": "admin", "password": PASSWORD},
                             headers=lead.headers), 403)
    assert client.post("/api/v1/users", json={"username": "boss", "role": "admin", "password": PASSWORD},
                       headers=staff["admin"].headers).status_code == 201


def test_user_creation_validates(client, staff):
    admin = staff["admin"]
    assert_error(client.post("/api/v1/users", json={"username": "x y", "role": "employee", "password": PASSWORD},
                             headers=admin.headers), 422)
    assert_error(client.post("/api/v1/users", json={"username": "short", "role": "employee", "password": "abc"},
                             headers=admin.headers), 422)
    assert_error(client.post("/api/v1/users", json={"username": "ok-name", "role": "king", "password": PASSWORD},
                             headers=admin.headers), 422, "validation_error")
    taken = staff["employee"].username
    assert_error(client.post("/api/v1/users", json={"username": taken, "role": "employee", "password": PASSWORD},
                             headers=admin.headers), 409, "conflict")


def test_deactivation_stops_tokens_and_logins(client, staff):
    employee = staff["employee"]
    assert client.post(f"/api/v1/users/{employee.username}/deactivate", headers=staff["admin"].headers).status_code == 200
    assert_error(client.get("/api/v1/me", headers=employee.headers), 401)
    assert_error(client.post("/api/v1/auth/login", json={"username": employee.username, "password": PASSWORD}), 401)
    assert_error(client.post(f"/api/v1/users/{staff['admin'].username}/deactivate", headers=staff["admin"].headers), 403)


def test_token_expiry_is_validated_and_enforced(client, staff, db):
    employee = staff["employee"]
    assert_error(client.post("/api/v1/tokens", json={"name": "old", "expires_at": "2001-01-01T00:00:00"},
                             headers=employee.headers), 422)
    made = client.post("/api/v1/tokens", json={"name": "soon", "expires_at": "2999-01-01T00:00:00"},
                       headers=employee.headers)
    assert made.status_code == 201 and made.json()["expires_at"].startswith("2999-01-01T00:00:00")
    with db.writer() as session:
        session.execute(text("UPDATE api_tokens SET expires_at = :t WHERE name = 'soon'"),
                        {"t": "2001-01-01 00:00:00" if db.is_sqlite else "2001-01-01 00:00:00+00"})
        session.commit()
    assert_error(client.get("/api/v1/me", headers={"Authorization": f"Bearer {made.json()['secret']}"}), 401)
