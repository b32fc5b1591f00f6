"""Cross-document alignment: which event mentions report the same real-world event.

1. Stories (``corpus.stories``): documents grouped by what they tell.
2. Candidate pairs (blocking): inside a story, mentions that share a trigger lemma or sense, or a
   family of types with a date bucket, place or actor, or a document; across stories, only mentions
   of one family whose dates, written in their own sentences, fall within the date window. Inside a
   small story every pair is a candidate.
3. A learned mention-pair model (``corpus.scorer``) gives each candidate pair a probability from its
   features (``corpus.features``).
4. Average-link clustering at the model's threshold, refusing any merge that would put two firm
   dates further apart than the date window, or two counts of one kind more than a factor apart,
   into one event (unless a sentence says it revises a figure).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Analysis, EventMention
from ..ontology import load_ontology
from ..settings import Settings
from ..store.rows import AlignMention
from .cluster import average_link
from .dates import gap_days, width_days
from .features import DocProfile, MentionView, Vector, Weights, cosine, mention_features, mention_view
from .records import records_of
from .scorer import AlignModel, load_model
from .stories import StoryPairs, stories, story_pairs

# a story with at most this many mentions compares all of its pairs
_SMALL_STORY = 250
# a blocking key shared by more mentions than this links nothing on its own
_MAX_POSTING = 400
# across stories, the share of two events' dated mention pairs that must agree (see _agree)
_CROSS_AGREEMENT = 0.5
# count values of one kind that differ by more than this factor cannot be one fact
_COUNT_RATIO = 3.0


@dataclass
class Candidates:
    """Mentions, their stories and the candidate pairs with features, for scoring or training."""

    views: list[MentionView]
    stories: StoryPairs
    story_of_doc: dict[str, int]
    pairs: list[tuple[int, int]] = field(default_factory=list)  # features on demand: pairs outnumber mentions
    doc_vectors: list[Vector] = field(default_factory=list)
    doc_index: dict[str, int] = field(default_factory=dict)
    _doc_cos: dict[tuple[int, int], float] = field(default_factory=dict)  # documents are fewer than pairs

    def features(self, i: int, j: int) -> dict[str, float]:
        """The features of the pair of mentions ``i`` and ``j``."""
        a, b = self.views[i], self.views[j]
        da, db = self.doc_index.get(a.mention.doc), self.doc_index.get(b.mention.doc)
        if da is None or db is None:
            sim = 0.0
        elif da == db:
            sim = 1.0
        else:
            key = (da, db) if da < db else (db, da)
            if key not in self._doc_cos:
                self._doc_cos[key] = cosine(self.doc_vectors[da], self.doc_vectors[db])
            sim = self._doc_cos[key]
        return mention_features(a, b, sim)


def mention_views(
    records: Sequence[AlignMention], settings: Settings, weights: Weights | None = None
) -> list[MentionView]:
    """Every mention with the facts alignment compares (word weights from these mentions unless given)."""
    ontology = load_ontology(settings)
    weights = weights or Weights(r.words for r in records)
    views = [
        mention_view(
            r.mention,
            ontology.family(r.mention.type),
            ontology.sense(r.mention.type, r.mention.trigger),
            weights.vector(r.words),
            r.names,
        )
        for r in records
    ]
    for view in views:
        view.group = ontology.group(view.mention.type, view.mention.trigger)
    return views


def _date_bucket(view: MentionView, window: int) -> list[int]:
    if view.days is None or (view.days[1] - view.days[0]).days > 31:
        return []
    size = window + 1
    first, last = view.days[0].toordinal() // size, view.days[1].toordinal() // size
    return list(range(first - 1, last + 2))


def _speaks_across(view: MentionView) -> bool:
    """Whether a mention may link events of different stories: its date is written in its sentence,
    or it is the news of its document (dated by the publication date)."""
    return view.days is not None and (
        view.firm or (view.mention.date is not None and view.mention.date.basis == "document")
    )


def _bare(view: MentionView) -> bool:
    """An undated mention that names no place, actor or figure: nothing but its trigger to go on."""
    return view.days is None and not (view.places or view.actors or view.counts)


def _same_wording(a: MentionView, b: MentionView) -> bool:
    """The same trigger word, or two words of one synonym group (resources/align/senses.yaml)."""
    return bool(a.mention.lemma and a.mention.lemma == b.mention.lemma) or bool(a.synonyms & b.synonyms)


def _agree(a: MentionView, b: MentionView, window: int, *, by_word: bool = True) -> bool:
    """Whether two dated mentions of different documents tell one event on their own evidence.

    The public coreference corpora hold almost no links between documents of different stories, so
    no weight for this can be learned from them; the rule asks for what a reader would: the same
    type (an exchange and the releases it consists of are linked events, not one), dates of at most
    a month each within the date window, and one more shared fact (a place, an actor, a figure, or
    with ``by_word`` the trigger word or its synonym: across stories the same word on nearby days is
    common to different shootings or shellings); or, for a date of a year written in both sentences,
    the same year and the same word.
    """
    ma, mb = a.mention, b.mention
    if ma.type != mb.type or ma.type == "other" or a.days is None or b.days is None:
        return False
    same_word = bool(ma.lemma and ma.lemma == mb.lemma) or (a.sense is not None and a.sense == b.sense)
    if a.firm and b.firm and a.days == b.days and 31 < width_days(a.days) <= 366:
        return same_word  # 'the 1994 ceasefire' in two texts: the same year and the same word
    if max(width_days(a.days), width_days(b.days)) > 31 or gap_days(a.days, b.days) > window:
        return False
    shared_count = any(a.counts[k] == b.counts[k] for k in a.counts.keys() & b.counts.keys())
    worded = by_word and (same_word or bool(a.synonyms & b.synonyms))
    return bool(a.places & b.places or a.actors & b.actors or shared_count or worded)


def _keys(view: MentionView, window: int) -> Iterable[str]:
    m, story = view.mention, view.story
    yield f"{story}|d{m.doc}"
    if m.lemma:
        yield f"{story}|l{m.lemma}"
    if view.sense:
        yield f"{story}|s{view.sense}"
    if m.type != "other":
        for b in _date_bucket(view, window):
            yield f"{story}|f{view.family}|b{b}"
        for place in view.places:
            yield f"{story}|f{view.family}|p{place}"
        for actor in view.actors:
            yield f"{story}|f{view.family}|a{actor}"
        if _speaks_across(view):
            # across stories a link needs one type, close dates and a shared place, actor or figure
            # (see _agree): the keys ask for all of them, so common dates alone link nothing
            facts = [*(f"p{p}" for p in view.places), *(f"a{a}" for a in view.actors)]
            facts += [f"c{k}={v:g}" for k, v in view.counts.items()]
            for b in _date_bucket(view, window):
                for fact in facts:
                    yield f"*|t{m.type}|b{b}|{fact}"
            if view.days is not None and view.days[0].year == view.days[1].year and m.lemma:
                yield f"*|t{m.type}|y{view.days[0].year}|l{m.lemma}"


def candidates(
    records: Sequence[AlignMention], profiles: Mapping[str, DocProfile], settings: Settings, model: AlignModel
) -> Candidates:
    """Stories, then the candidate mention pairs with their features."""
    doc_ids = sorted({r.mention.doc for r in records} & profiles.keys())
    doc_pairs = story_pairs([profiles[d] for d in doc_ids])
    story_of_doc = dict(zip(doc_ids, stories(doc_pairs, model.story), strict=True))
    views = mention_views(records, settings)
    for view in views:
        view.story = story_of_doc.get(view.mention.doc, -1)
    window = settings.align_date_window_days
    by_story: dict[int, list[int]] = defaultdict(list)
    for i, view in enumerate(views):
        by_story[view.story].append(i)
    chosen: set[tuple[int, int]] = set()
    postings: dict[str, list[int]] = defaultdict(list)
    for story, members in by_story.items():
        if len(members) <= _SMALL_STORY and story >= 0:
            chosen.update((a, b) for x, a in enumerate(members) for b in members[x + 1 :])
    for i, view in enumerate(views):
        for key in _keys(view, window):
            postings[key].append(i)
    for key, members in postings.items():
        if len(members) > _MAX_POSTING:
            continue
        cross = key.startswith("*|")
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if not cross or views[i].story != views[j].story:
                    chosen.add((i, j))
    found = Candidates(views, doc_pairs, story_of_doc, doc_vectors=[v.terms for v in doc_pairs.views])
    found.doc_index = {d: i for i, d in enumerate(doc_ids)}
    for i, j in sorted(chosen):
        a, b = views[i], views[j]
        if a.story != b.story and not (
            _speaks_across(a) and _speaks_across(b) and a.mention.type == b.mention.type
        ):
            continue
        found.pairs.append((i, j))
    return found


@dataclass
class _Bounds:
    """What a growing event already holds: its firm dates and its counts by kind."""

    latest_start: int | None = None  # ordinal days of firm dates
    earliest_end: int | None = None
    counts: dict[str, tuple[float, float]] = field(default_factory=dict)  # kind -> (low, high)

    def merge(self, other: _Bounds) -> _Bounds:
        starts = [x for x in (self.latest_start, other.latest_start) if x is not None]
        ends = [x for x in (self.earliest_end, other.earliest_end) if x is not None]
        counts = dict(self.counts)
        for key, (low, high) in other.counts.items():
            have = counts.get(key)
            counts[key] = (min(low, have[0]), max(high, have[1])) if have else (low, high)
        return _Bounds(max(starts) if starts else None, min(ends) if ends else None, counts)

    def coherent(self, window: int) -> bool:
        dated = self.latest_start is not None and self.earliest_end is not None
        if dated and self.latest_start - self.earliest_end > window:  # type: ignore[operator]
            return False
        return all(low <= 0 or high / low <= _COUNT_RATIO for low, high in self.counts.values())


def _bounds(view: MentionView, revised: bool) -> _Bounds:
    if revised:
        return _Bounds()  # a revised figure or date is expected to differ
    bounds = _Bounds(counts={k: (v, v) for k, v in view.counts.items()})
    # the publication date is a guess about what a text reports: it never keeps apart; a date the
    # text gives (in the sentence, or carried over from the story it continues) does
    date = view.mention.date
    if date is not None and date.basis != "document" and view.days is not None:
        bounds.latest_start = view.days[0].toordinal()
        bounds.earliest_end = view.days[1].toordinal()
    return bounds


def cluster(
    found: Candidates,
    records: Sequence[AlignMention],
    profiles: Mapping[str, DocProfile],
    settings: Settings,
    model: AlignModel,
) -> list[list[str]]:
    """Events as lists of mention ids: average link inside stories, then across stories on firm dates.

    Across stories only dated mentions speak (a date written in their own sentence, or the news of
    the day dated by the publication date): two events of different stories join when the mean
    score of their dated mention pairs reaches the threshold, so an undated mention never bridges two
    stories; firm dates that exclude each other keep events apart.
    """
    views = found.views
    bounds = [
        _bounds(v, r.revised) if v.mention.doc in profiles else _Bounds()
        for v, r in zip(views, records, strict=True)
    ]
    window = settings.align_date_window_days
    threshold = model.mention.threshold
    inside = [p for p in found.pairs if views[p[0]].story == views[p[1]].story]

    def allowed(a: int, b: int) -> bool:
        return bounds[a].merge(bounds[b]).coherent(window)

    def merged(a: int, b: int) -> None:
        bounds[a] = bounds[a].merge(bounds[b])

    pair_score = _pair_scorer(views, window, threshold, model, found.features)

    scores = {pair: pair_score(*pair) for pair in inside}
    groups = average_link(len(views), scores, threshold, allowed, merged, pair_score)
    # across stories: the events of the first pass are the items
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    crossing = {
        (min(group_of[i], group_of[j]), max(group_of[i], group_of[j]))
        for i, j in found.pairs
        if views[i].story != views[j].story and group_of[i] != group_of[j]
    }
    events = _across(views, bounds, groups, crossing, window)
    return [[views[i].mention.id for g in event for i in groups[g]] for event in events]


def _pair_scorer(
    views: list[MentionView],
    window: int,
    threshold: float,
    model: AlignModel,
    features: Callable[[int, int], dict[str, float]],
) -> Callable[[int, int], float]:
    """The score of a mention pair inside a story: the learned model, with the rules around it."""

    def pair_score(i: int, j: int) -> float:
        a, b = views[i].mention, views[j].mention
        same_group = a.type != "other" and views[i].group is not None and views[i].group == views[j].group
        if same_group and a.doc == b.doc and a.sentence_start == b.sentence_start:
            # one sentence using two trigger words of one group ('signed the statement', 'released
            # and freed') tells one event
            return 1.0
        if a.doc != b.doc and a.salience != b.salience and not _agree(views[i], views[j], window):
            return 0.0  # history recalled in passing does not pull current events together
        if a.doc != b.doc and (_bare(views[i]) or _bare(views[j])) and not _same_wording(views[i], views[j]):
            return 0.0  # an undated mention with nothing distinctive joins another text only by its words
        p = model.mention.probability(features(i, j))
        if a.doc != b.doc and _agree(views[i], views[j], window):
            # two texts that give one type of event the same date and another shared fact: the
            # evidence a reader links reports on, whatever the corpora's finer verbs would say
            return max(p, (1.0 + threshold) / 2)  # halfway between the threshold and certainty
        return p

    return pair_score


def _across(
    views: list[MentionView],
    bounds: list[_Bounds],
    groups: list[list[int]],
    crossing: set[tuple[int, int]],
    window: int,
) -> list[list[int]]:
    """The second pass: first-pass groups of different stories joined on the agreement of their dated
    mentions; returns events as lists of group numbers."""
    # each event speaks through its best-dated mentions: firm dates when it has any, else the
    # publication date of the news it reports
    dated = [
        [i for i in members if views[i].firm and views[i].days is not None]
        or [i for i in members if _speaks_across(views[i])]
        for members in groups
    ]
    group_bounds = [bounds[members[0]] for members in groups]
    for i, members in enumerate(groups):
        for x in members[1:]:
            group_bounds[i] = group_bounds[i].merge(bounds[x])

    def dated_mean(g: int, h: int) -> float:
        values = [
            float(_agree(views[i], views[j], window, by_word=False)) for i in dated[g] for j in dated[h]
        ]
        return sum(values) / len(values) if values else 0.0

    def group_allowed(g: int, h: int) -> bool:
        return group_bounds[g].merge(group_bounds[h]).coherent(window)

    def group_merged(g: int, h: int) -> None:
        group_bounds[g] = group_bounds[g].merge(group_bounds[h])
        dated[g] = dated[g] + dated[h]

    return average_link(
        len(groups),
        {pair: dated_mean(*pair) for pair in crossing},
        _CROSS_AGREEMENT,
        group_allowed,
        group_merged,
        dated_mean,
    )


def _feature_fn(
    views: list[MentionView], doc_index: Mapping[str, int], doc_vectors: Sequence[Vector]
) -> Callable[[int, int], dict[str, float]]:
    """Candidates.features with the two cosines remembered: many pairs share documents or sentences."""
    doc_cos: dict[tuple[int, int], float] = {}
    sent_cos: dict[tuple[tuple[str, int], tuple[str, int]], float] = {}

    def features(i: int, j: int) -> dict[str, float]:
        a, b = views[i], views[j]
        da, db = doc_index.get(a.mention.doc), doc_index.get(b.mention.doc)
        if da is None or db is None:  # compared by their triggers: no sentence to share
            return mention_features(a, b, 0.0)
        if da == db:
            sim = 1.0
        else:
            known = doc_cos.get((da, db))
            if known is None:
                known = doc_cos[(da, db)] = cosine(doc_vectors[da], doc_vectors[db])
            sim = known
        key = ((a.mention.doc, a.mention.sentence_start), (b.mention.doc, b.mention.sentence_start))
        cached = sent_cos.get(key)
        if cached is None:
            cached = sent_cos[key] = cosine(a.sentence, b.sentence)
        return mention_features(a, b, sim, cached)

    return features


def first_pass(
    views: list[MentionView],
    bounds: list[_Bounds],
    by_story: Mapping[int, list[int]],
    postings: Mapping[str, list[int]],
    pair_score: Callable[[int, int], float],
    threshold: float,
    window: int,
) -> list[list[int]]:
    """Average link inside each story over its candidate pairs; groups sorted by their first item."""
    inside_keys: dict[int, list[str]] = defaultdict(list)
    for key, members in postings.items():
        if len(members) <= _MAX_POSTING and not key.startswith("*|"):
            inside_keys[views[members[0]].story].append(key)

    def allowed(a: int, b: int) -> bool:
        return bounds[a].merge(bounds[b]).coherent(window)

    def merged(a: int, b: int) -> None:
        bounds[a] = bounds[a].merge(bounds[b])

    groups: list[list[int]] = []
    for story, members in by_story.items():
        chosen: set[tuple[int, int]] = set()
        if len(members) <= _SMALL_STORY and story >= 0:
            chosen.update((a, b) for x, a in enumerate(members) for b in members[x + 1 :])
        for key in inside_keys.get(story, ()):
            posted = postings[key]
            chosen.update((i, j) for x, i in enumerate(posted) for j in posted[x + 1 :])
        scores = {pair: pair_score(*pair) for pair in chosen}
        groups.extend(average_link(len(views), scores, threshold, allowed, merged, pair_score, items=members))
    groups.sort(key=lambda m: m[0])
    return groups


def _crossing(
    views: list[MentionView],
    postings: Mapping[str, list[int]],
    group_of: Mapping[int, int],
    counts: Mapping[str, int] | None = None,
) -> set[tuple[int, int]]:
    """Pairs of first-pass groups of different stories that share a candidate pair across stories
    (a key across stories held by at most _MAX_POSTING mentions: ``counts`` when they are known
    beyond these views)."""
    crossing: set[tuple[int, int]] = set()
    for key, members in postings.items():
        if not key.startswith("*|") or (counts or {}).get(key, len(members)) > _MAX_POSTING:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                a, b = views[i], views[j]
                across = a.story != b.story and a.family == b.family and group_of[i] != group_of[j]
                if across and _speaks_across(a) and _speaks_across(b):
                    crossing.add((min(group_of[i], group_of[j]), max(group_of[i], group_of[j])))
    return crossing


@dataclass
class Alignment:
    """The result of alignment: events, and how they were formed (stories and first-pass groups)."""

    events: list[list[str]]  # mention ids of each event
    story_of_doc: dict[str, int]
    group_of_mention: dict[str, int]  # the first-pass (inside one story) group of each mention
    doc_keys: dict[str, list[str]] = field(default_factory=dict)  # blocking keys of each document
    cross_keys: dict[str, list[str]] = field(default_factory=dict)  # keys across stories of each mention


def align(
    records: Sequence[AlignMention],
    profiles: Mapping[str, DocProfile],
    settings: Settings,
    model: AlignModel | None = None,
) -> list[list[str]]:
    """Clusters of mention ids that report the same event; every mention is in exactly one cluster.

    ``records`` are the mentions with their sentences' words and names (``corpus.records``);
    ``profiles`` the profiles of their documents (a mention whose document has none is in no story).
    """
    return align_detail(records, profiles, settings, model).events


def align_detail(
    records: Sequence[AlignMention],
    profiles: Mapping[str, DocProfile],
    settings: Settings,
    model: AlignModel | None = None,
) -> Alignment:
    """``align`` one story at a time: the decisions of ``cluster(candidates(...))``, without holding
    every candidate pair (and its features) of the corpus at once.

    Inside a story the first pass sees only that story's pairs, which is all the corpus-wide pass
    ever compared (no pair and no filled-in pair crosses a story); items keep their corpus-wide
    numbers, so ties and sums go in the same order. Across stories only the group pairs that share a
    candidate pair are kept.
    """
    model = model or load_model()
    window = settings.align_date_window_days
    threshold = model.mention.threshold
    doc_ids = sorted({r.mention.doc for r in records} & profiles.keys())
    doc_pairs = story_pairs([profiles[d] for d in doc_ids])
    story_of_doc = dict(zip(doc_ids, stories(doc_pairs, model.story), strict=True))
    views = mention_views(records, settings)
    for view in views:
        view.story = story_of_doc.get(view.mention.doc, -1)
    found = Candidates(views, doc_pairs, story_of_doc, doc_vectors=[v.terms for v in doc_pairs.views])
    found.doc_index = {d: i for i, d in enumerate(doc_ids)}
    bounds = [
        _bounds(v, r.revised) if v.mention.doc in profiles else _Bounds()
        for v, r in zip(views, records, strict=True)
    ]
    by_story: dict[int, list[int]] = defaultdict(list)
    for i, view in enumerate(views):
        by_story[view.story].append(i)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, view in enumerate(views):
        for key in _keys(view, window):
            postings[key].append(i)
    features = _feature_fn(views, found.doc_index, found.doc_vectors)
    pair_score = _pair_scorer(views, window, threshold, model, features)
    groups = first_pass(views, bounds, by_story, postings, pair_score, threshold, window)
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    crossing = _crossing(views, postings, group_of)
    events = _across(views, bounds, groups, crossing, window)
    cross_keys: dict[str, list[str]] = defaultdict(list)
    for key, members in postings.items():
        if key.startswith("*|"):
            for i in members:
                cross_keys[views[i].mention.id].append(key)
    return Alignment(
        events=[[views[i].mention.id for g in event for i in groups[g]] for event in events],
        story_of_doc=story_of_doc,
        group_of_mention={views[i].mention.id: g for g, members in enumerate(groups) for i in members},
        doc_keys=dict(zip(doc_ids, doc_pairs.keys, strict=True)),
        cross_keys=dict(cross_keys),
    )


def align_analyses(
    mentions: list[EventMention],
    analyses: dict[str, Analysis],
    settings: Settings,
    model: AlignModel | None = None,
) -> list[list[str]]:
    """``align`` over mentions and the analyses of their documents (evaluation and tests)."""
    records, profiles = records_of(mentions, analyses)
    return align(records, profiles, settings, model)
