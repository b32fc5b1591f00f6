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


# -- issue 9: hostile input ---------------------------------------------------------------------

STORY = "Velmora and Ostrakan exchanged 45 prisoners at Lisgar on 3 March 2025."


def _analyze(folder, db, *extra):
    return main(["analyze", str(folder), "--db", str(db), "--workers", "1", "--quiet", *extra])


def _export_json(db, tmp_path):
    out = tmp_path / "export.json"
    assert main(["export", "--db", str(db), "-o", str(out)]) == 0
    return json.loads(out.read_text("utf-8"))


def test_issue9_a_huge_count_does_not_poison_the_store(tmp_path, capsys, export_schema):
    """Issue 9: a 309-digit count made every later run on the store fail, even after the file was deleted."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(STORY)
    (docs / "huge.txt").write_text(
        f"Officials said {'9' * 320} soldiers were killed in the attack on 3 March 2025."
    )
    db = tmp_path / "s.db"
    assert _analyze(docs, db) == 0
    export = _export_json(db, tmp_path)
    jsonschema.validate(export, export_schema)
    assert all(c["value"] < 1e15 for m in export["mentions"] for c in m["counts"])
    (docs / "huge.txt").unlink()
    assert _analyze(docs, db) == 0
    assert [d["id"] for d in _export_json(db, tmp_path)["documents"]] == ["good"]
    assert "Traceback" not in capsys.readouterr().err


def test_issue9_a_store_poisoned_by_an_older_version_still_works(tmp_path, capsys):
    """Issue 9: an infinite count stored by an older version failed the corpus stage on every run."""
    from dataclasses import replace

    from rashomon import store
    from rashomon.pipeline import _prepare, load_stages
    from rashomon.settings import load_settings

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(STORY)
    (docs / "old.txt").write_text("Ostrakan freed 45 prisoners at Lisgar on 3 March 2025.")
    db = tmp_path / "s.db"
    assert _analyze(docs, db) == 0
    conn = store.connect(db)
    old = store.load_analysis(conn, "old")
    _prepare(load_settings(), load_stages())
    poisoned = [
        replace(m, counts=tuple(replace(c, value=float("inf")) for c in m.counts)) for m in old.events
    ]
    assert any(m.counts for m in poisoned)
    store.save_analysis(conn, replace(old, events=poisoned), "old-version")
    conn.close()
    assert _analyze(docs, db, "--keep-missing") == 0
    assert "Traceback" not in capsys.readouterr().err
    (docs / "old.txt").unlink()
    assert _analyze(docs, db) == 0
    assert [d["id"] for d in _export_json(db, tmp_path)["documents"]] == ["good"]


def test_issue9_sources_csv_edits_redo_the_analysis(tmp_path):
    """Issue 9: fixing a date or a side in sources.csv and re-running reported 'unchanged'."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Ostrakan freed 45 prisoners at Lisgar on Monday.")
    (docs / "sources.csv").write_text("file,side,published\na.txt,velmora,2025-03-05\n")
    db = tmp_path / "s.db"
    assert _analyze(docs, db) == 0
    (doc,) = _export_json(db, tmp_path)["documents"]
    assert (doc["side"], doc["published"]) == ("velmora", "2025-03-05")
    monday = [t for t in doc["annotations"]["dates"] if t["text"] == "on Monday"]
    assert monday and monday[0]["value"] == "2025-03-03"
    (docs / "sources.csv").write_text("file,side,published\na.txt,ostrakan,2025-03-12\n")
    assert _analyze(docs, db) == 0
    (doc,) = _export_json(db, tmp_path)["documents"]
    assert (doc["side"], doc["published"]) == ("ostrakan", "2025-03-12")
    monday = [t for t in doc["annotations"]["dates"] if t["text"] == "on Monday"]
    assert monday[0]["value"] == "2025-03-10"


def test_issue9_one_bad_sources_row_keeps_the_others(tmp_path, capsys):
    """Issue 9: one bad row in sources.csv dropped every row's metadata with exit 0, silently."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(STORY)
    (docs / "b.txt").write_text("Ostrakan freed 45 prisoners at Lisgar on 3 March 2025.")
    (docs / "sources.csv").write_text(
        "file,side,published\na.txt,velmora,2025-03-05\nb.txt,ostrakan,14/3/2025\n"
    )
    assert _analyze(docs, tmp_path / "s.db") == 0
    export = _export_json(tmp_path / "s.db", tmp_path)
    assert {d["id"]: d["side"] for d in export["documents"]} == {"a": "velmora", "b": None}
    assert any(p["stage"] == "sources" and "line 3" in p["message"] for p in export["problems"])
    assert "line 3: bad published date" in capsys.readouterr().err


def test_issue9_removed_and_emptied_files_leave_the_corpus(tmp_path, capsys):
    """Issue 9: a removed document stayed in the corpus with nothing said; an emptied one kept its
    old mentions beside an 'empty file' problem."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "b", "c"):
        (docs / f"{name}.txt").write_text(STORY)
    db = tmp_path / "s.db"
    assert _analyze(docs, db) == 0
    (docs / "b.txt").unlink()
    (docs / "c.txt").write_text("")
    assert _analyze(docs, db, "--keep-missing") == 0
    export = _export_json(db, tmp_path)
    assert [d["id"] for d in export["documents"]] == ["a", "b"]  # c is emptied: its mentions go
    assert {m["doc"] for m in export["mentions"]} == {"a", "b"}
    capsys.readouterr()
    assert _analyze(docs, db) == 0
    assert "1 stored documents whose file is gone left the corpus (b)" in capsys.readouterr().err
    export = _export_json(db, tmp_path)
    assert [d["id"] for d in export["documents"]] == ["a"]
    assert {m["doc"] for m in export["mentions"]} == {"a"}


def test_issue9_a_folder_given_relative_then_absolute_is_analysed_once(tmp_path, monkeypatch):
    """Issue 9: the same folder given as an absolute path after a relative one was stored twice."""
    from rashomon import store
    from rashomon.model import Analysis, Document

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(STORY)
    (tmp_path / "docs" / "b.txt").write_text(STORY)
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "s.db"
    # a store written before paths were resolved holds 'docs/a.txt' as typed
    conn = store.connect(db)
    store.save_analysis(
        conn, Analysis(doc=Document(id="a", path="docs/a.txt", text=STORY, sha256="old")), "k"
    )
    conn.close()
    assert _analyze("docs", db) == 0
    assert _analyze(tmp_path / "docs", db) == 0
    export = _export_json(db, tmp_path)
    assert sorted(d["id"] for d in export["documents"]) == ["a", "b"]
    assert all(Path(d["path"]).is_absolute() for d in export["documents"])


def test_issue9_links_pipes_and_devices_do_not_leak_or_hang(tmp_path, capsys):
    """Issue 9: a link to a file outside the folder ended up in the export; a FIFO hung the run."""
    import os

    from tests.helpers import hang_guard

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(STORY)
    (tmp_path / "private.txt").write_text("My private diary: the password is swordfish.")
    (docs / "outside.txt").symlink_to(tmp_path / "private.txt")
    (docs / "loop.txt").symlink_to(docs / "loop.txt")
    (docs / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(docs / "pipe.txt")
    with hang_guard(120):
        assert _analyze(docs, tmp_path / "s.db", "--json", str(tmp_path / "a.json")) == 0
    exported = (tmp_path / "a.json").read_text("utf-8")
    assert "swordfish" not in exported
    export = json.loads(exported)
    assert [d["id"] for d in export["documents"]] == ["a"]
    assert {Path(p["path"]).name for p in export["problems"]} == {
        "outside.txt",
        "loop.txt",
        "zero.txt",
        "pipe.txt",
    }
    assert "Traceback" not in capsys.readouterr().err


def test_issue9_internal_errors_go_to_the_log_file(tmp_path, capsys, monkeypatch):
    """Issue 9: tracebacks of internal errors go to a log file named in the message, never to the terminal."""
    from rashomon import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("something broke inside")

    monkeypatch.setattr(pipeline, "analyze", broken)
    db = tmp_path / "store" / "s.db"
    assert _analyze(tmp_path, db) == 1
    err = capsys.readouterr().err
    log = tmp_path / "store" / "rashomon.log"
    assert "Traceback" not in err
    assert f"internal error: RuntimeError: something broke inside (details in {log})" in err
    assert "Traceback" in log.read_text("utf-8") and "something broke inside" in log.read_text("utf-8")


def test_issue9_timex_refuses_an_impossible_dct_and_survives_huge_shifts(tmp_path, capsys):
    """Issue 9: `timex --dct 2021-02-31` was accepted; a huge relative date was an internal error."""
    source = tmp_path / "in.txt"
    source.write_text("On March 3, 2021 the talks began. It happened 828808130233 days earlier.")
    assert main(["timex", str(source), str(tmp_path / "out.tml"), "--dct", "2021-02-31"]) == 1
    assert "--dct '2021-02-31': not a calendar date" in capsys.readouterr().err
    assert main(["timex", str(source), str(tmp_path / "out.tml"), "--dct", "2021-03-10"]) == 0
    assert "828808130233 days earlier</TIMEX3>" in (tmp_path / "out.tml").read_text("utf-8")


def test_issue9_a_file_that_is_no_store_is_named_not_an_internal_error(tmp_path, capsys):
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database at all " * 50)
    assert main(["export", "--db", str(bogus), "-o", str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err and "notes.db" in err and "not an SQLite database" in err


def test_issue9_a_store_the_user_cannot_write_can_be_exported(tmp_path, monkeypatch):
    """Issue 9: a database the user can read but not write could not be exported or served."""
    import os
    import sqlite3

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(STORY)
    db = tmp_path / "ro" / "s.db"
    assert _analyze(docs, db) == 0
    if os.geteuid() == 0:
        # root may write anything: SQLite's answer for a WAL store in a folder nobody may write is
        # played back instead of a chmod
        real = sqlite3.connect

        def connect(database, *args, **kwargs):
            if "mode=ro" in str(database) and "immutable=1" not in str(database):
                raise sqlite3.OperationalError("unable to open database file")
            return real(database, *args, **kwargs)

        monkeypatch.setattr(sqlite3, "connect", connect)
    else:
        db.chmod(0o444)
        db.parent.chmod(0o555)
    try:
        export = _export_json(db, tmp_path)
    finally:
        db.parent.chmod(0o755)
    assert [d["id"] for d in export["documents"]] == ["a"]
