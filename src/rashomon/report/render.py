"""The static HTML report: overview, timeline, documents, places, framing, a reading guide, one page
per event and per document.

Pages are rendered from the `rashomon/1` export alone, so a report can be rebuilt from a saved JSON
file. Everything works from file:// with no network: relative links, local CSS and JS, and a map
drawn as inline SVG from the gazetteer's coordinates.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, PackageLoader, select_autoescape

from .documents import display_title, relative_paths
from .documents import safe_name as safe_name  # re-exported: the web app and tests import it here
from .event_page import corpus_sides, event_context, relation_words
from .framing_page import framing_stories
from .headline import headline, words
from .highlight import Span, highlight
from .map import build_map
from .overview import event_rows, filter_options

Json = dict[str, Any]

_ASPECT_CSS = {"date": "date", "count": "count", "label": "label", "place_name": "place"}
_MAP_W = 760  # the timeline chart's width


def _env() -> Environment:
    return report_env(PackageLoader("rashomon.report", "templates"))


def report_env(loader: BaseLoader) -> Environment:
    """A template environment with what the report's templates call (``loader`` finds them)."""
    env = Environment(loader=loader, autoescape=select_autoescape())
    env.filters["safe_name"] = safe_name
    env.globals["display_title"] = display_title
    env.globals["relation_name"] = lambda relation: relation_words(relation)["name"]
    return env


def _differing(event: Json) -> dict[str, list[tuple[int, int]]]:
    """The spans, per document, of the values that really differ (the evidence of the discrepancies)."""
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for d in event["discrepancies"]:
        for value in d["values"]:
            for v in value.get("evidence") or ():
                out[v["doc"]].append((int(v["start"]), int(v["end"])))
    return out


def _disagreements(event: Json, mentions: dict[str, Json]) -> list[Json]:
    """Each discrepancy with its relation in words and every source's own sentence, value marked."""
    out = []
    for d in event["discrepancies"]:
        values = []
        for value in d["values"]:
            quotes = []
            for v in value.get("evidence") or ():
                m = mentions.get(v["mention"])
                if m is None:
                    continue
                sentence = m["sentence"]
                mark = Span(int(v["start"]), int(v["end"]), "differs", f"{d['what']}: {v['value']}")
                quotes.append(
                    {"doc": v["doc"], "sentence": highlight(sentence["text"], sentence["start"], [mark])}
                )
            values.append({"value": value["value"], "docs": value["docs"], "quotes": quotes})
        relation = d.get("relation") or d["kind"]
        out.append(
            {
                "aspect": d["aspect"],
                "relation": relation_words(relation)["name"],
                "means": relation_words(relation)["means"],
                "what": d.get("what", ""),
                "explanation": d.get("explanation", ""),
                "values": values,
            }
        )
    return out


def _variants(event: Json) -> list[Json]:
    """Words for one group that differ only in wording (one category): shown as variants, not as a
    disagreement."""
    shown = {d.get("slot") for d in event["discrepancies"]}
    out = []
    for slot in event.get("slots", ()):
        if slot["aspect"] != "label" or slot["key"] in shown:
            continue
        words: dict[str, list[str]] = {}
        for v in slot["values"]:
            if not v.get("detail"):
                words.setdefault(" ".join(v["text"].lower().split()), []).append(v["doc"])
        if len(words) > 1 and len({d for docs in words.values() for d in docs}) > 1:
            out.append(
                {
                    "what": slot["what"],
                    "words": [{"text": w, "docs": sorted(set(d))} for w, d in words.items()],
                }
            )
    return out


def _mention_spans(m: Json, differing: dict[str, list[tuple[int, int]]]) -> list[Span]:
    """The annotated facts of one mention, with 'differs' only on the words of values that differ."""
    mine = differing.get(m["doc"], [])

    def css(aspect: str, start: int, end: int) -> str:
        base = _ASPECT_CSS.get(aspect, aspect)
        return f"{base} differs" if any(a < end and start < b for a, b in mine) else base

    trigger = m["trigger"]
    spans = [
        Span(
            trigger["start"],
            trigger["end"],
            css("trigger", trigger["start"], trigger["end"]),
            f"event: {m['type']}",
        )
    ]
    date = m.get("date") or {}
    if date.get("span"):
        spans.append(
            Span(
                date["span"]["start"],
                date["span"]["end"],
                css("date", date["span"]["start"], date["span"]["end"]),
                f"date: {_date_text(date)}",
            )
        )
    for c in m["counts"]:
        spans.append(
            Span(
                c["start"], c["end"], css("count", c["start"], c["end"]), f"count: {c['value']:g} {c['what']}"
            )
        )
    for lab in m["labels"]:
        spans.append(
            Span(
                lab["start"],
                lab["end"],
                css("label", lab["start"], lab["end"]),
                f"label: {lab.get('label', '')}",
            )
        )
    for p in m["places"]:
        spans.append(
            Span(
                p["start"],
                p["end"],
                css("place_name", p["start"], p["end"]),
                f"place: {p.get('place') or 'unresolved'}",
            )
        )
    attribution = m.get("attribution") or {}
    if attribution.get("span"):
        span = attribution["span"]
        spans.append(Span(span["start"], span["end"], "source", f"attributed to: {attribution['source']}"))
    return spans


def _date_text(date: Json | None) -> str:
    if not date:
        return "undated"
    if date.get("value"):
        return str(date["value"])
    if date.get("start") or date.get("end"):
        return f"{date.get('start') or '…'} to {date.get('end') or '…'}"
    return "undated"


def _doc_spans(doc: Json, mentions: list[Json]) -> list[Span]:
    ann = doc.get("annotations") or {}
    spans = [
        Span(d["start"], d["end"], "date", f"date: {d.get('value') or d.get('duration') or '?'}")
        for d in ann.get("dates", [])
    ]
    spans += [
        Span(c["start"], c["end"], "count", f"count: {c['value']:g} {c.get('what', '')}")
        for c in ann.get("counts", [])
    ]
    spans += [Span(x["start"], x["end"], "label", f"label: {x['label']}") for x in ann.get("labels", [])]
    spans += [
        Span(p["start"], p["end"], "place", f"place: {p.get('place') or 'unresolved'}")
        for p in ann.get("places", [])
    ]
    spans += [
        Span(a["start"], a["end"], "actor", f"actor: {a.get('actor') or 'unresolved'}")
        for a in ann.get("actors", [])
    ]
    spans += [
        Span(a["source_start"], a["source_end"], "source", f"source of attribution ({a['cue']})")
        for a in ann.get("attributions", [])
    ]
    spans += [
        Span(m["trigger"]["start"], m["trigger"]["end"], "trigger", f"event: {m['type']}") for m in mentions
    ]
    return spans


def _timeline(events: list[Json]) -> Json:
    dated = [e for e in events if e.get("date") and (e["date"].get("value") or e["date"].get("start"))]
    years = sorted(
        {
            int(str(e["date"].get("value") or e["date"].get("start"))[:4])
            for e in dated
            if str(e["date"].get("value") or e["date"].get("start"))[:4].isdigit()
        }
    )
    if not years:
        return {"ticks": [], "points": [], "width": _MAP_W}
    first, last = years[0], years[-1] + 1
    span = max(1, last - first)

    def x(e: Json) -> float:
        iso = str(e["date"].get("value") or e["date"].get("start"))
        year = int(iso[:4]) if iso[:4].isdigit() else first
        month = int(iso[5:7]) if re.match(r"\d{4}-\d{2}", iso) else 6
        return round(20 + (year - first + (month - 1) / 12) / span * (_MAP_W - 40), 1)

    step = max(1, span // 10)
    ticks = [
        {"x": round(20 + (y - first) / span * (_MAP_W - 40), 1), "label": y}
        for y in range(first, last + 1, step)
    ]
    points = [{"x": x(e), "id": e["id"], "docs": len(e["docs"]), "type": e["type"]} for e in dated]
    return {"ticks": ticks, "points": points, "width": _MAP_W}


def render_pages(export: Json) -> dict[str, str]:
    """Every page of the report as {relative path: html}."""
    return dict(iter_pages(export))


def _versions(event: Json, mentions: dict[str, Json], docs: dict[str, Json]) -> list[Json]:
    """Each source's version: one card per sentence, however many mentions of the event it holds."""
    differing = _differing(event)
    cards: dict[tuple[str, int], Json] = {}
    for mid in event["mentions"]:
        m = mentions.get(mid)
        if m is None or m["doc"] not in docs:
            continue
        key = (m["doc"], int(m["sentence"]["start"]))
        card = cards.setdefault(key, {"mention": m, "doc": docs[m["doc"]], "mentions": [], "spans": []})
        card["mentions"].append(m)
        card["spans"].extend(_mention_spans(m, differing))
    out = []
    for card in cards.values():
        sentence = card["mention"]["sentence"]
        card["sentence"] = highlight(sentence["text"], sentence["start"], card["spans"])
        out.append(card)
    return out


def iter_pages(export: Json) -> Iterator[tuple[str, str]]:
    """Every page of the report as (relative path, html), one at a time."""
    env = _env()
    docs = {d["id"]: d for d in export["documents"]}
    places = {p["id"]: p for p in export["places"]}
    mentions = {m["id"]: m for m in export["mentions"]}
    names = {a["id"]: a["name"] for a in export.get("actors", ())}
    by_doc: dict[str, list[Json]] = defaultdict(list)
    for m in export["mentions"]:
        by_doc[m["doc"]].append(m)
    headlines = event_headlines(export["events"], places, names, mentions)
    events = sorted(export["events"], key=lambda e: (-len(e["docs"]), e["id"]))
    rows = event_rows(events, docs, places, mentions, headlines)
    common = page_context(docs, places, export.get("problems", []))
    yield (
        "index.html",
        env.get_template("index.html").render(
            root="",
            export=export,
            rows=rows,
            options=filter_options(rows),
            multi_source=sum(1 for e in events if len(e["docs"]) > 1),
            background=sum(1 for r in rows if r["background"]),
            **common,
        ),
    )
    dated = sorted((r for r in rows if r["from"]), key=lambda r: (r["from"], r["to"], r["id"]))
    yield (
        "timeline.html",
        env.get_template("timeline.html").render(
            root="",
            rows=dated,
            options=filter_options(dated),
            undated=len(rows) - len(dated),
            chart=_timeline(export["events"]),
            **common,
        ),
    )
    yield ("documents.html", env.get_template("documents.html").render(root="", by_doc=by_doc, **common))
    yield (
        "places.html",
        env.get_template("places.html").render(
            root="", map=build_map(export), framing=export.get("framing") or {}, **common
        ),
    )
    yield "framing.html", render_framing(env, export.get("framing") or {}, common)
    yield "guide.html", render_guide(env, common)
    events_by_id = {e["id"]: e for e in export["events"]}
    for event in export["events"]:
        yield (
            f"events/{safe_name(event['id'])}.html",
            render_event(env, event, events_by_id, headlines, mentions, names, common),
        )
    for doc in export["documents"]:
        yield (
            f"docs/{safe_name(doc['id'])}.html",
            render_document(env, doc, by_doc.get(doc["id"], []), common),
        )


def page_context(docs: dict[str, Json], places: dict[str, Json], problems: list[Json]) -> Json:
    """What every page reads: the corpus's documents (metadata will do), places, problems, the paths
    shown (relative to the folder given) and the sides of the corpus."""
    paths = relative_paths(
        [*(d.get("path") or "" for d in docs.values()), *(p.get("path") or "" for p in problems)]
    )
    return {
        "docs": docs,
        "places": places,
        "problems": problems,
        "date_text": _date_text,
        "paths": paths,
        "sides": corpus_sides(docs),
    }


def render_framing(env: Environment, framing: Json, common: Json) -> str:
    """The framing page: vocabulary compared within each story."""
    stories = framing_stories(framing, common["docs"])
    return env.get_template("framing.html").render(root="", stories=stories, **common)


def render_guide(env: Environment, common: Json) -> str:
    """The reading guide."""
    return env.get_template("guide.html").render(root="", words=words(), **common)


def event_headlines(
    events: Iterable[Json], places: dict[str, Json], names: dict[str, str], mentions: dict[str, Json]
) -> dict[str, str]:
    """The headline of each event, by id (its mentions' counts among the ``mentions`` given)."""
    return {
        e["id"]: headline(
            e,
            places,
            names,
            [c for mid in e["mentions"] for c in (mentions.get(mid) or {}).get("counts", ())],
        )
        for e in events
    }


def render_event(
    env: Environment,
    event: Json,
    events_by_id: dict[str, Json],
    headlines: dict[str, str],
    mentions: dict[str, Json],
    names: dict[str, str],
    common: Json,
) -> str:
    """One event's page (``mentions`` holds at least this event's mentions and its links' evidence)."""
    docs, places = common["docs"], common["places"]
    return env.get_template("event.html").render(
        root="../",
        event=event,
        page=event_context(event, docs, places, names, mentions, common["sides"]),
        columns=_versions(event, mentions, docs),
        events_by_id=events_by_id,
        headlines=headlines,
        mentions_by_id=mentions,
        disagreements=_disagreements(event, mentions),
        variants=_variants(event),
        modality=words()["modality"],
        **common,
    )


def render_document(env: Environment, doc: Json, mentions: list[Json], common: Json) -> str:
    """One document's page (``doc`` with its text and annotations, ``mentions`` its aligned mentions)."""
    return env.get_template("doc.html").render(
        root="../",
        doc=doc,
        mentions=_unique_sentences(mentions),
        body=highlight(doc["text"], 0, _doc_spans(doc, mentions)),
        **common,
    )


def _unique_sentences(mentions: list[Json]) -> list[Json]:
    """The document's mentions grouped by event, listed once per event and sentence."""
    seen: set[tuple[str, int]] = set()
    out = []
    for m in mentions:
        key = (m["event"], int(m["sentence"]["start"]))
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def static_files() -> dict[str, bytes]:
    """The report's CSS and JS, by file name."""
    folder = resources.files("rashomon.report").joinpath("static")
    return {f.name: f.read_bytes() for f in folder.iterdir() if f.name.endswith((".css", ".js"))}


def write_report(export: Json, out_dir: Path) -> list[Path]:
    """Write the static report into ``out_dir``; returns the HTML pages written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("events", "docs"):
        if (out_dir / sub).exists():
            shutil.rmtree(out_dir / sub)  # pages of events that no longer exist must not linger
    written = []
    for rel, page in iter_pages(export):  # written as rendered: pages are never all in memory
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
        written.append(path)
    (out_dir / "static").mkdir(exist_ok=True)
    for name, data in static_files().items():
        (out_dir / "static" / name).write_bytes(data)
    return written
