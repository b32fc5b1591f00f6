"""A neutral headline for an event, built from its slots: type, figures with what they count, date, place.

"Exchange of people held: 32 (Armenia) for 2 (Azerbaijan), 13 Dec 2023, Gazakh". The type is named in
the tool's own words (resources/report/words.yaml); a figure always says what it counts (the role and
whose people, from the count slot; else the source's own words for what is counted, in quotes); when
the sources give different figures for one group, both are shown ("15 or 17 released"); a place
carries every side's name for it (the gazetteer's display name, plus any other name a source of this
event uses).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..corpus.slots import side_name
from ..resources import load_yaml

Json = dict[str, Any]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PLACES = 2  # places a headline names; the facts table lists all of them
_FIGURES = 3
# types whose figures of things or unlabelled groups a headline shows ('about 92000 mines'); elsewhere
# such figures are rarely what the event is about ('20 percent of the territory')
_THING_TYPES = frozenset(
    {"handover", "prisoner_exchange", "release", "detention", "displacement", "casualties"}
)
_UNITS = frozenset({"percent", "per cent", "%"})


@lru_cache(maxsize=1)
def words() -> Json:
    """The report's own words (resources/report/words.yaml)."""
    data: Json = load_yaml("report", "words.yaml")
    return data


def type_name(event_type: str) -> str:
    """An event type in the tool's neutral words."""
    return str(words()["types"].get(event_type) or event_type.replace("_", " ").capitalize())


def date_words(date: Json | None) -> str:
    """A date as a reader writes it: '13 Dec 2023', 'Dec 2023', '2023', '1 to 3 Mar 2025'."""
    if not date:
        return ""
    value = date.get("value")
    if value:
        return _iso_words(str(value))
    low, high = date.get("start"), date.get("end")
    if low or high:
        return f"{_iso_words(str(low)) if low else '…'} to {_iso_words(str(high)) if high else '…'}"
    return ""


def _iso_words(iso: str) -> str:
    if "/" in iso:  # '2020-11-09/2020-11-10': one of these days, or the days between
        return " to ".join(_iso_words(part) for part in iso.split("/", 1))
    parts = iso.split("-")
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        month = _MONTHS[int(parts[1]) - 1]
        if len(parts) == 3 and parts[2][:2].isdigit():
            return f"{int(parts[2][:2])} {month} {parts[0]}"
        return f"{month} {parts[0]}"
    return iso


def _given(slot: Json) -> list[str]:
    """The values the documents give for a slot (their own detail left out), most given first."""
    votes = Counter(str(v["value"]) for v in slot["values"] if not v.get("detail"))
    return [value for value, _ in votes.most_common()]


def _figure(slot: Json) -> str:
    return " or ".join(_given(slot)[:2])


def figures(event: Json, names: dict[str, str], mention_counts: Sequence[Json] = ()) -> list[str]:
    """The figures of an event, each with what it counts."""
    counts = [s for s in event.get("slots", ()) if s["aspect"] == "count" and _given(s)]
    released = [s for s in counts if s.get("role") == "released" and s.get("side")]
    if event["type"] == "prisoner_exchange" and len({s["side"] for s in released}) == 2:
        a, b = sorted(released, key=lambda s: str(s["side"]))[:2]
        pair = (
            f"{_figure(a)} ({side_name(a['side'], names)}) for {_figure(b)} ({side_name(b['side'], names)})"
        )
        counts = [s for s in counts if s is not a and s is not b]
        return [pair, *(_with_role(s, names) for s in counts)][:_FIGURES]
    out = [_with_role(s, names) for s in counts]
    if not out and event["type"] in _THING_TYPES:
        # figures of things, not people ('about 92000 mines'): labelled with the source's own words
        seen: Counter[tuple[str, str]] = Counter()
        for c in mention_counts:
            if c.get("what") and str(c["what"]).lower() not in _UNITS:
                seen[(_number(c), " ".join(str(c["what"]).split()))] += 1
        out = [f"{n} “{what}”" for (n, what), _ in seen.most_common(_FIGURES)]
    return out[:_FIGURES]


def _with_role(slot: Json, names: dict[str, str]) -> str:
    whose = f" ({side_name(slot['side'], names)})" if slot.get("side") else ""
    return f"{_figure(slot)} {slot.get('role') or 'counted'}{whose}"


def _number(count: Json) -> str:
    value = count.get("value")
    text = f"{value:g}" if isinstance(value, float | int) else str(value)
    approx = {"about": "about ", "nearly": "nearly ", "at_least": "at least ", "more_than": "more than ",
              "less_than": "less than ", "up_to": "up to "}.get(count.get("approx") or "", "")  # fmt: skip
    high = count.get("high")
    return f"{approx}{text}" + (f" to {high:g}" if isinstance(high, float | int) else "")


def place_words(event: Json, places: dict[str, Json]) -> list[str]:
    """The event's main places, each with every side's name: the most reported first, towns before
    countries."""
    votes: Counter[str] = Counter()
    for slot in event.get("slots", ()):
        if slot["key"] == "place":
            votes.update(str(v["value"]) for v in slot["values"] if not v.get("detail"))
    ids = list(votes) or list(event.get("places", ()))

    def rank(pid: str) -> tuple[int, int]:
        country = (places.get(pid) or {}).get("kind") == "country"
        return (-votes.get(pid, 0), int(country))

    used: dict[str, set[str]] = {}
    for slot in event.get("slots", ()):
        if str(slot["key"]).startswith("place_name:") and slot.get("side"):
            used.setdefault(str(slot["side"]), set()).update(str(v["text"]) for v in slot["values"])
    out = []
    for pid in sorted(ids, key=rank)[:_PLACES]:
        name = str((places.get(pid) or {}).get("name") or pid)
        known = {n.strip().lower() for n in name.split("/")}
        others = sorted(n for n in used.get(pid, ()) if n.strip().lower() not in known)
        out.append(name + (f" (also {', '.join(others)})" if others else ""))
    return out


def headline(
    event: Json, places: dict[str, Json], names: dict[str, str], mention_counts: Sequence[Json] = ()
) -> str:
    """The event's neutral headline: type, figures with what they count, date, places."""
    head = type_name(event["type"])
    found = figures(event, names, mention_counts)
    rest = [date_words(event.get("date")) or "date not given", *place_words(event, places)]
    return f"{head}: {', '.join(found)}, " + ", ".join(rest) if found else f"{head}, " + ", ".join(rest)
