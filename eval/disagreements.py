"""Precision and recall of the disagreements rashomon shows, against judgements written by hand.

    .venv/bin/python eval/disagreements.py [--set seeds|gva|fakes|all] [--unjudged]
    .venv/bin/python eval/disagreements.py --study N

Sets (eval/disagreement_data.py): the five seeds, 20 GVA incidents with several reports
(``../shared/datasets/gva_news``) and 10 FA-KES stories (``../shared/datasets/fakes_syria``); then
the next blocks of 40 incidents and 20 stories in the same order (``gva2``, ``fakes2``, then
``gva3``, ``fakes3``: each first read after the rules were written on the sets before it, and read
for errors since); and the blocks after those, each a check read once after the rules written
before it, in neither ``all`` nor the gate (``gva4``, ``fakes4``, read on 2 December 2026 and since
looked at for errors; ``gva5``, ``fakes5``, incidents 141-220 and stories 71-104, the last, read
after the next round of rules; ``gva6``, incidents 221-300, read on 3 December 2026 after the round
after that, and ``gva7``, incidents 301-380, read after the rules written on ``gva6``). Each set is
read by rashomon as one corpus. Every discrepancy shown on an event is looked up in
``eval/judgements/<set>.jsonl`` by its slot and the (document, value) pairs it shows.

Judgement records (one JSON object per line; offsets index rashomon's cleaned text of the document):
``{"set", "story", "slot", "aspect", "relation", "values": [{"doc", "value", "start", "end"}],
"verdict": "real" | "not" | "missed", "reason"}``. ``real``: the documents give these incompatible
values for the same fact of the same event, as the relation says; ``not``: they do not (another
event, another group, a misread figure, values that can both be right); ``missed``: a real
disagreement rashomon does not show. The files hold ids, offsets, short values and verdicts, never
the texts.

- precision = real / (real + not) over the shown discrepancies that have a judgement; ``floor``
  counts the shown ones without a judgement as not real (the gate pins it, so that a change that
  shows something new needs a judgement before it passes);
- recall = real shown / (real shown + missed not shown).

``--study N``: the incident-level study on GVA: for the first N incidents with several reports (same
order), each report's killed and injured figures as rashomon reads them (``document_casualties`` of
eval/casualties.py, the per-report reading scored on GVDB); the share of incidents, among those
where two or more reports give a figure, whose reports' figures differ; and, on the hand-verified
incidents of ``judgements/gva_incidents.jsonl`` (each report's own figures, read from its words:
``{"incident", "reports": {doc: {"killed": n | null, "injured": n | null}}, "differ": {"killed":
bool, "injured": bool}, "reason"}``), how often rashomon's reading and its "differ" flag agree with
the hand reading.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval import disagreement_data as data
from eval.disagreement_data import Doc

HERE = Path(__file__).resolve().parent
JUDGED = HERE / "judgements"
SETS = ("seeds", "gva", "fakes", "gva2", "fakes2", "gva3", "fakes3")
# each GVA or FA-KES set: (corpus, how many incidents or stories of the fixed order it skips, its size)
BLOCKS = {
    "gva": ("gva", 0, 20),
    "fakes": ("fakes", 0, 10),
    "gva2": ("gva", 20, 40),
    "fakes2": ("fakes", 10, 20),
    "gva3": ("gva", 60, 40),
    "fakes3": ("fakes", 30, 20),
    "gva4": ("gva", 100, 40),
    "fakes4": ("fakes", 50, 20),
    "gva5": ("gva", 140, 80),
    "fakes5": ("fakes", 70, 34),
    "gva6": ("gva", 220, 80),
    "gva7": ("gva", 300, 80),
}
# read once, after the rules written on the other sets, as a check (not in "all" nor in the gate)
CHECKS = ("gva4", "fakes4", "gva5", "fakes5", "gva6", "gva7")
# the gate's fixed subset: the seeds (analysed by the gate itself) and the first incidents and stories
GATE_SIZES = {"gva": 8, "fakes": 10, "gva2": 10, "fakes2": 10, "gva3": 10, "fakes3": 10}

Key = tuple[str, frozenset[tuple[str, str]]]


@dataclass(frozen=True)
class Shown:
    """One discrepancy shown on an event: its slot and the (document, value, start, end) it shows."""

    event: str
    slot: str
    aspect: str
    relation: str
    explanation: str
    values: tuple[tuple[str, str, int, int], ...]

    def key(self) -> Key:
        """What a judgement is matched on: the slot and the (document, value) pairs."""
        return self.slot, frozenset((doc, value) for doc, value, _, _ in self.values)


def documents(name: str, size: int | None = None) -> list[Doc]:
    """The documents of one judged set."""
    if name == "seeds":
        return data.seeds()
    corpus, skip, n = BLOCKS[name]
    n = size if size is not None else n
    return data.gva_incidents(n, skip=skip) if corpus == "gva" else data.fakes_stories(n, skip=skip)


def export_of(name: str, size: int | None = None) -> dict[str, Any]:
    """rashomon's export of one judged set."""
    docs = documents(name, size)
    return data.analyse(docs, data.SEEDS if name == "seeds" else None)


def shown(export: dict[str, Any]) -> list[Shown]:
    """Every discrepancy of every event of an export."""
    out = []
    for event in export.get("events", []):
        for d in event.get("discrepancies", []):
            values = tuple(
                sorted(
                    (v["doc"], str(v["value"]), int(v["start"]), int(v["end"]))
                    for value in d["values"]
                    for v in value.get("evidence") or ()
                )
            )
            out.append(
                Shown(
                    event["id"],
                    d.get("slot", ""),
                    d["aspect"],
                    d.get("relation", d["kind"]),
                    d.get("explanation", ""),
                    values,
                )
            )
    return out


def load_judgements(name: str, folder: Path = JUDGED) -> list[dict[str, Any]]:
    """The judgement records of one set (none when its file does not exist)."""
    path = folder / f"{name}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def judgement_key(rec: dict[str, Any]) -> Key:
    """The key a judgement record is matched on."""
    return rec["slot"], frozenset((v["doc"], str(v["value"])) for v in rec["values"])


def score(found: Sequence[Shown], judgements: Iterable[dict[str, Any]]) -> dict[str, float]:
    """Precision (over judged), its floor (unjudged as not real) and recall of the shown discrepancies."""
    verdicts = {judgement_key(r): r["verdict"] for r in judgements}
    keys = {s.key() for s in found}
    real = sum(1 for s in found if verdicts.get(s.key()) == "real")
    wrong = sum(1 for s in found if verdicts.get(s.key()) == "not")
    unjudged = sum(1 for s in found if s.key() not in verdicts or verdicts[s.key()] == "missed")
    missed = sum(1 for k, v in verdicts.items() if v == "missed" and k not in keys)
    return {
        "precision": real / (real + wrong) if real + wrong else 1.0,
        "floor": real / (real + wrong + unjudged) if real + wrong + unjudged else 1.0,
        "recall": real / (real + missed) if real + missed else 1.0,
        "shown": float(len(found)),
        "real": float(real),
        "not": float(wrong),
        "unjudged": float(unjudged),
        "missed": float(missed),
    }


# the sets rules were first written on, and the blocks read after them (each gated on its own)
FIRST_SETS = ("seeds", "gva", "fakes")
LATER_SETS = ("gva2", "fakes2", "gva3", "fakes3")


def metrics(seeds_export: dict[str, Any] | None = None, sets: Sequence[str] = FIRST_SETS) -> dict[str, float]:
    """Figures for the gate on its fixed subset of ``sets``: precision, its floor and recall."""
    found: list[Shown] = []
    judgements: list[dict[str, Any]] = []
    for name in sets:
        export = (
            seeds_export
            if name == "seeds" and seeds_export is not None
            else export_of(name, GATE_SIZES.get(name))
        )
        found.extend(shown(export))
        judgements.extend(load_judgements(name))
    ids = {doc for s in found for doc, *_ in s.values}
    # a 'missed' judgement of a document outside the subset is not the subset's to find
    judgements = [r for r in judgements if r["verdict"] != "missed" or {v["doc"] for v in r["values"]} <= ids]
    out = score(found, judgements)
    return {k: out[k] for k in ("precision", "floor", "recall", "shown")}


# -- the incident-level study -----------------------------------------------------------------------


def report_figures(analysis: Any) -> dict[str, int | None]:
    """A report's killed and injured figures as rashomon reads them (eval/casualties.py's reading of a
    report, scored on GVDB); None where the report gives no figure."""
    from eval.casualties import document_casualties

    found = document_casualties(analysis.participants, analysis.events, analysis.doc.text)
    return {kind: found[kind] or None for kind in ("killed", "injured")}


def differ(values: Sequence[int | None]) -> bool:
    """Two of the reports give different figures (a report that gives none says nothing)."""
    return len({v for v in values if v is not None}) > 1


def study(n: int) -> str:
    """The incident-level table (see the module docstring)."""
    from eval.casualties import Reader

    reader = Reader()
    docs = data.gva_incidents(n)
    by_incident: dict[str, list[tuple[str, dict[str, int | None]]]] = {}
    for doc in docs:
        figures = report_figures(reader.analyse(doc.id, doc.text))
        by_incident.setdefault(doc.story, []).append((doc.id, figures))
    lines = [f"GVA incidents with several reports: {len(by_incident)} ({len(docs)} reports)"]
    for kind in ("killed", "injured"):
        with_figures = [vs for vs in by_incident.values() if sum(f[kind] is not None for _, f in vs) >= 2]
        split = sum(differ([f[kind] for _, f in vs]) for vs in with_figures)
        lines.append(
            f"  {kind:<8} incidents with two or more reports giving a figure: {len(with_figures)}; "
            f"figures differ in {split} ({split / max(1, len(with_figures)):.1%})"
        )
    hand = load_judgements("gva_incidents")
    if hand:
        lines.append(_hand_table(hand, by_incident))
    return "\n".join(lines)


def _hand_table(
    hand: list[dict[str, Any]], by_incident: dict[str, list[tuple[str, dict[str, int | None]]]]
) -> str:
    """Per sample of hand-verified incidents: report figures read as the report's words give them, and
    rashomon's 'differ' flag against the hand one."""
    lines = []
    for sample in dict.fromkeys(str(r.get("sample", "")) for r in hand):
        read = agree = flagged = hand_differ = both = incidents = 0
        for rec in (r for r in hand if r.get("sample", "") == sample):
            ours = dict(by_incident.get(rec["incident"], []))
            if not ours:
                continue
            incidents += 1
            for kind in ("killed", "injured"):
                words = {doc: r.get(kind) for doc, r in rec["reports"].items()}
                for doc, value in words.items():
                    read += 1
                    agree += ours.get(doc, {}).get(kind) == value
                flag = differ([ours.get(doc, {}).get(kind) for doc in words])
                truth = bool(rec["differ"][kind])
                flagged += flag
                hand_differ += truth
                both += flag and truth
        if incidents:
            lines.append(
                f"  hand-verified ({sample}): {incidents} incidents; report figures as the words give them "
                f"{agree}/{read} ({agree / max(1, read):.1%}); figures differ by hand in {hand_differ} "
                f"(incident x kind), by rashomon in {flagged}, both {both}"
            )
    return "\n".join(lines)


def _table(rows: dict[str, dict[str, float]]) -> str:
    head = (
        f"{'set':<8}{'shown':>6}{'real':>6}{'not':>5}{'unjudged':>9}{'missed':>7}{'P':>7}{'floor':>7}{'R':>7}"
    )
    lines = [head]
    for name, r in rows.items():
        lines.append(
            f"{name:<8}{r['shown']:6.0f}{r['real']:6.0f}{r['not']:5.0f}{r['unjudged']:9.0f}{r['missed']:7.0f}"
            f"{r['precision']:7.3f}{r['floor']:7.3f}{r['recall']:7.3f}"
        )
    return "\n".join(lines)


def _describe(s: Shown, texts: dict[str, str]) -> str:
    parts = [f"{s.event} {s.slot} [{s.relation}] {s.explanation}"]
    for doc, value, start, end in s.values:
        text = texts.get(doc, "")
        lo = text.rfind("\n", 0, start) + 1
        hi = text.find("\n", end)
        context = text[max(lo, start - 160) : min(hi if hi > 0 else len(text), end + 160)]
        parts.append(f"    {doc} {value!r} @{start}-{end}: …{' '.join(context.split())}…")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Command line: the precision/recall table, unjudged discrepancies, or the incident study."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, *CHECKS, "all"], default="all")
    parser.add_argument(
        "--unjudged", action="store_true", help="print the shown discrepancies with no judgement"
    )
    parser.add_argument(
        "--study", type=int, default=0, help="the incident-level study on the first N incidents"
    )
    args = parser.parse_args(argv)
    if args.study:
        print(study(args.study))
        return 0
    rows: dict[str, dict[str, float]] = {}
    everything: list[Shown] = []
    judged: list[dict[str, Any]] = []
    for name in SETS if args.set == "all" else (args.set,):
        export = export_of(name)
        found = shown(export)
        judgements = load_judgements(name)
        rows[name] = score(found, judgements)
        everything += found
        judged += judgements
        if args.unjudged:
            texts = {d["id"]: d["text"] for d in export["documents"]}
            keys = {judgement_key(r) for r in judgements if r["verdict"] != "missed"}
            for s in found:
                if s.key() not in keys:
                    print(f"[{name}] " + _describe(s, texts))
    if len(rows) > 1:
        rows["all"] = score(everything, judged)
    print(_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
