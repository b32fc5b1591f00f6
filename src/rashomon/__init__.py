"""rashomon: compare conflicting reports of the same events, with every source's words as evidence."""

__version__ = "0.1.0"
