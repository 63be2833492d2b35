"""The vendor, score, brief, scenario and demo commands as a user runs them."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from outsource.cli import app
from outsource.data.db import database_url, open_database

ROOT = Path(__file__).parents[2]
runner = CliRunner()
ENV = {"OUTSOURCE_DATABASE_URL": None, "OUTSOURCE_WORKSPACE": None, "COLUMNS": "160"}
AS_OF = "2026-04-20"
MODULES = ("vendors", "score", "brief", "scenario", "demo")


def run(*args: str, code: int = 0):
    res = runner.invoke(app, list(args), env=ENV)
    assert res.exit_code == code, res.output
    return res


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    ws = tmp_path_factory.mktemp("cli") / "demo"
    out = run("demo", "--workspace", str(ws), "--no-serve").stdout
    assert "vendors: added acme-manila, andes-bogota, prairie-ohio" in out
    return ws


@pytest.fixture
def fresh(tmp_path, demo) -> Path:
    """A new workspace with the demo's scenario and one vendor."""
    ws = tmp_path / "ws"
    run("scenario", "set", str(demo / "scenario" / "northwind.yaml"), "--workspace", str(ws))
    run("vendor", "add", "newco", "--region", "india", "--workspace", str(ws))
    return ws


def _db(ws: Path):
    return open_database(database_url(ws))


def test_demo_twice_changes_nothing(demo, db_snapshot):
    before = db_snapshot(_db(demo))
    out = run("demo", "--workspace", str(demo), "--no-serve", "--json").stdout
    assert {s["result"] for s in json.loads(out)["steps"]} == {"already there"}
    assert db_snapshot(_db(demo)) == before
    out = run("demo", "--workspace", str(demo), "--no-serve").stdout
    assert "users: already there" in out and "outsource demo --workspace" in out
    assert "password" not in out.lower()  # --no-serve prints no logins


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_demo_serves_and_prints_logins_that_work(demo):
    """`outsource demo` (without --no-serve) prints one login per demo user and serves."""
    import os
    import re
    import subprocess
    import sys
    import time

    import httpx

    exe = Path(sys.executable).with_name("outsource")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTSOURCE_")}
    proc = subprocess.Popen([str(exe), "demo", "--workspace", str(demo), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env)
    try:
        lines = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line, "the demo stopped: " + "".join(lines)
            lines.append(line)
            if "Uvicorn running" in line or "Application startup complete" in line:
                break
        text = "".join(lines)
        logins = dict(re.findall(r"^  (\S+) +(\S+) +(?:admin|analyst|viewer|vendor user)",
                                 text, re.M))
        assert set(logins) == {"admin", "analyst", "viewer", "acme-manila", "andes-bogota",
                               "prairie-ohio"}, text
        kept = demo / "demo-logins.json"
        assert kept.stat().st_mode & 0o777 == 0o600
        assert {x["name"]: x["password"] for x in json.loads(kept.read_text())} == logins
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base) as client:
            assert client.get("/healthz").json() == {"status": "ok"}
            page = client.get("/login")
            token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
            # the form's cookie is Secure: a browser keeps it from 127.0.0.1, httpx does not
            cookie = page.headers["set-cookie"].split(";", 1)[0]
            res = client.post("/login", headers={"Cookie": cookie},
                              data={"name": "andes-bogota", "password": logins["andes-bogota"],
                                    "login_token": token, "next": "/vendors"})
            assert res.status_code == 303 and res.headers["location"] == "/vendors"
            assert "outsource_session=" in res.headers["set-cookie"]
    finally:
        proc.terminate()
        proc.wait(30)


def test_score_json_contract(demo):
    out = run("score", "--workspace", str(demo), "--json", "--as-of", AS_OF, "--draws", "300",
              "--dirichlet-draws", "2000").stdout
    doc = json.loads(out)
    rows = doc["rows"]
    assert [r["rank"] for r in rows] == [1, 2, 3]
    for r in rows:
        assert {"vendor", "score", "rank", "criteria", "missing", "stability"} <= set(r)
        assert set(r["criteria"]) == {c["key"] for c in doc["criteria"]}
        assert {"role", "win_share", "one_weight", "all_weights"} <= set(r["stability"])
    andes = next(r for r in rows if r["vendor"] == "andes-bogota")
    assert andes["missing"] == ["labour_compliance"]
    assert andes["criteria"]["labour_compliance"] is None  # missing, not zero
    assert rows[0]["stability"]["role"] == "winner"


def test_score_table(demo):
    out = run("score", "--workspace", str(demo), "--as-of", AS_OF, "--draws", "300",
              "--dirichlet-draws", "500").stdout
    assert "Scorecard" in out and "loses the lead" in out and "frontier" in out


def test_vendor_list_and_show(demo):
    doc = json.loads(run("vendor", "list", "--workspace", str(demo), "--json", "--as-of",
                         AS_OF).stdout)
    assert [v["name"] for v in doc["vendors"]] == ["acme-manila", "andes-bogota",
                                                   "prairie-ohio"]
    show = run("vendor", "show", "andes-bogota", "--workspace", str(demo), "--as-of", AS_OF,
               "--draws", "200").stdout
    assert "Labour-law check (CO)" in show and "missing" in show
    assert "expired on 2026-01-31" in show and "Wilson" in show
    doc = json.loads(run("vendor", "show", "acme-manila", "--workspace", str(demo), "--json",
                         "--as-of", AS_OF, "--draws", "200").stdout)
    quotes = doc["pricing"]["quotes"]
    assert [q["expired"] for q in quotes] == [False, True]
    assert quotes[0]["annual_cost_usd"] < doc["pricing"]["inhouse_annual_cost_usd"]
    assert doc["test_calls"]["n"] == 12 and not doc["test_calls"]["few_calls"]


def test_brief_markdown_and_html(demo, tmp_path):
    md = tmp_path / "b.md"
    run("brief", "--workspace", str(demo), "--vendor", "andes-bogota", "--out", str(md))
    text = md.read_text()
    assert text.startswith("# Hand-over brief: Northwind Outfitters for andes-bogota")
    assert "## Contact reasons, by volume" in text and "| order status |" in text
    html = tmp_path / "b.html"
    run("brief", "--workspace", str(demo), "--out", str(html))
    assert "<h2>Peak hours</h2>" in html.read_text()
    printed = run("brief", "--workspace", str(demo)).stdout
    assert "What representatives may decide" in printed
    doc = json.loads(run("brief", "--workspace", str(demo), "--json").stdout)
    assert doc["contacts"] > 0 and len(doc["peak_hours"]) == 3
    err = run("brief", "--workspace", str(demo), "--out", str(tmp_path / "b.txt"), code=2)
    assert "--out" in err.output and not (tmp_path / "b.txt").exists()


def test_brief_rights_file_replaces_the_rights(fresh, tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text("rights:\n  - {action: refund, agent_decides: true, limit_usd: 40}\n")
    doc = json.loads(run("brief", "--workspace", str(fresh), "--rights", str(p),
                         "--json").stdout)
    assert [r["action"] for r in doc["decision_rights"]] == ["refund"]
    assert any("no contact log" in n for n in doc["notes"])


def test_registry_quote_and_test_calls_end_to_end(fresh, tmp_path):
    ws = str(fresh)
    f = ROOT / "src" / "outsource" / "examples" / "vendors" / "prairie-ohio.yaml"
    out = json.loads(run("vendor", "add", "prairie-ohio", "--file", str(f), "--workspace", ws,
                         "--json").stdout)
    assert out["quotes"] == 1 and out["regions"] == ["us_canada"]
    q = json.loads(run("vendor", "quote", "newco", "--model", "dedicated_hourly", "--rate",
                       "7.5", "--valid-until", "2027-01-31", "--workspace", ws, "--json",
                       "--draws", "200", "--as-of", AS_OF).stdout)
    (pq,) = q["pricing"]["quotes"]
    assert pq["rate_unit"] == "USD/h" and pq["card_option"] == "India dedicated_hourly"
    assert pq["annual_cost_usd"] > 0 and not pq["expired"]
    table = run("vendor", "quote", "newco", "--model", "shared_per_minute", "--rate", "0.3",
                "--valid-until", "2026-01-31", "--workspace", ws, "--draws", "200", "--as-of",
                AS_OF).stdout
    assert "EXPIRED" in table and "in-house" in table
    tc = json.loads(run("vendor", "testcall", "newco", "--scenario", "refund", "--wait-s", "30",
                        "--clarity", "4", "--not-resolved", "--workspace", ws, "--json").stdout)
    assert tc["summary"]["n"] == 1 and tc["summary"]["few_calls"]
    csv = tmp_path / "calls.csv"
    csv.write_text("date,scenario,handled,clarity\n2026-03-03,cancel,yes,5\n"
                   "2026-03-04,refund,no,\n")
    first = json.loads(run("vendor", "testcalls", "import", str(csv), "--vendor", "newco",
                           "--workspace", ws, "--json").stdout)
    assert first["imported"] == 2
    assert "already imported" in run("vendor", "testcalls", "import", str(csv), "--vendor",
                                     "newco", "--workspace", ws).stdout
    assert json.loads(run("scenario", "show", "--workspace", ws, "--json").stdout)["name"] == \
        "Northwind Outfitters"


BAD_CSV = "vendor,date,scenario,handled,clarity\nnewco,2026-03-03,a,yes,7\n"


@pytest.mark.parametrize(("args", "code", "says"), [
    (("vendor", "add", "x", "--region", "mars"), 2,
     "--region: region 'mars' is not on the rate card"),
    (("vendor", "add", "newco", "--region", "india"), 5, "vendor 'newco' already exists"),
    (("vendor", "testcall", "newco", "--scenario", "x", "--clarity", "7"), 2,
     "--clarity: Input should be less than or equal to 5"),
    (("vendor", "quote", "newco", "--model", "dedicated_hourly", "--rate", "-3"), 2,
     "--rate: Input should be greater than 0"),
    (("vendor", "quote", "newco", "--model", "per_minute", "--rate", "3"), 2, "--model:"),
    (("vendor", "quote", "newco", "--model", "dedicated_hourly", "--rate", "9", "--region",
      "latin_america"), 2, "--region: region 'latin_america' is not one of the vendor's"),
    (("vendor", "show", "nobody"), 3, "no vendor 'nobody'"),
    (("score", "--weights", "{zero}"), 2, "zero.yaml: the weights must sum to a positive total"),
    (("score", "--weights", "{unknown}"), 2, "unknown.yaml speed: unknown criterion 'speed'"),
    (("score", "--weights", "{negative}"), 2, "negative.yaml cost: a weight must be >= 0"),
    (("vendor", "testcalls", "import", "{badcsv}"), 2,
     "bad.csv line 2, column 'clarity': Input should be less than or equal to 5"),
    (("vendor", "add", "y", "--file", "{badvendor}"), 2,
     "v.yaml certifications[0].expires_on"),
    (("vendor", "add", "y", "--file", "{badregion}"), 2, "r.yaml sites[0].region: region"),
    (("vendor", "list", "--as-of", "2026-13-01"), 2, "--as-of"),
])
def test_bad_input_is_named_and_writes_nothing(fresh, tmp_path, db_snapshot, args, code, says):
    files = {"zero": ("zero.yaml", "cost: 0\n"), "unknown": ("unknown.yaml", "speed: 1\n"),
             "negative": ("negative.yaml", "cost: -1\ndata_protection: 1\n"),
             "badcsv": ("bad.csv", BAD_CSV),
             "badvendor": ("v.yaml", "regions: [india]\ncertifications:\n"
                                     "  - {kind: pci_dss, expires_on: soon}\n"),
             "badregion": ("r.yaml", "sites: [{name: s, region: moon}]\n")}
    paths = {}
    for key, (name, body) in files.items():
        (tmp_path / name).write_text(body)
        paths[key] = str(tmp_path / name)
    before = db_snapshot(_db(fresh))
    res = run(*[a.format(**paths) for a in args], "--workspace", str(fresh), code=code)
    assert says in res.output and "Traceback" not in res.output
    assert db_snapshot(_db(fresh)) == before


def _commands() -> list[tuple[str, object]]:
    root = get_command(app)
    out = []

    def walk(prefix: str, cmd) -> None:  # typer vendors click: duck-type groups
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(f"{prefix} {name}".strip(), sub)
        else:
            out.append((prefix, cmd))

    for name in ("vendor", "score", "brief", "scenario", "demo"):
        walk(name, root.commands[name])
    return out


def test_every_option_is_documented():
    doc = (ROOT / "docs" / "vendors.md").read_text()
    assert len(_commands()) == 11
    missing = [(name, opt) for name, cmd in _commands() for p in cmd.params
               if p.param_type_name == "option" for opt in p.opts + p.secondary_opts
               if opt.startswith("--") and opt != "--help" and opt not in doc]
    assert missing == []
    for name, _ in _commands():
        assert f"outsource {name}" in doc, name
    assert {"--workspace", "--json"} <= {o for _, c in _commands() for p in c.params
                                         for o in getattr(p, "opts", [])}
    for name, cmd in _commands():
        opts = {o for p in cmd.params for o in getattr(p, "opts", [])}
        assert {"--workspace", "--json"} <= opts, name


@pytest.mark.parametrize("module", MODULES)
def test_cli_modules_import_only_what_starts_fast(module):
    """TEAM.md: at module level only stdlib, typer, typing and outsource.cli.app."""
    tree = ast.parse((ROOT / "src" / "outsource" / "cli" / f"{module}.py").read_text())
    names = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    allowed = {"__future__", "pathlib", "typing", "typer", "outsource.cli.app"}
    assert set(names) <= allowed, set(names) - allowed


# --- credits and invoice check on the demo (issue 14b) ----------------------------------


def test_credits_on_the_demo(demo):
    out = json.loads(run("credits", "--period", "2026-10", "--workspace", str(demo),
                         "--json").stdout)
    vendors = {v["vendor"]: v for v in out["vendors"]}
    assert set(vendors) == {"acme-manila", "andes-bogota", "prairie-ohio"}
    andes = vendors["andes-bogota"]
    # drifting out of SLA: service level missed, a credit owed, chronic failure (3 of 6)
    sl = next(r for r in out["rows"] if r["vendor"] == "andes-bogota"
              and r["metric"] == "service_level")
    assert sl["met"] is False and sl["credit_usd"] > 0 and sl["value"] < sl["target"]
    assert andes["credits_usd"] > 0 and andes["credits_usd"] <= andes["cap_usd"]
    assert andes["chronic_failure"] and andes["termination_right"]
    assert vendors["prairie-ohio"]["credits_usd"] == 0
    for r in out["rows"]:
        assert {"vendor", "metric", "value", "target", "met", "credit_usd",
                "earned_back_usd"} <= set(r)
    text = run("credits", "--period", "2026-10", "--vendor", "andes-bogota",
               "--workspace", str(demo)).stdout
    assert "andes-bogota 2026-10" in text and "Termination right" in text


def test_invoice_check_on_the_demo(demo):
    inv = demo / "invoices" / "acme-manila-2026-10.csv"
    out = json.loads(run("invoice-check", str(inv), "--workspace", str(demo),
                         "--json").stdout)
    assert out["overbilled_lines"] == 1
    lines = out["invoices"][0]["lines"]
    over = [ln for ln in lines if ln["overbilled"]]
    assert [ln["channel"] for ln in over] == ["chat"] and over[0]["difference_usd"] > 0
    assert all(ln["status"] == "ok" for ln in lines if not ln["overbilled"])
    text = run("invoice-check", str(inv), "--workspace", str(demo), "--dry-run").stdout
    assert "1 overbilled line(s)" in text


def test_bad_invoice_exits_2(demo, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("vendor,period,line,quantity,unit,unit_price\n"
                   "acme-manila,2026-10,X,-1,hour,11.5\n")
    res = run("invoice-check", str(bad), "--workspace", str(demo), code=2)
    assert "line 2" in res.output and "quantity" in res.output


def test_exit_plan_takes_the_failure_right_from_monitoring(demo):
    out = json.loads(run("exit-plan", "--vendor", "andes-bogota", "--notice-date",
                         "2026-11-02", "--failure-from-monitoring", "--workspace",
                         str(demo), "--json").stdout)
    assert out["failure_right_given"] is True
    assert "chronic failure of service_level" in out["failure_right_reason"]
    assert out["termination_fee_usd"] == 0
