"""The normaliser undoes disguises, never corrupts Hebrew or diacritics, and maps back exactly."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from postguard.text.normalize import normalize, normalize_views

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2069", "\ufeff", "\u00ad"]


def test_disguises_are_undone():
    assert normalize("Fuuuuck").text == "fuck"
    assert normalize_views("asssss")[1].text == "ass"
    assert normalize("sh1t $hit a$$").text == "shit shit ass"
    assert normalize("f u c k").text == "fuck"
    assert normalize("k.u.r.w.a").text == "kurwa"
    assert normalize("fu\u200bck").text == "fuck"
    assert normalize("ＦＵＣＫ ﬁne").text == "fuck fine"
    assert normalize("Ρrοjесt").text == "project"  # Greek and Cyrillic look-alikes


def test_numbers_mentions_and_times_are_not_leet():
    assert normalize("Call 601 234 567 at 4pm, @anna, 2nd floor").text == "call 601 234 567 at 4pm, @anna, 2nd floor"


def test_real_double_letters_survive_in_the_main_view():
    assert normalize("Skattkammaren, Hallå, Haarlem, Muzeum").text == "skattkammaren, hallå, haarlem, muzeum"


def test_diacritics_and_hebrew_are_never_folded():
    text = "Łódź Żółć Ørsta Åre Ærø Malmö Ijssel שלום עולם"
    assert normalize(text).text == text.lower()


def test_hebrew_points_and_bidi_marks_are_removed():
    assert normalize("\u200fשָׁלוֹם\u200e עוֹלָם").text == "שלום עולם"


def test_span_of_a_disguised_word_covers_the_original_word():
    original = "oh f\u200bu\u200bu\u200buck it"
    view = normalize(original)
    start = view.text.index("fuck")
    a, b = view.to_original(start, start + 4)
    assert original[a:b] == "f\u200bu\u200bu\u200buck"


def _check_offsets(original: str) -> None:
    for view in normalize_views(original):
        assert len(view.offsets) == len(view.text) + 1
        assert len(view.ends) == len(view.text)
        assert view.offsets[-1] == len(original)
        previous = 0
        for i in range(len(view.text)):
            start, end = view.offsets[i], view.ends[i]
            assert 0 <= start < end <= len(original)
            assert start >= previous  # order is kept
            previous = start
        for i in range(len(view.text)):
            for j in range(i + 1, min(len(view.text), i + 6) + 1):
                a, b = view.to_original(i, j)
                assert 0 <= a < b <= len(original)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_every_span_maps_back_into_the_original(original):
    _check_offsets(original)


WORDS = st.sampled_from(["kurwa", "fuck", "sokół", "ørsta", "שלום", "idiot", "projekt", "hallå", "4pm", "601"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(WORDS, st.lists(st.sampled_from(INVISIBLE), max_size=2)), min_size=1, max_size=6))
def test_invisible_characters_never_change_the_words_found(parts):
    clean = " ".join(word for word, _ in parts)
    disguised = " ".join(word[0] + "".join(inv) + word[1:] for word, inv in parts)
    assert normalize(disguised).text == normalize(clean).text
    view = normalize(disguised)
    # Each clean word maps back to exactly the disguised word in the original.
    position = 0
    for word, inv in parts:
        expected = word[0] + "".join(inv) + word[1:]
        index = view.text.index(normalize(word).text, position)
        a, b = view.to_original(index, index + len(normalize(word).text))
        assert disguised[a:b] == expected
        position = index + 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyząćęłńóśźżøæåäö .,", max_size=50))
def test_plain_text_in_our_alphabets_is_only_lower_cased(text):
    # Without digits, symbols, runs or spaced single letters, nothing else may change.
    if any(text[i] == text[i + 1] == text[i + 2] for i in range(len(text) - 2)):
        return
    words = text.replace(".", " ").replace(",", " ").split()
    if sum(len(w) == 1 for w in words) >= 2:
        return
    assert normalize(text).text == unicodedata.normalize("NFKC", text).lower()


ALPHABET = "abcfkstuwołąęøåהלבד" + "0134@$" + " .-" + "\u200b\u200f\u05b8\u05bc" + "ABFKŁ"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_each_normalised_word_comes_from_exactly_its_original_span(original):
    # Normalising the original span a word maps back to gives that word again: the map
    # points at the characters the word was made from, no more and no less.
    import regex

    for view in normalize_views(original):
        for match in regex.finditer(r"[\p{L}\p{M}]+", view.text):
            a, b = view.to_original(match.start(), match.end())
            again = [v.text for v in normalize_views(original[a:b])]
            assert any(match.group() in text for text in again), (original, match.group(), original[a:b], again)
