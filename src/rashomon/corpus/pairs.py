"""Whether the two mentions behind two documents' values report one event, before they are compared.

Alignment groups mentions into events by average link over many pairs, so an event may hold a pair
of mentions that, on their own, tell different events (a background paragraph about last week's
attack beside today's news). Two values are compared only when their own mentions report one event:

- never when each names a different single person arrested, tried or freed ('the second suspect
  was arrested' / 'a man named Jon Doe was arrested'), nor when one tells the news and the other
  history unless their dates agree (within the alignment's date window);
- for anything but the date itself, never when the two reports date what they tell to different days
  (the alignment's window joins reports a few days apart; a figure is compared only within one day),
  nor when their days, if only those of their publication, lie further apart than that window (an
  undated mention is dated so by the days its document writes out, where they all lie within the
  window);
- for figures and words for people, across two stories (alignment's groups of documents about one
  incident) only when both reports date what they tell to the same day, and never when each names
  where it happened and no place is the same, or the towns each names are all far from the other's;
- when the alignment's learned mention-pair model finds them more likely than not one event, with the
  features of the value compared set aside (figures for a count, dates for a date);
- for a date, the words for a group or a claim, also when they share the event word (or its synonym)
  and a name or an actor: 'the statement signed on November 9' / 'the tripartite statement signed on
  November 10, 2020 by Armenia, Azerbaijan and Russia' (reports of a named agreement or exchange
  written years apart share little else).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from ..gazetteer_rules import km
from ..model import Participant, Place
from ..settings import Settings
from ..store.rows import AlignMention
from .align import mention_views
from .dates import gap_days, width_days
from .features import DocProfile, MentionView, Vector, Weights, cosine, mention_features
from .scorer import PairModel, load_model
from .stories import stories, story_pairs

# more likely than not one event: the pair model's probability at which values are compared
SAME_EVENT = 0.5
# the features that compare the value itself, set aside when that value is compared
_VALUE_FEATURES = {"count": ("count_",), "date": ("date_",)}
_NAMED = frozenset({"date", "label", "claim"})
# values compared across two stories (documents about different incidents) only for reports dated to
# one and the same day: figures and words for people
_WITHIN_STORY = frozenset({"count", "label"})
# roles in which people are named one by one, each person's arrest or trial its own event
_ONE_BY_ONE = frozenset({"detained", "sentenced", "released"})
# the kinds of place that say where in a country something happened, and how far apart two such places
# must be (km) for two reports naming them to tell two events: beyond a town and its suburbs
_TOWN_KINDS = frozenset({"city", "town", "village"})
_TOWNS_APART = 50.0
_SMALL_WORDS = frozenset({"the", "a", "an", "one", "of", "his", "her", "their", "its", "this", "that"})


class SameEvent:
    """``linked(a, b, aspect)`` over mention ids; prepared lazily, once per corpus run."""

    def __init__(
        self,
        records: Sequence[AlignMention],
        profiles: Mapping[str, DocProfile],
        participants: Mapping[str, Sequence[Participant]],
        settings: Settings,
        model: PairModel | None = None,
        stories_of_docs: Mapping[str, int] | None = None,
        places: Mapping[str, Place] | None = None,
    ) -> None:
        self.records = list(records)
        self.profiles = profiles
        self.settings = settings
        self.model = model
        self._views: dict[str, MentionView] | None = None
        self._docs: dict[str, Vector] = {}
        self._people = participants
        self._seen: dict[tuple[str, str, str], bool] = {}
        self._stories = stories_of_docs  # alignment's stories, when the caller has them
        self._places = places or {}  # the places by id, where the caller knows them

    def _prepare(self) -> dict[str, MentionView]:
        if self._views is None:
            models = load_model()
            self.model = self.model or models.mention
            self._views = {v.mention.id: v for v in mention_views(self.records, self.settings)}
            # the stories of alignment's first step (documents about one incident), found again only
            # when the caller does not hold them (an added document's run)
            story_of = self._stories
            if story_of is None:
                doc_ids = sorted({v.mention.doc for v in self._views.values()} & self.profiles.keys())
                found = stories(story_pairs([self.profiles[d] for d in doc_ids]), models.story)
                story_of = dict(zip(doc_ids, found, strict=True))
            for view in self._views.values():
                view.story = story_of.get(view.mention.doc, -1)
            weights = Weights(p.terms for p in self.profiles.values())
            self._docs = {d: weights.vector(p.terms) for d, p in self.profiles.items()}
        return self._views

    def __call__(self, a: str, b: str, aspect: str = "count") -> bool:
        """Whether mentions ``a`` and ``b`` report one event, for comparing values of ``aspect``
        (True when either mention is unknown)."""
        key = (min(a, b), max(a, b), aspect)
        if key not in self._seen:
            self._seen[key] = self._linked(key[0], key[1], aspect)
        return self._seen[key]

    def _linked(self, a: str, b: str, aspect: str) -> bool:
        views = self._prepare()
        va, vb = views.get(a), views.get(b)
        if va is None or vb is None or a == b:
            return True
        if self._other_people(a, b):
            return False
        window = self.settings.align_date_window_days
        if aspect != "date" and (
            _dated_apart(va, vb) or _far_apart(self._day_of(va, window), self._day_of(vb, window), window)
        ):
            return False
        if aspect in _WITHIN_STORY and va.story != vb.story and not _same_day(va, vb):
            return False
        if va.mention.salience != vb.mention.salience:
            window = self.settings.align_date_window_days
            if aspect == "date" or not (va.days and vb.days and gap_days(va.days, vb.days) <= window):
                return False  # one tells the news, the other history, and their dates do not agree
        da, db = self._docs.get(va.mention.doc, {}), self._docs.get(vb.mention.doc, {})
        doc_sim = 1.0 if va.mention.doc == vb.mention.doc else cosine(da, db)
        features = mention_features(va, vb, doc_sim)
        if aspect in _WITHIN_STORY and self._elsewhere(va, vb):
            return False  # each names where it happened, and no place is the same: two events
        kept = {k: v for k, v in features.items() if not k.startswith(_VALUE_FEATURES.get(aspect, ()))}
        assert self.model is not None
        if self.model.probability(kept) >= SAME_EVENT:
            return True
        same_word = bool(features.keys() & {"lemma", "stem", "sense"})
        anchored = features.get("names_shared", 0.0) > 0 or features.get("actor_shared", 0.0) > 0
        return aspect in _NAMED and same_word and anchored

    def _day_of(self, view: MentionView, window: int) -> tuple[str, tuple[date, date]] | None:
        """The document and the day a mention is dated to; an undated one takes the days its document
        writes out, where they all lie within the window ('17-08-2016 Martyrs as terrorists shell
        ...' then 'nine others were also injured')."""
        if view.mention.date is not None:
            day = _day(view)
            return (view.mention.doc, day) if day is not None else None
        profile = self.profiles.get(view.mention.doc)
        days = sorted(profile.days) if profile is not None else []
        if not days:
            return None
        first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
        if (last - first).days > window:
            return None
        return view.mention.doc, (first, last + timedelta(days=1))

    def _elsewhere(self, a: MentionView, b: MentionView) -> bool:
        """Each mention (else its document) names places, and none is the same: 'shelling hit Lisgar.
        Seven were killed' and 'shelling hit Halvik. Twelve were killed'. Places of one name count as
        the same, wherever the geocoder put each ('Chelsea' with and without its state). Where they
        share a larger place (the country), the towns each mention (else its document) names decide:
        all of one more than _TOWNS_APART km from all of the other's ('raids on Manbij', 'strikes on
        Deir ez-Zor') is elsewhere."""
        where, towns = [], []
        for view in (a, b):
            profile = self.profiles.get(view.mention.doc)
            named = profile.places if profile is not None else frozenset()
            where.append(view.places or named)
            towns.append(self._towns(view.places) or self._towns(named))
        if not where[0] or not where[1]:
            return False
        if where[0] & where[1] or self._names(where[0]) & self._names(where[1]):
            return bool(towns[0] and towns[1]) and all(
                km(towns[0][x], towns[1][y]) > _TOWNS_APART and not self._names([x]) & self._names([y])
                for x in towns[0]
                for y in towns[1]
            )
        return True

    def _names(self, ids: Iterable[str]) -> set[str]:
        return {(self._places[p].name if p in self._places else p).casefold() for p in ids}

    def _towns(self, ids: Iterable[str]) -> dict[str, tuple[float, float]]:
        """The towns and cities among places, with their coordinates."""
        out = {}
        for pid in ids:
            place = self._places.get(pid)
            if (
                place is not None
                and place.kind in _TOWN_KINDS
                and place.lat is not None
                and place.lon is not None
            ):
                out[pid] = (place.lat, place.lon)
        return out

    def _other_people(self, a: str, b: str) -> bool:
        """Each mention names one person arrested, tried or freed and the two share no word: two events
        (a killing's victim is named 'a man' in one report and by name in the next)."""
        ones_a = [
            p for p in self._people.get(a, ()) if p.singular and not p.pronoun and p.role in _ONE_BY_ONE
        ]
        ones_b = [
            p for p in self._people.get(b, ()) if p.singular and not p.pronoun and p.role in _ONE_BY_ONE
        ]
        for pa in ones_a:
            for pb in ones_b:
                if pa.role == pb.role and not _content(pa.text) & _content(pb.text):
                    return True
        return False


def _day(view: MentionView) -> tuple[date, date] | None:
    """The one day the mention is dated to (by its text or its publication), else None."""
    if view.days is None or view.mention.date is None or width_days(view.days) != 1:
        return None
    return view.days


def _own(view: MentionView) -> bool:
    """Whether the text itself dates the mention (not only its publication)."""
    return view.mention.date is not None and view.mention.date.basis != "document"


def _dated_apart(a: MentionView, b: MentionView) -> bool:
    """Two reports that each date what they tell to a day, on different days ('Nine killed in Aleppo'
    dated 15 August, 'Rocket attacks kill 10' dated 17 August): their figures and words are not
    compared, whatever the alignment's window let through (daily reports of a recurring kind of attack
    look alike in everything but their date)."""
    da, db = _day(a), _day(b)
    if a.mention.doc == b.mention.doc or da is None or db is None or not (_own(a) and _own(b)):
        return False
    return gap_days(da, db) > 0


def _far_apart(
    a: tuple[str, tuple[date, date]] | None, b: tuple[str, tuple[date, date]] | None, window: int
) -> bool:
    """Two reports (each its document and day) whose days, if only the days they were published or
    the days their text writes out, lie further apart than the alignment's window: the rocket fire of
    one week and of a month later in one city."""
    if a is None or b is None or a[0] == b[0]:
        return False
    return gap_days(a[1], b[1]) > window


def _same_day(a: MentionView, b: MentionView) -> bool:
    """Both reports date what they tell to one and the same day; a report dated only by its publication
    tells the news of that day or of the day before (one of the two must give a date of its own)."""
    spans = []
    for view in (a, b):
        day = _day(view)
        if day is None:
            return False
        spans.append((day[0] if _own(view) else day[0] - timedelta(days=1), day[1]))
    return (_own(a) or _own(b)) and gap_days(spans[0], spans[1]) == 0


def _content(text: str) -> set[str]:
    return {w for w in text.lower().replace(".", " ").split() if w not in _SMALL_WORDS}
