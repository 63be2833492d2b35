"""`outsource disputes list`: the disputes filed on the web, filtered, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from outsource.cli import app

runner = CliRunner()


def test_list_filters_and_json(tmp_path: Path):
    from outsource.data.db import close_all
    from outsource.schemas.disputes import DisputeDecisionIn, DisputeIn
    from outsource.schemas.users import Principal
    from outsource.services import disputes
    from outsource.services.demo import seed_contracts, seed_vendors
    from outsource.services.workspace import open_workspace

    ws = open_workspace(tmp_path / "ws")
    seed_vendors(ws)
    seed_contracts(ws)
    andes = Principal(user_id=9, name="andes", role="vendor", vendor="andes-bogota")
    first = disputes.file_dispute(ws, DisputeIn(kind="sla", vendor="andes-bogota",
                                                period="2026-08", metric="service_level",
                                                comment="outage"), actor=andes)
    disputes.file_dispute(ws, DisputeIn(kind="sla", vendor="andes-bogota", period="2026-09",
                                        metric="abandon_rate", comment="storm"), actor=andes)
    disputes.decide_dispute(ws, first.id, DisputeDecisionIn(decision="rejected",
                                                            comment="not the buyer's"),
                            actor=Principal(user_id=1, name="ann", role="analyst"))
    close_all()
    where = ["--workspace", str(tmp_path / "ws")]
    res = runner.invoke(app, ["disputes", "list", *where, "--json"])
    assert res.exit_code == 0, res.output
    body = json.loads(res.output)
    assert [d["period"] for d in body["disputes"]] == ["2026-09", "2026-08"] and body["open"] == 1
    res = runner.invoke(app, ["disputes", "list", *where, "--status", "rejected", "--vendor",
                              "andes-bogota", "--period", "2026-08", "--json"])
    assert [d["decision_comment"] for d in json.loads(res.output)["disputes"]] == [
        "not the buyer's"]
    res = runner.invoke(app, ["disputes", "list", *where])
    assert res.exit_code == 0 and "Disputes (1 open)" in res.output
    res = runner.invoke(app, ["disputes", "list", *where, "--period", "2026-13"])
    assert res.exit_code == 2 and "--period" in res.output
    res = runner.invoke(app, ["disputes", "list", *where, "--vendor", "nobody"])
    assert res.exit_code == 0 and "no disputes" in res.output
    close_all()
