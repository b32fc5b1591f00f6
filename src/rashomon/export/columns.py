"""What each CSV file and column holds: the README.md written beside the tables (one source, no drift)."""

from __future__ import annotations

from pathlib import Path

# each file: (what one row is and how its rows add up to the run summary, {column: meaning})
FILES: dict[str, tuple[str, dict[str, str]]] = {
    "documents.csv": (
        "One row per document analysed (the summary's documents analysed and cached).",
        {
            "doc": "document id (the file name without its extension); the join key of every other table",
            "title": "title from sources.csv, the page's <title>/og:title, or the headline at the top",
            "outlet": "from sources.csv",
            "side": "the side given in sources.csv; never guessed",
            "published": "ISO date, possibly truncated (2023-12-14, 2023-12, 2023)",
            "published_basis": "metadata (sources.csv, HTML metadata), text (byline, dateline) or unknown",
            "published_source": "where the date was read: sources.csv, html-meta, byline, dateline, header",
            "language": "language code",
            "format": "txt, md, html or pdf",
            "chars": "characters of the cleaned text all offsets refer to (integer)",
            "sentences": "sentences found (integer)",
            "mentions": "event mentions found (integer)",
            "events": "distinct events those mentions belong to (integer)",
            "warnings": "notes on reading the file, '; '-separated",
            "path": "the file as given on the command line",
            "sha256": "hash of the raw input bytes",
        },
    ),
    "mentions.csv": (
        "One row per event mention (the summary's event mentions).",
        {
            "mention": "mention id (<doc>:m<N>)",
            "event": "the event it belongs to (events.csv)",
            "doc": "its document (documents.csv)",
            "side": "the document's side",
            "type": "event type of the ontology",
            "date": "normalised date of the mention (ISO, possibly truncated)",
            "granularity": "day, month, year, ...",
            "salience": "current (news) or background (history, a kind of event)",
            "places": "places named, '; '-separated (gazetteer names)",
            "actors": "actors named (registry ids, else the words), '; '-separated",
            "counts": "number of figures the mention gives (integer; the figures: counts.csv)",
            "participants": "number of groups of people it involves (integer; the groups: participants.csv)",
            "labels": "the source's words for the people, '; '-separated",
            "attributed_to": "who the source says said it",
            "modality": "asserted, reported, denied, planned, hypothetical or questioned",
            "sentence": "the source's sentence",
            "start": "offset of the sentence in the document's cleaned text (integer)",
            "end": "end offset of the sentence (integer)",
        },
    ),
    "counts.csv": (
        "One row per figure an event mention gives.",
        {
            "mention": "the mention (mentions.csv)",
            "event": "its event",
            "doc": "its document",
            "side": "the document's side",
            "value": "the figure (number; the low end of a range)",
            "high": "the high end of a range ('60 to 64'), else empty (number)",
            "approx": "about, nearly, at_least, more_than, less_than, up_to, or empty",
            "what": "what is counted, in the source's words",
            "casualty": "killed, wounded, missing, ... when the figure is a toll",
            "part": "1 when written as a part of a larger figure ('13 of the 24')",
            "whole": "that larger figure (number)",
            "text": "the source's words",
            "start": "offset in the cleaned text (integer)",
            "end": "end offset (integer)",
        },
    ),
    "participants.csv": (
        "One row per group of people a mention involves.",
        {
            "mention": "the mention (mentions.csv)",
            "count": "their number (number); count_high: the high end of a range; count_approx: approximator",
            "who / by / to": "registry ids of whose people, by whom, to whom; *_text the source's words",
            "labels": "the source's words for them; label_categories the compared categories",
            "singular, negated, unreal, part": "flags, 0 or 1",
        },
    ),
    "events.csv": (
        "One row per event (the summary's events).",
        {
            "event": "event id",
            "docs": "documents reporting it, '; '-separated; n_docs their number (integer)",
            "sides": "sides of those documents",
            "summary": "a neutral one-line summary",
            "discrepancies": "number of discrepancies (integer; their values: discrepancies.csv)",
        },
    ),
    "slots.csv": (
        "One row per value a document gives for a fact (slot) of an event.",
        {
            "slot": "slot key: date, place, count:<role>:<side>, label:<role>:<side>, agent, mediator, ...",
            "what": "the fact in the tool's own words",
            "slot_side": "whose people the slot is about (the JSON's slots[].side: an actor id or a word)",
            "side": "the document's side",
            "value": "the normalised value, as text (a date, a figure, an id, a category)",
            "low, high": "the figure or the ends of its range (numbers; empty when not a figure)",
            "approx": "the approximator of a figure, or empty",
            "detail": "1 when it is another value of the same document (its own detail, never compared)",
        },
    ),
    "discrepancies.csv": (
        "One row per document value of each discrepancy: the summary's discrepancies are the distinct "
        "values of the column discrepancy, so this file has more rows than that figure.",
        {
            "discrepancy": "discrepancy id (<event>:d<N>)",
            "kind": "the contract's kind: contradiction, update, framing, variant",
            "relation": "the finer relation: contradiction, part_whole, update, framing, naming, denial",
            "value, low, high, approx": "as in slots.csv",
        },
    ),
}


def readme_text() -> str:
    """The README.md of a CSV folder."""
    lines = [
        "# rashomon CSV tables",
        "",
        "UTF-8, comma-separated, one header row. Numbers are written as numbers and every column has one "
        "type; empty means none. Offsets (start, end) index the document's cleaned text in the JSON "
        "export. A cell that would start a spreadsheet formula is prefixed with an apostrophe.",
        "",
    ]
    for name, (rows, columns) in FILES.items():
        lines += [f"## {name}", "", rows, ""]
        lines += [f"* `{column}`: {meaning}" for column, meaning in columns.items()]
        lines.append("")
    return "\n".join(lines)


def write_readme(path: Path) -> Path:
    """Write the README.md describing the tables; returns its path."""
    path.write_text(readme_text(), encoding="utf-8")
    return path
