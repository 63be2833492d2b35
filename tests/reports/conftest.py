"""Shared by the report tests: one plan report of the bank example (made once), its PDF and
workbook, and LibreOffice headless to recompute a workbook (Debian's libreoffice-calc-nogui,
installed by ``make sysdeps``)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[2] / "src" / "outsource" / "examples"
BANK = EXAMPLES / "scenario_bank.yaml"
DRAWS = 500
TODAY = date(2026, 11, 2)


@pytest.fixture(scope="session")
def bank_inputs():  # type: ignore[no-untyped-def]
    from outsource.data.scenario import load_scenario_inputs

    return load_scenario_inputs(BANK)


@pytest.fixture(scope="session")
def bank_report(bank_inputs):  # type: ignore[no-untyped-def]
    from outsource.services.reports import plan_report

    return plan_report(bank_inputs, draws=DRAWS, seed=1, today=TODAY)


@pytest.fixture(scope="session")
def bank_files(bank_report, tmp_path_factory) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """(PDF, XLSX) of the bank report, written once."""
    from outsource.reports.plan import write_plan_report

    folder = tmp_path_factory.mktemp("bank-report")
    pdf, xlsx = folder / "plan.pdf", folder / "plan.xlsx"
    write_plan_report(bank_report, pdf=pdf, xlsx=xlsx)
    return pdf, xlsx


def recompute(xlsx: Path, workdir: Path) -> Path:
    """``xlsx`` opened, recomputed and saved again by LibreOffice headless; the new file.

    A private profile (``-env:UserInstallation``) in ``workdir`` keeps parallel runs
    apart. Formulas saved without cached values (openpyxl writes none) are computed.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is not installed: run `make sysdeps` (libreoffice-calc-nogui)"
    out = workdir / "recomputed"
    out.mkdir(parents=True, exist_ok=True)
    profile = (workdir / "lo-profile").resolve().as_uri()
    res = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                          "--norestore", "--calc", "--convert-to", "xlsx", "--outdir", str(out),
                          str(xlsx)], capture_output=True, text=True, timeout=300,
                         stdin=subprocess.DEVNULL)
    target = out / xlsx.name
    assert res.returncode == 0 and target.exists(), res.stdout + res.stderr
    return target


def named_cell(wb, name: str):  # type: ignore[no-untyped-def]
    """The cell a workbook-level defined name points to (openpyxl)."""
    ref = wb.defined_names[name].attr_text
    sheet, cell = ref.rsplit("!", 1)
    return wb[sheet.strip("'")][cell.replace("$", "")]


def pdf_text(pdf: Path, *args: str) -> str:
    """pdftotext of the PDF (poppler)."""
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="session")
def helpers():  # type: ignore[no-untyped-def]
    """The helpers above, for test modules (conftest modules are not imported by name)."""
    from types import SimpleNamespace

    return SimpleNamespace(recompute=recompute, named_cell=named_cell, pdf_text=pdf_text)


VENDOR_DRAWS = 200


@pytest.fixture(scope="session")
def vendor_ws(tmp_path_factory):  # type: ignore[no-untyped-def]
    """One workspace seeded once per session for the vendor report: the demo's scenario,
    vendors, test calls, contracts, six months of the vendors' logs (2026-05 to 2026-10) and
    acme-manila's checked October invoice."""
    from outsource.services import demo
    from outsource.services.workspace import open_workspace

    path = tmp_path_factory.mktemp("vendor-report") / "ws"
    ws = open_workspace(path)
    for step in (demo.seed_scenario, demo.seed_vendors, demo.seed_test_calls,
                 demo.seed_contracts, demo.seed_vendor_logs, demo.seed_invoice):
        step(ws)
    return ws


@pytest.fixture(scope="session")
def andes_report(vendor_ws):  # type: ignore[no-untyped-def]
    """andes-bogota's report for 2026-10 (made once)."""
    from outsource.services.reports import vendor_report

    return vendor_report(vendor_ws, "andes-bogota", "2026-10", draws=VENDOR_DRAWS, today=TODAY)


@pytest.fixture(scope="session")
def acme_report(vendor_ws):  # type: ignore[no-untyped-def]
    """acme-manila's report for 2026-10 (made once): the handle-time gaming vendor."""
    from outsource.services.reports import vendor_report

    return vendor_report(vendor_ws, "acme-manila", "2026-10", draws=VENDOR_DRAWS, today=TODAY)
