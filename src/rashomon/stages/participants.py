"""Participants: the groups of people each event mention involves, read off the dependency parse.

In every parsed sentence that holds an event mention, each word that gives people a role
(resources/participants/roles.yaml: "released", "killed", "the release of", "two wounded soldiers")
is followed along the parse to the group it applies to (the object of an active verb, the subject of a
passive one, the "of" of a noun, the noun an adjective modifies), then to who acts on it ("by X", the
subject) and who receives it ("to Y"). The group keeps its count (from the counts stage, with its
part-of-whole), its nationality or side (actors, demonyms, possessives, "of X") and the labels the
source uses for it, each with its span. A casualty figure with no group the parse can reach ("3 dead")
is a group of its own. Each participant belongs to the mention whose trigger gives its role, else to
the mention its role word depends on, else to the nearest mention of the sentence.
"""

from __future__ import annotations

from dataclasses import replace

from ..groups import (
    CASUALTY_ROLES,
    NOBODY,
    RELATIVE,
    SentenceTree,
    age_noun,
    aimed,
    along_with,
    body_found,
    both_count,
    conjuncts,
    count_at,
    counted_kind,
    headline_siblings,
    juxtaposed,
    left_in_state,
    mention_for,
    named_beside_place,
    negated,
    not_fatal,
    phrasal_intransitive,
    relative_head,
    strongest,
    struck_by_missile,
)
from ..model import (
    Analysis,
    CountMention,
    EventMention,
    ParsedSentence,
    Participant,
    Token,
)
from ..parties import PartyReader
from ..roles import RoleTable, load_roles
from ..settings import Settings
from . import Stage, StageFn

_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
_SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "himself", "herself"})
# (group token, the token of who acts on it, the token of who receives it), any of them unknown
_Link = tuple[int | None, int | None, int | None]


class ParticipantFinder:
    """Stage callable holding the role table."""

    def __init__(self, settings: Settings) -> None:
        self.roles = load_roles()
        self.parties = PartyReader(self.roles)

    def __call__(self, analysis: Analysis, settings: Settings) -> list[Participant]:
        """Stage: the participants of every event mention."""
        by_sentence: dict[int, list[EventMention]] = {}
        for mention in analysis.events:
            by_sentence.setdefault(mention.sentence_start, []).append(mention)
        found: list[Participant] = []
        for parsed in analysis.parsed:
            mentions = by_sentence.get(parsed.start)
            if mentions:
                found.extend(self.sentence(analysis, parsed, mentions))
        return found

    def sentence(
        self, analysis: Analysis, parsed: ParsedSentence, mentions: list[EventMention]
    ) -> list[Participant]:
        """The participants of one parsed sentence, each attached to one of its mentions."""
        tree = SentenceTree(analysis, parsed)
        text = analysis.doc.text
        groups: list[tuple[int, Participant]] = []  # (group token, participant)
        for p, tok in enumerate(tree.tokens):
            role = self._role(tree, p)
            if role is None:
                continue
            mention = mention_for(tree, p, mentions)
            for g, by, to in self._groups(tree, p, tok):
                groups.extend(
                    (g, made) for made in self._participants(text, tree, mention, role, p, g, by, to)
                )
        kept = strongest(groups)
        used = {id(p.count) for p in kept if p.count is not None}
        for count in tree.counts:
            if count.casualty and id(count) not in used and not _inside(count, kept):
                kept.append(self._from_count(text, tree, count, mentions))
        kept.sort(key=lambda p: (p.start, p.role_start))
        return kept

    # -- the role a word gives ---------------------------------------------------------------

    def _role(self, tree: SentenceTree, p: int) -> str | None:
        tok = tree.tokens[p]
        lemma, low = tok.lemma.lower(), tok.text.lower()
        if tok.dep in {"amod", "acomp", "oprd"} or tok.pos == "ADJ":
            role = self.roles.adjectives.get(low)
        elif tok.pos in {"VERB", "AUX"} or tok.tag in _VERB_TAGS:
            role = self._verb_role(tree, p, lemma)
        elif tok.pos == "NOUN":
            role = self.roles.nouns.get(lemma) or self._state_role(tree, p, lemma)
            role = role or ("killed" if body_found(tree, p, self.roles) else None)
        else:
            role = None
        if role == "wounded" and self._fatal(tree, p):
            return "killed"
        return role

    def _state_role(self, tree: SentenceTree, p: int, lemma: str) -> str | None:
        """'in critical condition', 'a gunshot wound': a state of the body; 'in good condition' of a
        building or 'the conditions of the deal' are none (no severity word, no person it hangs on)."""
        role = self.roles.states.get(lemma)
        if role is None:
            return None
        if lemma == "condition":
            words = {tree.tokens[c].text.lower() for c in tree.children[p]}
            if not words & self.roles.severity:
                return None
        return role

    def _verb_role(self, tree: SentenceTree, p: int, lemma: str) -> str | None:
        if aimed(tree, p, self.roles):
            return None
        if lemma in self.roles.striking and struck_by_missile(tree, p, self.roles):
            return "wounded"  # 'a bullet struck the girl', 'was hit by gunfire'
        for c in tree.children[p]:
            phrasal = self.roles.verbs.get(f"{lemma} {tree.tokens[c].text.lower()}")
            if phrasal is not None and tree.tokens[c].dep in {
                "prt",
                "advmod",
                "oprd",
                "acomp",
                "dobj",
                "xcomp",
            }:
                return phrasal
        return self.roles.verbs.get(lemma)

    def _fatal(self, tree: SentenceTree, p: int) -> bool:
        """'fatally shot', 'shot dead', 'shot to death'."""
        for c in tree.children[p]:
            tok = tree.tokens[c]
            if tok.text.lower() in self.roles.fatal and not not_fatal(tree, c):
                return True
            obj = tree.child(c, "pobj") if tok.dep == "prep" else None
            if obj is not None and tree.tokens[obj].text.lower() in self.roles.fatal:
                return True
        return False

    # -- the group it applies to, and who acts on it -------------------------------------------

    def _groups(self, tree: SentenceTree, p: int, tok: Token) -> list[tuple[int, int | None, int | None]]:
        """(group token, by token, to token) for the role word at p."""
        first: list[_Link]
        if tok.dep == "acl" and _active_with_conjunct(tree, p):
            # 'shells fired by terrorists killed and injured five civilians': the parse reads
            # 'terrorists killed' as a reduced relative, but the verb is active and shares its
            # conjunct's object; as for any verb whose object the parse gives to its conjunct, the
            # conjunct names the group
            first = []
        elif tok.dep in {"amod", "acl"} and tok.head != p:
            first = [(tok.head, tree.prep_object(p, "by"), tree.prep_object(p, "to"))]
        elif tok.dep in {"acomp", "oprd"}:
            head = tok.head
            g = tree.child(head, "dobj") if tok.dep == "oprd" else None
            first = [(g if g is not None else tree.subject(head)[0], None, None)] if head != p else []
        elif tok.pos == "NOUN" and tok.lemma.lower() in self.roles.states:
            first = self._state_groups(tree, p)
        elif tok.pos == "NOUN" and tok.dep == "compound" and self.parties.is_people(tree, tok.head):
            # 'a homicide victim', 'the shooting victim'; not 'homicide detectives', 'the shooting suspect'
            agent = tree.tokens[tok.head].lemma.lower() in self.roles.agents
            first = [] if agent else [(tok.head, None, None)]
        elif tok.pos == "NOUN":
            first = self._noun_groups(tree, p)
        else:
            first = self._verb_groups(tree, p, tok)
        out: list[tuple[int, int | None, int | None]] = []
        for g, by, to in first:
            if g is None:
                continue
            if tree.tokens[g].text.lower() in RELATIVE and tree.tokens[g].head != g:
                g = relative_head(tree, g)
            out.append((g, by, to))
            out.extend((c, by, to) for c in conjuncts(tree, g))
            out.extend((c, by, to) for c in named_beside_place(tree, g) if all(c != o[0] for o in out))
            out.extend((c, by, to) for c in juxtaposed(tree, g) if all(c != o[0] for o in out))
            out.extend((c, by, to) for c in headline_siblings(tree, g) if all(c != o[0] for o in out))
            other = along_with(tree, p)  # 'was killed along with her brother'
            if other is not None and all(other != o[0] for o in out):
                out.append((other, by, to))
            # 'freed 24 hostages (on Monday), including 13 Israelis': a part of the group, wherever the
            # parse hangs it under the role word
            lo, hi = tree.subtree(p)
            for head in range(lo, hi + 1):
                part = tree.prep_object(head, "including")
                if part is not None and all(part != o[0] for o in out):
                    out.append((part, by, to))
        return out

    def _verb_groups(self, tree: SentenceTree, p: int, tok: Token) -> list[_Link]:
        lemma = tok.lemma.lower()
        subject, passive = tree.subject(p)
        obj = tree.child(p, "dobj")
        by = tree.prep_object(p, "by")
        to = tree.prep_object(p, "to", "into")
        home = tree.child(p, "advmod")
        if to is None and home is not None and tree.tokens[home].text.lower() == "home":
            to = tree.prep_object(home, "to")  # 'returned home to Velmora': the parse hangs 'to' on 'home'
        held = left_in_state(tree, p, self.roles)
        if held is not None and obj is None:
            return [(held, None, None)]  # 'left one man critically injured', 'found a woman shot'
        if lemma in self.roles.receiving:
            return [(obj, tree.prep_object(p, "from"), subject)]
        if obj is not None and not passive:
            return [(obj, subject, to)]
        if obj is not None and tok.dep == "conj" and _active_with_conjunct(tree, tok.head):
            # '... terrorists killed and injured five civilians': the object is the group, the
            # subject the parse lends the conjunct (the noun its head hangs on) is none
            return [(obj, None, to)]
        bare = obj is None and tree.child(p, "aux", "auxpass") is None
        if (
            passive
            # 'the people killed in the attack'
            or (tok.dep == "acl" and tok.tag == "VBN")
            # '15 prisoners returned home'
            or lemma in self.roles.intransitive
            or phrasal_intransitive(tree, p, self.roles)
            # a participle without auxiliary: 'found Jane Doe shot to death'
            or (bare and tok.tag == "VBN")
            # headlines drop the auxiliary: 'Man shot, killed on the west side'
            or (tree.headline and obj is None and tok.tag in {"VBD", "VBN"})
        ):
            return [(subject, by, to)]
        return []

    def _state_groups(self, tree: SentenceTree, p: int) -> list[_Link]:
        """The person a state of the body hangs on: 'a boy with a gunshot wound', 'left a man in
        critical condition', 'he was in stable condition', 'she suffered injuries'."""
        node = p
        for _ in range(3):  # 'taken to a hospital in stable condition': up through the hospital
            tok = tree.tokens[node]
            if tok.dep == "pobj":
                head = tree.tokens[tree.tokens[node].head].head  # over the preposition
            elif tok.dep in {"dobj", "attr"}:
                head = tok.head
            else:
                return []
            if head in {node, p}:
                return []
            if self.parties.is_people(tree, head):
                return [(head, None, None)]
            if tree.tokens[head].pos in {"VERB", "AUX"}:
                obj = tree.child(head, "dobj")
                if obj is not None and obj != node and self.parties.is_people(tree, obj):
                    return [(obj, None, None)]
                return [(tree.subject(head)[0], None, None)]
            node = head
        return []

    def _noun_groups(self, tree: SentenceTree, p: int) -> list[_Link]:
        by = tree.prep_object(p, "by")
        to = tree.prep_object(p, "to")
        poss = tree.child(p, "poss")
        found: list[_Link] = []
        of = tree.prep_object(p, "of")
        if of is not None:
            found.append((of, by if by is not None else poss, to))
        elif poss is not None and self.parties.is_people(tree, poss):
            found.append((poss, by, to))  # 'their release', 'his death'
        compound = tree.child(p, "compound")
        if not found and compound is not None:
            found.append((compound, by if by is not None else poss, to))  # 'prisoner release'
        if tree.tokens[p].lemma.lower() in {"exchange", "swap", "trade"}:
            other = tree.prep_object(p, "for")
            if other is not None:
                found.append((other, None, None))
        return found

    # -- the record ------------------------------------------------------------------------------

    def _participants(
        self,
        text: str,
        tree: SentenceTree,
        mention: EventMention,
        role: str,
        p: int,
        g: int,
        by: int | None,
        to: int | None,
    ) -> list[Participant]:
        """The group at token g; '46 and 12 detained persons' are two groups of one noun."""
        if g == p or not self.parties.is_people(tree, g):
            return []
        tok = tree.tokens[g]
        shared = [c for c in tree.counts if (c.what_start or 0) <= tok.start < (c.what_end or 0)]
        if len(shared) < 2:
            found = [self._participant(text, tree, mention, role, p, g, by, to, None)]
        else:
            found = [self._participant(text, tree, mention, role, p, g, by, to, c) for c in shared]
        sides = self.parties.sides(text, tree, g)
        # 'Armenian and Azerbaijani detainees were exchanged': a group of each side
        return [replace(f, who=side) for f in found for side in sides] if len(sides) > 1 else found

    def _participant(
        self,
        text: str,
        tree: SentenceTree,
        mention: EventMention,
        role: str,
        p: int,
        g: int,
        by: int | None,
        to: int | None,
        own: CountMention | None,
    ) -> Participant:
        tok = tree.tokens[g]
        start, end = tree.noun_span(g)
        nobody = [c for c in tree.children[g] if c < g and tree.tokens[c].text.lower() in NOBODY]
        if nobody:
            start = min(start, tree.tokens[nobody[0]].start)  # 'No one', 'no officers'
        of = tree.prep_object(g, "of")
        if tok.pos == "NUM" and of is not None:
            end = tree.tokens[of].end  # 'three of the victims'
        labels = tuple(
            lab for lab in tree.labels if start <= lab.start < end or lab.start <= tok.start < lab.end
        )
        for lab in labels:
            start, end = min(start, lab.start), max(end, lab.end)
        count = own or count_at(tree, tok) or next((c for c in tree.counts if start <= c.start < end), None)
        if count is None:
            count = both_count(text, tree, g)
        if own is not None:
            start = own.start  # one of several figures for the noun: its own figure starts the group
        elif count is not None and start < count.start <= tok.start:
            # 'handed over 15 prisoners': the parse hangs 'over' on the number, the count does not
            start = count.start
        elif count is not None:
            start, end = min(start, count.start), max(end, count.end)
        role_tok = tree.tokens[p]
        kind = counted_kind(count, self.roles)
        if role in CASUALTY_ROLES and count is not None and kind is not None and kind != role:
            # 'At least 40 killed dozens injured': the word the figure counts gives its role
            role = kind
            role_tok = next((t for t in tree.tokens if t.start == count.what_start), role_tok)
        low = tok.text.lower()
        pronoun = tok.pos == "PRON"
        # 'servicemen' may be tagged NN: a singular noun is its own lemma
        noun = tok.tag == "NNP" or (tok.tag == "NN" and low == tok.lemma.lower() and not low.endswith("men"))
        noun = noun or age_noun(tree, g) or low in self.roles.ordinals
        noun = noun or (low == "one" and of is not None)  # 'one of the victims' is one person
        noun = noun and tok.lemma.lower() not in self.roles.collective  # 'a family' is several people
        singular = count is None and ((pronoun and low in _SINGULAR_PRONOUNS) or (not pronoun and noun))
        return Participant(
            mention=mention.id,
            start=start,
            end=end,
            text=text[start:end],
            role=role,
            role_start=role_tok.start,
            role_end=role_tok.end,
            role_text=role_tok.text,
            who=self.parties.who(text, tree, g, start, end, of),
            by=self.parties.party(text, tree, by) if by is not None and by != g else None,
            to=self.parties.party(text, tree, to) if to is not None and to != g else None,
            count=count,
            singular=singular,
            pronoun=pronoun,
            negated=negated(tree, p, g),
            unreal=self._unreal(tree, p),
            labels=labels,
        )

    def _unreal(self, tree: SentenceTree, p: int) -> bool:
        """'to kill', 'could have died', 'Shoot him!', 'attempted murder', 'nearly killing'."""
        node = p
        if tree.tokens[p].dep in {"acomp", "oprd"}:
            node = tree.tokens[p].head  # 'might be dead'
        words = {tree.tokens[c].text.lower() for c in tree.children[node]}
        if words & self.roles.unreal_aux or words & self.roles.unreal_modifiers:
            return True
        tok = tree.tokens[node]
        return tok.tag == "VB" and not words & {"do", "did", "does"}

    def _from_count(
        self, text: str, tree: SentenceTree, count: CountMention, mentions: list[EventMention]
    ) -> Participant:
        """A casualty figure no parsed group reaches ('3 dead', 'killed 4 and wounded 7')."""
        assert count.casualty is not None
        # 'At least 40 killed dozens injured': the word the figure counts names its kind
        role = counted_kind(count, self.roles) or count.casualty
        end = max(count.end, count.what_end or count.end)
        cue = _cue_token(tree, count, role, self.roles)
        if cue is not None:
            role_start, role_end = cue.start, cue.end
        elif count.what_start is not None and count.what_end is not None:
            role_start, role_end = count.what_start, count.what_end  # 'Three shot': the word counted
        else:
            role_start, role_end = count.start, end
        nearest = min(mentions, key=lambda m: abs(m.trigger_start - count.start))
        return Participant(
            mention=nearest.id,
            start=count.start,
            end=end,
            text=text[count.start : end],
            role=role,
            role_start=role_start,
            role_end=role_end,
            role_text=text[role_start:role_end],
            who=self.parties.resolved(text, tree, count.start, end),
            count=count,
            labels=tuple(lab for lab in tree.labels if count.start <= lab.start < end),
        )


def _active_with_conjunct(tree: SentenceTree, p: int) -> bool:
    """A participle hung on a noun whose conjoined verb has an object ('killed and injured five
    civilians'): an active verb, not a reduced relative ('the civilians killed in the attack')."""
    if tree.child(p, "dobj") is not None or tree.prep_object(p, "by") is not None:
        return False
    return any(
        tree.tokens[c].dep == "conj" and tree.tokens[c].pos == "VERB" and tree.child(c, "dobj") is not None
        for c in tree.children[p]
    )


def _inside(count: CountMention, participants: list[Participant]) -> bool:
    return any(p.start <= count.start < p.end for p in participants)


def _cue_token(tree: SentenceTree, count: CountMention, role: str, roles: RoleTable) -> Token | None:
    """The word nearest the figure that names its kind of casualty (role)."""
    kinds = {**roles.adjectives, **roles.verbs, **roles.nouns}
    best: Token | None = None
    for tok in tree.tokens:
        word = kinds.get(tok.text.lower()) or kinds.get(tok.lemma.lower())
        named = word == role or (role == "killed" and tok.lemma.lower() == "toll")
        if named and (best is None or abs(tok.start - count.start) < abs(best.start - count.start)):
            best = tok
    return best


def _factory(settings: Settings) -> StageFn:
    return ParticipantFinder(settings)


STAGE = Stage(
    name="participants",
    # v8: a coordinated clause's own subject stranded by the parse ('in the arm and Brown was shot');
    # and the document profile stored with the results now reads the participants' toll figures
    # (corpus/features.py), so the stored profiles must be made again
    version="participants.parse.v9",
    requires=("entities", "counts", "labels", "places", "actors", "parsed", "events"),
    assigns="participants",
    factory=_factory,
    resources=("participants",),
)
