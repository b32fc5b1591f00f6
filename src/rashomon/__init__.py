"""rashomon: compare conflicting reports of the same events, with every source's words as evidence."""

__version__ = "0.1.0"

import logging as _logging
import os as _os

# each worker process is one CPU's worth of work: OpenBLAS's own threads (numpy's matrix products inside
# spaCy's models) spin against the other workers and cost about a tenth more CPU and wall time on two
# cores (benchmarks/README.md); set before numpy is imported, and a user's own setting wins
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# the core never prints: its warnings go where the CLI's log file handler sends them, or nowhere
_logging.getLogger(__name__).addHandler(_logging.NullHandler())
