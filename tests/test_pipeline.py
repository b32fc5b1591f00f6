"""The runner: stage order checks and per-stage failure isolation."""

from __future__ import annotations

import pytest

from rashomon import pipeline
from rashomon.errors import ConfigError
from rashomon.model import Document, Sentence
from rashomon.settings import default_settings, load_settings
from rashomon.stages import Stage


def _stage(name, requires, assigns, fn):
    return Stage(
        name=name, version=f"{name}.test.v1", requires=requires, assigns=assigns, factory=lambda s: fn
    )


def _sentences(analysis, settings):
    return [Sentence(0, len(analysis.doc.text), analysis.doc.text)]


def _broken(analysis, settings):
    raise ValueError("cannot cope")


def test_registered_stages_are_in_a_valid_order():
    names = [s.assigns for s in pipeline.load_stages()]
    assert names[0] == "sentences"
    # participants read the event mentions (issue 13)
    assert names[-2:] == ["events", "participants"]


def test_a_stage_whose_input_is_never_assigned_is_refused():
    with pytest.raises(ConfigError, match="dates requires sentences"):
        pipeline.check_order([_stage("dates", ("sentences",), "dates", _sentences)])


def test_a_failing_stage_is_recorded_and_its_dependents_skipped():
    stages = [
        _stage("sentences", (), "sentences", _sentences),
        _stage("dates", ("sentences",), "dates", _broken),
        _stage("counts", ("dates",), "counts", _sentences),
        _stage("labels", ("sentences",), "labels", lambda a, s: []),
    ]
    pipeline._prepare(default_settings(), stages)
    doc = Document(id="d1", path="/tmp/d1.txt", text="Some text.", sha256="x")
    analysis, problems = pipeline.analyse_document(doc)
    assert len(analysis.sentences) == 1
    assert [(p.doc, p.stage) for p in problems] == [("d1", "dates")]
    assert "ValueError: cannot cope" in problems[0].message
    assert analysis.counts == []  # skipped: it needs the failed stage


def test_pipeline_key_changes_with_a_stage_version():
    settings = default_settings()
    a = [_stage("sentences", (), "sentences", _sentences)]
    b = [Stage("sentences", "sentences.test.v2", (), "sentences", lambda s: _sentences)]
    assert pipeline.pipeline_key(a, settings) != pipeline.pipeline_key(b, settings)


# -- issue 9: limits per document, hung and killed workers ---------------------------------------


def _bomb_pdf(size: int) -> bytes:
    """A small PDF whose one content stream unpacks to ``size`` bytes of text operators."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    op = b"BT /F1 12 Tf 72 720 Td (officials said) Tj ET\n"
    stream = DecodedStreamObject()
    stream.set_data(op * (size // len(op)))
    page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


GOOD = "Velmora and Ostrakan exchanged 45 prisoners at Lisgar on 3 March 2025."


# the alarm may ring inside hypothesis's garbage-collector callback (installed by other tests), where
# Python reports the exception as unraisable and drops it; the time limit rings again and stops the
# document all the same
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_issue9_a_pdf_bomb_is_stopped_by_the_time_limit_and_the_run_goes_on(tmp_path):
    """Issue 9: a PDF of 170 KB with a 50 MB content stream hung in text extraction."""
    from tests.helpers import hang_guard

    from rashomon import store

    data = _bomb_pdf(30_000_000)
    assert len(data) < 200_000
    (tmp_path / "bomb.pdf").write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD)
    settings = load_settings(workers=1, max_seconds_per_document=2)
    with hang_guard(120):
        summary = pipeline.analyze([tmp_path], db=tmp_path / "s.db", settings=settings)
    assert summary.documents == ["good"]
    (problem,) = summary.problems
    assert problem.path.endswith("bomb.pdf") and problem.stage == "ingest"
    assert "max_seconds_per_document (2 s)" in problem.message
    conn = store.connect(tmp_path / "s.db")
    assert [(p.stage, p.doc) for p in store.problems(conn)] == [("ingest", "bomb")]


def _endless(analysis, settings):
    while "stall" in analysis.doc.text:
        pass
    return []


def test_issue9_a_stage_past_the_time_limit_is_named_and_what_it_did_is_kept():
    from dataclasses import replace

    stages = [
        _stage("sentences", (), "sentences", _sentences),
        _stage("labels", ("sentences",), "labels", _endless),
        _stage("counts", ("sentences",), "counts", lambda a, s: []),
    ]
    settings = replace(default_settings(), max_seconds_per_document=1)
    pipeline._prepare(settings, stages)
    doc = Document(id="d1", path="/tmp/d1.txt", text="They stall.", sha256="x")
    analysis, problems = pipeline.analyse_document(doc)
    assert analysis.sentences  # done before the limit
    assert [(p.stage, p.doc) for p in problems] == [("labels", "d1")]
    assert "max_seconds_per_document (1 s)" in problems[0].message


def _blocking(analysis, settings):
    import signal
    import time

    if "stall" in analysis.doc.text:
        # C code that never returns to the interpreter: no alarm reaches it
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    return []


def test_issue9_a_hung_worker_is_killed_and_the_other_documents_are_analysed(tmp_path, monkeypatch):
    """Issue 9: with a process pool, a stage that never returns must not hang the run."""
    from tests.helpers import hang_guard

    real = pipeline.load_stages

    def load_stages(modules=pipeline.STAGE_MODULES):
        return [
            _stage("labels", s.requires, "labels", _blocking) if s.name == "labels" else s
            for s in real(modules)
        ]

    monkeypatch.setattr(pipeline, "load_stages", load_stages)
    for n in range(9):
        (tmp_path / f"d{n}.txt").write_text(GOOD + (" They stall." if n == 4 else ""))
    settings = load_settings(workers=2, max_seconds_per_document=2, max_seconds_grace=1)
    with hang_guard(300):
        summary = pipeline.analyze([tmp_path], db=tmp_path / "s.db", settings=settings)
    assert sorted(summary.analysed) == [f"d{n}" for n in range(9) if n != 4]
    (problem,) = summary.problems
    assert (problem.doc, problem.stage) == ("d4", "labels")
    assert "worker was stopped" in problem.message


_KILL_SCRIPT = """
import os, sys, time
from pathlib import Path
from rashomon import pipeline
from rashomon.settings import load_settings

folder, pids = Path(sys.argv[1]), Path(sys.argv[2])
real = pipeline.analyse_document

def slow(doc):
    with open(pids, "a") as fh:
        fh.write(f"{os.getpid()}\\n")
    time.sleep(600)
    return real(doc)

pipeline.analyse_document = slow
pipeline.analyze([folder], db=folder / "s.db", settings=load_settings(workers=2))
"""


def _alive(pid):
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is dead: it only waits to be reaped
        return fh.read().split(")")[-1].split()[0] != "Z"


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_issue9_killing_a_run_leaves_no_workers(tmp_path, how):
    """Issue 9: killing a multi-worker run left its workers alive."""
    import os
    import signal
    import subprocess
    import sys
    import time

    for n in range(9):
        (tmp_path / f"d{n}.txt").write_text(GOOD)
    pids = tmp_path / "pids"
    run = subprocess.Popen(
        [sys.executable, "-c", _KILL_SCRIPT, str(tmp_path), str(pids)], start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(_read_pids(pids)) < 2:
            time.sleep(0.2)
        workers = _read_pids(pids)
        assert len(workers) == 2
        os.kill(run.pid, getattr(signal, how))
        run.wait(timeout=60)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers)
    finally:
        for pid in _read_pids(pids):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if run.poll() is None:
            run.kill()


def _read_pids(path):
    return [int(line) for line in path.read_text().split()] if path.exists() else []
