import xml.etree.ElementTree as ET
from pathlib import Path

from rashomon.timex import timex_file

TEMPEVAL_LIKE = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>demo1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-05-10" temporalFunction="false" functionInDocument="CREATION_TIME">May 10, 2024</TIMEX3></DCT>
<TEXT>
The envoys <EVENT eid="e1" class="OCCURRENCE">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2024-05-08">on Wednesday</TIMEX3> &amp; talked for 3 hours.
</TEXT>
</TimeML>
"""


def test_plain_text_round_trip(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("The talks ended on Wednesday & a deal came on 3 May 2024 <after> 44 days.")
    count = timex_file(src, tmp_path / "out.tml", "2024-05-10")
    root = ET.parse(tmp_path / "out.tml").getroot()
    tags = root.find("TEXT").findall("TIMEX3")
    assert count == len(tags) == 3
    assert [(t.get("type"), t.get("value"), t.text) for t in tags] == [
        ("DATE", "2024-05-08", "on Wednesday"),
        ("DATE", "2024-05-03", "3 May 2024"),
        ("DURATION", "P44D", "44 days"),
    ]
    assert "".join(root.find("TEXT").itertext()) == src.read_text()


def test_tempeval_input_uses_its_dct_and_drops_its_tags(tmp_path):
    src = tmp_path / "doc.tml"
    src.write_text(TEMPEVAL_LIKE)
    timex_file(src, tmp_path / "out.tml", None)
    root = ET.parse(tmp_path / "out.tml").getroot()
    assert root.find("DOCID").text == "demo1"
    assert root.find("DCT/TIMEX3").get("value") == "2024-05-10"
    values = [t.get("value") for t in root.find("TEXT").findall("TIMEX3")]
    assert values == ["2024-05-08", "PT3H"] or values[0] == "2024-05-08"
    assert root.find("TEXT").find("EVENT") is None


def test_empty_and_no_match_files(tmp_path):
    for text in ("", "Nothing with a time here."):
        src = tmp_path / "in.txt"
        src.write_text(text)
        assert timex_file(src, tmp_path / "out.tml", None) == 0
        root = ET.parse(tmp_path / "out.tml").getroot()
        assert root.find("DCT") is None and root.find("TEXT").findall("TIMEX3") == []


def test_tempeval_training_file_round_trip(tmp_path):
    import pytest

    folder = Path("/work/shared/datasets/tempeval3_train/TimeBank")
    files = sorted(folder.glob("*.tml"))[:3]
    if not files:
        pytest.skip("TempEval-3 data not available")
    for src in files:
        count = timex_file(src, tmp_path / "out.tml", None)
        root = ET.parse(tmp_path / "out.tml").getroot()
        assert count == len(root.find("TEXT").findall("TIMEX3")) > 0
        assert root.find("DCT/TIMEX3").get("functionInDocument") == "CREATION_TIME"
