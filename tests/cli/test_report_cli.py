"""`outsource report plan` as a user runs it: files written whole or not at all, exit codes."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from outsource.cli import app

runner = CliRunner()
DAY = [0] * 8 + [20, 30, 35, 30, 25, 30, 30, 25, 20, 10] + [0] * 6
SCENARIO = {"name": "Small shop",
            "workload": {"weekly": {"aht_s": 240, "patience_s": 150, "channel": "voice",
                                    "calls": {d: DAY for d in ("mon", "tue", "wed", "thu",
                                                                "fri")}}},
            "options": [{"name": "Bogota shared", "region": "latin_america",
                         "pricing_model": "shared_per_minute"}],
            "compare_card": False,
            "advice": {"answers": {"face_to_face": "none", "goal": "cost",
                                   "business_hours": "Mon-Fri 09:00-17:00 America/Chicago"}}}


def _scenario(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(SCENARIO))
    return path


def test_writes_the_pdf_and_the_workbook(tmp_path):
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    res = runner.invoke(app, ["report", "plan", str(_scenario(tmp_path)), "--pdf", str(pdf),
                              "--xlsx", str(xlsx), "--draws", "200", "--seed", "4"])
    assert res.exit_code == 0, res.output
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.read_bytes().startswith(b"PK")
    assert f"wrote {pdf} and {xlsx}" in res.stdout
    assert "costs less than in-house in" in res.stdout
    assert not list(tmp_path.glob("*.part"))


def test_either_file_alone(tmp_path):
    xlsx = tmp_path / "only.xlsx"
    res = runner.invoke(app, ["report", "plan", str(_scenario(tmp_path)), "--xlsx", str(xlsx),
                              "--draws", "100"])
    assert res.exit_code == 0, res.output
    assert xlsx.exists() and not list(tmp_path.glob("*.pdf"))


def test_bad_requests_are_one_line_and_write_nothing(tmp_path):
    scenario = str(_scenario(tmp_path))
    res = runner.invoke(app, ["report", "plan", scenario])
    assert res.exit_code == 2 and "give --pdf FILE, --xlsx FILE or both" in res.output
    res = runner.invoke(app, ["report", "plan", scenario, "--pdf", str(tmp_path / "r.txt")])
    assert res.exit_code == 2 and "--pdf: write a .pdf file (got 'r.txt')" in res.output
    xlsx = tmp_path / "r.xlsx"
    res = runner.invoke(app, ["report", "plan", scenario, "--xlsx", str(xlsx), "--pdf",
                              str(tmp_path / "no" / "such" / "dir" / "r.pdf"), "--draws", "50"])
    assert res.exit_code == 2 and "cannot write" in res.output
    assert not xlsx.exists() and not list(tmp_path.rglob("*.part"))  # all files or none
    res = runner.invoke(app, ["report", "plan", str(tmp_path / "missing.yaml"), "--pdf",
                              str(tmp_path / "r.pdf")])
    assert res.exit_code == 3
    assert "Traceback" not in res.output
