"""The words a source uses for the people involved, matched against a data table.

The choice between "prisoners of war", "detainees" and "saboteurs" for the same people is one of the
clearest signs of a source's framing, so every use is kept with its span and a neutral key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from ..model import Analysis, LabelMention
from ..resources import load_yaml
from ..settings import Settings
from . import Stage, StageFn


@dataclass(frozen=True)
class LabelTable:
    """The compiled label lexicon: one alternation, longest terms first."""

    pattern: re.Pattern[str]
    keys: dict[str, tuple[str, str]]  # lower-cased term with single spaces -> (label, category)

    def find(self, text: str) -> list[LabelMention]:
        """Every label term in ``text`` (non-overlapping, longest first)."""
        found: list[LabelMention] = []
        for match in self.pattern.finditer(text):
            label, category = self.keys[" ".join(match.group().lower().split())]
            found.append(LabelMention(match.start(), match.end(), match.group(), label, category))
        return found


def load_labels() -> LabelTable:
    """Compile resources/labels/labels.yaml."""
    data: Any = load_yaml("labels", "labels.yaml")
    keys: dict[str, tuple[str, str]] = {}
    try:
        for label, entry in data.items():
            for term in entry["terms"]:
                keys[" ".join(str(term).lower().split())] = (str(label), str(entry["category"]))
    except (AttributeError, KeyError, TypeError) as exc:
        raise ConfigError(f"resources/labels/labels.yaml: malformed entry: {exc}") from exc
    terms = sorted(keys, key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, term.split())) for term in terms)
    # a hyphen after the term ('prisoner-of-war camp') still names the people; a letter does not
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?!\w)", re.IGNORECASE)
    return LabelTable(pattern, keys)


def _factory(settings: Settings) -> StageFn:
    table = load_labels()

    def labels_stage(analysis: Analysis, settings: Settings) -> list[LabelMention]:
        """Stage: the label terms of the document."""
        return table.find(analysis.doc.text)

    return labels_stage


STAGE = Stage(
    name="labels",
    version="labels.lexicon.v1",
    requires=(),
    assigns="labels",
    factory=_factory,
    resources=("labels",),
)
