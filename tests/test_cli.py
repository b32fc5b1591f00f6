"""The command line end to end: examples, bad input, exit codes, export validity, resume."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from rashomon import pipeline
from rashomon.cli import main
from rashomon.settings import load_settings

from .conftest import EXAMPLES, REPORTS


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    code = main(
        [
            "--config",
            str(EXAMPLES / "rashomon.toml"),
            "analyze",
            str(REPORTS),
            "--db",
            str(out / "d.db"),
            "--json",
            str(out / "a.json"),
            "--csv",
            str(out / "csv"),
            "--out",
            str(out / "report"),
            "--quiet",
        ]
    )
    return code, out


def test_examples_analyse_and_export_validates(demo, export_schema):
    code, out = demo
    assert code == 0
    export = json.loads((out / "a.json").read_text("utf-8"))
    jsonschema.validate(export, export_schema)
    assert {d["id"] for d in export["documents"]} == {
        "velmora_ministry",
        "ostrakan_news",
        "monitor_report",
        "wire_report",
    }
    assert export["problems"] == []


def test_every_annotation_matches_its_text(demo):
    _, out = demo
    export = json.loads((out / "a.json").read_text("utf-8"))
    texts = {d["id"]: d["text"] for d in export["documents"]}
    for doc in export["documents"]:
        for kind, items in doc["annotations"].items():
            for item in items:
                if "text" in item:
                    assert doc["text"][item["start"] : item["end"]] == item["text"], kind
    for m in export["mentions"]:
        text = texts[m["doc"]]
        assert text[m["trigger"]["start"] : m["trigger"]["end"]] == m["trigger"]["text"]
        for part in (*m["counts"], *m["labels"], *m["places"]):
            assert text[part["start"] : part["end"]] == part["text"]


def test_examples_exchange_is_one_event_with_its_discrepancies(demo):
    _, out = demo
    export = json.loads((out / "a.json").read_text("utf-8"))
    multi = [e for e in export["events"] if len(e["docs"]) >= 3]
    assert multi, "the exchange reported by all four examples should align"
    aspects = {d["aspect"] for e in multi for d in e["discrepancies"]}
    assert {"count", "label"} <= aspects


def test_report_and_csv_are_written(demo):
    _, out = demo
    assert (out / "report" / "index.html").exists()
    assert (out / "report" / "timeline.html").exists()
    assert (out / "csv" / "events.csv").read_text("utf-8").startswith("event,")


def test_second_run_reuses_the_store(tmp_path):
    settings = load_settings(EXAMPLES / "rashomon.toml", workers=1)
    first = pipeline.analyze([REPORTS], db=tmp_path / "s.db", settings=settings)
    second = pipeline.analyze([REPORTS], db=tmp_path / "s.db", settings=settings)
    assert len(first.analysed) == 4 and first.cached == []
    assert second.analysed == [] and len(second.cached) == 4
    assert second.events == first.events


def test_interrupted_run_resumes(tmp_path):
    settings = load_settings(EXAMPLES / "rashomon.toml", workers=1)

    def stop_after_two(phase, done, total):
        if phase == "documents" and done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pipeline.analyze([REPORTS], db=tmp_path / "s.db", settings=settings, progress=stop_after_two)
    resumed = pipeline.analyze([REPORTS], db=tmp_path / "s.db", settings=settings)
    assert len(resumed.cached) == 2 and len(resumed.analysed) == 2


def _bad_inputs(folder: Path) -> None:
    shutil.copy(REPORTS / "wire_report.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00" * 50)
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    (folder / "big.txt").write_text("word " * 5000)


def test_bad_input_is_listed_and_the_rest_analysed(tmp_path, capsys, export_schema):
    _bad_inputs(tmp_path)
    config = tmp_path / "small.toml"
    config.write_text("max_file_bytes = 20000\nworkers = 1\n")
    code = main(
        [
            "--config",
            str(config),
            "analyze",
            str(tmp_path),
            "--db",
            str(tmp_path / "s.db"),
            "--json",
            str(tmp_path / "a.json"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "Traceback" not in captured.err + captured.out
    export = json.loads((tmp_path / "a.json").read_text("utf-8"))
    jsonschema.validate(export, export_schema)
    assert [d["id"] for d in export["documents"]] == ["good"]
    problems = {Path(p["path"]).name: p for p in export["problems"]}
    assert set(problems) == {"empty.txt", "binary.txt", "truncated.pdf", "big.txt"}
    assert all(p["stage"] == "ingest" and p["message"] for p in problems.values())
    for name in problems:
        assert name in captured.err  # the summary table names each file


def test_nothing_analysable_exits_2(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    code = main(["analyze", str(tmp_path), "--db", str(tmp_path / "s.db"), "--quiet"])
    assert code == 2
    assert "empty.txt" in capsys.readouterr().err


def test_missing_path_is_a_problem_not_a_traceback(tmp_path, capsys):
    code = main(["analyze", str(tmp_path / "nope"), "--db", str(tmp_path / "s.db"), "--quiet"])
    assert code == 2
    assert "nope" in capsys.readouterr().err


def test_config_show_prints_the_settings(capsys):
    assert main(["config", "show"]) == 0
    assert json.loads(capsys.readouterr().out)["align_date_window_days"] >= 0


def test_timex_command_writes_timeml(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("The talks ended on Wednesday. A deal was signed on 3 May 2024.")
    assert main(["timex", str(source), str(tmp_path / "out.tml"), "--dct", "2024-05-10"]) == 0
    out = (tmp_path / "out.tml").read_text("utf-8")
    assert 'value="2024-05-08"' in out and 'value="2024-05-03"' in out
