"""Attribution stage: who says what, for every cue of the document (see rashomon.attribution).

Only sentences holding a cue word outside quotation marks (or a colon before a quote, or a 'Name:'
lead) are read; those the parse stage already parsed for events are reused, and the others are
parsed here without lemmas, which the rules do not read, and with their long quotations folded
(rashomon.attribution.compact): the parser's cost grows with the words it reads.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..attribution.compact import Folded
from ..attribution.lexicon import Lexicon, load_lexicon
from ..attribution.resolve import nest, quotations, resolve_actors, resolve_pronouns, widen_to_quotations
from ..attribution.rules import Found, SentenceRules
from ..attribution.shallow import shallow
from ..model import Analysis, Attribution, ParsedSentence, Sentence
from ..nlp import parse_sentences
from ..settings import Settings
from . import Stage, StageFn

_QUOTED = re.compile(r"[“\"]([^“”\"]+)[”\"]")


def cue_sentences(analysis: Analysis, lexicon: Lexicon, quotes: list[tuple[int, int]]) -> list[Sentence]:
    """The sentences that may hold an attribution outside quotations (the cheap gate before the parse)."""
    text = analysis.doc.text
    return [s for s in analysis.sentences if lexicon.needs_parse(text, s.start, s.end, quotes)]


def find_attributions(
    text: str,
    parsed: list[ParsedSentence],
    lexicon: Lexicon,
    quotes: list[tuple[int, int]] | None = None,
    cuts: dict[int, int] | None = None,
) -> list[Attribution]:
    """The attributions of parsed sentences, in text order, before any cross-sentence linking.

    ``cuts`` maps a sentence to where its parse stopped short (see compact.Folded): a content that
    reaches that point runs on to the sentence's end.
    """
    quotes = quotations(text) if quotes is None else quotes
    found: list[Attribution] = []
    for sent in parsed:
        hits = SentenceRules(text, sent, lexicon, quotes).find()
        found += _records(text, Sentence(sent.start, sent.end, ""), hits, (cuts or {}).get(sent.start))
    return found


def _records(text: str, sent: Sentence, hits: list[Found], cut: int | None) -> list[Attribution]:
    found: list[Attribution] = []
    for hit in hits:
        if cut is not None and hit.content is not None and hit.content[1] >= cut - 1:
            hit = replace(hit, content=(hit.content[0], _content_end(text, sent.end)))
        quote = None
        if hit.content is not None:
            quote = _QUOTED.search(text, hit.content[0], hit.content[1])
        # no source named: an empty source at the cue
        source = hit.source or (hit.cue[0], hit.cue[0])
        found.append(
            Attribution(
                sentence_start=sent.start,
                sentence_end=sent.end,
                source=text[source[0] : source[1]],
                source_start=source[0],
                source_end=source[1],
                cue=text[hit.cue[0] : hit.cue[1]],
                cue_start=hit.cue[0],
                cue_end=hit.cue[1],
                quote_start=quote.start(1) if quote else None,
                quote_end=quote.end(1) if quote else None,
                content_start=hit.content[0] if hit.content else None,
                content_end=hit.content[1] if hit.content else None,
                polarity=hit.polarity,
            )
        )
    return found


def _content_end(text: str, end: int) -> int:
    """The end of a sentence without its final stop (a closing quote mark stays)."""
    while end > 0 and text[end - 1] in " .;":
        end -= 1
    return end


class AttributionFinder:
    """Stage callable holding the lexicon."""

    def __init__(self, settings: Settings) -> None:
        self.lexicon = load_lexicon()
        self.verbs = frozenset(self.lexicon.verbs)

    def __call__(self, analysis: Analysis, settings: Settings) -> list[Attribution]:
        """Stage: the attributions of the document."""
        done = {p.start: p for p in analysis.parsed}
        text = analysis.doc.text
        quotes = quotations(text)
        wanted = cue_sentences(analysis, self.lexicon, quotes)
        # the cascade: a sentence of a simple shape needs no parse (attribution.shallow)
        early: dict[int, list[Found]] = {}
        for sent in wanted:
            if sent.start not in done:
                hits = shallow(text, sent, quotes, analysis.entities, self.lexicon)
                if hits is not None:
                    early[sent.start] = hits
        folded = [
            Folded(text, s, quotes, self.verbs, self.lexicon.words)
            for s in wanted
            if s.start not in done and s.start not in early
        ]
        parses = parse_sentences(settings.spacy_models, [f.sentence() for f in folded], lemmatise=False)
        fresh = {f.original.start: f.unfold(p, text) for f, p in zip(folded, parses, strict=True)}
        cuts = {f.original.start: f.cut for f in folded if f.cut is not None}
        found: list[Attribution] = []
        for sent in wanted:
            if sent.start in early:
                found += _records(text, sent, early[sent.start], None)
            else:
                parsed = done.get(sent.start) or fresh[sent.start]
                found += find_attributions(text, [parsed], self.lexicon, quotes, cuts)
        found = widen_to_quotations(found, quotes)
        found = resolve_pronouns(found, analysis.entities)
        found = resolve_actors(found, analysis.actors)
        return nest(found)


def _factory(settings: Settings) -> StageFn:
    return AttributionFinder(settings)


STAGE = Stage(
    name="attribution",
    version="attribution.parse.v3",
    requires=("sentences", "entities", "actors", "parsed"),
    assigns="attributions",
    factory=_factory,
    resources=("attribution",),
)
