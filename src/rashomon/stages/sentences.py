"""Sentence splitting by rules: fast, deterministic and offset-exact.

The cleaned text keeps one paragraph (or heading) per line, so a line break always ends a sentence;
inside a line a sentence ends at ., ! or ? (plus closing quotes or brackets) followed by a space and
an upper-case letter, digit or opening quote, unless the dot ends a known abbreviation or an initial.
Text scraped from web pages often loses the space between two sentences ('overnight.Police say'):
a stop right after a word of lower-case letters and right before a capitalised word ends a sentence
too, where the word is no abbreviation.
"""

from __future__ import annotations

import re
from importlib import resources

from ..model import Analysis, Sentence
from ..settings import Settings
from . import Stage

# Abbreviations after which a dot does not end a sentence: a data file, one word per line.
_ABBREVIATIONS = frozenset(
    line.strip()
    for line in resources.files("rashomon.resources")
    .joinpath("sentences/abbreviations.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
)
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
# 'overnight.Police say', 'inside."He': no space; two lower-case letters before (not 'U.S.Army',
# 'St.Louis', 'a.m.'), a capital and a lower-case letter after (not a domain name, not 'A.B')
_JOINED = re.compile(r"""(?<=[a-z]{2})[.!?]+["'”’)\]]*(?=["“]?[A-Z][a-z])""")
_LINE = re.compile(r"[^\n]+")


def _ends_with_abbreviation(line: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and not line[word_start - 1].isspace():
        word_start -= 1
    word = line[word_start:dot].lower().lstrip("(\"'“")
    if word in _ABBREVIATIONS:
        return True
    # a single capital letter: an initial such as 'J. Smith'
    return len(word) == 1 and word.isalpha()


def split_sentences(text: str) -> list[Sentence]:
    """Split cleaned text into sentences with exact offsets."""
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        base = line.start()
        body = line.group()
        begin = 0
        ends = sorted([*_BOUNDARY.finditer(body), *_JOINED.finditer(body)], key=lambda m: m.start())
        for match in ends:
            if body[match.start()] == "." and _ends_with_abbreviation(body, match.start()):
                continue
            sentences.extend(_trimmed(text, base + begin, base + match.end()))
            begin = match.end()
        sentences.extend(_trimmed(text, base + begin, base + len(body)))
    return sentences


def _trimmed(text: str, start: int, end: int) -> list[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return []
    return [Sentence(start, end, text[start:end])]


def sentences_stage(analysis: Analysis, settings: Settings) -> list[Sentence]:
    """Stage: the sentences of the document."""
    return split_sentences(analysis.doc.text)


STAGE = Stage(
    name="sentences",
    version="sentences.rules.v2",
    requires=(),
    assigns="sentences",
    factory=lambda settings: sentences_stage,
    resources=("sentences",),
)
