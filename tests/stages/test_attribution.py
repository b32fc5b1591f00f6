import pytest
from tests.helpers import analysis_of, run_stage

from rashomon.stages import attribution
from rashomon.stages.attribution import find_attributions, load_cues
from rashomon.stages.sentences import split_sentences

CUES = load_cues()


@pytest.mark.parametrize(
    ("text", "source", "cue", "quoted"),
    [
        (
            "The men were freed at the border, said the Velmoran Foreign Ministry in the capital.",
            "the Velmoran Foreign Ministry",
            "said",
            False,
        ),
        ("Ostrakan said it had kept its promises.", "Ostrakan", "said", False),
        (
            "In all, 57 people were freed, according to the Joint Commission on Missing Persons.",
            "the Joint Commission on Missing Persons",
            "according to",
            False,
        ),
        (
            "“We will keep working,” the ministry spokesperson Ana Petrova said on Friday.",
            "the ministry spokesperson Ana Petrova",
            "said",
            True,
        ),
        ("“The exchange is complete,” added Petrova.", "Petrova", "added", True),
        (
            "The Velmoran Defence Ministry has announced the return of 12 servicemen.",
            "The Velmoran Defence Ministry",
            "announced",
            False,
        ),
    ],
)
def test_attribution(text, source, cue, quoted):
    [found] = find_attributions(text, split_sentences(text), CUES)
    assert (found.source, found.cue) == (source, cue)
    assert text[found.source_start : found.source_end] == found.source
    assert text[found.cue_start : found.cue_end] == found.cue
    assert (found.quote_start is not None) is quoted


@pytest.mark.parametrize(
    "text", ["It said nothing.", "They said the talks went well.", "The talks went well."]
)
def test_no_named_source(text):
    assert find_attributions(text, split_sentences(text), CUES) == []


def test_stage_empty_and_no_match():
    assert run_stage(attribution, analysis_of("")) == []
    assert run_stage(attribution, analysis_of("The bridge reopened.")) == []
