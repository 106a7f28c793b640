"""The handbook in every language: localized headings, the policy's own texts, RTL Hebrew."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from postguard.languages import LANGUAGES
from postguard.policy.handbook import build_handbook, phrases
from postguard.policy.loader import load_policy_text
from postguard.policy.render import render_handbook

MINIMAL = """\
version: 1
policy: {name: Tiny, revision: "1"}
organisation: {name: Tiny AS, support_url: "https://tiny.example/help"}
speakers: {model: strict}
languages: {supported: [en]}
guidelines:
  - {id: x, dont: {en: "Post <script>alert(1)</script> & *stars*"}, do: {en: Ask first}}
"""


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_handbook_has_localized_headings_and_the_policy_texts(demo_policy, language, fmt):
    out = render_handbook(demo_policy, language, fmt)
    words = phrases(language)
    for section in ("values", "guidelines", "never_share", "situations", "responsibilities", "moderation",
                    "email", "training", "working_time"):
        heading = words["sections"][section]
        assert (heading in out) if fmt == "md" else (heading.replace("'", "&#39;") in out), (section, language)
    situation_names = words["situations"]["names"]
    assert all(name in out for name in situation_names.values())
    texts = [demo_policy.organisation.core_values[0][language], demo_policy.guidelines[0].dont[language],
             demo_policy.guidelines[0].do[language], demo_policy.working_time[language]]
    for text in texts:
        assert (text if fmt == "md" else text.replace('"', "&#34;").replace("'", "&#39;")) in out.replace("\\", "")
    assert "Ingrid Halvorsen" in out and "legal@nordlys.example" in out
    assert demo_policy.sensitive.confidential_projects[0].translations[language] in out


@pytest.mark.parametrize("language,date", [
    ("en", "1 March 2027"), ("pl", "1 marca 2027"), ("no", "1. mars 2027"),
    ("sv", "1 mars 2027"), ("he", "1 במרץ 2027"), ("nl", "1 maart 2027"),
])
def test_embargo_dates_are_written_for_the_language(demo_policy, language, date):
    assert date in render_handbook(demo_policy, language, "md")


def test_standard_responses_get_the_company_and_support_page_filled_in(demo_policy):
    out = render_handbook(demo_policy, "nl", "md")
    assert "We hebben zaak {case_number} geopend" in out
    assert "Je kunt de zaak volgen op https://nordlys.example/help. {agent_name}, Nordlys Energi" in out


def test_hebrew_html_is_right_to_left(demo_policy):
    out = render_handbook(demo_policy, "he", "html")
    assert re.search(r'<html lang="he" dir="rtl">', out)
    assert "מה אסור לשתף לעולם" in out
    for language in ("pl", "en"):
        assert f'<html lang="{language}" dir="ltr">' in render_handbook(demo_policy, language, "html")


def test_hebrew_markdown_is_wrapped_right_to_left_and_still_markdown(demo_policy):
    out = render_handbook(demo_policy, "he", "md")
    assert out.startswith('<div dir="rtl" lang="he">\n\n') and out.rstrip().endswith("</div>")
    html = MarkdownIt().render(out)
    assert "<h1>" in html and "<h2>מי אחראי</h2>" in html


def test_html_is_well_formed_and_escapes_policy_text():
    policy = load_policy_text(MINIMAL)
    out = render_handbook(policy, "en", "html")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *stars*" in out

    class Balance(HTMLParser):
        void = {"meta", "br"}

        def __init__(self):
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag not in self.void:
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag

    parser = Balance()
    parser.feed(out)
    assert parser.stack == []


def test_markdown_escapes_policy_text():
    out = render_handbook(load_policy_text(MINIMAL), "en", "md")
    html = MarkdownIt().render(out)
    assert "<script>" not in html and "<em>stars</em>" not in html
    assert "Post &amp;lt;script&amp;gt;" not in html and "*stars*" in html


def test_sections_the_policy_leaves_empty_are_left_out():
    handbook = build_handbook(load_policy_text(MINIMAL), "en")
    assert [s.id for s in handbook.sections] == ["speakers", "guidelines", "moderation", "email", "training"]
    out = render_handbook(load_policy_text(MINIMAL), "en", "md")
    for absent in ("Our core values", "How to respond", "Who is responsible", "What you must never share",
                   "Social media and working time", "When customers get an answer"):
        assert absent not in out


def test_a_text_missing_in_the_language_falls_back_and_is_marked_in_html():
    policy = load_policy_text(MINIMAL)
    out = render_handbook(policy, "pl", "html")
    assert '<span lang="en" dir="ltr">Ask first</span>' in out
    assert "Czego nie robić" in out


def test_every_phrase_file_has_every_situation_and_section():
    from postguard.policy.handbook import SECTIONS
    from postguard.policy.schema import SITUATIONS

    for language in LANGUAGES:
        words = phrases(language)
        assert set(words["sections"]) == set(SECTIONS)
        assert set(words["situations"]["names"]) == set(SITUATIONS)


@pytest.mark.parametrize("language", ["en", "pl", "no", "sv", "he", "nl"])
def test_working_time_section_says_postguard_does_not_monitor(demo_policy, language):
    from postguard.policy.handbook import build_handbook, phrases

    section = next(s for s in build_handbook(demo_policy, language).sections if s.id == "working_time")
    texts = [block.text.text for block in section.blocks]
    assert texts == [demo_policy.working_time[language], phrases(language)["working_time"]["not_monitored"]]
    assert section.blocks[1].text.lang == language


def test_no_working_time_section_when_the_policy_has_none(demo_policy):
    from postguard.policy.handbook import build_handbook

    bare = demo_policy.model_copy(update={"working_time": {}})
    assert "working_time" not in [s.id for s in build_handbook(bare, "en").sections]
