"""Simulation inputs written as text that may name files: agents and distributions.

``--agents`` is a whole number, ``logged`` (replay: the agents seen in the
log) or a staffing-plan file; a distribution spec such as
``empirical:file=handle.csv`` names a file of observed durations. These
readers load such files once and return objects the simulation service
takes as they are.
"""

from __future__ import annotations

import math

import numpy as np

from outsource.core import distributions
from outsource.core.distributions import Distribution
from outsource.data import sources
from outsource.data.sources import Source
from outsource.data.staffing_plan import StaffingPlan, read_staffing_plan
from outsource.errors import InvalidInput

LOGGED = "logged"


def read_samples(src: Source, name: str | None = None) -> np.ndarray:
    """Observed durations [s] for an ``empirical`` spec: one number per line
    (the first field of a CSV line), a non-numeric first line being a header."""
    f = sources.load(src, name, what="empirical samples file")
    values = []
    text = f.data.decode("utf-8-sig", "replace")
    for n, line in enumerate(text.splitlines(), start=1):
        first = line.split(",")[0].strip()
        if not first:
            continue
        try:
            values.append(float(first))
        except ValueError:
            if n > 1:
                raise InvalidInput(f"'{first}' is not a number", source=f.name,
                                   line=n) from None
    return np.array(values)


def load_distribution(spec: str | None, field: str) -> Distribution | None:
    """Parse a distribution spec (errors located at ``field``), loading an empirical file."""
    if spec is None:
        return None
    dist = distributions.parse_spec(spec, field=field)
    if dist.family == "empirical":
        try:
            dist = distributions.with_samples(dist, read_samples(dist.file or ""))
        except InvalidInput as exc:
            if exc.source is not None:
                raise
            raise InvalidInput(exc.message, loc=(field, *exc.loc)) from None
    return dist


def load_agents(spec: str) -> int | StaffingPlan | str:
    """``--agents``: a whole number, ``logged``, or a staffing plan read from the named file."""
    text = spec.strip()
    if text.lower() == LOGGED:
        return LOGGED
    try:
        value = float(text)
    except ValueError:
        return read_staffing_plan(text)
    if not math.isfinite(value) or value < 0 or value != int(value):
        raise InvalidInput(f"must be a whole number >= 0 or a file, got '{spec}'",
                           loc=("agents",))
    return int(value)
