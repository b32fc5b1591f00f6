"""Attributions across a document: quotations, nesting and the chain over a trigger (issue 12)."""

from rashomon.attribution.resolve import chain, nest, quotations, widen_to_quotations
from rashomon.model import Attribution


def _attr(text, source, cue, content):
    s, c, k = text.index(f"{source} {cue}"), text.index(cue), text.index(content)
    return Attribution(
        0,
        len(text),
        source,
        s,
        s + len(source),
        cue,
        c,
        c + len(cue),
        content_start=k,
        content_end=k + len(content),
    )


TEXT = "The envoy said the minister claimed that the village was shelled."


def test_quotations_pair_marks_and_run_to_the_paragraph_end():
    text = 'He said “yes” and "no".\n“Unclosed to the end\nNext'
    assert [text[a:b] for a, b in quotations(text)] == ["“yes”", '"no"', "“Unclosed to the end"]


def test_widen_to_the_whole_quotation():
    text = "“The men are safe. They will be home,” he said."
    attr = _attr(text, "he", "said", "They will be home,”")
    [wide] = widen_to_quotations([attr], quotations(text))
    assert text[wide.content_start : wide.content_end] == "“The men are safe. They will be home,”"


def test_nest_and_chain():
    outer = _attr(TEXT, "The envoy", "said", "the minister claimed that the village was shelled")
    inner = _attr(TEXT, "the minister", "claimed", "that the village was shelled")
    nested = nest([outer, inner])
    assert [a.parent for a in nested] == [None, 0]
    trigger = TEXT.index("shelled")
    assert [a.source for a in chain(nested, trigger, trigger + 7)] == ["The envoy", "the minister"]
    # the cue itself is the event 'claimed': its own attribution, inside the envoy's
    claimed = TEXT.index("claimed")
    assert [a.source for a in chain(nested, claimed, claimed + 7)] == ["The envoy"]
    assert chain(nested, 0, 3) == ()
