"""Numba kernels: cached on disk when possible, and an import never fails without a cache."""

from __future__ import annotations

import os
import subprocess
import sys

from outsource.core import simulate


def test_kernels_are_cached_on_disk():
    assert type(simulate._kernel._cache).__name__ == "FunctionCache"


def test_no_writable_cache_location_still_imports_and_runs():
    """As with a read-only site-packages and no writable home: numba finds no cache
    location (forced here with ``NUMBA_CACHE_LOCATOR_CLASSES``); the kernels compile
    in memory instead of failing the import."""
    code = ("from outsource.core import simulate\n"
            "print(type(simulate._push._cache).__name__)\n")
    env = {**os.environ, "NUMBA_CACHE_LOCATOR_CLASSES": "IPythonCacheLocator"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "NullCache"
