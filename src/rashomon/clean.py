"""Cleaning: raw extracted text to the cleaned text every offset refers to, with a map back to the raw.

The cleaned text holds ONE PARAGRAPH OR HEADING PER LINE, paragraphs separated by a blank line, so a
line break always ends a sentence. The steps, in order:

1. Characters: tabs and exotic spaces become spaces, runs of spaces collapse, soft hyphens, zero-width
   and control characters go; every line is stripped.
2. Footnote markers go: one to three digits glued to sentence punctuation or a closing quote after a
   letter ("Russia.1 Below", "forces.’2 During", "integrity.7"), not years or "1,960".
3. Lines dropped whole: page numbers ("4", "Page 4 of 9", "- 4 -"), lines that are only a URL, web
   furniture (patterns in resources/clean/rules.yaml), and, when the text has pages (form feeds or
   page numbers), short lines repeated on three or more pages (running headers and footers).
4. Wrapped lines join into paragraphs. Inside a block of consecutive lines a line break is kept when
   the line before ends a sentence and is short (< 60% of the block's longest line), when a
   heading-like line (short, title case or capitals, no final punctuation) starts or ends, or
   before a list item after a finished sentence. A block whose median line is longer than 140
   characters is not hard-wrapped: each of its lines is a paragraph.
5. Across paragraph breaks (blank lines, dropped page numbers, URLs): a paragraph that does not end a
   sentence joins the next one when that one starts in lower case (a sentence cut by a page break).
6. End-of-line hyphens: "Armenian-|Azerbaijani" keeps its hyphen (upper-case second part); otherwise
   the hyphen is dropped when the joined word occurs elsewhere in the document, kept when the
   hyphenated compound occurs elsewhere, when the first part is a listed combining form ("ethno-",
   "anti-") or heads another compound in the document ("mine-clearance" → "mine-|contaminated"),
   or when both halves occur as words elsewhere; in every other case it is a typesetter's
   syllable break and dropped ("demon-|strated" → "demonstrated").

Cleaning is idempotent: clean_text(clean_text(x).text).text == clean_text(x).text.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .errors import ConfigError
from .resources import parse_yaml

OffsetMap = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text and its map back to the raw text: sorted (clean_offset, raw_offset) anchors."""

    text: str
    offset_map: OffsetMap


@dataclass
class _Line:
    """A piece of text with, for each character, its index in the raw text."""

    text: str
    idx: list[int] = field(default_factory=list)


class _Paragraph:
    """A paragraph being joined from lines: pieces kept apart until the end, so that joining n lines
    costs O(n) and not O(n²) (a hostile document may hold one paragraph of a million lines)."""

    def __init__(self, line: _Line) -> None:
        self.parts = [line.text]
        self.idx = list(line.idx)

    def add(self, text: str, idx: list[int]) -> None:
        self.parts.append(text)
        self.idx.extend(idx)

    def drop_last_char(self) -> None:
        while not self.parts[-1]:
            self.parts.pop()
        self.parts[-1] = self.parts[-1][:-1]
        self.idx.pop()

    def tail(self, n: int) -> str:
        """The last ``n`` characters (fewer when the paragraph is shorter)."""
        out: list[str] = []
        size = 0
        for part in reversed(self.parts):
            out.append(part)
            size += len(part)
            if size >= n:
                break
        return "".join(reversed(out))[-n:]

    def line(self) -> _Line:
        return _Line("".join(self.parts), self.idx)


@dataclass(frozen=True)
class _Rules:
    boilerplate: re.Pattern[str]
    boilerplate_max_chars: int
    hyphen_prefixes: frozenset[str]
    minor_words: frozenset[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    try:
        text = resources.files("rashomon.resources").joinpath("clean", "rules.yaml").read_text("utf-8")
        data: dict[str, Any] = parse_yaml(text)
        boilerplate = re.compile("|".join(f"(?:{p})" for p in data["boilerplate"]), re.IGNORECASE)
        return _Rules(
            boilerplate=boilerplate,
            boilerplate_max_chars=int(data["boilerplate_max_chars"]),
            hyphen_prefixes=frozenset(str(w).lower() for w in data["hyphen_prefixes"]),
            minor_words=frozenset(str(w).lower() for w in data["heading_minor_words"]),
        )
    except (OSError, KeyError, TypeError, re.error, yaml.YAMLError) as exc:
        raise ConfigError(f"resources/clean/rules.yaml: {exc}") from exc


# Line separators: every kind str.splitlines knows; a form feed also marks a page break.
_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Visible runs: everything but whitespace, soft hyphens, zero-width and control characters.
_VISIBLE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\xad\u200b-\u200f\u2060\ufeff]+")
_SPACE = re.compile(r"[\s\xa0]")
# after a letter or a year ("on December 4, 2021.17 However"), never after "No." or other numbers
_FOOTNOTE = re.compile(
    r"(?<!\b[Nn]o)(?:(?<=[^\W\d_])|(?<=\b(?:1[89]|20)\d\d))(?:[.,;:!?][\"'”’)\]]?|[\"'”’)\]])(\d{1,3})(?=\s|$)"
)
_PAGE_NUMBER = re.compile(r"(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|org|net|am|az|ru|gov|int)/\S*", re.I)
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_ENDS_CLAUSE = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_STARTS_LOWER = re.compile(r"^[\"'“‘(\[]?[^\W\d_]")
_LIST_ITEM = re.compile(r"^(?:[-•*▪◦·]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_TRAILING_WORD = re.compile(r"([^\W\d_]+)-$")
_LETTER = re.compile(r"[^\W\d_]")
# A line-end fragment longer than this is no word: the hyphen rule leaves it alone, and no search
# for it looks further back than this (a regex search over a 100,000-letter line is quadratic).
_MAX_WORD = 64
_LEADING_WORD = re.compile(r"^([^\W\d_]+)")
_HEADING_WORD = re.compile(r"[\w'’.&/-]+")

_MAX_HEADING_CHARS = 60
_MAX_FURNITURE_CHARS = 80
_MIN_FURNITURE_PAGES = 3
_WRAPPED_MEDIAN_CHARS = 140  # PDF and e-mail text wrap near 60-100 characters; web text does not
_SHORT_LAST_LINE = 0.6  # a sentence-final line this much shorter than the block's width ends it


def clean_text(raw: str) -> Cleaned:
    """Clean raw extracted text into one paragraph per line, with a map back to the raw offsets."""
    rules = _rules()
    lines, page_of = _split_lines(raw)
    lexicon = _Lexicon(lines)
    kept: list[_Line | None] = [None if _droppable(line.text, rules) else line for line in lines]
    _drop_furniture(lines, kept, page_of)
    paragraphs: list[_Line] = []
    block: list[_Line] = []
    for line in [*kept, None]:
        if line is not None and line.text:
            block.append(line)
        elif block:
            paragraphs.extend(_paragraphs(block, lexicon, rules))
            block = []
    paragraphs = _settle(paragraphs, lexicon, rules)
    return _assemble(paragraphs, len(raw))


def to_raw(offset_map: OffsetMap, clean_offset: int) -> int:
    """The raw offset of a cleaned-text offset (clamped, so it never leaves the raw text)."""
    if not offset_map:
        return max(clean_offset, 0)
    offset = min(max(clean_offset, 0), offset_map[-1][0])
    i = bisect_right(offset_map, (offset, float("inf"))) - 1
    anchor_clean, anchor_raw = offset_map[max(i, 0)]
    raw = anchor_raw + (offset - anchor_clean)
    if i + 1 < len(offset_map):
        raw = min(raw, offset_map[i + 1][1])
    return raw


def to_raw_span(offset_map: OffsetMap, start: int, end: int) -> tuple[int, int]:
    """The raw span of a cleaned span; the end maps just past its last character."""
    raw_start = to_raw(offset_map, start)
    if end <= start:
        return raw_start, raw_start
    return raw_start, max(raw_start, to_raw(offset_map, end - 1) + 1)


# -- lines ---------------------------------------------------------------------------------------


def _split_lines(raw: str) -> tuple[list[_Line], list[int]]:
    """Normalised lines (with footnote markers removed) and the page number of each."""
    lines: list[_Line] = []
    page_of: list[int] = []
    page = 0
    start = 0
    for brk in [*_BREAK.finditer(raw), None]:
        end = brk.start() if brk else len(raw)
        lines.append(_remove_footnotes(_normalise(raw, start, end)))
        page_of.append(page)
        if brk is not None:
            if brk.group() == "\f":
                page += 1
            start = brk.end()
    return lines, page_of


def _normalise(raw: str, start: int, end: int) -> _Line:
    """Visible runs of raw[start:end], one space where whitespace separated them."""
    out = _Line("")
    parts: list[str] = []
    prev_end = -1
    for run in _VISIBLE.finditer(raw, start, end):
        if prev_end >= 0 and _SPACE.search(raw, prev_end, run.start()):
            parts.append(" ")
            out.idx.append(prev_end)
        parts.append(run.group())
        out.idx.extend(range(run.start(), run.end()))
        prev_end = run.end()
    out.text = "".join(parts)
    return out


def _remove_footnotes(line: _Line) -> _Line:
    matches = list(_FOOTNOTE.finditer(line.text))
    if not matches:
        return line
    # one pass over the kept pieces (cutting each marker out of the whole line was quadratic)
    parts: list[str] = []
    idx: list[int] = []
    kept = 0
    for match in matches:
        a, b = match.span(1)
        parts.append(line.text[kept:a])
        idx.extend(line.idx[kept:a])
        kept = b
    parts.append(line.text[kept:])
    idx.extend(line.idx[kept:])
    return _Line("".join(parts), idx)


def _is_page_number(text: str) -> bool:
    return bool(text) and _PAGE_NUMBER.fullmatch(text) is not None


def _droppable(text: str, rules: _Rules) -> bool:
    """A page number, a bare URL or a furniture line (a blank line is not 'dropped')."""
    if not text:
        return False
    if _is_page_number(text) or _URL.fullmatch(text):
        return True
    return len(text) <= rules.boilerplate_max_chars and rules.boilerplate.fullmatch(text) is not None


def _drop_furniture(lines: list[_Line], kept: list[_Line | None], page_of: list[int]) -> None:
    """Drop short lines repeated on several pages, when the text has pages at all."""
    pages = list(page_of)
    if max(page_of, default=0) == 0:
        # no form feeds: page-number lines mark the page breaks
        page = 0
        for i, line in enumerate(lines):
            if _is_page_number(line.text):
                page += 1
            pages[i] = page
    if len(set(pages)) < _MIN_FURNITURE_PAGES:
        return
    seen: dict[str, set[int]] = {}
    for maybe, page in zip(kept, pages, strict=True):
        if maybe is not None and maybe.text and len(maybe.text) <= _MAX_FURNITURE_CHARS:
            seen.setdefault(_furniture_key(maybe.text), set()).add(page)
    repeated = {key for key, on in seen.items() if len(on) >= _MIN_FURNITURE_PAGES}
    for i, maybe in enumerate(kept):
        if maybe is not None and maybe.text and _furniture_key(maybe.text) in repeated:
            kept[i] = None


def _furniture_key(text: str) -> str:
    # running headers often carry the page number at one edge: "Report 2023 — 4", "Report 2023 — 5"
    return re.sub(r"^\d+|\d+$", "#", text.lower())


# -- paragraphs ----------------------------------------------------------------------------------


def _heading_like(text: str, rules: _Rules) -> bool:
    """Short, no final punctuation, and in title case or capitals (or a Markdown heading)."""
    if not text or len(text) > _MAX_HEADING_CHARS or text[-1] in ".,;:!?-–—\"'”’…":
        return False
    if text.startswith("#"):
        return True
    words = _HEADING_WORD.findall(text)
    if not words or not any(c.isalpha() for c in text):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in rules.minor_words for w in words)


def _paragraphs(block: list[_Line], lexicon: _Lexicon, rules: _Rules) -> list[_Line]:
    """Join the wrapped lines of one block of consecutive non-blank lines."""
    lengths = [len(line.text) for line in block]
    wrapped = statistics.median(lengths) <= _WRAPPED_MEDIAN_CHARS
    width = max(lengths)
    out: list[_Paragraph] = [_Paragraph(block[0])]
    current_is_heading = _heading_like(block[0].text, rules)
    prev = block[0]
    for line in block[1:]:
        ends = _ENDS_CLAUSE.search(prev.text, max(0, len(prev.text) - _MAX_WORD)) is not None
        if wrapped:
            breaks = current_is_heading or (
                ends
                and (
                    _heading_like(line.text, rules)
                    or len(prev.text) < _SHORT_LAST_LINE * width
                    or _LIST_ITEM.match(line.text) is not None
                )
            )
        else:
            # each line is a paragraph; _settle rejoins a line that continues a cut sentence
            breaks = True
        if breaks:
            out.append(_Paragraph(line))
            current_is_heading = _heading_like(line.text, rules)
        else:
            _join(out[-1], line, lexicon, rules)
        prev = line
    return [para.line() for para in out]


def _trailing_fragment(text: str) -> str | None:
    """The letters before a line-final hyphen ('demon' in 'was demon-'), or None (no hyphen, no word)."""
    if not text.endswith("-"):
        return None
    lo = max(0, len(text) - _MAX_WORD - 1)
    match = _TRAILING_WORD.search(text, lo)
    if match is None or (match.start() == lo and lo > 0 and _LETTER.match(text, lo - 1)):
        return None
    return match.group(1)


def _ends_sentence(tail: str) -> bool:
    return _ENDS_SENTENCE.search(tail, max(0, len(tail) - _MAX_WORD)) is not None


def _continues(prev: _Paragraph, nxt: _Line) -> bool:
    """A paragraph cut by a page break, a dropped line or a blank line: no sentence end, lower case next."""
    if _ends_sentence(prev.tail(_MAX_WORD)):
        return False
    m = _STARTS_LOWER.match(nxt.text)
    return m is not None and m.group()[-1].islower()


def _settle(paragraphs: list[_Line], lexicon: _Lexicon, rules: _Rules) -> list[_Line]:
    """Drop furniture paragraphs and join continued ones until nothing changes (keeps cleaning idempotent)."""
    changed = True
    while changed:
        changed = False
        out: list[_Paragraph] = []
        for para in paragraphs:
            para = _remove_footnotes(para)
            if not para.text or _droppable(para.text, rules):
                changed = True
                continue
            if out and _continues(out[-1], para):
                _join(out[-1], para, lexicon, rules)
                changed = True
            else:
                out.append(_Paragraph(para))
        paragraphs = [para.line() for para in out]
    return paragraphs


def _join(a: _Paragraph, b: _Line, lexicon: _Lexicon, rules: _Rules) -> None:
    """Join a line to its paragraph: undo a line-end hyphen or put one space between them."""
    tail = a.tail(_MAX_WORD + 2)
    left = _trailing_fragment(tail)
    right = _LEADING_WORD.match(b.text)
    if left and right:
        if not lexicon.keep_hyphen(left, right.group(1), rules):
            a.drop_last_char()
        a.add(b.text, b.idx)
        return
    if tail.endswith(("—", "/")):
        a.add(b.text, b.idx)
        return
    # the space stands for the line break, so it maps to the raw character after the line
    a.add(" ", [a.idx[-1] + 1])
    a.add(b.text, b.idx)


class _Lexicon:
    """Words and hyphenated compounds the document itself uses, for the end-of-line hyphen rule."""

    def __init__(self, lines: Sequence[_Line]) -> None:
        self.words: set[str] = set()
        self.compounds: set[str] = set()
        self.heads: set[str] = set()
        broken = False  # the previous line ended in a hyphenated fragment
        for line in lines:
            text = line.text
            if broken:
                text = _LEADING_WORD.sub("", text)
            fragment = _trailing_fragment(text)
            broken = fragment is not None
            if fragment is not None:
                text = text[: -len(fragment) - 1]
            self._add(_WORD.findall(text))

    def _add(self, tokens: Iterable[str]) -> None:
        for token in tokens:
            token = token.lower()
            if "-" in token:
                self.compounds.add(token)
                self.heads.update(token.split("-")[:-1])
            else:
                self.words.add(token)

    def keep_hyphen(self, left: str, right: str, rules: _Rules) -> bool:
        """Whether 'left-' at a line end followed by 'right' is a real compound (see module doc)."""
        if right[0].isupper():
            return True
        lo_left, lo_right = left.lower(), right.lower()
        if lo_left + lo_right in self.words:
            return False
        if f"{lo_left}-{lo_right}" in self.compounds:
            return True
        if lo_left in rules.hyphen_prefixes or lo_left in self.heads:
            return True
        return lo_left in self.words and lo_right in self.words


# -- output --------------------------------------------------------------------------------------


def _assemble(paragraphs: list[_Line], raw_length: int) -> Cleaned:
    """Paragraphs separated by a blank line, and the anchors of the offset map."""
    parts: list[str] = []
    idx: list[int] = []
    for para in paragraphs:
        if parts:
            sep = idx[-1] + 1
            parts.append("\n\n")
            idx.extend((sep, sep))
        parts.append(para.text)
        idx.extend(para.idx)
    text = "".join(parts)
    anchors: list[tuple[int, int]] = []
    for i, r in enumerate(idx):
        if i == 0 or r != idx[i - 1] + 1:
            anchors.append((i, r))
    anchors.append((len(text), idx[-1] + 1 if idx else raw_length))
    return Cleaned(text=text, offset_map=tuple(anchors))
