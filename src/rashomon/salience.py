"""Salience: whether a mention reports news or recalls background (history, generic kinds of events).

Background mentions stay in the analysis (a reader may want "the 1994 ceasefire" as each source
tells it) but alignment does not let them pull current events together. A mention is background
when:
- its date, given by the text, ended more than a year before the document was published;
- its trigger is a noun used as a time reference for something else ('since the war', 'after the
  fighting', 'during the occupation') and the sentence gives it no date of its own;
- its trigger is a bare plural noun, a kind of event rather than one ('shootings have risen').
"""

from __future__ import annotations

from datetime import date, timedelta

from .corpus.dates import interval
from .model import Analysis, EventMention, Salience, TimeValue, Token

# a mention dated further back than this before publication recalls history
_HISTORY = timedelta(days=365)
# prepositions that make a noun a time reference: 'since the war', 'after the fighting'
_TIME_PREPOSITIONS = frozenset({"since", "after", "before", "during", "following", "until", "amid"})
_DETERMINERS = frozenset({"det", "nummod", "poss"})  # 'the shootings', 'two attacks', "Friday's raids"


def _published(analysis: Analysis) -> tuple[date, date] | None:
    published = analysis.doc.published
    if not published:
        return None
    return interval(TimeValue(published, "day" if len(published) == 10 else "month"))


def salience(
    analysis: Analysis, mention: EventMention, tokens: tuple[Token, ...], head: int | None
) -> Salience:
    """'background' or 'current' for one mention whose trigger head is ``tokens[head]``."""
    published = _published(analysis)
    days = interval(mention.date)
    given = mention.date is not None and mention.date.basis != "document"
    if given and days is not None and published is not None and published[0] - days[1] > _HISTORY:
        return "background"
    if head is None or not tokens:
        return "current"
    token = tokens[head]
    if token.pos not in {"NOUN", "PROPN"}:
        return "current"
    parent = tokens[token.head]
    if token.dep == "pobj" and parent.text.lower() in _TIME_PREPOSITIONS and not given:
        return "background"
    children = [t for t in tokens if t.head == head and t is not token]
    bare = token.tag in {"NNS", "NNPS"} and not any(t.dep in _DETERMINERS for t in children)
    if bare and not given:
        return "background"
    return "current"
