"""Data files shipped with the package (word lists, patterns, gazetteers, the ontology)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from ..errors import ConfigError


def load_yaml(*parts: str) -> Any:
    """Parse a YAML file under rashomon/resources; a broken file is a ConfigError naming it."""
    name = "/".join(parts)
    try:
        text = resources.files("rashomon.resources").joinpath(*parts).read_text("utf-8")
        return yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"resources/{name}: {exc}") from exc
