"""The judged sets of the disagreement study: the seeds, GVA incidents with several reports and FA-KES
stories, as documents rashomon reads; and running rashomon over one set.

Selection is fixed so that judgements stay valid: GVA incidents whose reports are linked to that
incident only, with at least two reports of 200 characters or more, in the order of the MD5 of the
incident id (at most five reports each, by document id); FA-KES stories are the articles of one date
and place from at least two outlets, in the order of the MD5 of "date|place" (at most five articles
each, by unit id). A document's text is its title, a blank line and its body.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GVA = SHARED / "datasets" / "gva_news"
FAKES = SHARED / "datasets" / "fakes_syria"
MAX_DOCS = 5
MIN_CHARS = 200


@dataclass(frozen=True)
class Doc:
    """One report of a judged set: its id (the file stem rashomon gives it), story and metadata."""

    id: str
    story: str
    text: str
    published: str = ""
    outlet: str = ""


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def gva_incidents(n: int, data: Path = GVA, skip: int = 0) -> list[Doc]:
    """The reports of ``n`` GVA incidents in the fixed order, after the first ``skip`` (see the module
    docstring)."""
    by_incident: dict[str, list[dict[str, Any]]] = defaultdict(list)
    shared: set[str] = set()
    with gzip.open(data / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if len(doc["incident_ids"]) > 1:
                shared.update(doc["incident_ids"])
                continue
            if len(doc["text"].strip()) >= MIN_CHARS:
                by_incident[doc["incident_ids"][0]].append(doc)
    chosen = sorted((i for i, ds in by_incident.items() if len(ds) >= 2 and i not in shared), key=_md5)[
        skip : skip + n
    ]
    out = []
    for incident in chosen:
        for doc in sorted(by_incident[incident], key=lambda d: d["doc_id"])[:MAX_DOCS]:
            text = f"{doc['title'].strip()}\n\n{doc['text'].strip()}\n"
            out.append(Doc(doc["doc_id"][:16], incident, text, doc.get("dct") or ""))
    return out


def gva_facts(data: Path = GVA) -> dict[str, dict[str, Any]]:
    """GVA's record of every incident (killed, injured, date, place)."""
    with gzip.open(data / "incidents.jsonl.gz", "rt", encoding="utf-8") as fh:
        return {rec["incident_id"]: rec for rec in map(json.loads, fh)}


def fakes_stories(n: int, data: Path = FAKES, skip: int = 0) -> list[Doc]:
    """The articles of ``n`` FA-KES stories in the fixed order, after the first ``skip`` (see the module
    docstring)."""
    with gzip.open(data / "FA-KES-Dataset.csv.gz", "rb") as raw:
        rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="latin-1")))
    by_story: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_story[f"{row['date']}|{row['location']}"].append(row)
    stories = sorted((k for k, rs in by_story.items() if len({r["source"] for r in rs}) >= 2), key=_md5)[
        skip : skip + n
    ]
    out = []
    for story in stories:
        for row in sorted(by_story[story], key=lambda r: r["unit_id"])[:MAX_DOCS]:
            # the file's date is the incident's (VDC), not the article's: rashomon reads the article's
            text = f"{row['article_title'].strip()}\n\n{row['article_content'].strip()}\n"
            out.append(Doc(f"fakes{row['unit_id']}", story, text, "", row["source"]))
    return out


def seeds(folder: Path = SEEDS) -> list[Doc]:
    """The five seed documents as they are (read from their folder with their sources.csv)."""
    return [Doc(p.stem, "seeds", "") for p in sorted(folder.glob("*.txt"))]


def analyse(docs: Sequence[Doc], folder: Path | None = None) -> dict[str, Any]:
    """Run rashomon over one set (the seeds from their folder, else the documents written to a
    temporary folder with a sources.csv) and return its `rashomon/1` export."""
    from rashomon import pipeline, store
    from rashomon.export import build_export
    from rashomon.settings import load_settings

    settings = load_settings(None, workers=1)
    with tempfile.TemporaryDirectory(prefix="rashomon-disagree-") as tmp:
        if folder is None:
            folder = Path(tmp) / "docs"
            folder.mkdir()
            with (folder / "sources.csv").open("w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(["file", "title", "outlet", "side", "published"])
                for doc in docs:
                    (folder / f"{doc.id}.txt").write_text(doc.text, "utf-8")
                    writer.writerow([f"{doc.id}.txt", "", doc.outlet, "", doc.published])
        db = Path(tmp) / "set.db"
        pipeline.analyze([folder], db=db, settings=settings)
        conn = store.connect_readonly(db)
        try:
            return build_export(conn)
        finally:
            conn.close()
