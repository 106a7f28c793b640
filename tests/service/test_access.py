"""Every endpoint, every role: who may call it and who may not. A new endpoint without a row fails here.

The rows live in ``tests/service/access/<area>.py`` (see ``access/service.py``): add a file for
your area rather than editing another's. An area whose endpoints are tested per role in a file of
their own lists them in ``ELSEWHERE`` (with that file) instead of repeating its matrix here. The routes are enumerated from the app itself (every
route, including those hidden from the OpenAPI document, and every mounted application).
"""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

from service_helpers import ROLES, Access, Elsewhere, Person, Public, assert_error

AREAS = sorted(path for path in (Path(__file__).parent / "access").glob("*.py") if not path.name.startswith("_"))


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"postguard_access_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MODULES = [_load(path) for path in AREAS]
ROWS: list[Access] = [row for module in MODULES for row in getattr(module, "ROWS", [])]
PUBLIC: list[Public] = [row for module in MODULES for row in getattr(module, "PUBLIC", [])]
ELSEWHERE: list[Elsewhere] = [row for module in MODULES for row in getattr(module, "ELSEWHERE", [])]
PROJECT = Path(__file__).resolve().parents[2]
RESOURCES: dict[str, Callable[[Any], Any]] = {}
for _module in MODULES:
    for _name, _make in getattr(_module, "RESOURCES", {}).items():
        assert _name not in RESOURCES, f"two areas make {{{_name}}}: name it after your area"
        RESOURCES[_name] = _make


def served_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every route the app answers; a mounted application is ("MOUNT", path)."""
    found: set[tuple[str, str]] = set()

    def walk(routes) -> None:  # noqa: ANN001
        for route in routes:
            if isinstance(route, Mount):
                found.add(("MOUNT", route.path))
            elif isinstance(route, (APIRoute, Route)) or hasattr(route, "methods") and hasattr(route, "path"):
                found.update((m, route.path) for m in (route.methods or ()) if m != "HEAD")
            elif hasattr(route, "effective_route_contexts"):  # FastAPI's included routers
                walk(route.effective_route_contexts())
            else:
                raise AssertionError(f"cannot enumerate {route!r}: teach served_routes about it")

    walk(app.routes)
    return found


def _listed() -> list[tuple[str, str]]:
    return [(row.method, row.path) for rows in (ROWS, PUBLIC, ELSEWHERE) for row in rows]


def test_every_route_has_a_row(app):
    rows = _listed()
    assert len(rows) == len(set(rows)), "a route is listed twice"
    served = served_routes(app)
    assert served - set(rows) == set(), "endpoints without a who-may-call-it row in tests/service/access/"
    assert set(rows) - served == set(), "rows for endpoints the app does not serve"
    for row in ROWS:
        missing = set(re.findall(r"{(\w+)}", row.path)) - set(RESOURCES)
        assert not missing, f"{row.method} {row.path}: no RESOURCES function makes {missing}"
    assert all(row.why for row in PUBLIC)


def test_a_new_endpoint_without_a_row_is_caught(app):
    from fastapi import APIRouter

    router = APIRouter()

    @router.get("/reports/secret", summary="added by this test")
    def secret() -> dict:
        return {}

    app.include_router(router, prefix="/api/v1")
    assert served_routes(app) - set(_listed()) == {("GET", "/api/v1/reports/secret")}


def _calls(text: str, method: str, path: str) -> bool:
    """Does this source text call ``method path``: a matrix row ``("POST", "/api/…"`` or a client
    call ``.post("/api/…"`` / ``.post(f"/api/…/{x['id']}"``, on one line? Parameters match any name."""
    pattern = "".join(r"\{[^}\n]*\}" if part.startswith("{") else re.escape(part)
                      for part in re.split(r"({\w+})", path))
    return re.search(rf'(?:"{method}"|\.{method.lower()}\()[^\n]*?f?"{pattern}[?"]', text) is not None


def _source_with_helpers(path: Path) -> str:
    """A test file and the helper modules of its folder that it imports (where matrices may live)."""
    text = path.read_text(encoding="utf-8")
    helpers = [path.parent / f"{name}.py" for name in re.findall(r"^from (\w+) import", text, re.MULTILINE)]
    return "\n".join([text] + [h.read_text(encoding="utf-8") for h in helpers if h.is_file()])


@pytest.mark.parametrize("row", ELSEWHERE, ids=[f"{row.method} {row.path}" for row in ELSEWHERE])
def test_routes_tested_elsewhere_are_called_there(row):
    where = PROJECT / row.where
    assert where.is_file(), f"{row.method} {row.path}: {row.where} does not exist"
    assert where.name.startswith("test_"), f"{row.where} is not a test file"
    assert _calls(_source_with_helpers(where), row.method, row.path), \
        f"{row.where} (or a helper it imports) never calls {row.method} {row.path}"


def test_the_elsewhere_check_can_fail():
    text = 'client.post(f"/api/v1/items/{item[\'id\']}/approve", json={})\n("GET", "/api/v1/items/{pending}", None, X)'
    assert _calls(text, "POST", "/api/v1/items/{item_id}/approve")
    assert _calls(text, "GET", "/api/v1/items/{item_id}")
    assert not _calls(text, "GET", "/api/v1/items/{item_id}/approve")  # another method
    assert not _calls(text, "POST", "/api/v1/items/{item_id}")  # a longer path is not this one
    assert not _calls(text, "DELETE", "/api/v1/items/{item_id}")


@dataclass
class World:
    """What a row's resources are made in: the client, a person per role, and an owner who is none of them."""

    client: Any
    staff: dict[str, Person]
    make_person: Callable[..., Person]
    made: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def owner(self) -> Person:
        return self.make_person("employee")

    def url(self, path: str) -> str:
        names = re.findall(r"{(\w+)}", path)
        for name in names:
            if name not in self.made:
                self.made[name] = RESOURCES[name](self)
        return path.format(**{name: self.made[name] for name in names})


@pytest.mark.parametrize("row", ROWS, ids=[f"{row.method} {row.path}" for row in ROWS])
def test_who_may_and_who_may_not(client, staff, make_person, row):
    world = World(client, staff, make_person)
    for role in ROLES:
        if row.fresh:  # the first allowed call changes the state the next one would need
            world = World(client, staff, make_person)
        response = client.request(row.method, world.url(row.path), json=row.payload(), headers=staff[role].headers)
        if role in row.roles:
            assert response.status_code not in (401, 403), f"{role} should be allowed: {response.text}"
            assert response.status_code < 400, f"{role}: {response.text}"
        else:
            assert_error(response, 403, "forbidden")
    anonymous = client.request(row.method, re.sub(r"{\w+}", "1", row.path), json=row.payload())
    assert_error(anonymous, 401, "unauthenticated")


@pytest.mark.parametrize("row", [row for row in PUBLIC if row.method != "MOUNT"],
                         ids=[f"{row.method} {row.path}" for row in PUBLIC if row.method != "MOUNT"])
def test_public_routes_answer_without_an_account(client, row):
    response = client.request(row.method, row.path, json={"username": "nobody", "password": "wrong password"}
                              if row.path.endswith("/login") else None, follow_redirects=False)
    assert response.status_code != 403 and (response.status_code != 401 or row.path.endswith("/login")), response.text
