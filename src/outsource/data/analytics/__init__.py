"""Analytics over interaction logs: the Ibis KPI pipeline (DuckDB or Spark) and its sources.

Import the submodules (:mod:`.kpis`, :mod:`.sources`, :mod:`.export`) where
used: Ibis, DuckDB and PySpark load only then.
"""
