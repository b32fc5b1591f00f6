"""Cross-document alignment: which event mentions report the same real-world event.

Blocking keeps the work near-linear: two mentions are compared only when they belong to the same
family of types (ontology) and share a key (an overlapping date bucket, a place, an actor or a
count value); keys so common that they say nothing are dropped. Each candidate pair gets a score
from its dates, counts, places, actors and wording; pairs whose dates or counts clearly exclude each
other can never be linked. Clusters grow by merging the best-scoring pairs first, and a merge is
refused when it would put two mutually exclusive mentions into one event.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..model import Document, EventMention
from ..ontology import load_ontology
from ..settings import Settings
from .dates import gap_days, interval, width_days
from .facts import content_words, count_key

# a blocking key shared by more mentions than this carries no information about identity
_MAX_POSTING = 300
# count values of one kind that differ by more than this factor cannot be one fact
_COUNT_RATIO = 3.0
_REVISION = re.compile(r"\b(?:revis|updat|corrected|rose to|risen to|increased to|now stands|latest)", re.I)


@dataclass(frozen=True)
class _Features:
    mention: EventMention
    family: str
    days: tuple[date, date] | None
    places: frozenset[str]
    actors: frozenset[str]
    counts: dict[str, float]
    words: frozenset[str]
    revises: bool
    firm: bool  # the date is written in the mention's own sentence, not inferred or the publication date


def _features(mention: EventMention, family: str, sentence: str) -> _Features:
    counts: dict[str, float] = {}
    for count in mention.counts:
        counts.setdefault(count_key(count), count.value)
    return _Features(
        mention=mention,
        family=family,
        days=interval(mention.date),
        places=frozenset(p.ref for p in mention.places if p.ref),
        actors=frozenset(a.ref for a in mention.actors if a.ref),
        counts=counts,
        words=content_words(sentence),
        revises=bool(_REVISION.search(sentence)),
        firm=mention.date is not None and mention.date.basis in {"explicit", "relative"},
    )


def _keys(f: _Features, window: int) -> Iterable[str]:
    if f.days is not None and width_days(f.days) <= 31:
        bucket = window + 1
        first, last = f.days[0].toordinal() // bucket, f.days[1].toordinal() // bucket
        for b in range(first - 1, last + 2):
            yield f"{f.family}|d{b}"
    elif f.days is not None:
        yield f"{f.family}|y{f.days[0].year}"
    for place in f.places:
        yield f"{f.family}|p{place}"
    for actor in f.actors:
        yield f"{f.family}|a{actor}"
    for value in f.counts.values():
        yield f"{f.family}|c{value:g}"
    for word in f.words:
        yield f"{f.family}|w{word}"


def excludes(a: _Features, b: _Features, window: int) -> bool:
    """Whether two mentions cannot be one event: dates too far apart, or counts of one kind far apart."""
    if a.revises or b.revises:
        return False
    # a date carried over from the story or the publication date is a guess: it may pull
    # mentions together but never keeps them apart
    if a.firm and b.firm and a.days and b.days and gap_days(a.days, b.days) > window:
        return True
    for key in a.counts.keys() & b.counts.keys():
        low, high = sorted((a.counts[key], b.counts[key]))
        if low > 0 and high / low > _COUNT_RATIO:
            return True
    return False


def _close(xs: Iterable[float], ys: Iterable[float]) -> bool:
    return any(min(x, y) > 0 and max(x, y) / min(x, y) <= 1.2 for x in xs for y in ys)


def score(a: _Features, b: _Features, window: int) -> float:
    """How likely two compatible mentions are to report the same event (0 to about 1.4)."""
    total = 0.15 if a.mention.type == b.mention.type else 0.05
    if a.days and b.days:
        gap = gap_days(a.days, b.days)
        precise = max(width_days(a.days), width_days(b.days)) <= 7
        closeness = (0.35 if precise else 0.1) * (1 - gap / (window + 1))
        total += closeness if a.firm and b.firm else max(0.0, closeness)
    shared_counts = [k for k in a.counts.keys() & b.counts.keys() if a.counts[k] == b.counts[k]]
    if shared_counts:
        total += 0.3
    elif set(a.counts.values()) & set(b.counts.values()):
        total += 0.15
    elif _close(a.counts.values(), b.counts.values()):
        total += 0.1  # '45' and '47': figures of one size, as rival reports of one event give
    if a.places and b.places:
        total += 0.2 if a.places & b.places else -0.1
    if a.actors and b.actors:
        total += 0.15 * len(a.actors & b.actors) / len(a.actors | b.actors)
    if a.words and b.words:
        total += 0.4 * len(a.words & b.words) / len(a.words | b.words)
    return total


def align(mentions: list[EventMention], docs: dict[str, Document], settings: Settings) -> list[list[str]]:
    """Clusters of mention ids that report the same event; every mention is in exactly one cluster."""
    ontology = load_ontology(settings)
    window = settings.align_date_window_days
    feats = [
        _features(
            m,
            ontology.family(m.type),
            docs[m.doc].text[m.sentence_start : m.sentence_end] if m.doc in docs else m.trigger,
        )
        for m in mentions
    ]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for key in set(_keys(f, window)):
            postings[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) > _MAX_POSTING:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pairs.add((i, j))
    scored = []
    for i, j in pairs:
        a, b = feats[i], feats[j]
        if a.mention.doc == b.mention.doc and a.mention.sentence_start == b.mention.sentence_start:
            # two triggers of one family in one sentence are one event told twice
            scored.append((1.0, i, j))
            continue
        if excludes(a, b, window):
            continue
        s = score(a, b, window)
        if s >= settings.align_threshold:
            scored.append((s, i, j))
    return _cluster(feats, scored, window)


def _cluster(feats: list[_Features], scored: list[tuple[float, int, int]], window: int) -> list[list[str]]:
    cluster_of = list(range(len(feats)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(feats))}
    for _, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        ci, cj = cluster_of[i], cluster_of[j]
        if ci == cj:
            continue
        if any(excludes(feats[x], feats[y], window) for x in members[ci] for y in members[cj]):
            continue
        if len(members[ci]) < len(members[cj]):
            ci, cj = cj, ci
        for x in members[cj]:
            cluster_of[x] = ci
        members[ci].extend(members.pop(cj))
    return [[feats[i].mention.id for i in sorted(group)] for group in members.values()]
