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


def load_text(*parts: str) -> str:
    """The text of a file under rashomon/resources; a missing file is a ConfigError naming it."""
    try:
        return resources.files("rashomon.resources").joinpath(*parts).read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"resources/{'/'.join(parts)}: {exc}") from exc
