from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.stages.sentences import split_sentences
from rashomon.timex import find_timexes

PIECES = [
    "on",
    "Wednesday",
    "May",
    "14",
    "2023",
    "December",
    "7,",
    "in",
    "2021",
    "-",
    "/",
    "to",
    "ago",
    "three",
    "years",
    "days",
    "later",
    "the",
    "next",
    "day",
    "1990s",
    "every",
    "week",
    ".",
    ",",
    "\n",
    "  ",
    "for",
    "nearly",
    "30",
    "Q3",
    "quarter",
    "summer",
    "of",
    "now",
    "a.m.",
    "10:30",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=25), st.sampled_from([None, "2023-12-14", "2023-11", "2023"])
)
def test_offset_invariant_and_order(words, dct):
    text = " ".join(words)
    found = find_timexes(text, split_sentences(text), dct)
    for m in found:
        assert text[m.start : m.end] == m.text and m.text.strip() == m.text
    assert all(a.end <= b.start for a, b in pairwise(found))
