"""Policy versions over the API, and the stateless check under the active version."""
from __future__ import annotations

import pytest

from postguard.context import CheckContext
from postguard.engine import check
from postguard.errors import PolicyError
from postguard.policy.loader import default_policy, load_policy_text
from service_helpers import assert_error, policy_source

SPAMMY = "New job! #a #b #c #d #e #f #g"


def test_bundled_policy_is_version_one_and_active(client, staff):
    versions = client.get("/api/v1/policies", headers=staff["candidate"].headers).json()
    assert [(v["number"], v["active"]) for v in versions] == [(1, True)]
    active = client.get("/api/v1/policies/active", headers=staff["employee"].headers).json()
    assert active["name"] == default_policy().name and "organisation:" in active["source"]


@pytest.mark.parametrize("source", [
    "version: 1\npolicy:\n  name: x\n  revision: '1'\norganisation: [unclosed\n",
    "version: 1\npolicy: {name: x, revision: '1'}\norganisation: {name: A, support_url: u}\nspeakers: {model: open}\n"
    "surprise: true\n",
    "- just a list\n",
])
def test_invalid_upload_returns_the_loaders_positioned_problems(client, staff, source):
    with pytest.raises(PolicyError) as expected:
        load_policy_text(source, "mine.yaml")
    response = client.post("/api/v1/policies", json={"source": source, "filename": "mine.yaml"},
                           headers=staff["communications_lead"].headers)
    error = assert_error(response, 422, "invalid_policy")
    assert error["details"] == [{"file": p.file, "line": p.line, "column": p.column, "path": p.path, "message": p.message}
                                for p in expected.value.problems]
    assert [v["number"] for v in client.get("/api/v1/policies", headers=staff["admin"].headers).json()] == [1]


def test_upload_diff_activate_and_old_versions_stay_readable(client, staff):
    lead, admin = staff["communications_lead"], staff["admin"]
    source = policy_source(limits={"max_hashtags": 2}).replace('revision: "2026.11"', 'revision: "2026.12"')
    uploaded = client.post("/api/v1/policies", json={"source": source}, headers=lead.headers)
    assert uploaded.status_code == 201 and uploaded.json() | {"sha256": ""} == uploaded.json() | {"sha256": ""}
    assert uploaded.json()["number"] == 2 and uploaded.json()["active"] is False
    diff = client.get("/api/v1/policies/2/diff", headers=staff["reviewer"].headers).json()
    assert diff["against"] == 1 and "+  max_hashtags: 2" in diff["diff"] and '-  revision: "2026.11"' in diff["diff"]
    assert_error(client.post("/api/v1/policies/2/activate", headers=lead.headers), 403)
    assert client.post("/api/v1/policies/2/activate", headers=admin.headers).status_code == 200
    assert_error(client.post("/api/v1/policies/2/activate", headers=admin.headers), 409, "conflict")
    report = client.post("/api/v1/checks", json={"text": "Hi #a #b #c", "language": "en"}, headers=lead.headers)
    assert report.headers["X-Policy-Version"] == "2" and report.json()["policy"]["version"] == "2026.12"
    assert [f["code"] for f in report.json()["findings"]] == ["PG701"]
    assert client.get("/api/v1/policies/1", headers=staff["candidate"].headers).json()["active"] is False
    assert_error(client.get("/api/v1/policies/9", headers=admin.headers), 404, "not_found")
    assert_error(client.post("/api/v1/policies", json={"source": source}, headers=staff["reviewer"].headers), 403)


def test_check_returns_exactly_the_cli_json(client, staff):
    body = {"text": SPAMMY, "account": "official", "channel": "x", "language": "pl"}
    response = client.post("/api/v1/checks", json=body, headers=staff["spokesperson"].headers)
    expected = check(SPAMMY, default_policy(), CheckContext(account="official", channel="x", language="pl",
                                                             role="spokesperson")).to_dict()
    assert response.status_code == 200 and response.json() == expected
    assert response.json()["findings"][0]["code"] == "PG701" and response.headers["X-Policy-Version"] == "1"


@pytest.mark.parametrize("body", [
    {"text": "hello", "channel": "carrier-pigeon"},
    {"text": "hello", "language": "klingon"},
    {"text": "hello", "account": "secret"},
    {"text": 42},
    {},
    {"text": "x" * 1_000_001},
])
def test_check_rejects_bad_input_clearly(client, staff, body):
    error = assert_error(client.post("/api/v1/checks", json=body, headers=staff["employee"].headers), 422)
    assert error["message"]


def test_check_rejects_broken_json(client, staff):
    headers = {**staff["employee"].headers, "Content-Type": "application/json"}
    assert_error(client.post("/api/v1/checks", content=b'{"text": "\xff\xfe"}', headers=headers), 400, "bad_request")
    assert_error(client.post("/api/v1/checks", content=b"not json", headers=headers), 422)


def test_check_needs_credentials(client):
    assert_error(client.post("/api/v1/checks", json={"text": "hi"}), 401, "unauthenticated")
    assert_error(client.post("/api/v1/checks", json={"text": "hi"}, headers={"Authorization": "Bearer pgt_forged"}), 401)
