"""Named entities from spaCy's statistical NER, run alone over the whole text.

Only the ``ner`` component runs here: in the small English model it has its own embedding layer, so
the shared tok2vec, tagger, parser and lemmatizer can stay off, which makes this pass about three
times cheaper than the full pipeline. The parser runs later, and only on candidate sentences.
"""

from __future__ import annotations

from typing import Any

from ..model import Analysis, Entity
from ..nlp import load_spacy
from ..settings import Settings
from . import Stage, StageFn

# spaCy's tokenizer cost grows with the length of one call; long documents go through in pieces
# cut at line breaks (the cleaned text keeps a paragraph per line, so no entity spans a cut).
_CHUNK = 20_000


def _chunks(text: str) -> list[tuple[int, str]]:
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + _CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


class EntityRecogniser:
    """Stage callable holding the loaded model."""

    def __init__(self, settings: Settings) -> None:
        self.nlp: Any = load_spacy(settings.spacy_models)

    def __call__(self, analysis: Analysis, settings: Settings) -> list[Entity]:
        """Stage: the named entities of the document."""
        text = analysis.doc.text
        found: list[Entity] = []
        pieces = _chunks(text)
        with self.nlp.select_pipes(enable=["ner"]):
            for (offset, _), spacy_doc in zip(pieces, self.nlp.pipe(p for _, p in pieces), strict=True):
                for ent in spacy_doc.ents:
                    start, end = offset + ent.start_char, offset + ent.end_char
                    found.append(Entity(start, end, text[start:end], ent.label_))
        return found


def _factory(settings: Settings) -> StageFn:
    return EntityRecogniser(settings)


STAGE = Stage(
    name="entities",
    version="entities.spacy-ner.v1",
    requires=(),
    assigns="entities",
    factory=_factory,
    resources=("spacy",),
)
