"""One JSON error shape for every error, and an OpenAPI document that describes every endpoint."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service_helpers import assert_error


@pytest.mark.parametrize("method,path,status,code", [
    ("GET", "/api/v1/nothing-here", 404, "not_found"),
    ("GET", "/no-such-page", 404, "not_found"),
    ("DELETE", "/api/v1/checks", 405, "method_not_allowed"),
    ("PUT", "/api/v1/me", 405, "method_not_allowed"),
    ("GET", "/api/v1/drafts/not-a-number", 422, "validation_error"),
    ("GET", "/api/v1/drafts/424242", 404, "not_found"),
    ("POST", "/api/v1/checks", 422, "validation_error"),
    ("GET", "/api/v1/audit?since=last-week", 422, "validation_error"),
    ("GET", "/api/v1/audit?limit=-1", 422, "validation_error"),
    ("GET", "/api/v1/drafts?limit=0", 422, "validation_error"),
    ("GET", "/api/v1/drafts/queue?offset=-5", 422, "validation_error"),
])
def test_errors_share_one_shape(client, staff, method, path, status, code):
    assert_error(client.request(method, path, headers=staff["admin"].headers), status, code)


def test_unexpected_errors_are_500_in_the_same_shape(app, staff, monkeypatch):
    from postguard.web.routes import checks

    def explode(*_args, **_kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(checks, "check", explode)
    with TestClient(app, raise_server_exceptions=False) as client:
        error = assert_error(client.post("/api/v1/checks", json={"text": "hi"}, headers=staff["admin"].headers),
                             500, "internal_error")
    assert "boom" not in error["message"]


def test_validation_details_name_the_field(client, staff):
    error = assert_error(client.post("/api/v1/drafts", json={"text": "", "account": "secret"},
                                     headers=staff["employee"].headers), 422, "validation_error")
    assert {d["location"] for d in error["details"]} == {"body.text", "body.account"}


def test_openapi_describes_every_operation(client):
    document = client.get("/openapi.json").json()
    assert document["info"]["title"] == "postguard"
    operations = [(path, method, op) for path, ops in document["paths"].items() for method, op in ops.items()]
    assert len(operations) >= 30
    for path, method, op in operations:
        assert op.get("summary"), f"{method} {path} has no summary"
        assert op.get("tags"), f"{method} {path} has no tag"
        codes = set(op["responses"])
        assert any(c.startswith("2") for c in codes), f"{method} {path} documents no success"
        for code, response in op["responses"].items():
            # Every answer with a body says what the body is (a response model or a schema).
            if code.startswith("2") and code != "204":
                schemas = [c.get("schema") for c in (response.get("content") or {}).values()]
                assert schemas and all(schemas), f"{method} {path} {code} has no response schema"
        assert "500" in codes, f"{method} {path} does not document the unexpected error"
        if path != "/api/v1/auth/login":
            assert {"401", "403", "422"} <= codes, f"{method} {path} lacks error responses"
            schema = op["responses"]["403"]["content"]["application/json"]["schema"]
            assert schema["properties"]["error"]["required"] == ["status", "code", "message", "details"]
    assert client.get("/docs").status_code == 200
