"""The PolNeAR scorer (eval/attribution.py, issue 12) on hand-computed cases."""

import pytest
from eval.attribution import Attr, Tally, chars, one_to_one, overlap, parse_ann, score_article, select

TEXT = "Ana said the war was over. Bo told us: “No.” It rained."
NO = (TEXT.index("“"), TEXT.index("”") + 1)  # the quotation '“No.”'


def _attr(cue, source, content):
    return Attr((cue,), (source,) if source else (), (content,) if content else ())


def test_overlap_counts_shared_characters_of_fragments():
    assert overlap(((0, 5),), ((3, 8),)) == 2
    assert overlap(((0, 2), (4, 6)), ((1, 5),)) == 2
    assert overlap(((0, 2),), ((2, 4),)) == 0


def test_exact_ignores_whitespace():
    assert chars("a b", ((0, 3),)) == chars("a b", ((0, 1), (2, 3)))


def test_one_to_one_takes_the_largest_overlap_first():
    # gold 0 overlaps pred 0 by 5 and pred 1 by 3; gold 1 overlaps pred 0 by 4 only
    assert sorted(one_to_one([(5, 0, 0), (3, 0, 1), (4, 1, 0)])) == [(0, 0)]


def test_parse_ann_reads_events_before_their_spans_and_sourceless_ones():
    ann = "\n".join(
        [
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
            "T1\tSource 0 3\tAna",
            "T2\tCue 4 8\tsaid",
            "T3\tContent 9 25;26 28\tthe war was over Bo",
            "T4\tAttribution 4 8\tsaid",
            "T5\tCue 30 34\ttold",
            "E2\tAttribution-no-source:T6 Cue:T5",
            "T6\tAttribution-no-source 30 34\ttold",
        ]
    )
    first, second = parse_ann(ann)
    assert first == Attr(((4, 8),), ((0, 3),), ((9, 25), (26, 28)))
    assert second == Attr(((30, 34),), (), ())


def test_score_article_by_hand():
    gold = [
        _attr((4, 8), (0, 3), (9, 25)),  # Ana said | the war was over
        _attr((30, 34), (27, 29), NO),  # Bo told | “No.”
    ]
    pred = [
        _attr((4, 8), (0, 3), (9, 21)),  # same cue and source, content cut short: overlap, not exact
        _attr((48, 54), (45, 47), (48, 54)),  # 'It rained' read as an attribution: a false positive
    ]
    tally = Tally()
    score_article(tally, TEXT, gold, pred)
    assert tally.counts["cue"] == [1, 2, 2]
    assert tally.counts["source"] == [1, 2, 2]
    assert tally.counts["content"] == [1, 2, 2]
    assert tally.counts["content.exact"] == [0, 2, 2]
    assert tally.counts["whole"] == [1, 2, 2]
    assert tally.counts["whole.exact"] == [1, 2, 2]
    p, r, f = tally.prf("cue")
    assert (p, r, f) == pytest.approx((50.0, 50.0, 50.0))


def test_whole_attribution_needs_the_source_on_the_same_gold():
    gold = [_attr((4, 8), (0, 3), (9, 25))]
    # right cue, but the source is another phrase: cue counts, whole attribution does not
    pred = [_attr((4, 8), (27, 29), (9, 25))]
    tally = Tally()
    score_article(tally, TEXT, gold, pred)
    assert tally.counts["cue"][0] == 1
    assert tally.counts["whole"] == [0, 1, 1]


def test_sourceless_gold_matches_only_a_sourceless_prediction():
    gold = [_attr((30, 34), None, NO)]
    tally = Tally()
    score_article(tally, TEXT, gold, [_attr((30, 34), (27, 29), NO)])
    assert tally.counts["whole"] == [0, 1, 1]
    tally = Tally()
    score_article(tally, TEXT, gold, [_attr((30, 34), None, NO)])
    assert tally.counts["whole"] == [1, 1, 1]


def test_a_shared_source_counts_once():
    gold = [_attr((4, 8), (0, 3), (9, 25)), _attr((30, 34), (0, 3), NO)]
    tally = Tally()
    score_article(tally, TEXT, gold, [_attr((4, 8), (0, 3), (9, 25))])
    assert tally.counts["source"] == [1, 1, 1]


def test_parts_are_fixed_halves():
    articles = list(range(84))
    dev, held_out, gate = select(articles, "dev"), select(articles, "held-out"), select(articles, "gate")
    assert len(dev) == len(held_out) == 42 and not set(dev) & set(held_out)
    assert set(gate) <= set(held_out) and len(gate) == 6
