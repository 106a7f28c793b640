"""The advocacy pages when the interface runs without the service: the same page every other
service page shows (``access.guard``), titled for the advocacy page, in the reader's language."""
from __future__ import annotations

import pytest

from postguard.webui.i18n import Translator


@pytest.mark.parametrize("path,title", [("/ui/share", "Share"), ("/ui/leaderboard", "Leaderboard"),
                                        ("/ui/advocacy-report", "Measurement")])
@pytest.mark.parametrize("language", ["en", "he"])
def test_advocacy_pages_say_they_need_the_service(client, path, title, language):
    _ = Translator(language)
    page = client.get(path, headers={"Accept-Language": language})
    assert page.status_code == 200
    assert f"<h1>{_(title)}</h1>" in page.text
    assert _("This page needs the postguard service") in page.text
