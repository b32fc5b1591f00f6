"""Framing: the words and place names that set each group of sources apart.

Vocabulary is compared only within one story (issue 10): documents joined by a story of alignment or
by an event they both report form one story, so the terms of unrelated conflicts are never set
against each other as if they were choices of wording. Within each story with two sides or more,
distinctive terms are scored with the log-odds ratio under an informative Dirichlet prior (the
story's own term frequencies), z-scored so that rare words do not dominate: each side against the
story's other sides. Months, weekdays and reporting verbs (resources/framing/excluded.yaml) are
never terms. Each document is then placed nearest the side of its story whose vocabulary its own
resembles most (cosine similarity, leaving the document out of its side). Every term carries example
spans so a reader can check it in context.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from ..errors import ConfigError
from ..model import Analysis, Place
from ..resources import load_yaml
from ..settings import Settings

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_MIN_COUNT = 3  # a term used fewer times in a group is not evidence of that group's vocabulary
_PRIOR_MASS = 500.0  # total pseudo-count of the Dirichlet prior, spread like the corpus frequencies
_EXAMPLES = 3
_EVIDENCE = 8

Spans = dict[str, list[tuple[str, int, int]]]


@lru_cache(maxsize=1)
def excluded_words() -> frozenset[str]:
    """Months, weekdays and reporting verbs: never framing vocabulary."""
    data: Any = load_yaml("framing", "excluded.yaml")
    try:
        return frozenset(str(w).lower() for words in data.values() for w in words)
    except (AttributeError, TypeError) as exc:
        raise ConfigError(f"resources/framing/excluded.yaml: {exc}") from exc


def terms_of(doc_id: str, text: str, spans: Spans | None = None) -> Counter[str]:
    """Unigram and bigram counts of a text (lower case, no stop words, numbers, months, weekdays or
    reporting verbs)."""
    counts: Counter[str] = Counter()
    previous: re.Match[str] | None = None
    excluded = excluded_words()
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("’", "'")
        if word in STOP_WORDS or len(word) < 3 or word in excluded:
            previous = None
            continue
        grams = [(word, match.start())]
        if previous is not None and text[previous.end() : match.start()].strip() == "":
            grams.append((f"{previous.group().lower().replace('’', chr(39))} {word}", previous.start()))
        for gram, start in grams:
            counts[gram] += 1
            if spans is not None and len(spans[gram]) < 50:
                spans[gram].append((doc_id, start, match.end()))
        previous = match
    return counts


def log_odds(group: Counter[str], rest: Counter[str], prior: Counter[str]) -> dict[str, float]:
    """z-scores of the log-odds ratio of each term in ``group`` against ``rest`` (Monroe et al. 2008)."""
    n_group, n_rest, n_prior = sum(group.values()), sum(rest.values()), sum(prior.values())
    if not n_group or not n_rest or not n_prior:
        return {}
    scale = _PRIOR_MASS / n_prior
    a0 = _PRIOR_MASS
    scores = {}
    for term, y_i in group.items():
        alpha = prior[term] * scale
        y_j = rest.get(term, 0)
        delta = math.log((y_i + alpha) / (n_group + a0 - y_i - alpha)) - math.log(
            (y_j + alpha) / (n_rest + a0 - y_j - alpha)
        )
        variance = 1 / (y_i + alpha) + 1 / (y_j + alpha)
        scores[term] = delta / math.sqrt(variance)
    return scores


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


Texts = Callable[[], Iterable[tuple[str, str | None, str]]]  # a fresh pass over (doc id, side, text)
Names = Iterable[tuple[str, str, str | None, str]]  # (place, doc id, side, words), by place and document


def _place_names(names: Names, places: dict[str, Place]) -> list[dict[str, Any]]:
    by_doc: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    by_group: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for place_id, doc_id, side, words in names:
        name = " ".join(words.split())
        by_doc[place_id][doc_id][name] += 1
        by_group[place_id][side or "unassigned"][name] += 1
    return [
        {
            "place": place_id,
            "name": places[place_id].name if place_id in places else place_id,
            "by_doc": {d: dict(c) for d, c in sorted(by_doc[place_id].items())},
            "by_group": {g: dict(c) for g, c in sorted(by_group[place_id].items())},
        }
        for place_id in sorted(by_doc)
    ]


def build_framing(analyses: list[Analysis], places: dict[str, Place], settings: Settings) -> dict[str, Any]:
    """The contract's framing object of these analyses (see ``framing_of``)."""
    names = sorted(
        (
            (m.place, k, n, a.doc.id, a.doc.side, m.text)
            for k, a in enumerate(analyses)
            for n, m in enumerate(a.places)
            if m.place
        ),
        key=lambda x: x[:3],
    )
    return framing_of(
        lambda: ((a.doc.id, a.doc.side, a.doc.text) for a in analyses),
        [(p, d, side, words) for p, _, _, d, side, words in names],
        places,
        settings,
    )


def stories_of_docs(doc_ids: Iterable[str], together: Iterable[Iterable[str]]) -> dict[str, int]:
    """Each document's story: documents that share a group of ``together`` (a story of alignment, the
    documents of one event) are in one story, transitively; a document in none is a story alone."""
    parent: dict[str, str] = {d: d for d in doc_ids}

    def root(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for group in together:
        members = [d for d in group if d in parent]
        for other in members[1:]:
            a, b = root(members[0]), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    numbers: dict[str, int] = {}
    return {d: numbers.setdefault(root(d), len(numbers)) for d in sorted(parent)}


def framing_of(
    texts: Texts,
    names: Names,
    places: dict[str, Place],
    settings: Settings,
    sides: Iterable[tuple[str, str | None]] | None = None,
    together: Iterable[Iterable[str]] | None = None,
) -> dict[str, Any]:
    """The contract's framing object: groups, place-name choices, distinctive terms, document leanings.

    ``together`` holds groups of document ids told as one story (see ``stories_of_docs``); without it
    the corpus is one story. ``sides`` (document id, side), in the order of ``texts``, saves reading
    the texts when no story has two sides. Documents are read as a stream, twice when there are
    sides to compare (their vocabularies, then each document against them, with the example spans of
    the terms chosen): memory holds each story's sides' vocabularies, never every document's.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    side_of: dict[str, str] = {}
    doc_ids: list[str] = []
    for doc_id, side in sides if sides is not None else ((d, side) for d, side, _ in texts()):
        doc_ids.append(doc_id)
        if side:
            groups[side].append(doc_id)
            side_of[doc_id] = side
    story_of = stories_of_docs(doc_ids, together if together is not None else [doc_ids])
    story_sides: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc_id in doc_ids:
        if doc_id in side_of:
            story_sides[story_of[doc_id]][side_of[doc_id]].append(doc_id)
    compared = {s: dict(g) for s, g in story_sides.items() if len(g) >= 2}
    terms: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = [
        {"doc": d, "closest_group": None, "score": None, "evidence": [], "story": story_of[d]}
        for d in doc_ids
    ]
    if compared:
        terms, documents = _compare_groups(texts, compared, story_of, settings)
    stories: dict[int, list[str]] = defaultdict(list)
    for doc_id in doc_ids:
        stories[story_of[doc_id]].append(doc_id)
    return {
        "groups": {g: sorted(ids) for g, ids in sorted(groups.items())},
        "place_names": _place_names(names, places),
        "terms": terms,
        "documents": documents,
        # an extension of the contract: the stories within which sides were compared
        "stories": [
            {"story": n, "docs": sorted(ids), "compared": n in compared} for n, ids in sorted(stories.items())
        ],
    }


def _compare_groups(
    texts: Texts, compared: dict[int, dict[str, list[str]]], story_of: dict[str, int], settings: Settings
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Distinctive terms of each side against the other sides of its story, and each document's
    closest side within its story."""
    group_of = {d: (story, g) for story, groups in compared.items() for g, ids in groups.items() for d in ids}
    group_terms: dict[tuple[int, str], Counter[str]] = {key: Counter() for key in set(group_of.values())}
    priors: dict[int, Counter[str]] = {story: Counter() for story in compared}
    for doc_id, _, text in texts():
        story = story_of.get(doc_id)
        if story not in priors:
            continue
        counts = terms_of(doc_id, text)
        priors[story].update(counts)
        if doc_id in group_of:
            group_terms[group_of[doc_id]].update(counts)
    group_terms = {key: +c for key, c in group_terms.items()}  # as a sum of Counters: positive counts only
    chosen: list[tuple[int, str, str, float]] = []
    for (story, group), counts in sorted(group_terms.items()):
        rest: Counter[str] = sum(
            (c for (s, g), c in group_terms.items() if s == story and g != group), Counter()
        )
        scored = [
            (z, term)
            for term, z in log_odds(counts, rest, priors[story]).items()
            if z >= settings.framing_min_z and counts[term] >= _MIN_COUNT
        ]
        chosen.extend(
            (story, group, term, z)
            for z, term in sorted(scored, reverse=True)[: settings.framing_terms_per_group]
        )
    wanted: dict[int, set[str]] = defaultdict(set)
    distinctive: dict[tuple[int, str], set[str]] = defaultdict(set)
    for story, group, term, _ in chosen:
        wanted[story].add(term)
        distinctive[(story, group)].add(term)
    spans: dict[int, Spans] = defaultdict(lambda: defaultdict(list))
    documents: list[dict[str, Any]] = []
    for doc_id, _, text in texts():
        story = story_of.get(doc_id, -1)
        if story not in compared:
            documents.append(
                {"doc": doc_id, "closest_group": None, "score": None, "evidence": [], "story": story}
            )
            continue
        all_spans: Spans = defaultdict(list)
        mine = terms_of(doc_id, text, all_spans)
        for term in wanted[story] & all_spans.keys():
            room = 50 - len(spans[story][term])
            if room > 0:
                spans[story][term].extend(all_spans[term][:room])
        mine_groups = compared[story]
        story_terms = {g: group_terms.get((story, g), Counter()) for g in mine_groups}
        story_distinctive = {g: distinctive[(story, g)] for g in mine_groups}
        leaning = _leaning(doc_id, mine, mine_groups, story_terms, story_distinctive)
        documents.append({**leaning, "story": story})
    terms = [
        {
            "term": term,
            "group": group,
            "score": round(z, 3),
            "story": story,
            "counts": {g: group_terms.get((story, g), Counter())[term] for g in sorted(compared[story])},
            "examples": [
                {"doc": d, "start": s, "end": e}
                for d, s, e in spans[story][term]
                if d in set(compared[story][group])
            ][:_EXAMPLES],
        }
        for story, group, term, z in chosen
    ]
    return terms, documents


def _leaning(
    doc_id: str,
    mine: Counter[str],
    groups: dict[str, list[str]],
    group_terms: dict[str, Counter[str]],
    distinctive: dict[str, set[str]],
) -> dict[str, Any]:
    best: tuple[float, str] | None = None
    for group, counts in group_terms.items():
        # leave the document out of its own group, or it would always look closest to it
        reference = counts - mine if doc_id in groups[group] else counts
        if not reference:
            continue
        similarity = _cosine(mine, reference)
        if best is None or similarity > best[0]:
            best = (similarity, group)
    if best is None or len(group_terms) < 2:
        return {"doc": doc_id, "closest_group": None, "score": None, "evidence": []}
    shared = sorted(((mine[t], t) for t in distinctive[best[1]] if mine[t]), key=lambda x: (-x[0], x[1]))[
        :_EVIDENCE
    ]
    return {
        "doc": doc_id,
        "closest_group": best[1],
        "score": round(best[0], 4),
        "evidence": [{"term": t, "count": c} for c, t in shared],
    }
