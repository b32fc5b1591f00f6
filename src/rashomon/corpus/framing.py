"""Framing: the words and place names that set each group of sources apart.

Distinctive terms are scored with the log-odds ratio under an informative Dirichlet prior (the
corpus's own term frequencies), z-scored so that rare words do not dominate: each group of sources
(``side`` in sources.csv) against all other groups. Each document is then placed nearest the group
whose vocabulary its own resembles most (cosine similarity, leaving the document out of its group).
Every term carries example spans so a reader can check it in context.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from ..model import Analysis, Place
from ..settings import Settings

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_MIN_COUNT = 3  # a term used fewer times in a group is not evidence of that group's vocabulary
_PRIOR_MASS = 500.0  # total pseudo-count of the Dirichlet prior, spread like the corpus frequencies
_EXAMPLES = 3
_EVIDENCE = 8

Spans = dict[str, list[tuple[str, int, int]]]


def terms_of(doc_id: str, text: str, spans: Spans | None = None) -> Counter[str]:
    """Unigram and bigram counts of a text (lower case, no stop words, no numbers)."""
    counts: Counter[str] = Counter()
    previous: re.Match[str] | None = None
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("’", "'")
        if word in STOP_WORDS or len(word) < 3:
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


def framing_of(
    texts: Texts,
    names: Names,
    places: dict[str, Place],
    settings: Settings,
    sides: Iterable[tuple[str, str | None]] | None = None,
) -> dict[str, Any]:
    """The contract's framing object: groups, place-name choices, distinctive terms, document leanings.

    ``sides`` (document id, side), in the order of ``texts``, saves reading the texts when fewer than
    two groups are compared. Documents are read as a stream, twice when there are groups to compare
    (their vocabularies, then each document against them, with the example spans of the terms
    chosen): memory holds the groups' vocabularies, never every document's.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    doc_ids: list[str] = []
    for doc_id, side in sides if sides is not None else ((d, side) for d, side, _ in texts()):
        doc_ids.append(doc_id)
        if side:
            groups[side].append(doc_id)
    terms: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = [
        {"doc": d, "closest_group": None, "score": None, "evidence": []} for d in doc_ids
    ]
    if len(groups) >= 2:
        terms, documents = _compare_groups(texts, groups, settings)
    return {
        "groups": {g: sorted(ids) for g, ids in sorted(groups.items())},
        "place_names": _place_names(names, places),
        "terms": terms,
        "documents": documents,
    }


def _compare_groups(
    texts: Texts, groups: dict[str, list[str]], settings: Settings
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    group_of = {d: g for g, ids in groups.items() for d in ids}
    group_terms: dict[str, Counter[str]] = {g: Counter() for g in groups}
    prior: Counter[str] = Counter()
    for doc_id, _, text in texts():
        counts = terms_of(doc_id, text)
        prior.update(counts)
        if doc_id in group_of:
            group_terms[group_of[doc_id]].update(counts)
    group_terms = {g: +c for g, c in group_terms.items()}  # as a sum of Counters: positive counts only
    chosen: list[tuple[str, str, float]] = []
    for group, counts in sorted(group_terms.items()):
        rest: Counter[str] = sum((c for g, c in group_terms.items() if g != group), Counter())
        scored = [
            (z, term)
            for term, z in log_odds(counts, rest, prior).items()
            if z >= settings.framing_min_z and counts[term] >= _MIN_COUNT
        ]
        chosen.extend(
            (group, term, z) for z, term in sorted(scored, reverse=True)[: settings.framing_terms_per_group]
        )
    wanted = {term for _, term, _ in chosen}
    spans: Spans = defaultdict(list)
    distinctive: dict[str, set[str]] = defaultdict(set)
    for group, term, _ in chosen:
        distinctive[group].add(term)
    documents = []
    for doc_id, _, text in texts():
        all_spans: Spans = defaultdict(list)
        mine = terms_of(doc_id, text, all_spans)
        for term in wanted & all_spans.keys():
            room = 50 - len(spans[term])
            if room > 0:
                spans[term].extend(all_spans[term][:room])
        documents.append(_leaning(doc_id, mine, groups, group_terms, distinctive))
    terms = [
        {
            "term": term,
            "group": group,
            "score": round(z, 3),
            "counts": {g: c[term] for g, c in sorted(group_terms.items())},
            "examples": [
                {"doc": d, "start": s, "end": e} for d, s, e in spans[term] if d in set(groups[group])
            ][:_EXAMPLES],
        }
        for group, term, z in chosen
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
