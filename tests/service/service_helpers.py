"""Helpers shared by the service tests (imported by name; pytest puts this folder on the path)."""
from __future__ import annotations

from dataclasses import dataclass

PASSWORD = "correct horse battery"
ROLES = ("admin", "communications_lead", "reviewer", "spokesperson", "employee", "candidate")


@dataclass
class Person:
    id: int
    username: str
    role: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error shape, with the expected status (and code)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}, error
    assert error["status"] == status and isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    if code:
        assert error["code"] == code, error
    return error


def policy_source(**rule_settings: object) -> str:
    """The bundled policy with ``rules:``/``review:``/``moderation:`` sections replaced by these.

    The demo policy already has these sections, so they are replaced in the parsed document
    (a second ``rules:`` key would be a duplicate key, which the loader refuses).
    """
    from postguard.policy.loader import dump_yaml, parse_yaml
    from postguard.store.policies import bundled_policy_source

    document = parse_yaml(bundled_policy_source(), "demo.yaml")
    for key, value in rule_settings.items():
        document[key] = value
    return dump_yaml(document)


# --- who may call which endpoint (tests/service/test_access.py) -------------------------------

ALL = frozenset(ROLES)
STAFF = ALL - {"candidate"}
REVIEWERS = frozenset({"admin", "communications_lead", "reviewer"})
LEADS = frozenset({"admin", "communications_lead"})
#: Only the owner of the resource (an employee who is not one of the callers; tested elsewhere).
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Access:
    """One endpoint and the roles that may call it. ``path`` is the route's own template, with its
    parameters named as in the OpenAPI document ({draft_id}); each is filled by the function of
    that name in some area's ``RESOURCES``. ``fresh``: a successful call uses the resource up (a
    decision, an activation), so every role gets a new one."""

    method: str
    path: str
    roles: frozenset[str]
    body: object = None
    fresh: bool = False

    def payload(self):
        return self.body() if callable(self.body) else self.body


@dataclass(frozen=True)
class Public:
    """An endpoint anyone may call without an account, and why."""

    method: str
    path: str
    why: str


@dataclass(frozen=True)
class Elsewhere:
    """An endpoint whose who-may-call-it test is in another file (its own per-role matrix, or steps
    that need a resource of the caller's own). ``where`` is that file, relative to the project;
    test_access.py checks that it exists and calls the endpoint (parameters may be named differently)."""

    method: str
    path: str
    where: str
