"""Write the workload file read by ``outsource staff --workload`` and the cost model.

CSV columns: ``interval_start`` (ISO 8601 with offset), ``calls``, ``aht_s``
and, when present, ``patience_s``, ``period_minutes``, ``channel``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from outsource.errors import InvalidInput

ORDER = ("interval_start", "calls", "aht_s", "patience_s", "period_minutes", "channel")


def write_workload(path: Path, rows: list[dict[str, object]]) -> None:
    """Write rows (dicts with keys from :data:`ORDER`) as CSV."""
    present = [c for c in ORDER if rows and c in rows[0]]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=present)
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise InvalidInput(f"cannot write: {exc.strerror}", field=str(path)) from exc
