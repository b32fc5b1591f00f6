"""The records that cross stage boundaries: small frozen dataclasses anchored by character offsets.

Every annotation's ``start``/``end`` index the document's *cleaned* text, and
``doc.text[start:end] == annotation.text`` always holds (tests check it for every stage).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Granularity = Literal[
    "day", "week", "month", "quarter", "season", "year", "decade", "century", "range", "unknown"
]
Basis = Literal["explicit", "relative", "document", "inferred"]
Modality = Literal["asserted", "reported", "denied", "planned", "hypothetical", "questioned"]
Approx = Literal["about", "more_than", "at_least", "less_than", "up_to", "nearly"]
Salience = Literal["current", "background"]
Role = Literal["agent", "patient", "recipient", "mediator", "other"]
Polarity = Literal["assert", "deny", "doubt"]  # the source's stance toward an attributed content
Casualty = Literal["killed", "wounded", "missing"]
# the facts of an event compared source by source (see corpus/slots.py)
SlotAspect = Literal["date", "place", "count", "label", "agent", "mediator", "in_return", "claim"]
# how two sources' values for one slot relate (see corpus/discrepancies.py)
Relation = Literal["contradiction", "part_whole", "update", "framing", "naming", "denial"]


@dataclass(frozen=True)
class Document:
    """One input document after ingest and cleaning."""

    id: str
    path: str
    text: str  # the cleaned text all offsets refer to
    sha256: str  # of the raw input bytes
    title: str | None = None
    outlet: str | None = None
    side: str | None = None
    published: str | None = None  # ISO date, possibly truncated: 2023-12-14, 2023-12, 2023
    published_basis: Literal["metadata", "text", "unknown"] = "unknown"
    published_source: str | None = None  # how the date was found: sources.csv, byline, html-meta, ...
    language: str | None = "en"
    format: str = "txt"
    warnings: tuple[str, ...] = ()
    # cleaned→raw map: sorted (clean_offset, raw_offset) anchors; see clean.to_raw
    offset_map: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Sentence:
    """A sentence of the cleaned text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A named entity found by the statistical model (spaCy label set)."""

    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, FAC, DATE, CARDINAL, ...


@dataclass(frozen=True)
class Token:
    """One token of a parsed sentence: just what event-argument rules need."""

    start: int
    end: int
    text: str
    lemma: str  # '' when the sentence was parsed without lemmas (see nlp.parse_sentences)
    pos: str
    tag: str
    dep: str
    head: int  # index of the head token within the same ParsedSentence


@dataclass(frozen=True)
class ParsedSentence:
    """A sentence the cascade sent through the parser."""

    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class TimeValue:
    """A normalised time value in the contract's date form."""

    value: str | None  # ISO truncated to granularity ('2021-06-12', '2021-06', '2021', '2021-W23', '1990s')
    granularity: Granularity
    start: str | None = None  # for ranges
    end: str | None = None
    basis: Basis = "explicit"


@dataclass(frozen=True)
class TimeMention:
    """A time expression in the text and its normalisation."""

    start: int
    end: int
    text: str
    kind: Literal["date", "duration", "set", "time"]
    value: TimeValue | None  # date/time/set: the normalised date; None when it cannot be placed
    duration: str | None = None  # ISO 8601 period for durations: P44D, P30Y
    approx: Approx | None = None  # 'nearly 30 years', 'more than five months'


@dataclass(frozen=True)
class CountMention:
    """A number of people or things, with its approximator and the noun it counts."""

    start: int
    end: int
    text: str
    value: float
    high: float | None = None  # upper bound of a range ('60 to 64')
    approx: Approx | None = None
    what: str = ""  # the counted noun phrase, e.g. 'prisoners of war'
    what_start: int | None = None
    what_end: int | None = None
    casualty: Casualty | None = None  # the kind its own words name: '3 dead', 'killing 5', '2 injured'
    part: bool = False  # a part of a larger figure: '4 of the 15', 'including 13 Israelis'
    whole: float | None = None  # that larger figure's value, where the text writes it
    whole_start: int | None = None  # the span of the larger figure's number
    whole_end: int | None = None


@dataclass(frozen=True)
class LabelMention:
    """A word a source uses for the people involved ('detainees', 'saboteurs')."""

    start: int
    end: int
    text: str
    label: str  # normalised key from resources/labels.yaml, e.g. 'prisoner_of_war'
    category: str  # captive, combatant, civilian, ...


@dataclass(frozen=True)
class Attribution:
    """A content (claim, belief, intention, finding) attributed to a source by a cue.

    One sentence may hold several; an attribution whose cue lies inside another's content is nested
    in it (``parent``). A pronoun source keeps its own span and names what it refers to in
    ``resolved`` (the nearest compatible named source earlier in the document).
    """

    sentence_start: int
    sentence_end: int
    # the source's words, e.g. 'the Azerbaijani Foreign Ministry'; '' (an empty span at the cue) when
    # the text names none: 'he was accused of ...', 'allegations that ...'
    source: str
    source_start: int
    source_end: int
    cue: str  # 'said', 'according to', 'has denied', ':' ...
    cue_start: int
    cue_end: int
    quote_start: int | None = None  # a quoted passage of the content, inside its quote marks
    quote_end: int | None = None
    actor: str | None = None  # actor id when the source (or what a pronoun refers to) resolves
    content_start: int | None = None  # what is attributed, quote marks included as PolNeAR marks them
    content_end: int | None = None
    polarity: Polarity = "assert"
    parent: int | None = None  # index, in the document's attributions, of the one whose content holds this
    resolved: str | None = None  # for a pronoun source: the named source it refers to
    resolved_start: int | None = None
    resolved_end: int | None = None


@dataclass(frozen=True)
class PlaceMention:
    """A toponym in the text, resolved to a place id when the gazetteer knows it."""

    start: int
    end: int
    text: str
    place: str | None  # place id, e.g. 'caucasus:stepanakert' or 'geonames:587084'


@dataclass(frozen=True)
class ActorMention:
    """A reference to an actor: a state (also by capital or demonym), body, group or person."""

    start: int
    end: int
    text: str
    actor: str | None  # actor id, e.g. 'state:AZ', 'org:icrc', 'person:nikol-pashinyan'
    kind: str | None = None  # state, government_body, armed_group, organization, person, group
    via: Literal["name", "capital", "demonym", "alias", "ner", "office"] = "name"


@dataclass(frozen=True)
class Argument:
    """An event argument: a pointer to an annotation by its offsets, with a role."""

    start: int
    end: int
    text: str
    role: str  # agent, patient, recipient, mediator, other; for places: location, origin, destination
    ref: str | None = None  # place or actor id


@dataclass(frozen=True)
class EventMention:
    """One report of an event in one document."""

    id: str  # '<doc>:m<N>'
    doc: str
    type: str
    plover: str | None
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    trigger: str
    date: TimeValue | None
    date_text: str | None = None
    date_start: int | None = None
    date_end: int | None = None
    places: tuple[Argument, ...] = ()
    actors: tuple[Argument, ...] = ()
    counts: tuple[CountMention, ...] = ()
    labels: tuple[LabelMention, ...] = ()
    attribution: Attribution | None = None  # the innermost attribution whose content holds the trigger
    modality: Modality = "asserted"
    confidence: float | None = None
    # who claims it and on whose authority: the attributions holding the trigger, outermost first
    attributions: tuple[Attribution, ...] = ()
    lemma: str = ""  # the trigger's head word, lemmatised ('shot' -> 'shoot')
    args: tuple[str, ...] = ()  # head words of the trigger's subject, objects and modifiers, lower case
    # background: history or context told in passing ('since the war of the 1990s'), not news
    salience: Salience = "current"


@dataclass(frozen=True)
class Party:
    """Who a group of people belongs to, or who acts on it, with the words that say so."""

    start: int
    end: int
    text: str
    ref: str | None = None  # actor id ('state:AM', 'org:icrc') or a state from a demonym ('state:UA')
    via: str = "actor"  # actor, demonym, possessive, of (a 'soldiers of X'), words (unresolved)


@dataclass(frozen=True)
class Participant:
    """A group of people an event mention involves: who, its role, its count and the words for it.

    ``start``/``end`` span the words for the group ('15 Armenian prisoners of war'); ``role_*`` the
    word that gives the role ('handed over'); every party, count and label carries its own span.
    """

    mention: str  # the EventMention id
    start: int
    end: int
    text: str
    role: str  # released, exchanged, detained, sentenced, killed, wounded, missing, displaced
    role_start: int
    role_end: int
    role_text: str
    who: Party | None = None  # nationality, side or affiliation of the group
    by: Party | None = None  # who acts on it: 'released by X', 'X handed over'
    to: Party | None = None  # who receives it: 'returned to Y', 'Y received'
    count: CountMention | None = None  # the figure written for the group, with its part-of-whole
    singular: bool = False  # one person named without a figure: 'a man', 'Jane Doe', 'he'
    pronoun: bool = False  # named by a pronoun only: a person or group the text named before
    negated: bool = False  # the text says nobody had the role: 'no one was hurt', 'were not injured'
    unreal: bool = False  # not said to have happened: 'threatened to kill', 'could have died', 'Shoot him!'
    labels: tuple[LabelMention, ...] = ()  # the source's words for the group (resources/labels)


@dataclass(frozen=True)
class PlaceName:
    """One name of a place, with who uses it."""

    name: str
    lang: str | None = None
    used_by: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Place:
    """A gazetteer entry."""

    id: str
    name: str  # neutral display name: every side's name where sides differ
    names: tuple[PlaceName, ...]
    kind: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    source: str | None = None
    related: tuple[str, ...] = ()  # ids of related-but-distinct places (Hadrut region vs Khojavend district)


@dataclass(frozen=True)
class Actor:
    """A known actor."""

    id: str
    name: str
    names: tuple[str, ...] = ()
    kind: str | None = None
    country: str | None = None


@dataclass
class Analysis:
    """What the per-document stages produced for one document; each stage fills its own field."""

    doc: Document
    sentences: list[Sentence] = field(default_factory=list)
    parsed: list[ParsedSentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[TimeMention] = field(default_factory=list)
    counts: list[CountMention] = field(default_factory=list)
    labels: list[LabelMention] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)


@dataclass(frozen=True)
class SlotValue:
    """What one document gives for one slot of an event, with the words that say it.

    ``start``/``end`` span the source's words (``text``) in the document's cleaned text. A document
    gives one value per slot; its other values are kept with ``detail`` set, never compared.
    """

    doc: str
    mention: str  # the EventMention the value comes from
    value: str  # normalised: '2020-11-09', 'more than 100', 'state:AM', 'hostage', 'denied'
    text: str
    start: int
    end: int
    low: float | None = None  # a figure, or the low end of its range
    high: float | None = None  # the high end of a range ('60 to 64')
    approx: Approx | None = None
    whole: float | None = None  # the larger figure this one is written as a part of ('13 of the 24')
    category: str | None = None  # labels: the category compared (combatant, civilian, hostage, ...)
    detail: bool = False  # another value of the same document: its own detail


@dataclass(frozen=True)
class Slot:
    """One fact of an event (its date, the number of one group, who mediated, ...) per document."""

    key: str  # 'date', 'place', 'count:released:state:AM', 'label:killed:', 'mediator', ...
    aspect: SlotAspect
    what: str  # in the tool's own words: 'number of people released (Armenia)'
    role: str | None = None  # the participants' role, for count and label slots
    side: str | None = None  # who the group is (an actor id, else the source's word), when known
    values: tuple[SlotValue, ...] = ()


@dataclass(frozen=True)
class DiscrepancyValue:
    """One side of a discrepancy: a value and who reports it."""

    value: str | float | int | None
    mentions: tuple[str, ...]
    docs: tuple[str, ...]
    evidence: tuple[SlotValue, ...] = ()  # each document's value with its words and span


@dataclass(frozen=True)
class Discrepancy:
    """A fact on which the reports of one event differ: two documents, incompatible values, one slot."""

    aspect: Literal[
        "count", "date", "label", "place_name", "actor", "characterization", "attribution", "modality"
    ]
    kind: Literal["contradiction", "update", "framing", "variant"]  # the contract's kinds
    what: str
    values: tuple[DiscrepancyValue, ...]
    relation: Relation = "contradiction"  # the finer kind: part_whole, naming, denial, ...
    slot: str = ""  # key of the slot compared
    explanation: str = ""  # one neutral sentence in the tool's own words


@dataclass(frozen=True)
class EventLink:
    """A relation between two events that are not one: the parts of one deal, a death and the
    shooting it came from, a release and the maps handed over in return."""

    event: str  # the other event's id
    # this event is a part of the other, has it as a part, or goes with it
    kind: Literal["part_of", "has_part", "linked"]
    # told in one sentence; '... In return, ...' in the next; or dates and a place or actor agree
    basis: Literal["sentence", "in_return", "dates"]
    mentions: tuple[str, str]  # the evidence: a mention of this event and one of the other


@dataclass(frozen=True)
class Event:
    """One real-world event as reported by one or more documents."""

    id: str
    type: str
    date: TimeValue | None
    places: tuple[str, ...]
    mentions: tuple[str, ...]
    docs: tuple[str, ...]
    sides: tuple[str, ...]
    summary: str
    discrepancies: tuple[Discrepancy, ...] = ()
    slots: tuple[Slot, ...] = ()
    links: tuple[EventLink, ...] = ()  # events this one is a part of, has as parts, or goes with


@dataclass(frozen=True)
class Problem:
    """An input that could not be read, or a stage that failed on it; the run goes on."""

    path: str
    stage: str
    message: str
    doc: str | None = None
