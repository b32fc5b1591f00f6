"""A document's toll: how many people it says were killed and wounded, and the words that say it.

One reading serves the GVDB scorer (eval/casualties.py, a whole article) and the event pages (the
killed and wounded count slots of slots.py, one event's mentions in one document), so the figure the
quality gate measures is the figure a user sees.

From the participants of the mentions the text asserts (not negated, not unreal):

- for each kind, the figure of the first word in the document that gives people that role (the
  headline or the lead states the incident; later figures often recall other incidents or yearly
  totals). A word's figure is the sum of its groups ('killing his five children and his wife' is 6);
  a group's figure is its count ('three of the victims died' is 3; a part whose whole is written, '24
  freed, including 13 women', leaves the figure to the whole), else one for a single person ('a man',
  a name, 'he'); a part of a whole that no group of its role gives is a figure of its own ('two of
  the four shooting victims had died' is 2 dead: the four are those shot). A person introduced by
  'including' is a part of the figure before it, and a group
  whose own words name another kind of casualty ('12 others injured') is not of this kind. Where the
  first word's figure is an approximation and a later word gives the same figure exactly ('at least
  27 ... 27 people were killed'), the figure rests on the later words, unless 'the' recalls the
  figure before ('at least 26 ... the 26 civilians killed').
- Not a toll: a total over a period ('nine officers have been fatally shot this year'), a group in a
  link to another story ('Read: Suspect shot himself'), and, where the document gives other groups,
  those of a sentence that tells of another incident ('Earlier, a man and a woman were shot') and
  those the document sets aside as an earlier figure ('Authorities initially had said that six people
  were shot'); cues in resources/compare/toll.yaml.
- People shot and not said to be killed are wounded. Where the document gives someone killed, a
  wounded group is not counted again when it is that person: a pronoun, a name a killed group repeats
  ('Lee was shot ... Lee died'), or the first person of the nearest wounding word a pronoun of the
  dead picks up within 200 characters ('a teen was hit. He died'). A plural pronoun of the dead with no
  figure ('two men were shot ... where they died') picks up all the groups of that word: they are the
  dead, not the wounded.
- Those shot include the dead their own sentence gives after them ('two teens were shot, leaving one
  dead' is one wounded; a shooter who killed himself is not subtracted), else the dead of the first
  killing word after them ('Two shot' as a headline, 'one of the victims has died' in the lead); all
  of them dead leaves none wounded ('Both men died'). Where that sentence then gives
  fewer people whose wounds are not fatal ('seven shot, only three with non-fatal injuries'), those are
  the wounded.
- A lone person shot and then dead (no written wounded figure) is killed only, unless the words name
  someone else ('another teen', 'the second victim') or the sentence naming the wounded person names
  someone else killed ('a girl was killed and her father was injured').
- On an event page, a document's toll is read over the event's mentions with the dead that the same
  sentences give under another event word (the deaths and the shooting are two events), and is the
  event's only where it rests on the event's own words (``tolls_by_side``).
- How many attackers a document says died ('then killed himself', 'the gunman was shot dead'; words
  in resources/compare/toll.yaml) lets the comparison read its toll with and without them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import Document, EventMention, Participant
from ..resources import load_yaml
from .claims import alternation

KILLED, WOUNDED = "killed", "wounded"
# modalities under which a mention's figures are not the source's account of what happened
NOT_HAPPENED = frozenset({"denied", "hypothetical", "planned", "questioned"})
# roles whose groups one word names add up to a toll ('killing his five children and his wife' is 6)
TOLLS = frozenset({"killed", "wounded", "missing"})
# words by which a wounded person is not the one killed ('another teen was wounded', 'a second victim')
_ANOTHER = frozenset({"another", "other", "second", "third", "fourth", "more"})
# the words for being shot that count the dead too ('three shot, one dead')
_SHOT = frozenset({"shot", "shooting"})
# how far back (characters) a pronoun of the dead ('He died') picks up the person named wounded
_PICKED_UP = 200
# the word after a group that names its kind of casualty ('12 others injured', '3 were killed')
_NEXT_WORD = re.compile(r"\s+(?:(?:were|was|are|is|have been|had been)\s+)?([a-z]+)", re.IGNORECASE)
_CASUALTY_WORDS = {
    "killed": "killed",
    "dead": "killed",
    "injured": "wounded",
    "wounded": "wounded",
    "hurt": "wounded",
}
# how far after a link marker ('Read:') a group is still in the link's words
_LINK_WORDS = 100
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_THE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_INCLUDING = re.compile(r"\b(?:including|among them|among whom)\s+(?:a|an|one|the)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Toll:
    """One document's figure for one kind of casualty and the groups of people it rests on."""

    role: str  # killed, wounded
    value: int
    groups: tuple[Participant, ...] = ()  # the groups of the chosen word, whose figures add up
    less: tuple[Participant, ...] = ()  # the dead taken off those shot ('two shot, leaving one dead')

    @property
    def start(self) -> int:
        """Where the words the figure rests on begin."""
        return min(p.start for p in self.groups + self.less)

    @property
    def end(self) -> int:
        """Where they end."""
        return max(p.end for p in self.groups + self.less)


@dataclass(frozen=True)
class TollCues:
    """The cues of resources/compare/toll.yaml, compiled."""

    other_incident: re.Pattern[str]
    period_total: re.Pattern[str]
    link: re.Pattern[str]
    survived: re.Pattern[str]
    superseded: re.Pattern[str]


@lru_cache(maxsize=1)
def load_toll_cues() -> TollCues:
    """The toll reading's cues (resources/compare/toll.yaml)."""
    data = load_yaml("compare", "toll.yaml")
    keys = ("other_incident", "period_total", "link", "survived", "superseded")
    return TollCues(*(alternation(data[key]) for key in keys))


@lru_cache(maxsize=1)
def attacker_words() -> frozenset[str]:
    """Words for those who carried out an attack (resources/compare/toll.yaml)."""
    return frozenset(str(w).lower() for w in load_yaml("compare", "toll.yaml").get("attackers", []))


# a reflexive object of a killing word: the attacker killed himself
_REFLEXIVE = frozenset({"himself", "herself", "themselves"})


def attackers_dead(participants: Iterable[Participant], mentions: Sequence[EventMention] = ()) -> int:
    """How many of those who carried out the attack a document says died ('the gunman was shot dead',
    'then killed himself'): the largest such group (a group without a figure is one person)."""
    unreal = {m.id for m in mentions if m.modality in NOT_HAPPENED}
    words = attacker_words()
    found = 0
    for p in participants:
        if p.role != KILLED or p.negated or p.unreal or p.mention in unreal or not p.text.split():
            continue
        last = p.text.split()[-1].lower()
        if last in _REFLEXIVE or last in words:
            found = max(found, int(p.count.value) if p.count is not None else 1)
    return found


def doc_of(mention_id: str) -> str:
    """The document id of a mention id ('<doc>:m<N>')."""
    return mention_id.rsplit(":", 1)[0]


# how far before a group a cue that sets its figure aside as an earlier one is read
_SUPERSEDED_WORDS = 80


def figure(p: Participant) -> float | None:
    """A group's own figure: its count (None for a part whose whole is written), one for a person."""
    if p.count is not None:
        if p.count.part and p.count.whole is not None:
            return None  # 'including 13': the whole, written too, is the group's figure
        return p.count.value
    return 1.0 if p.singular else None


def kind_agrees(p: Participant, text: str) -> bool:
    """A group whose own words name another kind of casualty ('12 others injured') is not a group of
    this role, wherever the parse hangs it ('Three civilians killed 12 others injured')."""
    if p.role not in TOLLS:
        return True
    kind: str | None = p.count.casualty if p.count is not None else None
    if p.count is not None and p.count.what:
        # the word the figure counts ('dozens injured' in 'At least 44 killed dozens injured')
        kind = _CASUALTY_WORDS.get(p.count.what.lower(), kind)
    after = _NEXT_WORD.match(text, p.end) if text else None
    kind = _CASUALTY_WORDS.get(after.group(1).lower(), kind) if after else kind
    return kind is None or kind == p.role


def as_part(p: Participant, text: str) -> Participant:
    """'eight civilians were killed, including a 10-year-old child': a person introduced by 'including'
    is a part of the figure before it, not one more (the participants stage marks this for written
    figures only)."""
    if p.count is not None or not p.singular or not text:
        return p
    if _INCLUDING.search(text, max(0, p.start - 30), p.start):
        return replace(p, singular=False)
    return p


def read_tolls(
    participants: Iterable[Participant], mentions: Sequence[EventMention], docs: Mapping[str, Document]
) -> dict[str, dict[str, Toll]]:
    """Each document's killed and wounded tolls read off the participants of its mentions."""
    by_doc: dict[str, list[Participant]] = defaultdict(list)
    for p in participants:
        by_doc[doc_of(p.mention)].append(p)
    out = {}
    for doc_id, groups in by_doc.items():
        doc = docs.get(doc_id)
        ms = [m for m in mentions if m.doc == doc_id]
        out[doc_id] = document_toll(groups, ms, doc.text if doc is not None else "")
    return out


def tolls_by_side(
    by_side: Mapping[str, Sequence[Participant]],
    pronouns: Sequence[tuple[Participant, str]],
    mentions: Sequence[EventMention],
    docs: Mapping[str, Document],
    told_with: Sequence[tuple[Participant, EventMention, str]] = (),
) -> dict[tuple[str, str], list[Toll]]:
    """Per (role, side), each document's non-zero toll read off the killed and wounded groups of that
    side (an event page's count slots). ``pronouns`` come with their own side ('' for none); one
    without a side goes with the toll group its document names last before it (the person it refers
    back to: 'a Velmoran soldier was wounded. He died').

    ``told_with`` are the dead, with their mention and side, that a document gives in the sentences of
    the event's mentions under another event word ('Police said that two of the four shooting victims
    had died': the deaths are an event of their own). They are read with the event's groups, so that
    those shot are counted without the dead, but a toll that rests on them alone is not this event's."""
    per_side = {side: list(groups) for side, groups in by_side.items()}
    for p, _, side in told_with:
        per_side.setdefault(side, []).append(p)
    mentions = [*mentions, *dict.fromkeys(m for _, m, _ in told_with)]
    others = {(p.mention, p.start, p.role) for p, _, _ in told_with}
    named = [(g, side) for side, groups in by_side.items() for g in groups]
    for p, own in pronouns:
        before = [(g, s) for g, s in named if doc_of(g.mention) == doc_of(p.mention) and g.start < p.start]
        side = own or (max(before, key=lambda gs: gs[0].start)[1] if before else "")
        per_side.setdefault(side, []).append(p)
    out: dict[tuple[str, str], list[Toll]] = defaultdict(list)
    for side, groups in per_side.items():
        for tolls in read_tolls(groups, mentions, docs).values():
            for role, toll in tolls.items():
                if toll.value > 0 and any((p.mention, p.start, p.role) not in others for p in toll.groups):
                    out[(role, side)].append(toll)
    return dict(out)


def document_toll(
    participants: Iterable[Participant], mentions: Sequence[EventMention] = (), text: str = ""
) -> dict[str, Toll]:
    """One document's killed and wounded tolls (see the module docstring); a kind it gives no figure
    for has value 0 and no groups."""
    unreal = {m.id for m in mentions if m.modality in NOT_HAPPENED}
    cues = load_toll_cues()
    by_role: dict[str, list[Participant]] = {KILLED: [], WOUNDED: []}
    for p in participants:
        happened = not (p.negated or p.unreal) and p.mention not in unreal
        if p.role in by_role and happened and kind_agrees(p, text) and not _not_a_toll(p, text, cues):
            by_role[p.role].append(as_part(p, text))
    by_role = {role: _of_another_role(groups, text) for role, groups in by_role.items()}
    by_role = _this_incident(by_role, mentions, text, cues)
    by_role = {role: _not_superseded(groups, text, cues) for role, groups in by_role.items()}
    by_role = _they_died(by_role)
    if any(figure(p) is not None for p in by_role[KILLED]):
        by_role[WOUNDED] = _not_the_killed(by_role[WOUNDED], by_role[KILLED])
    out = {role: _first_word(role, by_role[role], text) for role in (KILLED, WOUNDED)}
    if out[WOUNDED].groups:
        out[WOUNDED] = _less_the_dead(out[WOUNDED], by_role[KILLED], mentions)
        out[WOUNDED] = _survivors(out[WOUNDED], by_role[WOUNDED], mentions, text, cues)
    # a lone person shot and then dead is one person killed, not also one wounded; but 'another man
    # was wounded', 'the second victim' is someone else
    written = [p for p in by_role[WOUNDED] if p.count is not None]
    if out[KILLED].value >= 1 and out[WOUNDED].value == 1 and not written and not out[WOUNDED].less:
        lone = out[WOUNDED].groups[0]
        near = text[max(0, lone.start - 20) : lone.start].lower().split()[-2:] + lone.text.lower().split()
        alike = [w for w in by_role[WOUNDED] if _noun(w) == _noun(lone)]
        if not _ANOTHER & set(near) and not _killed_beside(alike, by_role[KILLED], mentions):
            out[WOUNDED] = Toll(WOUNDED, 0)
    return out


def _killed_beside(
    words: Sequence[Participant], killed: Sequence[Participant], mentions: Sequence[EventMention]
) -> bool:
    """'A girl was killed and her father was injured', 'Toddler killed, adult injured': a sentence
    that names the person wounded (in any of the ``words`` for them: 'father' in the headline, 'her
    father' in the lead) names someone else killed, in other words, so the two are two people."""
    where = {m.id: m.sentence_start for m in mentions}
    return any(
        where.get(w.mention) is not None
        and where.get(k.mention) == where.get(w.mention)
        and not (k.pronoun or w.pronoun)
        and (k.end <= w.start or w.end <= k.start)
        and k.text.lower() != w.text.lower()
        for w in words
        for k in killed
    )


def _noun(p: Participant) -> str:
    """The last word of a group's words, its noun: 'girl' of 'A 3-year-old girl'."""
    return p.text.split()[-1].lower()


def _of_another_role(groups: list[Participant], text: str) -> list[Participant]:
    """'two of the four shooting victims had died': a part of a whole that no group of its role gives
    (the four are those shot, not the dead) is a figure of its own, unless 'including' makes it a part
    of the figure before it."""
    wholes = {figure(p) for p in groups}
    out = []
    for p in groups:
        c = p.count
        if c is not None and c.part and c.whole is not None and c.whole_start is not None:
            between = text[c.end : c.whole_start].lower().split()
            included = _INCLUDING.search(text, max(0, p.start - 30), p.start) is not None
            if c.whole not in wholes and between[:1] == ["of"] and not included:
                p = replace(p, count=replace(c, part=False, whole=None, whole_start=None, whole_end=None))
        out.append(p)
    return out


def _not_a_toll(p: Participant, text: str, cues: TollCues) -> bool:
    """A total over a period ('nine officers have been fatally shot this year'), or a group in the words
    of a link to another story ('Read: Suspect shot himself')."""
    after = text[max(p.role_end, p.end) : max(p.role_end, p.end) + 40].lstrip()
    if cues.period_total.match(after):
        return True
    return _cue_before(cues.link, text, p.start, _LINK_WORDS)


def _cue_before(cue: re.Pattern[str], text: str, start: int, reach: int) -> bool:
    """Whether a cue stands in the ``reach`` characters before ``start`` with no sentence end after it."""
    before = text[max(0, start - reach) : start]
    found = list(cue.finditer(before))
    return bool(found) and not _SENTENCE_END.search(before, found[-1].end())


def _not_superseded(groups: list[Participant], text: str, cues: TollCues) -> list[Participant]:
    """Leave out the groups the document gives as an earlier figure it sets aside ('Authorities
    initially had said that six people were shot'), where it gives others."""
    kept = [p for p in groups if not _cue_before(cues.superseded, text, p.start, _SUPERSEDED_WORDS)]
    return kept if kept else groups


def _this_incident(
    by_role: dict[str, list[Participant]], mentions: Sequence[EventMention], text: str, cues: TollCues
) -> dict[str, list[Participant]]:
    """Groups in a sentence that tells of another incident ('Earlier, a man and a woman were shot')
    are left out where the document gives other groups (when all its groups are there, the
    mentions read are that other incident's: an event page of its own)."""
    opens = {m.id: m.sentence_start for m in mentions}

    def aside(p: Participant) -> bool:
        start = opens.get(p.mention)
        if start is None or not text:
            return False
        sentence = text[start : start + 60]
        return cues.other_incident.match(sentence, len(sentence) - len(sentence.lstrip())) is not None

    counted = [p for groups in by_role.values() for p in groups if figure(p) is not None]
    if all(aside(p) for p in counted):
        return by_role
    return {role: [p for p in groups if not aside(p)] for role, groups in by_role.items()}


def _first_word(role: str, groups: Sequence[Participant], text: str = "") -> Toll:
    """The groups one word gives a role add up; the first such word with a figure states the incident
    (headline, lead), later ones often recall other incidents or totals."""
    per_word: dict[int, list[Participant]] = {}
    for p in groups:
        if figure(p) is not None:
            per_word.setdefault(p.role_start, []).append(p)
    words = sorted(per_word.values(), key=lambda word: min(p.start for p in word))
    if not words:
        return Toll(role, 0)
    words = _restated(words)
    value = _total(words[0])
    # 'at least 27 people dead ... The LCC said 27 people were killed': the same figure written
    # exactly later is the more specific words for it
    exact = [w for w in words if not _approximate(w) and _total(w) == value and not _recalled(w, text)]
    return Toll(role, value, tuple(exact[0] if exact and _approximate(words[0]) else words[0]))


def _restated(words: list[list[Participant]]) -> list[list[Participant]]:
    """'Girl, 3, injured in shooting' then 'A 3-year-old girl and a 19-year-old man were injured': where
    the first word names lone people with no written figure, a later word that names one of them again
    (the same noun) among more people restates the incident more fully, and comes first."""
    first = words[0]
    if any(p.count is not None or not p.singular or p.pronoun for p in first):
        return words
    nouns = {_noun(p) for p in first}
    for k, word in enumerate(words[1:], start=1):
        alike = any(_noun(p) in nouns and not p.pronoun for p in word)
        if alike and _total(word) > _total(first):
            return [word, *words[:k], *words[k + 1 :]]
    return words


def _recalled(word: Sequence[Participant], text: str) -> bool:
    """'at least 26 civilians ... the 26 civilians killed': a figure after 'the' refers back to the one
    given before, approximation included; it is no more exact words for it."""
    first = min(word, key=lambda p: p.start)
    start = first.count.start if first.count is not None else first.start
    return _THE.search(text, max(0, start - 8), start) is not None


def _total(word: Sequence[Participant]) -> int:
    return int(sum(figure(p) or 0.0 for p in word))


def _approximate(groups: Sequence[Participant]) -> bool:
    return any(p.count is not None and p.count.approx is not None for p in groups)


def _less_the_dead(shot: Toll, killed: Sequence[Participant], mentions: Sequence[EventMention]) -> Toll:
    """'two teens were shot, leaving one dead', 'three shot, one fatally': those shot include the dead
    the same sentence gives after them; where it gives none, the dead of the first killing word after
    them ('Two shot' as the headline, 'a man, one of the victims, has died' in the lead). Where all
    those shot died ('Two men were shot. Both died'), none of them is wounded."""
    where = {m.id: m.sentence_start for m in mentions}
    first = min(p.start for p in shot.groups)
    sentence = where.get(shot.groups[0].mention, -2)
    after = [k for k in killed if k.start > first and not k.pronoun and figure(k)]
    dead = [k for k in after if where.get(k.mention, -1) == sentence]
    if not dead and after:
        # the dead one word gives after those shot: its groups add up, a later word recalls them
        word = min(after, key=lambda k: k.start).role_start
        dead = [k for k in after if k.role_start == word]
    if shot.groups[0].role_text.lower() not in _SHOT or not dead:
        return shot
    rest = shot.value - int(sum(figure(k) or 0.0 for k in dead))
    return replace(shot, value=rest, less=tuple(dead)) if rest >= 0 else shot


def _survivors(
    shot: Toll, wounded: Sequence[Participant], mentions: Sequence[EventMention], text: str, cues: TollCues
) -> Toll:
    """'six were shot, with only four suffering non-fatal injuries': those shot include the dead, and the
    people their own sentence then says lived (fewer of them) are the wounded."""
    if shot.less or shot.groups[0].role_text.lower() not in _SHOT:
        return shot
    where = {m.id: m.sentence_start for m in mentions}
    first = min(p.start for p in shot.groups)
    sentence = where.get(shot.groups[0].mention, -2)
    for w in wounded:
        value = figure(w)
        if w.start <= first or where.get(w.mention, -1) != sentence or not value or value >= shot.value:
            continue
        before = text[max(0, w.role_start - 30) : w.role_start]
        said = [m for m in cues.survived.finditer(before) if not before[m.end() :].strip()]
        if said:
            return Toll(WOUNDED, int(value), (w,))
    return shot


def _they_died(by_role: dict[str, list[Participant]]) -> dict[str, list[Participant]]:
    """'Two teens were shot on Elm Street. Both were taken to a hospital, where they died': a plural
    pronoun of the dead with no figure of its own picks up the groups of the nearest wounding word
    before it (within 200 characters); those people are the dead, not also the wounded."""
    killed, wounded = list(by_role[KILLED]), list(by_role[WOUNDED])
    for k in by_role[KILLED]:
        if not k.pronoun or k.singular or figure(k) is not None:
            continue
        before = [w for w in wounded if figure(w) and 0 < k.start - w.role_start <= _PICKED_UP]
        if not before:
            continue
        word = max(w.role_start for w in before)
        them = [w for w in before if w.role_start == word]
        if sum(figure(w) or 0.0 for w in them) < 2:
            continue  # 'they' are more than one person: not the lone person shot
        dead = [
            replace(w, role=KILLED, role_start=k.role_start, role_end=k.role_end, role_text=k.role_text)
            for w in them
        ]
        killed = [p for p in killed if p is not k] + dead
        wounded = [w for w in wounded if all(w is not t for t in them)]
    return {**by_role, KILLED: killed, WOUNDED: wounded}


def _not_the_killed(wounded: list[Participant], killed: list[Participant]) -> list[Participant]:
    """The wounded groups that are not a person the text also says is dead: not a pronoun ('he was shot'
    where someone died: the person named before), not a name a killed group repeats ('Lee was shot'
    ... 'Lee died'), not the person a killed pronoun picks up right after ('a teen was hit. He died')."""
    names = {w for p in killed for w in p.text.split() if w[:1].isupper() and not p.pronoun}
    picked: set[int] = set()
    for k in killed:
        if k.pronoun and k.singular:
            before = [
                w for w in wounded if w.singular and not w.pronoun and 0 < k.start - w.end <= _PICKED_UP
            ]
            if before:
                # the first group of the nearest word: 'Ann was shot along with two friends. She died'
                word = max(w.role_start for w in before)
                picked.add(id(min((w for w in before if w.role_start == word), key=lambda w: w.start)))
    return [
        w
        for w in wounded
        if not w.pronoun and id(w) not in picked and not (w.count is None and w.text.split()[-1] in names)
    ]
