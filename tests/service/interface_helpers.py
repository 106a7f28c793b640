"""Helpers for the interface-in-the-service tests: signing in through the form, reading pages."""
from __future__ import annotations

import re

from service_helpers import PASSWORD


def form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, username: str, *, password: str = PASSWORD, next_path: str = "", language: str = "en"):
    """Sign in through the page the way a browser does; returns the answer to the form."""
    page = client.get("/ui/signin", headers={"Accept-Language": language})
    return client.post("/ui/signin", data={"csrf_token": form_token(page.text), "username": username,
                                           "password": password, "next": next_path},
                       headers={"Accept-Language": language}, follow_redirects=False)


def signed_in(client, username: str):
    answer = sign_in(client, username)
    assert answer.status_code == 303, answer.text
    return client


def alerts(html: str) -> list[str]:
    return [m.strip() for m in re.findall(r'class="alert" role="alert"[^>]*>(.*?)</p>', html, re.S)]


def flashes(html: str) -> list[str]:
    return [m.strip() for m in re.findall(r'class="flash" role="status"[^>]*>(.*?)</p>', html, re.S)]


def navigation(html: str) -> list[str]:
    nav = re.search(r'<nav class="mainnav".*?</nav>', html, re.S).group(0)
    return re.findall(r'href="[^"]*/ui/([a-z]+)"', nav)


def csrf_meta(html: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)">', html).group(1)
