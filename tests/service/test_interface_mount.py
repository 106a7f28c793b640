"""The service serves the web interface at /ui, checking under its active policy version."""
from __future__ import annotations


def test_root_leads_to_the_interface(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code in (302, 303, 307) and response.headers["location"] == "/ui/"


def test_interface_checks_under_the_active_policy(client):
    page = client.get("/ui/", headers={"Accept-Language": "pl"})
    assert page.status_code == 200 and 'lang="pl"' in page.text
    response = client.post("/ui/api/check", json={"text": "Zadzwoń do mnie: 601 234 567", "account": "personal",
                                                  "channel": "facebook", "language": "pl"})
    assert response.status_code == 200, response.text
    codes = {f["code"] for f in response.json()["findings"]}
    assert "PG202" in codes
