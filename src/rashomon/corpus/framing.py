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


def _place_names(analyses: list[Analysis], places: dict[str, Place]) -> list[dict[str, Any]]:
    by_doc: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    by_group: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for analysis in analyses:
        for mention in analysis.places:
            if mention.place is None:
                continue
            name = " ".join(mention.text.split())
            by_doc[mention.place][analysis.doc.id][name] += 1
            by_group[mention.place][analysis.doc.side or "unassigned"][name] += 1
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
    """The contract's framing object: groups, place-name choices, distinctive terms, document leanings."""
    groups: dict[str, list[str]] = defaultdict(list)
    for analysis in analyses:
        if analysis.doc.side:
            groups[analysis.doc.side].append(analysis.doc.id)
    spans: Spans = defaultdict(list)
    doc_terms = {a.doc.id: terms_of(a.doc.id, a.doc.text, spans) for a in analyses}
    group_terms = {g: sum((doc_terms[d] for d in ids), Counter()) for g, ids in groups.items()}
    prior: Counter[str] = sum(doc_terms.values(), Counter())
    terms: list[dict[str, Any]] = []
    if len(groups) >= 2:
        for group, counts in sorted(group_terms.items()):
            rest: Counter[str] = sum((c for g, c in group_terms.items() if g != group), Counter())
            members = set(groups[group])
            scored = [
                (z, term)
                for term, z in log_odds(counts, rest, prior).items()
                if z >= settings.framing_min_z and counts[term] >= _MIN_COUNT
            ]
            for z, term in sorted(scored, reverse=True)[: settings.framing_terms_per_group]:
                terms.append(
                    {
                        "term": term,
                        "group": group,
                        "score": round(z, 3),
                        "counts": {g: c[term] for g, c in sorted(group_terms.items())},
                        "examples": [
                            {"doc": d, "start": s, "end": e} for d, s, e in spans[term] if d in members
                        ][:_EXAMPLES],
                    }
                )
    return {
        "groups": {g: sorted(ids) for g, ids in sorted(groups.items())},
        "place_names": _place_names(analyses, places),
        "terms": terms,
        "documents": _leanings(analyses, groups, doc_terms, group_terms, terms),
    }


def _leanings(
    analyses: list[Analysis],
    groups: dict[str, list[str]],
    doc_terms: dict[str, Counter[str]],
    group_terms: dict[str, Counter[str]],
    terms: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    distinctive: dict[str, set[str]] = defaultdict(set)
    for t in terms:
        distinctive[t["group"]].add(t["term"])
    out: list[dict[str, Any]] = []
    for analysis in analyses:
        doc_id = analysis.doc.id
        mine = doc_terms[doc_id]
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
            out.append({"doc": doc_id, "closest_group": None, "score": None, "evidence": []})
            continue
        shared = sorted(((mine[t], t) for t in distinctive[best[1]] if mine[t]), key=lambda x: (-x[0], x[1]))[
            :_EVIDENCE
        ]
        out.append(
            {
                "doc": doc_id,
                "closest_group": best[1],
                "score": round(best[0], 4),
                "evidence": [{"term": t, "count": c} for c, t in shared],
            }
        )
    return out
