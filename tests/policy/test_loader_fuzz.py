"""Whatever the file holds, loading it ends in a policy or in PolicyError, never a traceback."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postguard.errors import PolicyError
from postguard.policy.loader import bundled_text, load_policy_text

TEMPLATE = bundled_text("templates", "open.yaml")
LINES = TEMPLATE.splitlines(keepends=True)


def _load(text: str) -> None:
    try:
        load_policy_text(text, "fuzz.yaml")
    except PolicyError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(LINES) - 1), st.sampled_from(["drop", "dup", "indent", "garble"])),
                min_size=1, max_size=4))
def test_a_damaged_template_loads_or_fails_cleanly(edits):
    lines = list(LINES)
    for index, how in edits:
        index %= len(lines)
        if how == "drop":
            del lines[index]
        elif how == "dup":
            lines.insert(index, lines[index])
        elif how == "indent":
            lines[index] = "  " + lines[index]
        else:
            lines[index] = lines[index].replace(":", " ", 1).replace("[", "{", 1)
        if not lines:
            break
    _load("".join(lines))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}\n\t#&*!|>'\"%@`1-\u05d0")), max_size=80))
def test_random_yaml_like_text_fails_cleanly(text):
    _load(text)
