"""Readers of the coreference corpora, on tiny files written for this test (issue 8)."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

from eval.coref import _match
from eval.coref_data import detokenise, read_ecb, read_gvc_dev

from rashomon.model import EventMention

ECB_XML = """<Document doc_name="1_1ecb.xml" doc_id="X">
<token t_id="1" sentence="0" number="0">Rivers</token>
<token t_id="2" sentence="0" number="1">rose</token>
<token t_id="3" sentence="0" number="2">.</token>
<token t_id="4" sentence="1" number="0">The</token>
<token t_id="5" sentence="1" number="1">flood</token>
<token t_id="6" sentence="1" number="2">hit</token>
<token t_id="7" sentence="1" number="3">Alnor</token>
<token t_id="8" sentence="1" number="4">.</token>
<Markables>
<ACTION_OCCURRENCE m_id="10"><token_anchor t_id="2"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="11"><token_anchor t_id="5"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="12"><token_anchor t_id="6"/></ACTION_OCCURRENCE>
<LOC_GEO m_id="13"><token_anchor t_id="7"/></LOC_GEO>
<ACTION_OCCURRENCE m_id="20" TAG_DESCRIPTOR="flood" instance_id="ACT1"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT1"><source m_id="11"/><source m_id="12"/>
<target m_id="20"/></CROSS_DOC_COREF>
</Relations>
</Document>
"""


def _ecb_folder(tmp_path: Path) -> Path:
    with tarfile.open(tmp_path / "ECBplus_topics_1-35.tar.gz", "w:gz") as tar:
        data = ECB_XML.encode()
        info = tarfile.TarInfo("ECB+/1/1_1ecb.xml")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    (tmp_path / "ECBplus_coreference_sentences_topics_1-35.csv").write_text(
        "Topic,File,Sentence Number\n1,1ecb,1\n", encoding="utf-8"
    )
    return tmp_path


def test_detokenise_spaces_words_not_punctuation():
    text, spans, starts = detokenise([["Rivers", "rose", "."], ["(", "It", "'s", "late", ")"]])
    assert text == "Rivers rose.\n(It's late)"
    assert spans == [(0, 12), (13, 24)]
    assert text[starts[1][1] : starts[1][1] + 2] == "It"


def test_ecb_mentions_chains_and_checked_sentences(tmp_path):
    [doc] = read_ecb(_ecb_folder(tmp_path))
    assert doc.topic == "1" and doc.subtopic == "1"
    assert [(m.text, m.chain) for m in doc.mentions] == [
        ("rose", "1_1ecb#10"),  # in no relation: a singleton
        ("flood", "ACT1"),
        ("hit", "ACT1"),
    ]  # the place is an entity, not an event
    assert doc.checked == {1}
    assert all(doc.text[m.start : m.end] == m.text for m in doc.mentions)


def test_gvc_conll_spans_and_chain_zero_dropped(tmp_path):
    rows = [
        "#begin document (0/9/abc); part 0",
        "0/9/abc\t0\t0\t2016-05-01\t-",
        "",
        "0/9/abc\t1\t0\tA\t-",
        "0/9/abc\t1\t1\tman\t-",
        "0/9/abc\t1\t2\twas\t-",
        "0/9/abc\t1\t3\tshot\t(77)",
        "0/9/abc\t1\t4\tdead\t(0)",
        "0/9/abc\t1\t5\tyesterday\t-",
        "#end document",
    ]
    folder = tmp_path / "mentions_dev"
    folder.mkdir()
    (folder / "dataset.conll.gz").write_bytes(gzip.compress("\n".join(rows).encode()))
    [doc] = read_gvc_dev(tmp_path)
    assert doc.published == "2016-05-01" and doc.subtopic == "9"
    assert [(m.text, m.chain) for m in doc.mentions] == [("shot", "77")]


def test_predicted_mentions_match_gold_one_to_one(tmp_path):
    [doc] = read_ecb(_ecb_folder(tmp_path))

    def mention(mid, start, end):
        return EventMention(mid, "1_1ecb", "other", None, 0, 1, start, end, doc.text[start:end], None)

    flood = next(m for m in doc.mentions if m.text == "flood")
    # two predictions over one gold mention, overlapping it alike: the one starting with it wins
    wide = mention("p1", flood.start - 4, flood.end)
    exact = mention("p2", flood.start, flood.end)
    assert _match(doc.mentions, [wide, exact]) == {"p2": flood.id}


def test_issue8_published_references_print_beside_the_gold_mention_tables():
    from eval.coref import published

    ecb, gvc = "\n".join(published("ecb")), "\n".join(published("gvc"))
    assert "79.5" in ecb and "85.7" in ecb and "test" in ecb
    assert "59.4" in gvc and "51.5" in gvc
    assert published("meantime") == []
