"""The data of the framing page: per story, each side's distinctive terms with example sentences."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from .documents import display_title
from .highlight import Span, highlight

Json = dict[str, Any]

TERMS_SHOWN = 12  # per side and story: more reads as a list, not as evidence


def _sentence(doc: Json, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence of the cleaned text holding [start, end)."""
    sentences = (doc.get("annotations") or {}).get("sentences") or []
    starts = [s["start"] for s in sentences]
    k = bisect.bisect_right(starts, start) - 1
    if 0 <= k < len(sentences) and sentences[k]["end"] >= end:
        return sentences[k]["start"], sentences[k]["end"]
    text = doc.get("text") or ""
    return max(0, start - 120), min(len(text), end + 120)  # no sentence found: the words around it


def example(doc: Json, start: int, end: int, term: str) -> Markup:
    """The sentence of one use of a term, the term marked."""
    low, high = _sentence(doc, start, end)
    text = str(doc.get("text") or "")[low:high]
    return highlight(text, low, [Span(start, end, "term", term)])


def framing_stories(framing: Json, docs: Mapping[str, Json]) -> list[Json]:
    """Each story in which sides were compared: its documents by side and each side's terms."""
    terms_of: dict[int, dict[str, list[Json]]] = defaultdict(lambda: defaultdict(list))
    for t in framing.get("terms") or ():
        terms_of[int(t.get("story", 0))][t["group"]].append(t)
    stories = framing.get("stories")
    if stories is None:  # an export made before stories: the corpus was one story
        stories = [{"story": 0, "docs": sorted(docs), "compared": bool(framing.get("terms"))}]
    out = []
    for story in stories:
        if not story.get("compared"):
            continue
        n = int(story["story"])
        by_side: dict[str, list[str]] = defaultdict(list)
        for d in story["docs"]:
            if d in docs and docs[d].get("side"):
                by_side[str(docs[d]["side"])].append(d)
        sides = []
        for side, ids in sorted(by_side.items()):
            shown = sorted(terms_of[n].get(side, ()), key=lambda t: -float(t["score"]))[:TERMS_SHOWN]
            sides.append(
                {
                    "side": side,
                    "docs": [{"doc": d, "title": display_title(docs[d])} for d in ids],
                    "terms": [
                        {
                            "term": t["term"],
                            "score": t["score"],
                            "counts": t.get("counts") or {},
                            "examples": [
                                {
                                    "doc": ex["doc"],
                                    "start": ex["start"],
                                    "sentence": example(docs[ex["doc"]], ex["start"], ex["end"], t["term"]),
                                }
                                for ex in t.get("examples") or ()
                                if ex.get("doc") in docs
                            ],
                        }
                        for t in shown
                    ],
                }
            )
        out.append({"story": n, "docs": len(story["docs"]), "sides": sides})
    return out
