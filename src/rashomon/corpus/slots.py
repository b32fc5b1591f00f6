"""Each event's facts as slots, one value per document.

An event's slots are its date, its place and the name each source uses for each place, and for every
group of people it involves (who x role: the people released from one side, the people killed) their
number and the words used for them; then who acted, who mediated, what was given in return, and
whether each source says it happened. Every value keeps its mention and the span of the words that
give it.

A document gives one value per slot: the most specific (a firm date of the finest granularity; an
exact figure before a range or an approximation, an earlier figure before a later one). Its other
values are kept with ``detail`` set: the document's own detail, never a disagreement with itself.
The number of people killed and of people wounded is the toll reading of toll.py (the figure the GVDB
scorer measures), read off the event's groups of one side in one document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from ..model import Approx, CountMention, Document, EventMention, Participant, Place, Slot, SlotValue
from .claims import Cues, claim_slots, in_return_slot, load_cues, mediator_slot
from .dates import interval, label, width_days
from .facts import count_value, name_word
from .toll import KILLED, NOT_HAPPENED, TOLLS, WOUNDED, Toll, as_part, doc_of, kind_agrees, tolls_by_side

# 'exchanged 46 and 12' and 'released 46' give the people of one exchange the same role
_ROLE_FAMILY = {"exchanged": "released"}
# the category of a count value that is one person and no written figure
PERSON = "person"
# how much an approximator widens a figure: an exact figure is the most specific
_VAGUENESS = {None: 0, "about": 2, "nearly": 2, "at_least": 2, "more_than": 3, "less_than": 3, "up_to": 3}

Rank = Callable[[SlotValue], Any]
_ALL_TIME = (date.min, date.max)
_NAMED_DAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|last night)\b",
    re.IGNORECASE,
)
# a date in a sentence's own words follows one of these ('on Tuesday', 'signed on November 9')
_DATE_PREPOSITIONS = frozenset(
    {
        "on",
        "in",
        "at",
        "since",
        "from",
        "until",
        "till",
        "by",
        "of",
        "the",
        "this",
        "last",
        "before",
        "after",
        "between",
        "and",
        "to",
        "during",
        "early",
        "late",
        "mid",
        "through",
        "as",
        "for",
    }
)


# a date that bounds a period ('fighting since Wednesday', 'held until Monday'), not an event's day
_BOUND = re.compile(r"\b(?:since|until|till|through)\s+$", re.IGNORECASE)

# a date of the page rather than of the news: a publication line before it, a photo caption after it
_PAGE_BEFORE = re.compile(
    r"\b(?:posted|published|updated|publication|last modified)\b(?:\s+(?:on|at|date))?[\s:]*$", re.IGNORECASE
)
_PAGE_AFTER = re.compile(r"\s*\((?:file\s+)?(?:photo|picture|image)\b", re.IGNORECASE)
# on the line before a date: a link or a handle, as in the signature of an embedded social-media post
_EMBED = re.compile(r"https?://|pic\.twitter\.com|\(@\w+\)")


def build_slots(
    mentions: list[EventMention],
    participants: Mapping[str, Sequence[Participant]],
    docs: Mapping[str, Document],
    places: Mapping[str, Place],
    names: Mapping[str, str],
    neighbours: Mapping[str, Sequence[EventMention]] | None = None,
) -> tuple[Slot, ...]:
    """Every slot of one event with each document's values; slots no document fills are left out.

    ``names`` gives actors' display names; ``neighbours`` every mention of each document (a denial
    belongs to the nearest event word after it, which may lie in another event)."""
    cues = load_cues()
    sides = canonical_sides(_sides(mentions, participants))
    found: list[Slot] = [date_slot(mentions, docs), *place_slots(mentions, places)]
    found.extend(group_slots(mentions, participants, docs, names, cues, sides, neighbours or {}))
    found.append(agent_slot(mentions, participants, sides))
    found.append(mediator_slot(mentions, docs, cues))
    found.append(in_return_slot(mentions, docs, cues, neighbours or {}))
    found.extend(claim_slots(mentions, docs, names, sides, neighbours or {}))
    return tuple(s for s in found if s.values)


def one_per_doc(values: Iterable[SlotValue], rank: Rank) -> tuple[SlotValue, ...]:
    """Each document's best value by ``rank`` (smallest first) as its value, its others as detail;
    a value repeated at the same span is kept once."""
    seen: set[tuple[str, str, int, int]] = set()
    unique = []
    for v in values:
        key = (v.doc, v.value, v.start, v.end)
        if key not in seen:
            seen.add(key)
            unique.append(v)
    best: dict[str, SlotValue] = {}
    for v in unique:
        if not v.detail and (v.doc not in best or rank(v) < rank(best[v.doc])):
            best[v.doc] = v
    return tuple(v if best.get(v.doc) is v else replace(v, detail=True) for v in unique)


# -- date and place ---------------------------------------------------------------------------------


def firm_date(m: EventMention, doc: Document | None) -> bool:
    """A date the source writes for this event: in the mention's own sentence, inside what its
    attribution attributes when it has one, a calendar date or a
    day named relative to the publication ('on Tuesday', 'yesterday'; not 'now' or 'a month ago'),
    and not a dateline (a calendar date with no word such as 'on' before it that runs into the next
    sentence: 'AFP Saturday 24 Sep 2016 At least 25 ...') nor a date of the page (a publication line,
    a photo caption, the signature of an embedded post)."""
    if m.date is None or m.date_start is None or m.date_end is None or m.date.basis == "document":
        return False
    if not m.sentence_start <= m.date_start < m.sentence_end or interval(m.date) is None:
        return False
    if _of_the_saying(m, m.date_start):
        return False  # 'On Monday, the coroner said he died': the date of the saying, not the event's
    if doc is not None and _BOUND.search(doc.text, max(0, m.date_start - 12), m.date_start):
        return False  # 'clashes since Wednesday': where a period starts or ends, not the event's day
    if m.date.basis == "relative":
        return m.date.granularity == "day" and _NAMED_DAY.search(m.date_text or "") is not None
    if doc is not None and m.date.basis == "explicit":
        line = doc.text[max(0, m.date_start - 160) : m.date_start].rsplit("\n", 1)[-1]
        if _EMBED.search(line):
            return False  # the date that signs an embedded post ('— News 2 (@News2) January 22, 2016')
        if _PAGE_BEFORE.search(doc.text, max(0, m.date_start - 40), m.date_start) or _PAGE_AFTER.match(
            doc.text, m.date_end
        ):
            return False  # the page's own dates: 'Posted on April 19 2017', 'April 18 2017 (File photo)'
        before = doc.text[max(0, m.date_start - 20) : m.date_start].split()
        after = doc.text[m.date_end : m.date_end + 3].lstrip(" ,")
        bare = not before or before[-1].lower().strip("(") not in _DATE_PREPOSITIONS
        if bare and (after[:1].isupper() or after[:1].isdigit()):
            return False
    return True


def _of_the_saying(m: EventMention, at: int) -> bool:
    """Whether offset ``at`` lies outside what the mention's attribution attributes (when it says)."""
    said = m.attribution
    if said is None or said.content_start is None or said.content_end is None:
        return False
    return not said.content_start <= at < said.content_end


def date_slot(mentions: list[EventMention], docs: Mapping[str, Document]) -> Slot:
    """Firm dates only (see firm_date): a date carried over from another sentence, from the
    publication date or from a dateline is not the source's date for this event."""
    values, widths = [], {}
    for m in mentions:
        if not firm_date(m, docs.get(m.doc)) or m.date is None or m.date_start is None or m.date_end is None:
            continue
        widths[m.id] = width_days(interval(m.date) or _ALL_TIME)
        # how the source writes it: a calendar date, or a day named from the publication ('Sunday')
        written = "named_day" if m.date.basis == "relative" else "calendar"
        values.append(
            SlotValue(
                m.doc,
                m.id,
                label(m.date) or "",
                m.date_text or "",
                m.date_start,
                m.date_end,
                category=written,
            )
        )
    return Slot(
        "date",
        "date",
        "date of the event",
        values=one_per_doc(values, lambda v: (widths[v.mention], v.start)),
    )


def place_slots(mentions: list[EventMention], places: Mapping[str, Place]) -> list[Slot]:
    """Where: each document's most named place; and per place, the name each document uses most."""
    where: list[SlotValue] = []
    by_place: dict[str, list[SlotValue]] = defaultdict(list)
    for m in mentions:
        for arg in m.places:
            if arg.ref is not None:
                where.append(SlotValue(m.doc, m.id, arg.ref, arg.text, arg.start, arg.end))
                name = " ".join(arg.text.split())
                by_place[arg.ref].append(SlotValue(m.doc, m.id, name, arg.text, arg.start, arg.end))
    votes: dict[tuple[str, str], int] = defaultdict(int)
    for v in where:
        votes[(v.doc, v.value)] += 1
    slots = [Slot("place", "place", "place of the event", values=one_per_doc(where, _by_votes(votes)))]
    for place_id, values in by_place.items():
        named: dict[tuple[str, str], int] = defaultdict(int)
        for v in values:
            named[(v.doc, v.value.lower())] += 1
        shown = places[place_id].name if place_id in places else place_id
        slots.append(
            Slot(
                f"place_name:{place_id}",
                "place",
                f"name of the place shown as {shown}",
                side=place_id,
                values=one_per_doc(values, _by_votes(named, lower=True)),
            )
        )
    return slots


def _by_votes(votes: Mapping[tuple[str, str], int], lower: bool = False) -> Rank:
    def rank(v: SlotValue) -> tuple[int, int]:
        return (-votes[(v.doc, v.value.lower() if lower else v.value)], v.start)

    return rank


# -- groups of people: their number and the words for them -----------------------------------------


def group_side(p: Participant) -> str:
    """Who a group is, as a slot key: an actor id, else the source's own word ('~velmoran'), else ''.
    People released to a state are that state's people ('returns 15 prisoners to Armenia'), and so are
    people released to a name the registry does not know ('returned home to Velmora')."""
    if p.who is not None and p.who.ref:
        return p.who.ref
    if p.who is not None:
        return name_word(p.who.text)
    to = p.to
    if _ROLE_FAMILY.get(p.role, p.role) != "released" or to is None:
        return ""
    if to.ref is not None:
        return to.ref if to.ref.startswith("state:") else ""
    return name_word(to.text)


def _sides(mentions: list[EventMention], participants: Mapping[str, Sequence[Participant]]) -> list[str]:
    words = [group_side(p) for m in mentions for p in participants.get(m.id, ())]
    words += [name_word(a.text) for m in mentions for a in m.actors if a.ref is None]
    return [w for w in words if w.startswith("~")]


def same_side(a: str, b: str) -> bool:
    """Two words for one side: the same id, or unresolved words one of which extends the other by a
    demonym ending ('Velmora' / 'Velmoran', 'Ostrakan' / 'Ostrakani')."""
    if a == b:
        return True
    if not (a.startswith("~") and b.startswith("~")):
        return False
    short, long = sorted((a[1:], b[1:]), key=len)
    return len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 3


def canonical_sides(words: Iterable[str]) -> dict[str, str]:
    """Unresolved side words of one event, each mapped to the shortest word for the same side."""
    out: dict[str, str] = {}
    for word in sorted(set(words), key=lambda w: (len(w), w)):
        out[word] = next((k for k in out.values() if same_side(k, word)), word)
    return out


def side_name(side: str, names: Mapping[str, str]) -> str:
    """A side key in words: the actor's display name, or the source's own word."""
    if side.startswith("~"):
        return side[1:].capitalize()
    return names.get(side, side)


def group_slots(
    mentions: list[EventMention],
    participants: Mapping[str, Sequence[Participant]],
    docs: Mapping[str, Document],
    names: Mapping[str, str],
    cues: Cues,
    sides: Mapping[str, str],
    neighbours: Mapping[str, Sequence[EventMention]] | None = None,
) -> list[Slot]:
    """A count slot and a label slot per (role, side) of the groups of the mentions that say it happened.

    The killed and wounded count of a document is the toll reading (toll.py) of the event's groups of
    that side in that document, the figure the GVDB scorer measures, read with the dead its other
    mentions in the same sentences give (``neighbours``: every mention of each document); its other
    figures are its detail."""
    happened = {m.id for m in mentions if m.modality not in NOT_HAPPENED}
    groups, pronouns = [], []
    for m in mentions:
        found = participants.get(m.id, ()) if m.id in happened else ()
        # the text only where a group needs it (a lazy mapping reads it from the store)
        text = docs[m.doc].text if found and m.doc in docs and _needs_text(found) else ""
        for p in found:
            if p.unreal or p.negated or not kind_agrees(p, text):
                continue
            if not p.pronoun:
                groups.append(as_part(p, text))
            elif p.role in (KILLED, WOUNDED):
                pronouns.append(p)  # 'He died': the toll reading needs the person named before
    # one document's '45 detainees' and '45 Velmoran detainees' are the same people: a group without a
    # side takes the side of the document's group with the same role and figure
    known: dict[tuple[str, str, float], set[str]] = defaultdict(set)
    for p in groups:
        side = sides.get(group_side(p), group_side(p))
        if side and p.count is not None:
            known[(doc_of(p.mention), _ROLE_FAMILY.get(p.role, p.role), p.count.value)].add(side)
    by_slot: dict[tuple[str, str], list[Participant]] = defaultdict(list)
    for p in groups:
        role = _ROLE_FAMILY.get(p.role, p.role)
        side = sides.get(group_side(p), group_side(p))
        twins = known.get((doc_of(p.mention), role, p.count.value), set()) if p.count and not side else set()
        by_slot[(role, next(iter(twins)) if len(twins) == 1 else side)].append(p)
    by_side: dict[str, list[Participant]] = defaultdict(list)
    for (role, side), members in by_slot.items():
        if role in (KILLED, WOUNDED):
            by_side[side].extend(members)
    own = [(p, sides.get(group_side(p), group_side(p))) for p in pronouns]
    told_with = [
        (p, m, sides.get(group_side(p), group_side(p)))
        for p, m in _dead_told_with(mentions, participants, neighbours or {})
    ]
    tolls = tolls_by_side(by_side, own, mentions, docs, told_with)
    for role, side in tolls:
        by_slot.setdefault((role, side), [])
    slots = []
    for (role, side), members in sorted(by_slot.items()):
        who = f" ({side_name(side, names)})" if side else ""
        counts = count_values(members, cues)
        if (role, side) in tolls:
            counts = toll_values(tolls[(role, side)], counts, docs, cues)
        for aspect, what, values in (
            ("count", f"number of people {role}{who}", counts),
            ("label", f"who the people {role}{who} are", label_values(members, cues)),
        ):
            slots.append(
                Slot(f"{aspect}:{role}:{side}", aspect, what, role=role, side=side or None, values=values)  # type: ignore[arg-type]
            )
    return slots


def _dead_told_with(
    mentions: Sequence[EventMention],
    participants: Mapping[str, Sequence[Participant]],
    neighbours: Mapping[str, Sequence[EventMention]],
) -> list[tuple[Participant, EventMention]]:
    """The dead (with a figure, said to have happened) that each document gives under its other event
    words in the sentences of the event's mentions."""
    own = {m.id for m in mentions}
    sentences = {(m.doc, m.sentence_start) for m in mentions if m.modality not in NOT_HAPPENED}
    out = []
    for doc in dict.fromkeys(m.doc for m in mentions):
        for n in neighbours.get(doc, ()):
            if n.id in own or (doc, n.sentence_start) not in sentences or n.modality in NOT_HAPPENED:
                continue
            for p in participants.get(n.id, ()):
                if p.role == KILLED and not (p.pronoun or p.unreal or p.negated) and p.count is not None:
                    out.append((p, n))
    return out


def _needs_text(groups: Sequence[Participant]) -> bool:
    """A toll group (its kind is read after it) or a person without a figure ('including a child')."""
    return any(p.role in TOLLS or (p.singular and p.count is None) for p in groups)


def count_values(members: Sequence[Participant], cues: Cues | None = None) -> tuple[SlotValue, ...]:
    """Each group's figure; for a toll, per role word the sum of its groups' figures ('killing his five
    children and his wife' is 6).

    A part whose whole is written ('13 of the 24') is the document's detail; so is a total with no
    written figure ('a man was killed' says who, not how many in all)."""
    per_word: dict[tuple[str, int], list[Participant]] = defaultdict(list)
    out: list[SlotValue] = []
    for p in members:
        if p.count is not None and p.count.part and p.count.whole is not None:
            out.append(_figure(p, True, cues))
        elif p.role not in TOLLS and p.count is not None:
            out.append(_figure(p, False, cues))  # 'exchanged 46 and 12': two groups, two figures, no sum
        elif p.count is not None or p.singular:
            per_word[(p.mention, p.role_start)].append(p)
    for word in per_word.values():
        written = [p for p in word if p.count is not None]
        if len(word) == 1 and written:
            out.append(_figure(word[0], False, cues))
            continue
        total = sum(p.count.value if p.count is not None else 1.0 for p in word)
        vague = not written or any(p.count is not None and _vague(p.count, cues) for p in word)
        start, end = min(p.start for p in word), max(p.end for p in word)
        text = "; ".join(p.text for p in word)
        out.append(
            SlotValue(
                doc_of(word[0].mention),
                word[0].mention,
                _num(total),
                text,
                start,
                end,
                low=total,
                detail=vague,
            )
        )
        out.extend(_figure(p, True, cues) for p in written)

    def rank(v: SlotValue) -> tuple[int, int]:
        return (_VAGUENESS.get(v.approx, 3) + (v.high is not None), v.start)

    return one_per_doc(out, rank)


def toll_values(
    tolls: Sequence[Toll], counts: Sequence[SlotValue], docs: Mapping[str, Document], cues: Cues | None = None
) -> tuple[SlotValue, ...]:
    """Each document's toll as its value of a killed or wounded count slot, over the words it rests
    on; the document's other figures (``counts``) are its own detail."""
    chosen = [toll_value(t, docs, cues) for t in tolls]
    return one_per_doc([*chosen, *(replace(v, detail=True) for v in counts)], lambda v: v.start)


def toll_value(toll: Toll, docs: Mapping[str, Document], cues: Cues | None = None) -> SlotValue:
    """A toll as a slot value: one written figure as written ('more than 20'), else the total of the
    groups it rests on, over the words from the first to the last ('five children and his wife'), at
    least that many where one of them is an approximation. A toll that is one person and no written
    figure ('a woman was hurt') has the category ``person``."""
    first = toll.groups[0]
    if len(toll.groups) == 1 and not toll.less and first.count is not None:
        return _figure(first, False, cues)
    approx: Approx | None = None
    for p in toll.groups:
        if p.count is not None and _vague(p.count, cues):
            bound = p.count.approx in {None, "at_least", "more_than"}
            approx = "at_least" if bound and approx in {None, "at_least"} else "about"
    doc = docs.get(doc_of(first.mention))
    words = doc.text[toll.start : toll.end] if doc is not None else "; ".join(p.text for p in toll.groups)
    return SlotValue(
        doc_of(first.mention),
        first.mention,
        str(toll.value),
        words,
        toll.start,
        toll.end,
        low=float(toll.value),
        approx=approx,
        category=PERSON if len(toll.groups) == 1 and first.count is None and not toll.less else None,
    )


def _vague(c: CountMention, cues: Cues | None) -> bool:
    """An approximation, or a vague plural ('dozens', 'hundreds')."""
    return c.approx is not None or (cues is not None and " ".join(c.text.lower().split()) in cues.vague)


def _figure(p: Participant, detail: bool = False, cues: Cues | None = None) -> SlotValue:
    c = p.count
    assert c is not None
    if c.approx is None and _vague(c, cues):
        c = replace(c, approx="at_least")  # 'dozens' is at least 12, not 12
    return SlotValue(
        doc_of(p.mention),
        p.mention,
        count_value(c),
        c.text,
        c.start,
        c.end,
        low=c.value,
        high=c.high,
        approx=c.approx,
        whole=c.whole if c.part else None,
        detail=detail,
    )


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def label_values(members: Sequence[Participant], cues: Cues) -> tuple[SlotValue, ...]:
    """The words a document uses for the group: the first word of each category is compared, a word
    of a category already given (or of none) is the document's own detail."""
    out: list[SlotValue] = []
    seen: set[tuple[str, int, int]] = set()
    given: set[tuple[str, str]] = set()
    for p in sorted(members, key=lambda p: (p.mention, p.start)):
        doc = doc_of(p.mention)
        for lab in p.labels:
            if (doc, lab.start, lab.end) in seen:
                continue
            seen.add((doc, lab.start, lab.end))
            category = cues.categories.get(lab.label)
            repeat = category is None or (doc, category) in given
            if category is not None:
                given.add((doc, category))
            out.append(
                SlotValue(
                    doc, p.mention, lab.label, lab.text, lab.start, lab.end, category=category, detail=repeat
                )
            )
    return tuple(out)


def agent_slot(
    mentions: list[EventMention], participants: Mapping[str, Sequence[Participant]], sides: Mapping[str, str]
) -> Slot:
    """Who acted: the agents of the mentions and who acted on their groups ('released by X')."""
    values = []
    for m in mentions:
        for arg in m.actors:
            key = arg.ref or name_word(arg.text)
            if arg.role == "agent" and key:
                values.append(SlotValue(m.doc, m.id, sides.get(key, key), arg.text, arg.start, arg.end))
        for p in participants.get(m.id, ()):
            if p.by is not None and p.by.ref:
                values.append(SlotValue(m.doc, m.id, p.by.ref, p.by.text, p.by.start, p.by.end))
    return Slot("agent", "agent", "who acted", values=one_per_doc(values, lambda v: v.start))
