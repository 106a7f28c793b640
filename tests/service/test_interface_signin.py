"""Signing in and out of the interface, CSRF on its forms, and what each role sees."""
from __future__ import annotations

import re

import pytest

from interface_helpers import alerts, csrf_meta, flashes, form_token, navigation, sign_in, signed_in
from service_helpers import assert_error


def test_a_visitor_is_sent_to_sign_in_and_back(client, make_person):
    make_person("reviewer", "rita")
    answer = client.get("/ui/review?x=1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("/ui/signin?next=%2Fui%2Freview%3Fx%3D1")
    page = client.get(answer.headers["location"])
    assert 'name="next" value="/ui/review?x=1"' in page.text
    signed = sign_in(client, "rita", next_path="/ui/review?x=1")
    assert signed.status_code == 303 and signed.headers["location"] == "/ui/review?x=1"
    cookie = signed.headers["set-cookie"].lower()
    assert "postguard_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert "Review queue" in client.get("/ui/review").text


def test_sign_in_never_redirects_away(client, make_person):
    make_person("employee", "emil")
    assert sign_in(client, "emil", next_path="https://evil.example/").headers["location"].endswith("/ui/")


def test_wrong_password_is_said_in_the_readers_language(client, make_person):
    make_person("employee", "emil")
    answer = sign_in(client, "emil", password="not the password", language="pl")
    assert answer.status_code == 401
    assert alerts(answer.text) == ["Błędna nazwa użytkownika lub hasło albo konto jest nieaktywne."]
    assert "postguard_session" not in answer.headers.get("set-cookie", "")


def test_the_login_rate_limit_is_explained_with_the_wait(client, make_person, settings):
    make_person("employee", "emil")
    for _ in range(settings.login_max_failures):
        assert sign_in(client, "emil", password="not the password").status_code == 401
    answer = sign_in(client, "emil", language="sv")  # even the right password waits now
    assert answer.status_code == 429 and int(answer.headers["retry-after"]) > 0
    minutes = -(-int(answer.headers["retry-after"]) // 60)
    assert alerts(answer.text) == [
        f"För många misslyckade inloggningar. För din säkerhet är inloggningen pausad: försök igen om {minutes} "
        + ("minut." if minutes == 1 else "minuter.")]


def test_the_sign_in_form_needs_its_own_token(client, make_person):
    make_person("employee", "emil")
    client.get("/ui/signin")
    answer = client.post("/ui/signin", data={"csrf_token": "forged", "username": "emil", "password": "x" * 12})
    assert answer.status_code == 403 and "postguard_session" not in answer.headers.get("set-cookie", "")


def test_sign_out_ends_the_session(client, make_person, db):
    make_person("employee", "emil")
    signed_in(client, "emil")
    page = client.get("/ui/compose").text
    stolen = client.cookies.get("postguard_session")
    answer = client.post("/ui/signout", data={"csrf_token": form_token(page)}, follow_redirects=True)
    assert flashes(answer.text) == ["You are signed out."]
    client.cookies.set("postguard_session", stolen)
    assert client.get("/ui/drafts", follow_redirects=False).status_code == 303  # the old cookie is dead


def test_forms_without_the_session_token_change_nothing(client, make_person):
    make_person("communications_lead", "lena")
    victim = make_person("employee", "emil")
    signed_in(client, "lena")
    answer = client.post(f"/ui/people/{victim.username}/deactivate", data={"csrf_token": "guess"})
    assert answer.status_code == 403 and "Nothing was changed" in answer.text
    assert client.get("/api/v1/me", headers=victim.headers).status_code == 200


def test_scripts_send_the_token_from_the_page(client, make_person):
    make_person("employee", "emil")
    signed_in(client, "emil")
    token = csrf_meta(client.get("/ui/compose").text)
    body = {"text": "Lovely day at the office", "language": "en"}
    assert_error(client.post("/api/v1/drafts", json=body), 403, "forbidden")
    assert client.post("/api/v1/drafts", json=body, headers={"X-CSRF-Token": token}).status_code == 201


@pytest.mark.parametrize(("role", "pages"), [
    ("candidate", ["compose", "policy", "training"]),
    ("employee", ["compose", "drafts", "share", "policy", "training"]),
    ("spokesperson", ["compose", "drafts", "share", "inbox", "policy", "training"]),
    ("reviewer", ["compose", "drafts", "share", "review", "incidents", "policy", "training", "dashboard"]),
    ("admin", ["compose", "drafts", "share", "review", "inbox", "incidents", "policy", "training", "people", "audit",
               "dashboard"]),
])
def test_the_navigation_shows_what_the_role_may_use(client, make_person, role, pages):
    person = make_person(role)
    signed_in(client, person.username)
    html = client.get("/ui/compose").text
    assert navigation(html) == pages
    assert person.username in html or "Sign out" in html


def test_a_visitor_sees_compose_and_policy_and_a_sign_in_link(client):
    html = client.get("/ui/compose").text
    assert navigation(html) == ["compose", "policy"]
    assert '/ui/signin?next=/ui/compose">' in html
    assert re.search(r'id="submit-draft"\s+disabled', html) and "Sign in to submit drafts." in html


def test_a_page_the_role_may_not_open_says_so(client, make_person):
    signed_in(client, make_person("employee").username)
    answer = client.get("/ui/audit", headers={"Accept-Language": "nl"})
    assert answer.status_code == 403 and "Niet voor jouw rol" in answer.text
