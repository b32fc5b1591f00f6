"""One BLAS thread per process unless the user says otherwise (issue 11: workers must not fight)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_SHOW = "import rashomon, os; print(os.environ['OPENBLAS_NUM_THREADS'])"


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("4", "4")])
def test_issue11_importing_rashomon_keeps_blas_to_one_thread_unless_set(given, expected):
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    out = subprocess.run([sys.executable, "-c", _SHOW], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected
