"""The scorer counts TP/FP/FN right, maps cleaned offsets to raw, and the gate fails below a floor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eval.score import match, prf, score, to_raw, to_raw_span

from eval import gate

# Invented texts: the raw file has a two-line header the cleaner drops, so clean offsets = raw - HEADER.
HEADER = "PAGE 1\n\n"
RAW_A = (
    HEADER
    + "On 3 May 2022 Velmora freed 12 detainees in Ostrakan. Two days later guards captured 4 saboteurs."
)
RAW_B = "Velmora released twelve prisoners of war on 3 May 2022 at Port Lune."
CLEAN_A = RAW_A[len(HEADER) :]


def _at(raw: str, text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = raw.index(text, start + 1)
    return start, start + len(text)


def _rec(kind: str, doc: str, raw: str, text: str, **kw: Any) -> dict[str, Any]:
    start, end = _at(raw, text)
    return {"kind": kind, "doc": doc, "start": start, "end": end, "text": text, "id": f"{doc}-{start}", **kw}


def _gold(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(RAW_A, "utf-8")
    (seeds / "b.txt").write_text(RAW_B, "utf-8")
    recs = [
        {"kind": "coverage", "doc": "a.txt", "stage": s, "ranges": [[0, len(RAW_A)]]}
        for s in ("timex", "count", "place", "label", "actor", "event")
    ]
    recs += [
        _rec("timex", "a.txt", RAW_A, "3 May 2022", type="date", value="2022-05-03", granularity="day"),
        _rec("timex", "a.txt", RAW_A, "Two days later", type="date", value="2022-05-05", granularity="day"),
        _rec("timex", "b.txt", RAW_B, "3 May 2022", type="date", value="2022-05-03", granularity="day"),
        _rec("count", "a.txt", RAW_A, "12", value=12, high=None, approx=None, what="detainees"),
        _rec("count", "a.txt", RAW_A, "4", value=4, high=None, approx=None, what="saboteurs"),
        _rec("count", "b.txt", RAW_B, "twelve", value=12, high=None, approx=None, what="prisoners of war"),
        _rec(
            "place", "a.txt", RAW_A, "Ostrakan", name="Ostrakan", key="ostrakan", resolved_names=["Ostrakan"]
        ),
        _rec(
            "place",
            "b.txt",
            RAW_B,
            "Port Lune",
            name="Port Lune",
            key="ostrakan",
            resolved_names=["Ostrakan"],
        ),
        _rec(
            "place",
            "b.txt",
            RAW_B,
            "Velmora",
            name="Velmora",
            key="velmora",
            resolved_names=["Velmora"],
            optional=True,
        ),
        _rec("label", "a.txt", RAW_A, "detainees", label="detainee"),
        _rec("label", "a.txt", RAW_A, "saboteurs", label="saboteur"),
        _rec("label", "b.txt", RAW_B, "prisoners of war", label="prisoner_of_war"),
        _rec(
            "event",
            "a.txt",
            RAW_A,
            "freed",
            type="release",
            types_ok=["prisoner_exchange"],
            date={"value": "2022-05-03", "granularity": "day", "value_ok": []},
            counts=[12],
            cluster="rel",
        ),
        _rec(
            "event",
            "a.txt",
            RAW_A,
            "captured",
            type="detention",
            types_ok=[],
            date=None,
            counts=[4],
            cluster="cap",
        ),
        _rec(
            "event",
            "b.txt",
            RAW_B,
            "released",
            type="release",
            types_ok=[],
            date={"value": "2022-05-03", "granularity": "day", "value_ok": []},
            counts=[12],
            cluster="rel",
        ),
        {"kind": "discrepancy", "cluster": "rel", "aspect": "label", "id": "rel-label"},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")
    return path


def _span(clean: str, text: str, nth: int = 0) -> dict[str, Any]:
    start, end = _at(clean, text, nth)
    return {"start": start, "end": end, "text": text}


def _export() -> dict[str, Any]:
    """A prediction with known errors, annotated on the cleaned text of a.txt."""
    a_ann = {
        # one right date, one wrong value on a matched span: 2 TP, value_acc 1/2
        "dates": [
            {**_span(CLEAN_A, "3 May 2022"), "value": "2022-05-03", "granularity": "day", "kind": "date"},
            {**_span(CLEAN_A, "Two days"), "value": "2022-05-04", "granularity": "day", "kind": "date"},
        ],
        # right span, wrong value for '4' -> FP + FN; 'Two' is a spurious count -> FP
        "counts": [
            {**_span(CLEAN_A, "12"), "value": 12, "high": None, "approx": None, "what": "detainees"},
            {**_span(CLEAN_A, "4 "), "value": 40, "high": None, "approx": None, "what": "saboteurs"},
            {**_span(CLEAN_A, "Two"), "value": 2, "high": None, "approx": None, "what": "days"},
        ],
        "places": [{**_span(CLEAN_A, "Ostrakan"), "place": "p1"}],
        "labels": [
            {**_span(CLEAN_A, "detainees"), "label": "detainee"},
            {**_span(CLEAN_A, "saboteurs"), "label": "terrorist"},
        ],
        "actors": [],
    }
    b_ann = {
        "dates": [],
        "counts": [
            {**_span(RAW_B, "twelve"), "value": 12, "high": None, "approx": None, "what": "prisoners"}
        ],
        "places": [
            {**_span(RAW_B, "Port Lune"), "place": "p1"},
            {**_span(RAW_B, "Velmora"), "place": "p2"},
        ],
        "labels": [{**_span(RAW_B, "prisoners of war"), "label": "prisoner_of_war"}],
        "actors": [],
    }

    def mention(
        mid: str, doc: str, clean: str, trig: str, typ: str, event: str, date: str | None
    ) -> dict[str, Any]:
        return {
            "id": mid,
            "doc": doc,
            "event": event,
            "type": typ,
            "sentence": {"start": 0, "end": 1},
            "trigger": _span(clean, trig),
            "date": None if date is None else {"value": date, "granularity": "day"},
            "places": [],
            "counts": [],
            "actors": [],
            "labels": [],
            "attribution": None,
            "modality": "asserted",
        }

    return {
        "format": "rashomon/1",
        "tool": {"name": "rashomon", "version": "test"},
        "documents": [
            {
                "id": "A",
                "path": "/x/a.txt",
                "text": CLEAN_A,
                "sha256": "0",
                "offset_map": [[0, len(HEADER)]],
                "annotations": a_ann,
            },
            {
                "id": "B",
                "path": "b.txt",
                "text": RAW_B,
                "sha256": "0",
                "offset_map": [[0, 0]],
                "annotations": b_ann,
            },
        ],
        "places": [
            {"id": "p1", "name": "Ostrakan", "names": [{"name": "Ostrakan"}, {"name": "Port Lune"}]},
            {"id": "p2", "name": "Velmora", "names": [{"name": "Velmora"}]},
        ],
        "mentions": [
            mention("m1", "A", CLEAN_A, "freed", "release", "e1", "2022-05-03"),
            mention("m2", "A", CLEAN_A, "captured", "attack", "e2", None),  # wrong type: FP + FN
            mention("m3", "B", RAW_B, "released", "release", "e1", "2022-05-02"),
        ],
        "events": [
            {
                "id": "e1",
                "type": "release",
                "date": None,
                "places": [],
                "mentions": ["m1", "m3"],
                "docs": ["A", "B"],
                "discrepancies": [{"aspect": "label", "kind": "framing", "values": []}],
            },
            {
                "id": "e2",
                "type": "attack",
                "date": None,
                "places": [],
                "mentions": ["m2"],
                "docs": ["A"],
                "discrepancies": [],
            },
        ],
        "framing": {"place_names": [], "terms": []},
    }


@pytest.mark.parametrize(
    ("anchors", "clean", "raw"),
    [
        ([], 7, 7),
        ([[0, 8]], 0, 8),
        ([[0, 8]], 5, 13),
        ([[0, 0], [5, 8], [10, 20]], 3, 3),
        ([[0, 0], [5, 8], [10, 20]], 6, 9),
        ([[0, 0], [5, 8], [10, 20]], 12, 22),
        ([[0, 0], [5, 100]], 4, 4),
    ],
)
def test_to_raw(anchors: list[list[int]], clean: int, raw: int) -> None:
    assert to_raw(anchors, clean) == raw


def test_to_raw_span_end_maps_past_last_char() -> None:
    # the span ends right at an anchor that jumps: the end must stay beside its last character
    assert to_raw_span([[0, 0], [5, 100]], 2, 5) == (2, 5)
    assert to_raw_span([[0, 0], [5, 100]], 5, 7) == (100, 102)


def test_prf_counts() -> None:
    assert prf(2, 1, 1) == pytest.approx(
        {"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3, "tp": 2, "fp": 1, "fn": 1}
    )
    assert prf(0, 0, 0)["f1"] == 1.0


def test_match_is_one_to_one() -> None:
    gold = [{"start": 0, "end": 10}, {"start": 12, "end": 14}]
    pred = [{"raw_start": 0, "raw_end": 3}, {"raw_start": 2, "raw_end": 9}, {"raw_start": 20, "raw_end": 22}]
    assert match(gold, pred, lambda g, p: True) == [(0, 1)]


def test_score_counts(tmp_path: Path) -> None:
    scores = score(_export(), _gold(tmp_path), tmp_path / "seeds")
    dates = scores["dates"]
    assert (dates["tp"], dates["fp"], dates["fn"]) == (2, 0, 1)
    assert dates["value_acc"] == 0.5
    counts = scores["counts"]
    assert (counts["tp"], counts["fp"], counts["fn"]) == (2, 2, 1)
    assert counts["what_acc"] == 1.0
    places = scores["places"]
    # the optional 'Velmora' is neither rewarded nor penalised
    assert (places["tp"], places["fp"], places["fn"]) == (2, 0, 0)
    assert places["resolution_acc"] == 1.0
    assert places["alias_groups"] == 1.0
    labels = scores["labels"]
    assert (labels["tp"], labels["fp"], labels["fn"]) == (2, 1, 1)
    events = scores["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (2, 1, 1)
    assert events["date_acc"] == 0.5
    assert scores["alignment"]["f1"] == 1.0
    assert scores["alignment"]["cross_gold_pairs"] == 1
    assert scores["discrepancies"]["rel-label"] == 1.0


def test_score_alignment_split_and_missing_discrepancy(tmp_path: Path) -> None:
    export = _export()
    export["mentions"][2]["event"] = "e3"
    export["events"][0]["discrepancies"] = []
    scores = score(export, _gold(tmp_path), tmp_path / "seeds")
    assert scores["alignment"]["recall"] == 0.0
    assert scores["alignment"]["precision"] == 1.0  # no predicted pair at all
    assert scores["discrepancies"]["recall"] == 0.0


def test_score_empty_export(tmp_path: Path) -> None:
    export = {"documents": [], "places": [], "mentions": [], "events": []}
    scores = score(export, _gold(tmp_path), tmp_path / "seeds")
    assert scores["dates"]["recall"] == 0.0
    assert scores["events"]["fn"] == 3
    assert scores["coverage"]["documents"] == 0.0


def test_coverage_excludes_predictions_outside(tmp_path: Path) -> None:
    gold_path = _gold(tmp_path)
    lines = [json.loads(x) for x in gold_path.read_text("utf-8").splitlines()]
    for rec in lines:
        if rec["kind"] == "coverage" and rec["stage"] == "count":
            rec["ranges"] = [[0, RAW_A.index("Two")]]
        if rec["kind"] == "count" and rec["doc"] == "a.txt" and rec["text"] == "4":
            rec["kind"] = "dropped"
    gold_path.write_text("".join(json.dumps(r) + "\n" for r in lines if r["kind"] != "dropped"), "utf-8")
    counts = score(_export(), gold_path, tmp_path / "seeds")["counts"]
    assert (counts["tp"], counts["fp"], counts["fn"]) == (2, 0, 0)


@pytest.mark.parametrize(("floor", "status"), [(0.5, 0), (0.99, 1)])
def test_gate_exit_status(
    tmp_path: Path, floor: float, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold(tmp_path)
    export = tmp_path / "analysis.json"
    export.write_text(json.dumps(_export()), "utf-8")
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"dates.f1": floor}), "utf-8")
    argv = [
        "--export",
        str(export),
        "--gold",
        str(gold),
        "--floors",
        str(floors),
        "--seeds",
        str(tmp_path / "seeds"),
        "--seeds-only",
    ]
    assert gate.main(argv) == status
    assert "dates" in capsys.readouterr().out


# issue 13: the GVDB and NewsQuant floors are neither checked nor rewritten with --seeds-only
def test_gate_seeds_only_keeps_the_public_data_floors(tmp_path: Path) -> None:
    gold = _gold(tmp_path)
    export = tmp_path / "analysis.json"
    export.write_text(json.dumps(_export()), "utf-8")
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"dates.f1": 0.0, "gvdb.killed_f1": 0.99, "newsquant.numbers_f1": 0.99}))
    argv = ["--export", str(export), "--gold", str(gold), "--floors", str(floors)]
    argv += ["--seeds", str(tmp_path / "seeds"), "--seeds-only"]
    assert gate.main(argv) == 0
    assert gate.main([*argv, "--write-floors"]) == 0
    assert json.loads(floors.read_text("utf-8"))["gvdb.killed_f1"] == 0.99


def test_gate_write_floors(tmp_path: Path) -> None:
    gold = _gold(tmp_path)
    export = tmp_path / "analysis.json"
    export.write_text(json.dumps(_export()), "utf-8")
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"dates.f1": 0.0, "places.f1": 0.0}), "utf-8")
    argv = [
        "--export",
        str(export),
        "--gold",
        str(gold),
        "--floors",
        str(floors),
        "--seeds",
        str(tmp_path / "seeds"),
        "--seeds-only",
    ]
    assert gate.main([*argv, "--write-floors"]) == 0
    written = json.loads(floors.read_text("utf-8"))
    assert written == {"dates.f1": pytest.approx(0.8 - 0.02, abs=1e-3), "places.f1": 0.98}
    assert gate.main(argv) == 0
