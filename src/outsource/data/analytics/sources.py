"""Where the KPI pipeline reads interactions from: an Ibis table on DuckDB or Spark.

* DuckDB, the workspace (default): the committed Parquet segments the store's
  manifest names (``WORKSPACE/store/``, see :mod:`outsource.data.store`), read
  as they were at the last commit (no lock: an import may run beside it); a
  workspace of an earlier version (one ``outsource.duckdb`` file) is opened read-only.
* DuckDB or Spark, a Parquet dataset (``--source DIR``): any folder of Parquet
  files in the canonical schema, e.g. the one ``outsource export --parquet``
  writes (hive-partitioned by vendor and month).
* Spark: a local session (``local[2]``) with the settings that work on these
  machines (``docs/monitoring.md``), or any master by ``OUTSOURCE_SPARK_MASTER``;
  a caller may pass its own session (tests share one).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from outsource.data.store import NAMES, committed_files, db_path, read_manifest
from outsource.errors import Conflict, InvalidInput, NotFound

if TYPE_CHECKING:  # pragma: no cover
    import ibis.expr.types as ir

#: Spark settings for local mode on a small machine (see /work/shared/stack-notes.md).
SPARK_CONF: dict[str, str] = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


def spark_session(master: str = "local[2]", app_name: str = "outsource-monitor") -> Any:
    """A SparkSession on ``master`` with :data:`SPARK_CONF` (local mode binds to 127.0.0.1)."""
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # pragma: no cover - the spark extra is not installed
        raise InvalidInput("the Spark engine needs PySpark: pip install 'outsource[spark]'",
                           field="engine") from None
    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in SPARK_CONF.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _quiet(con: Any) -> None:
    """No DuckDB progress bar: it writes to standard output, where ``--json`` goes."""
    con.raw_sql("SET enable_progress_bar = false")


def parquet_files(path: Path) -> str:
    """The glob (or file) of a Parquet dataset; refuses a path with no Parquet files."""
    if path.is_file():
        return str(path)
    if not path.is_dir():
        raise NotFound(f"no Parquet dataset at {path}", field="source")
    if not any(path.rglob("*.parquet")):
        raise NotFound(f"no .parquet files under {path}", field="source")
    return str(path / "**" / "*.parquet")


@contextmanager
def interactions(engine: str, workspace: Path | None = None, source: Path | None = None,
                 spark: Any = None, spark_master: str = "local[2]"
                 ) -> Iterator[tuple[ir.Table, str]]:
    """The canonical interactions as an Ibis table, with a label of where they come from.

    Parameters
    ----------
    engine : ``"duckdb"`` or ``"spark"``
    workspace : folder of the DuckDB workspace (used when ``source`` is None).
    source : a Parquet file or folder (required for Spark).
    spark : an existing SparkSession to use (not stopped here).
    spark_master : master of the session created when ``spark`` is None.
    """
    import ibis

    if engine == "duckdb":
        if source is not None:
            con = ibis.duckdb.connect()
            _quiet(con)
            try:
                yield con.read_parquet(parquet_files(source), union_by_name=True), str(source)
            finally:
                con.disconnect()
            return
        if workspace is None:
            raise InvalidInput("is required without a Parquet source", field="workspace")
        path = db_path(workspace)
        if not path.exists():
            raise NotFound(f"no workspace data at {path}; run `outsource import` first",
                           field="workspace")
        if read_manifest(Path(workspace)) is not None:
            files = committed_files(Path(workspace))
            if not files:
                raise NotFound(f"no interactions in {workspace}; run `outsource import` first",
                               field="workspace")
            con = ibis.duckdb.connect()
            _quiet(con)
            try:
                table = con.read_parquet([str(f) for f in files])
                yield table.select(*NAMES, "import_id"), str(path.parent)
            finally:
                con.disconnect()
            return
        try:
            con = ibis.duckdb.connect(str(path), read_only=True)
        except Exception as exc:  # duckdb's IOException and friends
            kind = Conflict if "lock" in str(exc).lower() else InvalidInput  # a writer holds it
            raise kind(f"cannot open {path} for reading: {exc}", field="workspace") from None
        _quiet(con)
        try:
            # Ibis 12's list_tables() calls an API DuckDB 2.0 dropped: ask the catalog.
            found = con.con.execute("SELECT count(*) FROM information_schema.tables "
                                    "WHERE table_name = 'interactions'").fetchall()[0][0]
            if not found:
                raise NotFound(f"no interactions in {path}; run `outsource import` first",
                               field="workspace")
            yield con.table("interactions"), str(path)
        finally:
            con.disconnect()
        return
    if engine != "spark":
        raise InvalidInput("must be duckdb or spark", field="engine")
    if source is None:
        raise InvalidInput("the Spark engine reads a Parquet dataset: give its folder "
                           "(write one with `outsource export --parquet DIR`)", field="source")
    parquet_files(source)  # refuses a folder without Parquet files
    own = spark is None
    session = spark_session(spark_master) if own else spark
    try:
        con = ibis.pyspark.connect(session)
        yield con.read_parquet(str(source)), str(source)
    finally:
        if own:
            session.stop()
