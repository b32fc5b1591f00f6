"""What alignment compares: document profiles, and the features of a document pair and a mention pair.

A feature is a named number; the learned scorer (``corpus.scorer``) weighs them. Words are weighed by
TF-IDF over the documents of the run (sublinear term frequency, smoothed inverse document
frequency), so what counts as distinctive comes from the corpus at hand, not from a list.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..model import Analysis, EventMention, TimeValue
from ..resources import load_yaml
from .dates import gap_days, interval
from .facts import count_key
from .toll import KILLED, WOUNDED, attackers_dead, document_toll, figure

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
# entity labels that name who and where (dates and numbers have their own features)
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "LAW"})
_FIRM = frozenset({"explicit", "relative"})
Vector = dict[str, float]


def words(text: str) -> Counter[str]:
    """Content words of a text, lower-cased, stop words removed."""
    return Counter(w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in STOP_WORDS)


def _name(text: str) -> str:
    name = " ".join(text.lower().replace("’s", "").replace("'s", "").split())
    return name[4:] if name.startswith("the ") else name


@dataclass(frozen=True)
class DocProfile:
    """What one document says overall, for grouping documents into stories."""

    id: str
    published: tuple[date, date] | None
    terms: Counter[str]
    names: Counter[str]  # named entities (people, organisations, places), lower-cased
    places: frozenset[str]
    actors: frozenset[str]
    years: frozenset[int] = frozenset()  # years of the dates the text writes out
    days: frozenset[str] = frozenset()  # days the text writes out (ISO)
    figures: frozenset[float] = frozenset()  # values of the counts it gives
    # every figure it gives for a kind of casualty ('six more wounded'), by role
    tolls: dict[str, frozenset[float]] = field(default_factory=dict)


def profile(analysis: Analysis) -> DocProfile:
    """The profile of one analysed document."""
    doc = analysis.doc
    written = [
        (m.value.value, m.value.granularity)
        for m in analysis.dates
        if m.kind == "date" and m.value is not None and m.value.value and m.value.basis == "explicit"
    ]
    published = None
    if doc.published:
        published = interval(TimeValue(doc.published, "day" if len(doc.published) == 10 else "month"))
    return DocProfile(
        id=doc.id,
        published=published,
        terms=words(doc.text),
        names=Counter(_name(e.text) for e in analysis.entities if e.label in _NAME_LABELS),
        places=frozenset(p.place for p in analysis.places if p.place),
        actors=frozenset(a.actor for a in analysis.actors if a.actor),
        years=frozenset(int(value[:4]) for value, _ in written if value[:4].isdigit()),
        days=frozenset(value for value, granularity in written if granularity == "day"),
        figures=frozenset(c.value for c in analysis.counts if c.value >= 2),
        tolls=_tolls(analysis),
    )


def _tolls(analysis: Analysis) -> dict[str, frozenset[float]]:
    """Every figure the document gives for a kind of casualty: the counts read as one ('six more
    wounded'), the figure of each group of people the participants stage gives that role ('the
    wounding of three others'), and the document's own toll ('4 shot, 2 die' is two wounded), with
    and without the attackers it says died."""
    by_role: dict[str, set[float]] = {}
    for count in analysis.counts:
        if count.casualty is not None:
            by_role.setdefault(count.casualty, set()).add(count.value)
    for p in analysis.participants:
        value = figure(p)
        if p.role in (KILLED, WOUNDED) and value and not (p.negated or p.unreal):
            by_role.setdefault(p.role, set()).add(value)
    toll = document_toll(analysis.participants, analysis.events, analysis.doc.text)
    for role, found in toll.items():
        if found.value > 0:
            by_role.setdefault(role, set()).add(float(found.value))
    # 'the gunman killed 49 ... and was shot dead': the toll with and without the attackers who died
    attackers = attackers_dead(analysis.participants, analysis.events)
    killed = toll[KILLED].value
    if attackers and killed:
        with_and_without = (float(killed + attackers), float(killed - attackers))
        by_role.setdefault(KILLED, set()).update(x for x in with_and_without if x > 0)
    return {role: frozenset(values) for role, values in sorted(by_role.items())}


class Weights:
    """Inverse document frequencies over the documents of one run."""

    def __init__(self, bags: Iterable[Mapping[str, float]]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for bag in bags:
            n += 1
            df.update(bag.keys())
        self._set(df, n)

    def _set(self, df: Mapping[str, int], n: int) -> None:
        self.n = n
        self._idf = {term: math.log((n + 1) / (k + 1)) + 1 for term, k in df.items()}
        self._unseen = math.log(n + 1) + 1

    @classmethod
    def from_counts(cls, df: Mapping[str, int], n: int) -> Weights:
        """Weights from document frequencies kept elsewhere (the store keeps them between runs)."""
        weights = cls(())
        weights._set(df, n)
        return weights

    def idf(self, term: str) -> float:
        """The inverse document frequency of a term (unseen terms weigh most)."""
        return self._idf.get(term, self._unseen)

    def vector(self, bag: Mapping[str, float]) -> Vector:
        """A unit-length TF-IDF vector of a bag of terms."""
        raw = {t: (1 + math.log(c)) * self.idf(t) for t, c in bag.items() if c > 0}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        return {t: v / norm for t, v in raw.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """The cosine of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _overlap(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """(shared, clash): 1 when the sets share an item; clash 1 when both are non-empty and share none."""
    if not a or not b:
        return 0.0, 0.0
    return (1.0, 0.0) if a & b else (0.0, 1.0)


def _log_gap(days: int) -> float:
    return math.log1p(days) / math.log1p(365)


@dataclass
class DocView:
    """A document profile with its vectors, ready for pairing."""

    profile: DocProfile
    terms: Vector
    names: Vector


def doc_features(a: DocView, b: DocView) -> dict[str, float]:
    """Features of a document pair: do they tell the same story?"""
    f = {
        "doc_cos": cosine(a.terms, b.terms),
        "name_cos": cosine(a.names, b.names),
    }
    f["place_shared"], f["place_clash"] = _overlap(a.profile.places, b.profile.places)
    for name, x, y in (("year", a.profile.years, b.profile.years), ("day", a.profile.days, b.profile.days)):
        if x and y:
            f[f"{name}_shared"] = len(x & y) / min(len(x), len(y))
    if a.profile.figures and b.profile.figures:
        f["figure_shared"] = float(bool(a.profile.figures & b.profile.figures))
    pa, pb = a.profile.published, b.profile.published
    if pa and pb:
        gap = gap_days(pa, pb)
        f["pub_gap"] = _log_gap(gap)
        f["pub_far"] = float(gap > 31)
    else:
        f["pub_missing"] = 1.0
    return f


@dataclass
class MentionView:
    """An event mention with what alignment reads of it."""

    mention: EventMention
    family: str
    sense: str | None  # the ontology's named sense of the trigger, for synonyms ('killed' / 'murdered')
    days: tuple[date, date] | None
    firm: bool  # the date is written in the mention's own sentence
    counts: dict[str, float]
    places: frozenset[str]
    actors: frozenset[str]
    sentence: Vector
    names: frozenset[str]  # entity names in the sentence
    group: str | None = None  # the ontology trigger group ('signed' and 'statement' share one)
    synonyms: frozenset[int] = frozenset()  # synonym groups of the trigger lemma (resources/align)
    story: int = -1


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, frozenset[int]]:
    """Lemma -> the synonym groups of resources/align/senses.yaml that hold it."""
    data = load_yaml("align", "senses.yaml")
    groups: dict[str, set[int]] = {}
    for n, group in enumerate(data["groups"]):
        for word in group:
            groups.setdefault(str(word).lower(), set()).add(n)
    return {k: frozenset(v) for k, v in groups.items()}


def mention_view(
    mention: EventMention, family: str, sense: str | None, sentence: Vector, names: frozenset[str]
) -> MentionView:
    """A mention with its comparable facts."""
    counts: dict[str, float] = {}
    for count in mention.counts:
        counts.setdefault(count_key(count), count.value)
    return MentionView(
        mention=mention,
        family=family,
        sense=sense,
        days=interval(mention.date),
        firm=mention.date is not None and mention.date.basis in _FIRM,
        counts=counts,
        places=frozenset(p.ref for p in mention.places if p.ref),
        actors=frozenset(a.ref for a in mention.actors if a.ref),
        sentence=sentence,
        names=names,
        synonyms=synonym_groups().get(mention.lemma, frozenset()),
    )


def _stem(lemma: str) -> str:
    return lemma[:5] if len(lemma) > 5 else lemma


def mention_features(
    a: MentionView, b: MentionView, doc_sim: float, sent_sim: float | None = None
) -> dict[str, float]:
    """Features of a mention pair: do they report the same event? (``sent_sim``: their sentences'
    cosine when the caller has it already)"""
    ma, mb = a.mention, b.mention
    sent = cosine(a.sentence, b.sentence) if sent_sim is None else sent_sim
    f: dict[str, float] = {"doc_cos": doc_sim, "sent_cos": sent}
    if ma.doc == mb.doc:
        f["same_doc"] = 1.0
        if ma.sentence_start == mb.sentence_start:
            f["same_sentence"] = 1.0
    if ma.lemma and ma.lemma == mb.lemma:
        f["lemma"] = 1.0
    elif ma.lemma and _stem(ma.lemma) == _stem(mb.lemma):
        f["stem"] = 1.0
    elif (a.sense is not None and a.sense == b.sense) or a.synonyms & b.synonyms:
        f["sense"] = 1.0
    typed = ma.type != "other" and mb.type != "other"
    if typed and ma.type == mb.type:
        f["type"] = 1.0
    elif typed and a.family == b.family:
        f["family"] = 1.0
    elif typed:
        f["type_clash"] = 1.0
    if a.days and b.days:
        gap = gap_days(a.days, b.days)
        key = "firm" if a.firm and b.firm else "soft"
        f[f"date_{key}_same" if gap == 0 else f"date_{key}_gap"] = 1.0 if gap == 0 else _log_gap(gap)
    elif a.days or b.days:
        f["date_one"] = 1.0
    shared = a.counts.keys() & b.counts.keys()
    if any(a.counts[k] == b.counts[k] for k in shared):
        f["count_same"] = 1.0
    elif shared:
        f["count_clash"] = 1.0
    f["place_shared"], f["place_clash"] = _overlap(a.places, b.places)
    f["actor_shared"], _ = _overlap(a.actors, b.actors)
    if a.names and b.names:
        f["names_shared"] = len(a.names & b.names) / min(len(a.names), len(b.names))
    if ma.args and mb.args:
        shared_args = set(ma.args) & set(mb.args)
        f["args_shared" if shared_args else "args_clash"] = 1.0
    if ma.salience == "background" or mb.salience == "background":
        f["background"] = 1.0
    return f
