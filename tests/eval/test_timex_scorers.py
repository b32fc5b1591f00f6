from eval.tempeval3 import Span, Tally

from eval import recognizers, tempeval3

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>fixture</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-12-14" temporalFunction="false" functionInDocument="CREATION_TIME">2023-12-14</TIMEX3></DCT>
<TEXT>The envoys met <TIMEX3 tid="t1" type="DATE" value="2023-12-13">on Wednesday</TIMEX3>. Talks lasted <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3> and resume <TIMEX3 tid="t3" type="DATE" value="2024-01">in January</TIMEX3>.</TEXT>
</TimeML>
"""


def test_read_gold_gives_plain_text_offsets(tmp_path):
    path = tmp_path / "a.tml"
    path.write_text(TML, "utf-8")
    text, dct, gold = tempeval3.read_gold(path)
    assert dct == "2023-12-14"
    assert [text[g.start : g.end] for g in gold] == ["on Wednesday", "three days", "in January"]


def test_tally_matches_one_to_one_and_scores_attributes():
    gold = [Span(0, 10, "", "DATE", "2023-12-13"), Span(20, 30, "", "DURATION", "P3D")]
    pred = [
        Span(0, 10, "", "DATE", "2023-12-13"),  # strict, right value
        Span(2, 8, "", "DATE", "2023-12-13"),  # overlaps a gold already taken: spurious
        Span(22, 30, "", "DATE", "P3D"),  # relaxed only, right value, wrong type
    ]
    tally = Tally()
    tally.add(gold, pred)
    figures = tally.figures()
    assert (tally.strict, tally.relaxed, tally.value, tally.type) == (1, 2, 2, 1)
    assert round(figures["relaxed_p"], 3) == 0.667 and figures["relaxed_r"] == 1.0
    assert figures["value_acc"] == 1.0 and figures["type_acc"] == 0.5


def test_our_engine_on_the_fixture(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.tml").write_text(TML, "utf-8")
    figures = tempeval3.run(tmp_path, ["rashomon"])["rashomon"].figures()
    assert figures["strict_f1"] == 1.0 and figures["value_f1"] == 1.0


def test_recognizer_agreement_rules():
    from rashomon.model import TimeMention, TimeValue

    day = TimeMention(0, 5, "Oct 2", "date", TimeValue("2016-10-02", "day"))
    assert recognizers.agrees("date", ["XXXX-10-02"], [], day)
    assert not recognizers.agrees("date", ["XXXX-10-03"], [], day)
    span = TimeMention(0, 5, "x", "date", TimeValue(None, "range", "2016-11-04", "2016-11-22"))
    assert recognizers.agrees("range", ["(2016-11-04,2016-11-22,P18D)"], [], span)
    period = TimeMention(0, 5, "3 days", "duration", None, duration="P3D")
    assert recognizers.agrees("duration", ["P3D"], [], period)
    assert recognizers.passes("The river was calm.", "2016-11-07", [])
