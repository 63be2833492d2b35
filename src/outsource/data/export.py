"""Write columnar results (:class:`outsource.schemas.base.Rows`) as CSV or Parquet files.

Arrow's writers do the work (no Python object per row); missing values
(NaN, infinities) are empty cells in CSV and nulls in Parquet.
"""

from __future__ import annotations

from pathlib import Path

from outsource.errors import InvalidInput
from outsource.schemas.base import Rows

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def table_format(path: str | Path) -> str:
    """``csv`` or ``parquet`` from the file name's suffix.

    Raises
    ------
    InvalidInput
        Any other suffix (located at ``out``).
    """
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InvalidInput(f"'{path}': write a .csv or .parquet file", loc=("out",))
    return fmt


def write_table(rows: Rows, path: str | Path) -> int:
    """Write ``rows`` to ``path`` (format from its suffix); return the number of rows."""
    fmt = table_format(path)
    table = rows.to_arrow()
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, p)
        else:
            import pyarrow.csv as pacsv

            pacsv.write_csv(table, p)
    except OSError as exc:
        raise InvalidInput(f"cannot write: {exc.strerror or exc}", source=str(p)) from exc
    return table.num_rows
