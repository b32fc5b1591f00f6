"""rashomon: compare conflicting reports of the same events, with every source's words as evidence."""

__version__ = "0.1.0"

import logging as _logging

# the core never prints: its warnings go where the CLI's log file handler sends them, or nowhere
_logging.getLogger(__name__).addHandler(_logging.NullHandler())
