"""The learned pair scorers of alignment: logistic regressions over named features.

Their weights are data (``resources/align/model.json``), written by ``scripts/train_align.py`` from
public training splits, so no number that decides a link is set by hand here. A weight named
``a*b`` weighs the product of features ``a`` and ``b``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..resources import load_text


@dataclass(frozen=True)
class PairModel:
    """One logistic regression: bias, feature weights and the linking threshold chosen on dev data."""

    bias: float
    weights: dict[str, float]
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        """The probability that the pair is one story / one event."""
        z = self.bias
        for name, weight in self.weights.items():
            if "*" in name:
                left, right = name.split("*", 1)
                z += weight * features.get(left, 0.0) * features.get(right, 0.0)
            else:
                z += weight * features.get(name, 0.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class AlignModel:
    """The document-pair (story) and mention-pair (event) models."""

    version: str
    story: PairModel
    mention: PairModel


def _pair(data: Any) -> PairModel:
    return PairModel(
        bias=float(data["bias"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
        threshold=float(data["threshold"]),
    )


def parse_model(text: str, origin: str = "model.json") -> AlignModel:
    """An alignment model from its JSON text."""
    try:
        data = json.loads(text)
        return AlignModel(
            version=str(data["version"]), story=_pair(data["story"]), mention=_pair(data["mention"])
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{origin}: not an alignment model: {exc}") from exc


@lru_cache(maxsize=1)
def load_model() -> AlignModel:
    """The packaged alignment model."""
    return parse_model(load_text("align", "model.json"), "resources/align/model.json")
