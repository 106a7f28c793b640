"""The model rules inside the check: spans in long drafts, strictness, languages, signals."""
from __future__ import annotations

import postguard
from postguard.context import CheckContext
from postguard.nlp.chunks import CHUNK_CHARS, split_chunks


def test_long_drafts_are_judged_per_chunk_and_the_span_is_the_hostile_sentence(demo_policy):
    friendly = "We had a great quarter and I want to thank everyone in the Bergen team for the hard work. " * 4
    hostile = "And to the customer who called yesterday: you are a brainless moron and nobody here wants you."
    text = friendly + hostile + " See you all at the summer party!"
    report = postguard.check(text, demo_policy, CheckContext(language="en"))
    found = [f for f in report.findings if f.code == "PG450"]
    assert len(found) == 1
    assert "brainless moron" in found[0].excerpt and "summer party" not in found[0].excerpt
    assert found[0].signal == "model:abuse" and 0.5 <= found[0].confidence <= 1


def test_chunks_map_back_to_the_original_text():
    text = "Første setning her.  Andre setning!\n\n" + "ord " * 200
    for chunk in split_chunks(text):
        assert text[chunk.start:chunk.end] == chunk.text
        assert len(chunk.text) <= CHUNK_CHARS
    assert split_chunks("   ") == []


def test_strictness_per_category_changes_what_is_reported(demo_policy):
    borderline = "Honestly, whoever designed this form must have been half asleep."
    def findings(level):
        rules = demo_policy.rules.model_copy(update={"strictness": {"conduct": level}})
        policy = demo_policy.model_copy(update={"rules": rules})
        return [f for f in postguard.check(borderline, policy, CheckContext(language="en")).findings if f.code == "PG450"]
    assert findings(0.01) and not findings(0.99)
    assert len(findings("strict")) >= len(findings("balanced")) >= len(findings("relaxed"))


def test_a_language_the_models_were_not_trained_on_is_still_read_and_reported_as_unread(demo_policy):
    # the encoder is multilingual: the model rules run (a harmless sentence gets no finding),
    # while the word-list rules are skipped and the draft is reported as written in German
    report = postguard.check("Das ist ein ganz normaler deutscher Satz über das Wetter.", demo_policy, CheckContext())
    skipped = {s.code for s in report.skipped}
    assert not {"PG450", "PG451", "PG452"} & skipped and "PG105" in skipped
    assert not any(f.code.startswith("PG45") for f in report.findings)
    assert report.unread_language == "de" and report.verdict.value == "warn"


def test_harassment_of_a_named_colleague_replaces_the_general_tone_finding(demo_policy):
    text = "Ola på lageret er en lat, dum idiot som burde sparkes."
    plain = postguard.check(text, demo_policy, CheckContext(language="no"))
    named = postguard.check(text, demo_policy, CheckContext(language="no", colleagues=("Ola",)))
    assert [f.code for f in plain.findings if f.code.startswith("PG45")] == ["PG450"]
    codes = [f.code for f in named.findings if f.code.startswith("PG45")]
    assert codes == ["PG452"]
    assert "Ola" in next(f for f in named.findings if f.code == "PG452").message


def test_the_policy_can_point_to_its_own_heads(demo_policy, tmp_path):
    import pytest

    from postguard.errors import UsageError

    rules = demo_policy.rules.model_copy(update={"model_heads": str(tmp_path)})
    policy = demo_policy.model_copy(update={"rules": rules})
    with pytest.raises(UsageError, match="no trained heads"):
        postguard.check("You absolute moron.", policy, CheckContext(language="en"))
