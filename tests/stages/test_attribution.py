"""Attribution (issue 12): who says what, on sentences written by the team."""

import pytest
from tests.helpers import analysis_of, assert_offsets, run_stage

from rashomon.stages import attribution, entities
from rashomon.stages import parse as parse_stage


def _attributions(text):
    analysis = analysis_of(text)
    run_stage(entities, analysis)
    run_stage(parse_stage, analysis)
    found = run_stage(attribution, analysis)
    for a in found:
        assert text[a.source_start : a.source_end] == a.source
        assert text[a.cue_start : a.cue_end] == a.cue
    return found


def _content(text, a):
    return text[a.content_start : a.content_end] if a.content_start is not None else None


def _top(found):
    return [a for a in found if a.parent is None]


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        # indirect speech: the content is the clause, 'that' included
        (
            "The Velmoran Defence Ministry said that 12 servicemen had been returned.",
            "The Velmoran Defence Ministry",
            "said",
            "that 12 servicemen had been returned",
        ),
        # a quotation before an inverted cue: the content keeps its quote marks and comma
        (
            "“We will not leave the village,” said the commander of the second battalion.",
            "the commander of the second battalion",
            "said",
            "“We will not leave the village,”",
        ),
        # titles, abbreviations and an appositive belong to the source
        (
            "Rep. Mara Velt (D-Ohio), a member of the foreign affairs committee, said the talks had failed.",
            "Rep. Mara Velt (D-Ohio), a member of the foreign affairs committee",
            "said",
            "the talks had failed",
        ),
        (
            "U.S. officials told reporters that the convoy had crossed the border.",
            "U.S. officials",
            "told",
            None,
        ),
        # lower-case sources
        (
            "Analysts warned that the ceasefire would not hold.",
            "Analysts",
            "warned",
            "that the ceasefire would not hold",
        ),
        # a leading conjunction is no part of the source
        (
            "But both the ministry and the commission insisted that the exchange was complete.",
            "both the ministry and the commission",
            "insisted",
            "that the exchange was complete",
        ),
        (
            "In all, 57 people were freed, according to the Joint Commission on Missing Persons.",
            "the Joint Commission on Missing Persons",
            "according to",
            "In all, 57 people were freed",
        ),
        # the cue takes its auxiliaries and its preposition; the content is the object
        (
            "The mayor has repeatedly called for an inquiry into the shelling.",
            "The mayor",
            "has repeatedly called for",
            "an inquiry into the shelling",
        ),
        # a colon after a name in a headline
        ("Petrova: The Border Will Reopen On Monday", "Petrova", ":", "The Border Will Reopen On Monday"),
    ],
)
def test_source_cue_content(text, source, cue, content):
    found = _top(_attributions(text))
    hit = next(a for a in found if a.cue == cue)
    assert hit.source == source
    if content is not None:
        assert _content(text, hit) == content


def test_hearer_is_neither_source_nor_content():
    """Issue 12: 'told NBC' — the object of 'told' is the hearer."""
    text = "The general told Radio Velmora that the road was open."
    [found] = _attributions(text)
    assert found.source == "The general"
    assert _content(text, found) == "that the road was open"


def test_citing_takes_the_clause_subject_as_source():
    """Issue 12: 'citing safety concerns' — the object is what is relied on, never the source."""
    text = "The monitors left the town on Friday, citing safety concerns."
    [found] = _attributions(text)
    assert (found.source, found.cue, _content(text, found)) == ("The monitors", "citing", "safety concerns")


@pytest.mark.parametrize(
    "text",
    [
        "Voters in the battleground states went to the polls early.",
        "He told NBC.",
        "The talks went well.",
        "It is not clear whether the bridge will reopen.",
    ],
)
def test_no_attribution(text):
    """Issue 12: nouns are not read as reporting verbs, and a cue needs a source and a content."""
    assert _top(_attributions(text)) == []


def test_several_attributions_in_one_sentence():
    text = "The ministry said the prisoners were freed; the commission said it had not been told."
    found = _top(_attributions(text))
    assert [(a.source, a.cue) for a in found] == [("The ministry", "said"), ("the commission", "said")]


def test_nested_attribution_has_its_parent():
    text = "The minister said the commission claimed that the road was open."
    found = _attributions(text)
    outer = next(a for a in found if a.source == "The minister")
    inner = next(a for a in found if a.source == "the commission")
    assert outer.parent is None
    assert found[inner.parent] == outer
    assert _content(text, inner) == "that the road was open"


def test_participle_inherits_the_source():
    text = "The spokesman denied the report, adding that no shots had been fired."
    found = _top(_attributions(text))
    assert [(a.source, a.cue, a.polarity) for a in found] == [
        ("The spokesman", "denied", "deny"),
        ("The spokesman", "adding", "assert"),
    ]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The commander was accused of ordering the shelling.", "was accused of", "ordering the shelling"),
        (
            "There were allegations that the convoy had been stopped.",
            "allegations",
            "that the convoy had been stopped",
        ),
    ],
)
def test_attribution_without_a_named_source(text, cue, content):
    """Issue 12: a passive without its agent or a claim noun names no source; the source is empty."""
    [found] = _top(_attributions(text))
    assert (found.cue, _content(text, found), found.source) == (cue, content, "")
    assert found.source_start == found.source_end == found.cue_start


def test_pronoun_source_resolves_to_the_named_source():
    text = "Maria Keller arrived in the capital on Monday. She told reporters that the border was closed."
    found = _attributions(text)
    [she] = [a for a in found if a.source == "She"]
    assert she.resolved == "Maria Keller"
    assert text[she.resolved_start : she.resolved_end] == "Maria Keller"


def test_pronoun_source_takes_the_nearest_named_source_of_its_kind():
    text = (
        "The Velmoran Foreign Ministry said the talks had stalled. Maria Keller disagreed with that. "
        "It said on Tuesday that it would send a delegation."
    )
    found = _attributions(text)
    [it] = [a for a in found if a.source == "It"]
    assert it.resolved == "The Velmoran Foreign Ministry"


def test_quotation_over_two_sentences_is_one_content():
    text = "“The men are safe. They will be home tomorrow,” the mediator said."
    found = _top(_attributions(text))
    [said] = [a for a in found if a.cue == "said"]
    assert _content(text, said) == "“The men are safe. They will be home tomorrow,”"


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("The ministry denied that its troops had shelled the village.", "deny"),
        ("The envoy questioned whether the maps were accurate.", "doubt"),
        ("The envoy confirmed that the maps were accurate.", "assert"),
    ],
)
def test_polarity(text, polarity):
    [found] = _attributions(text)
    assert found.polarity == polarity


def test_offsets_and_empty():
    text = "The ministry said the men were freed. “They are home,” it added."
    assert_offsets(text, [])
    assert run_stage(attribution, analysis_of("")) == []
    analysis = analysis_of("The bridge reopened.")
    run_stage(parse_stage, analysis)
    assert run_stage(attribution, analysis) == []
