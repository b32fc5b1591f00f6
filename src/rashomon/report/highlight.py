"""Highlight spans inside a source's own text, escaping everything else."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A span to highlight: absolute offsets, a CSS class and a tooltip."""

    start: int
    end: int
    css: str
    title: str = ""


def highlight(text: str, base: int, spans: Sequence[Span]) -> Markup:
    """``text`` (which starts at offset ``base`` of its document) with ``spans`` wrapped in <mark>.

    Overlapping spans are split at every boundary, so nested annotations each keep their class.
    """
    end_of_text = base + len(text)
    inside = [s for s in spans if s.start < end_of_text and s.end > base and s.end > s.start]
    cuts = sorted(
        {base, end_of_text, *(max(base, s.start) for s in inside), *(min(end_of_text, s.end) for s in inside)}
    )
    out: list[str] = []
    for left, right in pairwise(cuts):
        piece = escape(text[left - base : right - base])
        covering = [s for s in inside if s.start <= left and right <= s.end]
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(s.css for s in covering))
        title = "; ".join(dict.fromkeys(s.title for s in covering if s.title))
        out.append(Markup('<mark class="{}" title="{}">{}</mark>').format(classes, title, piece))
    return Markup("").join(out)
