"""The GVDB casualty scorer (issue 13 item 5): reading the gold, the document reading, the metric."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from eval.casualties import HALVES, Tally, baseline, document_casualties, half_of, read_articles
from tests.helpers import analysis_of

from rashomon.model import Analysis, CountMention, EventMention, Participant
from rashomon.pipeline import _prepare, analyse_document, load_stages
from rashomon.settings import default_settings


@pytest.fixture(scope="module")
def analyse():
    _prepare(default_settings(), load_stages())

    def run(text: str) -> Analysis:
        analysis, problems = analyse_document(analysis_of(text).doc)
        assert problems == []
        return analysis

    return run


def _victims(*outcomes: list[str]) -> str:
    return json.dumps({"victim-section": [{"victim-was": o} for o in outcomes]})


def _write_tsv(path: Path) -> None:
    # Written for this test in the file's format: title glued to the text, one row without victims.
    rows = [
        ("1", "Man shot on Elm Street", "Man shot on Elm StreetA man was shot.", _victims(["injured"])),
        (
            "2",
            "Two dead",
            "Two dead in crash. Two men were killed.",
            _victims(["killed"], ["killed", "hospitalized"], ["hospitalized"]),
        ),
        ("3", "Quiet night", "Nothing happened.", json.dumps({})),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t")
    writer.writerow(["Article id", "Article url", "Article title", "Full text", "Json", "Worker"])
    for aid, title, text, data in rows:
        writer.writerow([aid, "http://example.org", title, text, data, "w"])
    path.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8")))


def test_read_articles_counts_victims_and_parts_the_title(tmp_path: Path) -> None:
    _write_tsv(tmp_path / "dev.tsv.gz")
    first, second, third = read_articles(tmp_path)
    assert (first.killed, first.injured) == (0, 1)
    assert first.text == "Man shot on Elm Street\nA man was shot."
    assert (second.killed, second.injured) == (2, 0)  # 'hospitalized' alone is not 'injured'
    assert (third.killed, third.injured) == (0, 0)
    assert [a.id for a in read_articles(tmp_path, limit=2)] == ["1", "2"]


def _p(role: str, start: int, word: int, value: float | None = None, **flags: object) -> Participant:
    count = None
    if value is not None:
        count = CountMention(start, start + 1, "n", value, part=bool(flags.pop("part", False)))
        whole = flags.pop("whole", None)
        if whole is not None:
            count = CountMention(start, start + 1, "n", value, part=True, whole=float(whole))  # type: ignore[arg-type]
    return Participant(
        mention=str(flags.pop("mention", "d:m1")),
        start=start,
        end=start + 1,
        text="x",
        role=role,
        role_start=word,
        role_end=word + 1,
        role_text="w",
        count=count,
        singular=bool(flags.pop("singular", value is None)),
        negated=bool(flags.pop("negated", False)),
        unreal=bool(flags.pop("unreal", False)),
        pronoun=bool(flags.pop("pronoun", False)),
    )


def _mention(mid: str, modality: str) -> EventMention:
    return EventMention(mid, "d", "casualties", None, 0, 1, 0, 1, "x", None, modality=modality)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("participants", "mentions", "expected"),
    [
        # the first word with a figure states the incident; a later figure (another incident) does not
        ([_p("killed", 0, 5, 2), _p("killed", 100, 105, 9)], [], {"killed": 2, "injured": 0}),
        # the groups of one word add up: 'killing his five children and his wife'
        ([_p("killed", 10, 5, 5), _p("killed", 30, 5)], [], {"killed": 6, "injured": 0}),
        # a part whose whole is written leaves the figure to the whole
        ([_p("wounded", 0, 5, 24), _p("wounded", 20, 5, 13, whole=24)], [], {"killed": 0, "injured": 24}),
        # a part without its whole is the group's own figure: 'three of the victims died'
        ([_p("killed", 0, 5, 3, part=True)], [], {"killed": 3, "injured": 0}),
        # nobody hurt, a threat, or a mention the text does not assert add nothing
        (
            [
                _p("wounded", 0, 5, negated=True),
                _p("killed", 10, 15, unreal=True),
                _p("killed", 20, 25, mention="d:m2"),
            ],
            [_mention("d:m2", "hypothetical")],
            {"killed": 0, "injured": 0},
        ),
        # a lone person shot and then dead is killed only
        ([_p("wounded", 0, 5), _p("killed", 20, 25, pronoun=True)], [], {"killed": 1, "injured": 0}),
        # a written wounded figure stays beside the killed one
        ([_p("killed", 0, 5, 1), _p("wounded", 20, 25, 1)], [], {"killed": 1, "injured": 1}),
    ],
)
def test_document_casualties(participants, mentions, expected) -> None:
    assert document_casualties(participants, mentions) == expected


def _group(text: str, start: int, role: str, word: int) -> Participant:
    return Participant(
        mention="d:m1",
        start=start,
        end=start + len(text),
        text=text,
        role=role,
        role_start=word,
        role_end=word + 1,
        role_text="w",
        singular=True,
    )


# issue 13 (GVDB error analysis): a wounded person named as someone else stays beside the one killed
@pytest.mark.parametrize(
    ("text", "wounded", "expected_injured"),
    [
        ("A man was shot and died. Police said he had been shot twice.", "he", 0),
        ("A man was shot and died. The shooting left another teen wounded.", "teen", 1),
        ("A man was shot and died. The second victim was treated in hospital.", "second victim", 1),
    ],
)
def test_issue13_another_wounded_person_is_not_the_one_killed(text, wounded, expected_injured) -> None:
    killed = _group("man", text.index("man"), "killed", text.index("died"))
    hurt = _group(wounded, text.index(wounded, 25), "wounded", text.index(wounded, 25) + len(wounded))
    found = document_casualties([killed, hurt], (), text)
    assert found == {"killed": 1, "injured": expected_injured}


def _read(analyse, text: str) -> dict[str, int]:
    analysis = analyse(text)
    return document_casualties(analysis.participants, analysis.events, text)


# issue 13 (GVDB / GVA error analysis): the reading through every stage, on sentences written here
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # those shot include the dead the same sentence gives after them
        ("Two teens were shot on Monday, leaving one dead.", {"killed": 1, "injured": 1}),
        # a shooter who killed himself is not one of those shot
        ("He shot three women on Sunday and then killed himself.", {"killed": 1, "injured": 3}),
        # the person shot whom a pronoun of the dead picks up right after is the one killed
        ("A teen was hit by gunfire on Elm Street. He died at the hospital.", {"killed": 1, "injured": 0}),
        # a name repeated as dead is the one killed; the other person is wounded
        (
            "James Carter was shot near the park, and another man was wounded. Carter died on Friday.",
            {"killed": 1, "injured": 1},
        ),
    ],
)
def test_issue13_reading(analyse, text: str, expected: dict[str, int]) -> None:
    assert _read(analyse, text) == expected


def test_issue13_halves_are_fixed_and_cover_every_article(tmp_path: Path) -> None:
    _write_tsv(tmp_path / "dev.tsv.gz")
    halves = {half: [a.id for a in read_articles(tmp_path, half=half)] for half in HALVES}
    assert sorted(halves["train"] + halves["dev"]) == ["1", "2", "3"]
    assert all(half_of(aid) == half for half, ids in halves.items() for aid in ids)
    # the half is a function of the id alone (CRC-32 parity), so it never moves between runs
    assert [half_of(aid) for aid in ("3", "4", "10", "7")] == ["dev", "train", "dev", "train"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two people were killed and 3 were wounded.", {"killed": 2, "injured": 3}),
        ("The blast left 4 dead, killing 6 in all.", {"killed": 6, "injured": 0}),
        ("Nobody was hurt.", {"killed": 0, "injured": 0}),
    ],
)
def test_baseline(text: str, expected: dict[str, int]) -> None:
    assert baseline(text) == expected


def test_tally_metric() -> None:
    tally = Tally()
    tally.add({"killed": 1, "injured": 0}, {"killed": 1, "injured": 0})  # TP killed; injured 0 = 0: nothing
    tally.add({"killed": 2, "injured": 1}, {"killed": 3, "injured": 0})  # wrong killed: FP and FN; FN injured
    tally.add({"killed": 0, "injured": 0}, {"killed": 0, "injured": 2})  # FP injured
    assert (tally.tp["killed"], tally.fp["killed"], tally.fn["killed"]) == (1, 1, 1)
    assert (tally.tp["injured"], tally.fp["injured"], tally.fn["injured"]) == (0, 1, 1)
    figures = tally.figures()
    assert figures["killed_precision"] == figures["killed_recall"] == figures["killed_f1"] == 0.5
    assert figures["injured_f1"] == 0.0
    assert figures["killed_acc"] == pytest.approx(2 / 3)
