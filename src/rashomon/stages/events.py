"""Event mentions: typed triggers from the ontology, with their arguments from the other stages.

A cheap pass (``candidate_sentences``) finds the sentences holding a trigger form; the parse stage
parses only those. Here each trigger is checked against its part of speech, then given its date (the
expression that governs it, see rashomon.timex), the places, actors (with roles read off the
dependency tree), counts and labels of its sentence, the sentence's attribution and a modality.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from ..attribution.resolve import chain as attribution_chain
from ..modality import classify
from ..model import (
    ActorMention,
    Analysis,
    Argument,
    Attribution,
    Basis,
    CountMention,
    EventMention,
    ParsedSentence,
    PlaceMention,
    Sentence,
    TimeMention,
    TimeValue,
    Token,
)
from ..ontology import Ontology, TriggerKind, TriggerMatch, load_ontology
from ..salience import salience
from ..settings import Settings
from ..timex import date_event
from . import Stage, StageFn

# how many sentences back a dated report of the same kind still dates an undated one
_THREAD_REACH = 4
# the lead of a news text: where a headline's event is reported with its date
_LEAD_SENTENCES = 8
# how far (characters) a count may sit from its trigger and still be the event's count
_COUNT_REACH = 100
_VERB_POS = frozenset({"VERB", "AUX"})
_VERB_TAGS = frozenset({"VBD", "VBN", "VBG", "VBZ", "VBP", "VB"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
# dependency labels on the path into the trigger, read as argument roles
_SUBJECT = frozenset({"nsubj", "csubj"})
_OBJECT = frozenset({"dobj", "nsubjpass", "attr", "oprd"})
_ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "agent", "attr", "poss", "compound", "amod", "npadvmod"}
)
_CONTENT_POS = frozenset({"NOUN", "PROPN", "NUM", "ADJ"})
_MEDIATOR_WORDS = ("mediat", "participation", "facilitat", "auspices", "brokered", "support of")


def candidate_sentences(analysis: Analysis, ontology: Ontology) -> list[Sentence]:
    """The sentences that contain at least one trigger form (the parser runs only on these)."""
    text = analysis.doc.text
    return [s for s in analysis.sentences if ontology.find(text, s.start, s.end)]


def _token_at(tokens: tuple[Token, ...], starts: list[int], offset: int) -> int | None:
    i = bisect_right(starts, offset) - 1
    if i >= 0 and tokens[i].start <= offset < tokens[i].end:
        return i
    return None


def _pos_ok(match: TriggerMatch, token: Token | None) -> bool:
    if match.kind == "phrase" or token is None:
        return match.kind == "phrase"
    verb = token.pos in _VERB_POS or token.tag in _VERB_TAGS
    noun = token.pos in _NOUN_POS
    if match.kind == "verb":
        return verb
    if match.kind == "noun":
        return noun
    return verb or noun


def _span_head(tokens: tuple[Token, ...], starts: list[int], start: int, end: int) -> int | None:
    """The token of a span whose head lies outside it (the span's syntactic head)."""
    inside = [i for i in range(len(tokens)) if start <= tokens[i].start < end]
    for i in inside:
        if tokens[i].head not in inside or tokens[i].head == i:
            return i
    return inside[0] if inside else None


def _role(tokens: tuple[Token, ...], head: int | None, trigger: int | None) -> str:
    """Agent, patient, recipient or other, from the dependency path of an argument into the trigger."""
    if head is None or trigger is None:
        return "other"
    node, via_prep = head, ""
    for _ in range(len(tokens)):
        parent = tokens[node].head
        if parent == node:
            return "other"
        if parent == trigger:
            dep = tokens[node].dep
            if dep in _SUBJECT:
                return "agent"
            if dep in _OBJECT:
                return "patient"
            if dep == "agent" or via_prep == "by":
                return "agent"
            if via_prep in {"to", "for"} or dep == "dative":
                return "recipient"
            return "other"
        if tokens[node].dep == "pobj":
            via_prep = tokens[parent].text.lower()
        node = parent
    return "other"


class EventExtractor:
    """Stage callable holding the ontology."""

    def __init__(self, settings: Settings) -> None:
        self.ontology = load_ontology(settings)

    def __call__(self, analysis: Analysis, settings: Settings) -> list[EventMention]:
        """Stage: the event mentions of the document."""
        text = analysis.doc.text
        sentences = {s.start: s for s in analysis.sentences}
        attributions: dict[int, list[Attribution]] = {}
        for attr in analysis.attributions:
            attributions.setdefault(attr.sentence_start, []).append(attr)
        mentions: list[EventMention] = []
        for parsed in analysis.parsed:
            sentence = sentences.get(parsed.start)
            if sentence is None:
                continue
            for match in self._triggers(text, parsed):
                held = attributions.get(sentence.start, [])
                mention = self._mention(analysis, sentence, parsed, match, held)
                mentions.append(replace(mention, id=f"{analysis.doc.id}:m{len(mentions) + 1}"))
        return _with_salience(analysis, self._thread_dates(analysis, mentions))

    def mentions_at(self, analysis: Analysis, spans: list[tuple[int, int]]) -> list[EventMention]:
        """Mentions whose triggers are given (evaluation on gold mention spans), with rashomon's
        own type (the ontology's trigger at that span, else ``other``), arguments and dates."""
        sentences = {s.start: s for s in analysis.sentences}
        attributions: dict[int, list[Attribution]] = {}
        for attr in analysis.attributions:
            attributions.setdefault(attr.sentence_start, []).append(attr)
        parsed_at = sorted(analysis.parsed, key=lambda p: p.start)
        starts = [p.start for p in parsed_at]
        mentions: list[EventMention] = []
        for start, end in spans:
            i = bisect_right(starts, start) - 1
            if i < 0 or not (parsed_at[i].start <= start < parsed_at[i].end):
                raise ValueError(f"no parsed sentence holds the span {start}-{end}")
            parsed = parsed_at[i]
            sentence = sentences.get(parsed.start, Sentence(parsed.start, parsed.end, ""))
            found = [m for m in self._triggers(analysis.doc.text, parsed) if m.start < end and start < m.end]
            kind: TriggerKind = found[0].kind if found else "any"
            match = TriggerMatch(
                start, end, analysis.doc.text[start:end], found[0].type if found else "other", kind
            )
            mention = self._mention(analysis, sentence, parsed, match, attributions.get(sentence.start, []))
            mentions.append(replace(mention, id=f"{analysis.doc.id}:g{len(mentions) + 1}"))
        return _with_salience(analysis, self._thread_dates(analysis, mentions))

    def _thread_dates(self, analysis: Analysis, mentions: list[EventMention]) -> list[EventMention]:
        """Undated mentions that continue the story of a dated one of the same thread take its date.

        "X and Y exchanged detainees on Wednesday. ... 34 servicemen were released." The release is
        the exchange's, so it is dated as the exchange, with basis ``inferred``; a mention dated so
        dates the next one in turn. The story has moved on when a different date is written in
        between or the dated report is more than a few sentences back. A headline takes the date of
        the first dated report of its kind in the lead; a headline whose trigger is a verb ("X frees
        12 fishermen") otherwise takes the publication date (basis ``document``), while a noun there
        ("After the War: ...") is a topic and stays undated.
        """
        index = {s.start: i for i, s in enumerate(analysis.sentences)}
        written: dict[int, set[str]] = {}
        for m in analysis.dates:
            if m.kind == "date" and m.value is not None:
                written.setdefault(_sentence_of(analysis.sentences, m.start), set()).add(_key(m.value))
        anchors = sorted(
            (
                (index[m.sentence_start], m)
                for m in mentions
                if m.date is not None
                and m.date.basis in {"explicit", "relative"}
                and m.sentence_start in index
            ),
            key=lambda pair: pair[0],
        )
        verbs = _verb_triggers(analysis)
        out: list[EventMention] = []
        for mention in mentions:
            i = index.get(mention.sentence_start)
            if i is not None and mention.date is not None and mention.date.basis == "inferred":
                # carried over from the previous sentence: a place or a 'This was ...' says more
                better = _dated_by_place(analysis, mention, i) or _dated_by_next_sentence(
                    analysis, mention, i
                )
                out.append(better or mention)
                continue
            if mention.date is not None or i is None or i in written:
                out.append(mention)
                continue
            thread = self.ontology.thread(mention.type)
            same = [(j, a) for j, a in anchors if self.ontology.thread(a.type) == thread]
            source: EventMention | None = None
            if _is_headline(analysis, i):
                source = next((a for j, a in same if j <= _LEAD_SENTENCES), None)
                if source is None and mention.trigger_start in verbs:
                    source = _dated_by_publication(analysis, mention)
            elif (named := _dated_by_place(analysis, mention, i)) is not None:
                out.append(named)
                continue
            elif (ahead := _dated_by_next_sentence(analysis, mention, i)) is not None:
                out.append(ahead)
                continue
            else:
                before = [(j, a) for j, a in same if i - _THREAD_REACH <= j < i]
                if before:
                    j, candidate = max(before, key=lambda pair: pair[0])
                    assert candidate.date is not None
                    moved = any(written.get(k, set()) - {_key(candidate.date)} for k in range(j + 1, i))
                    source = None if moved else candidate
            dated = _inherit(mention, source) if source is not None and source.date is not None else mention
            if dated.date is not None:
                anchors.append((i, dated))
            out.append(dated)
        return out

    def _triggers(self, text: str, parsed: ParsedSentence) -> list[TriggerMatch]:
        starts = [t.start for t in parsed.tokens]
        kept: list[TriggerMatch] = []
        for match in self.ontology.find(text, parsed.start, parsed.end):
            if any(k.start < match.end and match.start < k.end for k in kept):
                continue  # one type per trigger span: the first the ontology lists
            # a noun compound's head is its last word; a phrasal verb's is its first
            offset = match.end - 1 if match.kind == "noun" else match.start
            index = _token_at(parsed.tokens, starts, offset)
            if _pos_ok(match, parsed.tokens[index] if index is not None else None):
                kept.append(match)
        return kept

    def _mention(
        self,
        analysis: Analysis,
        sentence: Sentence,
        parsed: ParsedSentence,
        match: TriggerMatch,
        sentence_attributions: list[Attribution],
    ) -> EventMention:
        text = analysis.doc.text
        tokens = parsed.tokens
        starts = [t.start for t in tokens]
        trigger = _token_at(tokens, starts, match.start)
        head = _span_head(tokens, starts, match.start, match.end) if match.kind != "verb" else trigger
        dated = date_event(analysis, sentence, match.start, match.end)
        date, timex = dated if dated else (None, None)
        places = tuple(
            _place_argument(text, p) for p in analysis.places if sentence.start <= p.start < sentence.end
        )
        actors = tuple(
            _actor_argument(text, a, tokens, starts, trigger)
            for a in analysis.actors
            if sentence.start <= a.start < sentence.end
        )
        counts = tuple(
            c for c in analysis.counts if sentence.start <= c.start < sentence.end and _near(c, match)
        )
        labels = tuple(lab for lab in analysis.labels if sentence.start <= lab.start < sentence.end)
        chain = attribution_chain(sentence_attributions, match.start, match.end)
        attribution = chain[-1] if chain else None
        return EventMention(
            id="",
            doc=analysis.doc.id,
            type=match.type,
            plover=self.ontology.plover(match.type),
            sentence_start=sentence.start,
            sentence_end=sentence.end,
            trigger_start=match.start,
            trigger_end=match.end,
            trigger=match.text,
            date=date,
            date_text=timex.text if timex else None,
            date_start=timex.start if timex else None,
            date_end=timex.end if timex else None,
            places=places,
            actors=actors,
            counts=counts,
            labels=labels,
            attribution=attribution,
            modality=classify(text, sentence, match.start, match.end, attribution),
            confidence=0.6 if match.kind == "phrase" else 0.8,
            attributions=chain,
            lemma=tokens[head].lemma.lower() if head is not None else match.text.lower(),
            args=_argument_words(tokens, head),
        )


def _argument_words(tokens: tuple[Token, ...], head: int | None) -> tuple[str, ...]:
    """Content words that fill the trigger's slots: subject, objects, 'by'/'of'/'in' phrases, modifiers."""
    if head is None:
        return ()
    found: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.head != head or i == head:
            continue
        if tok.dep == "prep":
            found.extend(_content(t) for t in tokens if t.head == i and t.dep == "pobj" and _content(t))
        elif tok.dep in _ARGUMENT_DEPS and _content(tok):
            found.append(_content(tok))
    return tuple(dict.fromkeys(found))


def _content(tok: Token) -> str:
    return tok.lemma.lower() if tok.pos in _CONTENT_POS else ""


def _with_salience(analysis: Analysis, mentions: list[EventMention]) -> list[EventMention]:
    """Mark background mentions (history, generic kinds) once their dates are known."""
    parsed = {p.start: p for p in analysis.parsed}
    out = []
    for mention in mentions:
        sentence = parsed.get(mention.sentence_start)
        tokens = sentence.tokens if sentence is not None else ()
        starts = [t.start for t in tokens]
        head = _span_head(tokens, starts, mention.trigger_start, mention.trigger_end) if tokens else None
        out.append(replace(mention, salience=salience(analysis, mention, tokens, head)))
    return out


def _sentence_of(sentences: list[Sentence], offset: int) -> int:
    starts = [s.start for s in sentences]
    return max(0, bisect_right(starts, offset) - 1)


def _is_headline(analysis: Analysis, index: int) -> bool:
    """The first sentence of a document, or a line near the top without final punctuation (a title)."""
    if index == 0:
        return True
    sentence = analysis.sentences[index]
    return index < _LEAD_SENTENCES // 2 and not sentence.text.rstrip().endswith((".", "!", "?", "”", '"'))


_THIS_WAS = re.compile(r"(?:This|That|It)\s+(?:was|were|had\s+been)\b")
_DATE_AT = re.compile(r",?\s+(?:in|at)\s+$")


def _dated_with(mention: EventMention, timex: TimeMention) -> EventMention:
    assert timex.value is not None
    return replace(
        mention,
        date=replace(timex.value, basis="inferred"),
        date_text=timex.text,
        date_start=timex.start,
        date_end=timex.end,
    )


def _dated_by_place(analysis: Analysis, mention: EventMention, index: int) -> EventMention | None:
    """'... on January 11 in Moscow and November 26 in Sochi. The Moscow meeting ...': the date
    written next to the place this mention names, a few sentences back."""
    names = {a.text for a in (*mention.places, *mention.actors)}
    if not names:
        return None
    lo = analysis.sentences[max(0, index - _THREAD_REACH)].start
    text = analysis.doc.text
    for place in reversed(analysis.places):
        if not (lo <= place.start < mention.sentence_start and place.text in names):
            continue
        for timex in analysis.dates:
            beside = 0 <= place.start - timex.end <= 6 and _DATE_AT.fullmatch(text[timex.end : place.start])
            if timex.kind == "date" and timex.value is not None and beside:
                return _dated_with(mention, timex)
    return None


def _dated_by_next_sentence(analysis: Analysis, mention: EventMention, index: int) -> EventMention | None:
    """'Azerbaijan sent a proposal. This was published on March 14, 2022.': the next sentence dates it."""
    if index + 1 >= len(analysis.sentences):
        return None
    following = analysis.sentences[index + 1]
    if not _THIS_WAS.match(following.text):
        return None
    own = [t for t in analysis.dates if following.start <= t.start < following.end and t.kind == "date"]
    return _dated_with(mention, own[0]) if len(own) == 1 and own[0].value is not None else None


def _key(value: TimeValue) -> str:
    return value.value or f"{value.start}/{value.end}"


def _verb_triggers(analysis: Analysis) -> set[int]:
    """Start offsets of the parsed tokens tagged as verbs (the predicates a headline reports)."""
    return {t.start for p in analysis.parsed for t in p.tokens if t.pos in _VERB_POS or t.tag in _VERB_TAGS}


def _inherit(mention: EventMention, source: EventMention) -> EventMention:
    assert source.date is not None
    # a publication date stays one when passed on; anything else is now an inference
    basis: Basis = "document" if source.date.basis == "document" else "inferred"
    return replace(
        mention,
        date=replace(source.date, basis=basis),
        date_text=source.date_text,
        date_start=source.date_start,
        date_end=source.date_end,
    )


def _dated_by_publication(analysis: Analysis, mention: EventMention) -> EventMention | None:
    published = analysis.doc.published
    if not published:
        return None
    granularity = {10: "day", 7: "month", 4: "year"}.get(len(published), "unknown")
    return replace(mention, date=TimeValue(published, granularity, basis="document"))  # type: ignore[arg-type]


def _near(count: CountMention, match: TriggerMatch) -> bool:
    gap = max(count.start - match.end, match.start - count.end, 0)
    return gap <= _COUNT_REACH


def _place_argument(text: str, place: PlaceMention) -> Argument:
    before = text[max(0, place.start - 12) : place.start].lower().split()
    word = before[-1] if before else ""
    role = {"from": "origin", "to": "destination", "into": "destination"}.get(word, "location")
    return Argument(place.start, place.end, place.text, role, place.place)


def _actor_argument(
    text: str, actor: ActorMention, tokens: tuple[Token, ...], starts: list[int], trigger: int | None
) -> Argument:
    head = _span_head(tokens, starts, actor.start, actor.end)
    role = _role(tokens, head, trigger)
    window = text[max(0, actor.start - 40) : actor.start].lower()
    if role == "other" and any(w in window for w in _MEDIATOR_WORDS):
        role = "mediator"
    return Argument(actor.start, actor.end, actor.text, role, actor.actor)


def _factory(settings: Settings) -> StageFn:
    return EventExtractor(settings)


STAGE = Stage(
    name="events",
    version="events.ontology.v3",
    requires=("sentences", "dates", "counts", "labels", "attributions", "places", "actors", "parsed"),
    assigns="events",
    factory=_factory,
    resources=("ontology", "modality", "timex", "ingest"),
)
