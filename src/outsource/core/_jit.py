"""Numba compilation with an on-disk cache that never breaks an import.

``@jit`` is ``numba.njit(cache=True)``: the first run compiles (seconds) and
writes machine code next to the source (``__pycache__``) or, where the
installed package is read-only, under the user's cache directory (numba's
own fallback; ``NUMBA_CACHE_DIR`` overrides both). Where no location is
writable at all (read-only site-packages and no writable home, as in some
CI sandboxes), numba refuses ``cache=True`` at decoration time; the kernel is
then compiled in memory on each run instead of failing the import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from numba import njit

F = TypeVar("F", bound=Callable)


def jit(fn: F) -> F:
    """Compile ``fn`` in nopython mode, without the GIL (replications may run in
    threads), cached on disk when a cache location is writable."""
    try:
        return njit(cache=True, nogil=True)(fn)
    except RuntimeError:  # "cannot cache function ...: no locator available"
        return njit(nogil=True)(fn)


def inlined(fn: F) -> F:
    """:func:`jit` for a small helper that Numba inlines into its callers at its own IR
    level (``inline="always"``): the queue kernel's heap and booking steps run about a
    fifth faster inlined than as calls LLVM leaves in place."""
    try:
        return njit(cache=True, nogil=True, inline="always")(fn)
    except RuntimeError:  # no cache locator, as in jit()
        return njit(nogil=True, inline="always")(fn)
