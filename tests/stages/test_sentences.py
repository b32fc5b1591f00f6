"""Rule-based sentence splitting."""

from __future__ import annotations

import pytest

from rashomon.model import Analysis, Document
from rashomon.settings import default_settings
from rashomon.stages.sentences import sentences_stage, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   \n\n  ", []),
        ("no full stop here", ["no full stop here"]),
        ("One went. Two came.", ["One went.", "Two came."]),
        ("Mr. Voss spoke. Then he left.", ["Mr. Voss spoke.", "Then he left."]),
        ("The U.S. envoy came. Talks began.", ["The U.S. envoy came.", "Talks began."]),
        ("J. Smith wrote it. It ended.", ["J. Smith wrote it.", "It ended."]),
        ("He said “Go home.” They went.", ["He said “Go home.”", "They went."]),
        ("Heading line\n\nBody text. More.", ["Heading line", "Body text.", "More."]),
        ("It cost 2.5 million. Fine.", ["It cost 2.5 million.", "Fine."]),
        ("Why? Because 12 came.", ["Why?", "Because 12 came."]),
        # issue 13: scraped pages lose the space between sentences
        (
            "The fire ended overnight.Crews left at noon.",
            ["The fire ended overnight.", "Crews left at noon."],
        ),
        ('She said "we stay here."Then they left.', ['She said "we stay here."', "Then they left."]),
        ("They went to St.Louis by car.", ["They went to St.Louis by car."]),
        ("The U.S.Navy ship docked. See news.com.", ["The U.S.Navy ship docked.", "See news.com."]),
        ("It opens at 9 a.m.Tuesday only.", ["It opens at 9 a.m.Tuesday only."]),
    ],
)
def test_split(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_stage_reads_the_document():
    analysis = Analysis(doc=Document(id="d", path="d.txt", text="It rained. We left.", sha256="x"))
    assert len(sentences_stage(analysis, default_settings())) == 2
