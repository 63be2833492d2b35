"""Validate the profile of the Anonymous Bank January 1999 log against independent counts.

Counts calls per weekday x hour, mean served talk time and the abandonment
share with nothing but the ``csv`` module, applying the same documented rules
as ``docs/examples/anonymous-bank-1999.yaml`` (PHANTOM calls and calls that
hung up in the VRU before reaching the queue are not offered load), then
imports the file with ``outsource`` and compares.

Data: Technion SEE "Call Center Data" (Mandelbaum et al.), analysed in Brown
et al. (2005), JASA 100(469):36-50. Usage::

    python benchmarks/validate_bank.py [../shared/data/anonymous-bank-1999/january.txt]
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from outsource.data.mapping import load_mapping
from outsource.services.ingest import import_file
from outsource.services.profile import ProfileOptions, build_profile

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "anonymous-bank-1999" / "january.txt"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def independent(path: Path) -> dict[str, object]:
    """Count the file directly: per weekday x hour means, mean talk time, abandonment."""
    per_hour: Counter[tuple[int, int]] = Counter()
    talk, served, abandoned, dates = 0.0, 0, 0, set()
    with path.open(newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["outcome"] == "PHANTOM":
                continue
            if row["outcome"] == "HANG" and row["q_start"] == "0:00:00":
                continue
            clock = row["q_start"] if row["q_start"] != "0:00:00" else row["vru_exit"]
            day = date(2000 + int(row["date"][:2]) - 100 * (int(row["date"][:2]) > 50),
                       int(row["date"][2:4]), int(row["date"][4:]))
            dates.add(day)
            per_hour[(day.weekday(), int(clock.split(":")[0]))] += 1
            if row["outcome"] == "AGENT":
                served += 1
                talk += float(row["ser_time"])
            else:
                abandoned += 1
    first, last = min(dates), max(dates)
    n_days = Counter((first + timedelta(days=i)).weekday() for i in range((last - first).days + 1))
    means = {DAYS[d]: [per_hour[(d, h)] / n_days[d] for h in range(24)] for d in range(7)}
    return {"offered": served + abandoned, "mean_handle_s": talk / served,
            "abandon_rate": abandoned / (served + abandoned), "calls_by_hour": means}


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        print(f"{path} not found")
        return 1
    mine = independent(path)
    with tempfile.TemporaryDirectory() as ws:
        res = import_file(path, Path(ws),
                          load_mapping(ROOT / "docs" / "examples" / "anonymous-bank-1999.yaml"))
        prof = build_profile(Path(ws), ProfileOptions(interval=60, timezone="Asia/Jerusalem"))
    print(f"import: {res.imported} imported, {res.rejected} rejected, dropped {res.dropped}")
    worst = max(abs(a - b) for d in DAYS
                for a, b in zip(mine["calls_by_hour"][d], prof.calls_by_hour[d], strict=True))
    rows = [("offered calls", mine["offered"], prof.offered),
            ("mean served talk time [s]", mine["mean_handle_s"], prof.mean_handle_s),
            ("abandonment share", mine["abandon_rate"], prof.abandon_rate),
            ("calls/hour Sun 10:00-11:00", mine["calls_by_hour"]["Sun"][10],
             prof.calls_by_hour["Sun"][10]),
            ("calls/hour Thu 16:00-17:00", mine["calls_by_hour"]["Thu"][16],
             prof.calls_by_hour["Thu"][16])]
    print(f"{'measure':30} {'independent':>14} {'profile':>14}")
    for name, a, b in rows:
        print(f"{name:30} {a:14.4f} {b:14.4f}")
    print(f"largest difference over all 168 weekday x hour means: {worst:.6f}")
    ok = worst < 1e-3 and all(abs(a - b) < 1e-6 * max(1.0, abs(a)) for _, a, b in rows)
    print("MATCH" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
