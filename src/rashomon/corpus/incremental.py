"""Incremental alignment: documents added to a corpus are aligned against the events it holds.

A full alignment is rerun only where the new documents reach:
1. the new documents' blocking keys (their most distinctive terms and names, weighed with the
   document frequencies of the grown corpus) find the stored documents they may share a story with;
   the stories of those documents, with the new documents, are grouped into stories anew (``A``);
2. the mentions of ``A`` go through the first pass (average link inside each story) as in a full run;
3. across stories, the first-pass groups of ``A`` meet the stored groups that share a key across
   stories with them, and every group of the events they or the old mentions of ``A`` belonged to;
   those events are replaced by what the second pass makes of all these groups.

From PRUNE_FROM aligned documents on, only what can change is reached: a stored story whose documents
all score below the threshold with every new document, or a stored event none of whose dated mentions
agrees with a new one, cannot be merged with them by average link (while the weights hold still).
Everything outside that reach is kept as it is. Where the
result can differ from a fresh run on the grown corpus, and why:
- weights: a fresh run weighs words by their frequency in the whole grown corpus; the kept stories and
  groups were formed with the frequencies of their own run, and are not revisited;
- blocking keys of stored documents are those computed when they were added;
- a stored document outside ``A`` whose pair with a document of ``A`` now reaches the threshold (its
  weights moved) is not compared again, and second-pass merges outside the groups gathered in 3 are
  not revisited.
tests/corpus/test_incremental.py checks the result against a fresh run on the seeds and examples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..model import EventMention
from ..settings import Settings
from ..store.rows import AlignMention
from .align import (
    _MAX_POSTING,
    _across,
    _agree,
    _bounds,
    _crossing,
    _feature_fn,
    _keys,
    _pair_scorer,
    first_pass,
    mention_views,
)
from .features import DocProfile, Weights, doc_features
from .scorer import AlignModel, load_model
from .stories import MAX_POSTING, StoryPairs, doc_keys, doc_views, stories

# below this many aligned documents a new one moves every word's weight noticeably (by about 1/n):
# everything the new documents share a key with is regrouped; from it on, only what can change is
PRUNE_FROM = 200


class Reader(Protocol):
    """What incremental alignment asks of the store (``store.alignstate`` answers)."""

    def df(self, kind: str) -> tuple[dict[str, int], int]: ...
    def key_counts(self, table: str, keys: Iterable[str]) -> dict[str, int]: ...
    def docs_with_keys(self, keys: Iterable[str]) -> dict[str, list[str]]: ...
    def keys_of_docs(self, doc_ids: Iterable[str]) -> dict[str, list[str]]: ...
    def stories_of(self, doc_ids: Iterable[str]) -> dict[str, int]: ...
    def story_members(self, stories: Iterable[int]) -> list[str]: ...
    def profiles(self, doc_ids: Iterable[str]) -> dict[str, DocProfile]: ...
    def records_of_docs(self, doc_ids: Iterable[str]) -> list[AlignMention]: ...
    def align_records(self, mention_ids: Iterable[str]) -> list[AlignMention]: ...
    def placement(
        self, mention_ids: Iterable[str]
    ) -> dict[str, tuple[int | None, int | None, str | None]]: ...
    def mentions_with_keys(self, keys: Iterable[str]) -> list[str]: ...
    def groups_of_events(self, events: Iterable[str]) -> list[int]: ...
    def mentions_of_groups(self, groups: Iterable[int]) -> list[str]: ...
    def next_number(self, what: str) -> int: ...


@dataclass
class Update:
    """What incremental alignment changes: events to replace and what replaces them."""

    events: list[list[str]]  # mention ids of each new or rebuilt event
    replaced: set[str]  # ids of stored events they replace
    story_of_doc: dict[str, int]  # the documents of A
    story_of_mention: dict[str, int]  # the mentions of A
    group_of_mention: dict[str, int]  # the mentions of A (new group numbers)
    doc_keys: dict[str, list[str]] = field(default_factory=dict)  # blocking keys of the new documents
    cross_keys: dict[str, list[str]] = field(default_factory=dict)  # keys across stories of new mentions
    mentions: dict[str, EventMention] = field(default_factory=dict)  # every mention it read, by id


def _stories(
    reader: Reader, new_docs: Sequence[str], weights: tuple[Weights, Weights], model: AlignModel
) -> tuple[dict[str, int], dict[str, list[str]], dict[str, DocProfile]]:
    """Stories of the new documents and of the stored stories they reach; their keys and profiles."""
    profiles = reader.profiles(new_docs)
    new_views = doc_views([profiles[d] for d in new_docs], weights)
    new_keys = {d: doc_keys(v) for d, v in zip(new_docs, new_views, strict=True)}
    held = reader.docs_with_keys({k for ks in new_keys.values() for k in ks})
    reached = sorted(
        {
            d
            for d_new, ks in new_keys.items()
            for k in ks
            if len(held.get(k, ())) + sum(k in kk for kk in new_keys.values()) <= MAX_POSTING
            for d in held.get(k, ())
        }
    )
    # a stored story can change only when a new document scores at least the threshold with one of
    # its documents: average link never merges two clusters whose every pair is below it
    profiles.update(reader.profiles(reached))
    joined = reached
    if weights[0].n >= PRUNE_FROM:
        near_views = doc_views([profiles[d] for d in [*new_docs, *reached]], weights)
        new_part, old_part = near_views[: len(new_docs)], near_views[len(new_docs) :]
        joined = [
            d
            for d, view in zip(reached, old_part, strict=True)
            if any(model.story.probability(doc_features(n, view)) >= model.story.threshold for n in new_part)
        ]
    old = reader.story_members(set(reader.stories_of(joined).values()))
    profiles.update(reader.profiles(d for d in old if d not in profiles))
    keys = {**reader.keys_of_docs(old), **new_keys}
    docs = sorted(set(old) | set(new_docs))
    views = doc_views([profiles[d] for d in docs], weights)
    stored = reader.key_counts("story_keys", {k for d in docs for k in keys.get(d, ())})
    counts = {
        k: stored.get(k, 0) + sum(k in ks for ks in new_keys.values())
        for k in stored.keys() | {k for ks in new_keys.values() for k in ks}
    }
    postings: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        for k in keys.get(d, ()):
            if counts.get(k, 0) <= MAX_POSTING:
                postings[k].append(i)
    pairs: dict[tuple[int, int], dict[str, float]] = {}
    for members in postings.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if (i, j) not in pairs:
                    pairs[(i, j)] = doc_features(views[i], views[j])
    base = reader.next_number("story")
    local = stories(StoryPairs(views, pairs), model.story)
    return {d: base + s for d, s in zip(docs, local, strict=True)}, new_keys, {d: profiles[d] for d in docs}


def align_more(
    reader: Reader, new_docs: Sequence[str], settings: Settings, model: AlignModel | None = None
) -> Update:
    """Align the mentions of ``new_docs`` (already stored, their frequencies already counted) against
    the stored events; see the module's docstring for what is redone."""
    model = model or load_model()
    window = settings.align_date_window_days
    threshold = model.mention.threshold
    weights = (Weights.from_counts(*reader.df("terms")), Weights.from_counts(*reader.df("names")))
    story_of_doc, new_keys, profiles = _stories(reader, new_docs, weights, model)
    records = reader.records_of_docs(story_of_doc)
    words = Weights.from_counts(*reader.df("words"))
    views = mention_views(records, settings, words)
    for view in views:
        view.story = story_of_doc[view.mention.doc]
    ours = {v.mention.id for v in views}
    new_set = set(new_docs)
    # the events the old mentions of A were in, and the stored mentions that share a key across stories
    placed = reader.placement(ours)
    fresh_cross = {
        v.mention.id: [k for k in _keys(v, window) if k.startswith("*|")]
        for v in views
        if v.mention.doc in new_set
    }
    reach = {k for v in views for k in _keys(v, window) if k.startswith("*|")}
    held = reader.key_counts("cross_keys", reach)
    # a key held by more mentions than _MAX_POSTING links nothing (as in a full run)
    linking = [
        k for k in reach if held.get(k, 0) + sum(k in ks for ks in fresh_cross.values()) <= _MAX_POSTING
    ]
    near = [m for m in reader.mentions_with_keys(linking) if m not in ours]
    # a stored event can take in a new group only if one of its dated mentions agrees with one of the
    # group's (the second pass joins on the share of agreeing dated pairs)
    speaking = [v for v in views if v.days is not None]
    agreeing = near
    if weights[0].n >= PRUNE_FROM:
        near_views = mention_views(reader.align_records(near), settings, words) if speaking else []
        agreeing = [
            n.mention.id for n in near_views if any(_agree(v, n, window, by_word=False) for v in speaking)
        ]
    events = {e for _, _, e in placed.values() if e} | {
        e for _, _, e in reader.placement(agreeing).values() if e
    }
    outside = [m for m in reader.mentions_of_groups(reader.groups_of_events(events)) if m not in ours]
    outside_records = reader.align_records(outside)
    out_place = reader.placement(outside)
    out_views = mention_views(outside_records, settings, words)
    for view in out_views:
        story = out_place[view.mention.id][0]
        view.story = story if story is not None else -1
    every_view = [*views, *out_views]
    every_record = [*records, *outside_records]
    cross_keys = {k for v in every_view for k in _keys(v, window) if k.startswith("*|")}
    stored_counts = reader.key_counts("cross_keys", cross_keys)
    counts = {k: stored_counts.get(k, 0) + sum(k in ks for ks in fresh_cross.values()) for k in cross_keys}
    doc_ids = sorted(profiles)
    doc_index = {d: i for i, d in enumerate(doc_ids)}
    doc_vectors = [v.terms for v in doc_views([profiles[d] for d in doc_ids], weights)]
    # every stored document has its profile: every mention is bounded by its own facts
    bounds = [_bounds(v, r.revised) for v, r in zip(every_view, every_record, strict=True)]
    by_story: dict[int, list[int]] = defaultdict(list)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, view in enumerate(views):
        by_story[view.story].append(i)
        for key in _keys(view, window):
            postings[key].append(i)
    pair_score = _pair_scorer(
        every_view, window, threshold, model, _feature_fn(every_view, doc_index, doc_vectors)
    )
    groups = first_pass(every_view, bounds, by_story, postings, pair_score, threshold, window)
    # the stored groups outside A, as they were
    stored_groups: dict[int, list[int]] = defaultdict(list)
    for k, view in enumerate(out_views, len(views)):
        stored_groups[out_place[view.mention.id][1] or 0].append(k)
    groups = sorted([*groups, *stored_groups.values()], key=lambda m: m[0])
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    for k in range(len(views), len(every_view)):
        for key in _keys(every_view[k], window):
            if key.startswith("*|"):
                postings[key].append(k)
    crossing = _crossing(every_view, postings, group_of, counts)
    found = _across(every_view, bounds, groups, crossing, window)
    base = reader.next_number("group")
    ours_groups = {
        every_view[i].mention.id: base + g
        for g, members in enumerate(groups)
        for i in members
        if i < len(views)
    }
    return Update(
        events=[[every_view[i].mention.id for g in event for i in groups[g]] for event in found],
        replaced=events,
        story_of_doc=story_of_doc,
        story_of_mention={v.mention.id: v.story for v in views},
        group_of_mention=ours_groups,
        doc_keys=new_keys,
        cross_keys=fresh_cross,
        mentions={r.mention.id: r.mention for r in every_record},
    )


def new_bags(
    profiles: Mapping[str, DocProfile], records: Iterable[AlignMention]
) -> dict[str, list[list[str]]]:
    """The bags whose terms the document frequencies count: per kind, one bag per document or mention."""
    return {
        "terms": [list(p.terms) for p in profiles.values()],
        "names": [list(p.names) for p in profiles.values()],
        "words": [list(r.words) for r in records],
    }
