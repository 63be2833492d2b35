"""``outsource export --parquet DIR``: the workspace's interactions as a Parquet dataset.

Hive-partitioned by vendor and month (``DIR/vendor=acme-manila/month=2026-05/
data_0.parquet``; a contact without vendor goes under DuckDB's and Spark's
``__HIVE_DEFAULT_PARTITION__``), written by DuckDB's ``COPY ... PARTITION_BY``.
The month is that of the arrival in UTC (a storage layout, not a reporting
period). The partition columns are kept inside the files as well
(``WRITE_PARTITION_COLUMNS``), so every file is a complete canonical table
and any reader, hive-aware or not, sees the same rows. Timestamps are
instants (Parquet ``TIMESTAMP`` adjusted to UTC).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from outsource.data import store
from outsource.data.schema import NAMES
from outsource.data.sql_expr import ident, lit
from outsource.errors import Conflict


def export_interactions(workspace: Path, out: Path, *, overwrite: bool = False,
                        vendor: str | None = None) -> dict[str, Any]:
    """Write ``interactions`` to ``out``; return ``{"path", "rows", "files"}``.

    The dataset is written to a hidden folder beside ``out`` and renamed into
    place, so a failed export leaves nothing half-written.

    Raises
    ------
    Conflict
        ``out`` exists and is not empty, and ``overwrite`` is false.
    NotFound
        The workspace has no data.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not overwrite:
        raise Conflict(f"{out} exists and is not empty (pass overwrite to replace it)",
                       field="parquet")
    tmp = out.parent / f".{out.name}.partial-{os.getpid()}"
    out.parent.mkdir(parents=True, exist_ok=True)
    cols = ", ".join(ident(c) for c in NAMES)
    where = f"WHERE vendor = {lit(vendor)}" if vendor is not None else ""
    try:
        with store.connect(workspace, create=False) as con:
            con.execute("SET enable_progress_bar = false")  # stdout is --json's
            rows = int(con.execute(f"SELECT count(*) FROM interactions {where}").fetchall()[0][0])
            con.execute(
                f"COPY (SELECT {cols}, strftime(arrived_at, '%Y-%m') AS month "
                f"FROM interactions {where}) TO {lit(str(tmp))} "
                "(FORMAT parquet, PARTITION_BY (vendor, month), WRITE_PARTITION_COLUMNS true, "
                "OVERWRITE_OR_IGNORE true)")
        if rows == 0:
            tmp.mkdir(parents=True, exist_ok=True)
        if out.exists():
            shutil.rmtree(out) if out.is_dir() else out.unlink()
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*.parquet"))
    return {"path": str(out), "rows": rows, "files": files}
