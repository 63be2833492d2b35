"""The demo workspace: one seeded workspace every feature adds to (TEAM.md's cast).

:data:`SEED_STEPS` is a list of steps run in order; each is idempotent (it
checks what is already there and adds only what is missing), so ``outsource
demo`` may run again on the same workspace. A later area appends its own
step (contracts, six months of logs, invoices, users)::

    from outsource.services.demo import SEED_STEPS, SeedStep
    SEED_STEPS.append(SeedStep("contracts", "a contract per vendor", seed_contracts))

where ``seed_contracts(ws: Workspace) -> str`` returns what it did.

Seeded here: the buyer (Northwind Outfitters, a US retailer: hours Mon-Fri
08:00-20:00 and Sat 09:00-17:00 America/New_York; voice, chat and e-mail;
the default US in-house costs of docs/costs.md, i.e. the playbook's US
comparison), its scenario (one week in the shape of the bundled bank example,
``examples/workload_bank_week.csv``), its decision rights, its April 2026
in-house contact log (synthetic, seeded), the three vendors with facts and
quotes (``examples/vendors/*.yaml``; andes-bogota with its gap), twelve
seeded test calls each, and a contract each from 2026-05-01
(``examples/contracts/*.yaml``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from outsource.schemas.demo import DemoLogin, DemoResult, StepResult
from outsource.services.workspace import Workspace

CAST = ("acme-manila", "andes-bogota", "prairie-ohio")
SCENARIO_NAME = "Northwind Outfitters"
TZ = "America/New_York"
BUSINESS_HOURS = "Mon-Fri 08:00-20:00; Sat 09:00-17:00 America/New_York"
#: Monday of the scenario's typical week and of the contact log (local time).
WEEK = date(2026, 4, 6)
LOG_WEEKS = 4
SEED = 20260401
TEST_CALLS_PER_VENDOR = 12


@dataclass(frozen=True)
class SeedStep:
    """One idempotent seed step: ``run(ws)`` returns a line saying what it did."""

    name: str
    what: str
    run: Callable[[Workspace], str]


def _example(name: str) -> Path:
    return Path(str(resources.files("outsource").joinpath("examples", name)))


# ------------------------------------------------------------------ workload


def _bank_shape() -> tuple[np.ndarray, np.ndarray]:
    """Mean calls and AHT [s] per hour of day over the bank's five full weekdays."""
    calls = np.zeros((7, 24))
    aht = np.zeros((7, 24))
    with open(_example("workload_bank_week.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            ts = datetime.fromisoformat(row["interval_start"])
            calls[ts.weekday(), ts.hour] = float(row["calls"])
            aht[ts.weekday(), ts.hour] = float(row["aht_s"])
    full = [0, 1, 2, 3, 6]  # Mon-Thu and Sun: the bank's full days (Fri/Sat are short)
    return calls[full].mean(axis=0), aht[full].mean(axis=0)


def _open(weekday: int, hour: int) -> bool:
    if weekday < 5:
        return 8 <= hour < 20
    return weekday == 5 and 9 <= hour < 17


#: Channels: share of voice volume, AHT factor or value [s], patience [s], concurrency.
CHANNELS = {"voice": (1.0, None, 369.0, 1), "chat": (0.45, 480.0, 240.0, 2),
            "email": (0.30, 300.0, None, 1)}


def northwind_workload() -> list[dict]:
    """One typical week of Northwind's contacts per hour and channel, local time.

    Voice takes the bank's hourly shape and AHT inside Northwind's hours
    (Saturday at 0.6 of a weekday); chat and e-mail are shares of voice.
    """
    shape, aht = _bank_shape()
    zone = ZoneInfo(TZ)
    rows = []
    for day in range(7):
        for hour in range(24):
            start = datetime.combine(WEEK + timedelta(days=day), datetime.min.time(),
                                     zone).replace(hour=hour)
            factor = (1.0 if day < 5 else 0.6) if _open(day, hour) else 0.0
            for ch, (share, ch_aht, patience, conc) in CHANNELS.items():
                rows.append({"interval_start": start.isoformat(), "channel": ch,
                             "calls": round(shape[hour] * factor * share, 2),
                             "aht_s": round(ch_aht or aht[hour] or 190.0),
                             "patience_s": "" if patience is None else patience,
                             "period_minutes": 60, "concurrency": conc})
    return rows


def scenario_yaml(workload_file: str) -> str:
    """The Northwind scenario file."""
    return f"""# Demo scenario (seeded by `outsource demo`): should Northwind Outfitters outsource?
name: {SCENARIO_NAME}
description: >-
  A US retailer: voice, chat and e-mail, {BUSINESS_HOURS}. The workload is one
  typical week in the shape of the bundled bank example; in-house costs are the
  US defaults of docs/costs.md (BLS wages, ECEC loads, industry benchmarks).
workload:
  file: {workload_file}
hours: "{BUSINESS_HOURS}"
targets:
  service_level: 0.8
  answer_within_s: 20
  max_abandon: 0.05
  response_within_h: 24
  response_share: 0.95
  response_clock: clock
direction: inbound
compare_card: true
advice:
  answers:
    face_to_face: none
    offshore_sensitivity: medium
    languages: [en, es]
    data_rules: [PCI DSS]
    data_stays_onshore: false
    business_hours: "{BUSINESS_HOURS}"
    overlap_hours_needed: 4
    goal: cost
    want: open
  evidence:
    test_calls_recorded: 36
    vendor_references_checked: true
    contact_reasons_documented: true
    liaison_named: "Northwind vendor manager"
"""


# ------------------------------------------------------------------ steps


def seed_scenario(ws: Workspace) -> str:
    """Write the scenario and workload files into the workspace and make them current."""
    from outsource.data.db.repositories import ScenarioRepository
    from outsource.services.scenarios import set_scenario

    with ws.transaction() as session:
        row = ScenarioRepository(session).current()
        if row is not None and row.name == SCENARIO_NAME:
            return "already there"
    folder = ws.path / "scenario"
    folder.mkdir(parents=True, exist_ok=True)
    wl = folder / "northwind_workload.csv"
    rows = northwind_workload()
    with open(wl, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    path = folder / "northwind.yaml"
    path.write_text(scenario_yaml(wl.name), encoding="utf-8")
    set_scenario(ws, path)
    return f"stored {path}"


def seed_decision_rights(ws: Workspace) -> str:
    """Northwind's decision rights (bundled example file)."""
    from outsource.services.brief import list_decision_rights, set_decision_rights

    if list_decision_rights(ws):
        return "already there"
    rights = set_decision_rights(ws, _example("northwind_decision_rights.yaml"))
    return f"{len(rights)} decision rights"


def seed_vendors(ws: Workspace) -> str:
    """The three vendors with facts and quotes (bundled ``examples/vendors/*.yaml``)."""
    from outsource.data.vendor_files import load_vendor_file
    from outsource.services.vendors import add_vendor, list_vendors

    have = {v.name for v in list_vendors(ws).vendors}
    added = []
    for name in CAST:
        if name not in have:
            add_vendor(ws, load_vendor_file(_example(f"vendors/{name}.yaml")))
            added.append(name)
    return f"added {', '.join(added)}" if added else "already there"


#: Per vendor: P(handled), mean wait [s], P(resolved), mean clarity, courtesy, accuracy.
CALL_PROFILES = {"acme-manila": (0.92, 28.0, 0.67, 3.4, 4.2, 3.5),
                 "andes-bogota": (0.92, 34.0, 0.80, 4.3, 4.5, 4.1),
                 "prairie-ohio": (1.0, 14.0, 0.88, 4.8, 4.6, 4.5)}
CALL_SCENARIOS = ("where is my order", "return an online order", "change a delivery address",
                  "double charge on a card", "sizing question before buying",
                  "cancel an order", "gift card balance", "damaged item on arrival")


def seeded_test_calls(vendor: str, n: int = TEST_CALLS_PER_VENDOR) -> list[dict]:
    """``n`` seeded test calls for a cast vendor (dates in March-April 2026)."""
    p_h, wait, p_r, cla, cou, acc = CALL_PROFILES[vendor]
    rng = np.random.default_rng([SEED, CAST.index(vendor)])
    out = []
    channels = ["voice"] * 6 + ["chat"] * 4 + ["email"] * 2

    def rating(mean: float) -> int:
        return int(np.clip(np.rint(rng.normal(mean, 0.7)), 1, 5))

    for i in range(n):
        handled = bool(rng.random() < p_h)
        ch = channels[i % len(channels)]
        w = float(np.round(rng.exponential(wait if ch != "email" else 3600.0 * 4)))
        out.append({"called_on": date(2026, 3, 2) + timedelta(days=int(3 * i + rng.integers(3))),
                    "scenario": CALL_SCENARIOS[int(rng.integers(len(CALL_SCENARIOS)))],
                    "channel": ch, "wait_s": w if handled else float(np.round(w + 90)),
                    "handled": handled,
                    "resolved": bool(rng.random() < p_r) if handled else False,
                    "clarity": rating(cla) if handled else None,
                    "courtesy": rating(cou) if handled else None,
                    "accuracy": rating(acc) if handled else None,
                    "notes": "seeded demo call"})
    return out


def seed_test_calls(ws: Workspace) -> str:
    """Twelve seeded test calls for each cast vendor that has none."""
    from outsource.data.db.repositories import VendorRepository
    from outsource.schemas.vendors import TestCallIn
    from outsource.services.vendors import call_model

    added = []
    with ws.transaction() as session:
        repo = VendorRepository(session)
        for name in CAST:
            v = repo.get(name)
            if v is None or v.test_calls:
                continue
            repo.add_test_calls(v, [call_model(TestCallIn(**c)) for c in seeded_test_calls(name)])
            added.append(name)
    return (f"{TEST_CALLS_PER_VENDOR} each for {', '.join(added)}" if added
            else "already there")


QUEUES = {  # share, mean handle [s] (voice), transfer share, repeat propensity
    "order status": (0.34, 210.0, 0.03, 0.10),
    "returns and exchanges": (0.24, 330.0, 0.06, 0.16),
    "billing and payments": (0.14, 380.0, 0.15, 0.18),
    "product questions": (0.16, 260.0, 0.05, 0.06),
    "account and loyalty": (0.12, 240.0, 0.08, 0.08),
}


def contact_log(weeks: int = LOG_WEEKS) -> dict[str, np.ndarray]:
    """Northwind's in-house contacts from Monday 2026-04-06 for ``weeks`` weeks (seeded).

    Poisson arrivals per hour from the scenario's week, queues by share,
    lognormal handle times, exponential waits, a customer pool giving repeat
    contacts within days, and transfers by queue.
    """
    rng = np.random.default_rng(SEED)
    rows = northwind_workload()
    zone = ZoneInfo(TZ)
    arrived, chan = [], []
    for k in range(weeks):
        for r in rows:
            n = rng.poisson(float(r["calls"]))
            if not n:
                continue
            start = datetime.fromisoformat(r["interval_start"]).astimezone(zone) + \
                timedelta(days=7 * k)
            arrived += [start.timestamp() + s for s in np.sort(rng.uniform(0, 3600, n))]
            chan += [r["channel"]] * n
    t = np.array(arrived)
    n = t.size
    names = list(QUEUES)
    share = np.array([QUEUES[q][0] for q in names])
    qi = rng.choice(len(names), size=n, p=share / share.sum())
    mean_h = np.array([QUEUES[q][1] for q in names])[qi]
    ch = np.array(chan)
    mean_h = np.where(ch == "chat", mean_h * 2.0, np.where(ch == "email", mean_h * 1.2, mean_h))
    handle = np.round(rng.lognormal(np.log(mean_h) - 0.18, 0.6))
    wait = np.round(np.where(ch == "email", rng.exponential(4 * 3600.0, n),
                             rng.exponential(25.0, n)))
    abandoned = (ch != "email") & (rng.random(n) < 0.05)
    transfer = rng.random(n) < np.array([QUEUES[q][2] for q in names])[qi]
    repeat = rng.random(n) < np.array([QUEUES[q][3] for q in names])[qi]
    customers = rng.integers(0, 1_000_000, n).astype(object)
    # a repeat contact reuses the customer of a contact up to three days earlier
    order = np.argsort(t)
    t, ch, qi, handle, wait = t[order], ch[order], qi[order], handle[order], wait[order]
    abandoned, transfer, repeat = abandoned[order], transfer[order], repeat[order]
    cust = np.array([f"C{c:06d}" for c in customers[order]], dtype=object)
    for i in np.flatnonzero(repeat):
        j = np.searchsorted(t, t[i] - 3 * 86400.0)
        if j < i:
            cust[i] = cust[rng.integers(j, i)]
    return {"id": np.array([f"NW{i:06d}" for i in range(n)]), "channel": ch,
            "queue": np.array(names)[qi], "arrived_at": t,
            "wait_s": wait, "handle_s": np.where(abandoned, np.nan, handle),
            "outcome": np.where(abandoned, "abandoned", "answered"), "customer_id": cust,
            "transferred": transfer & ~abandoned}


def seed_contact_log(ws: Workspace) -> str:
    """Import Northwind's April 2026 in-house contact log into the DuckDB workspace."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from outsource.services.ingest import import_file

    folder = ws.path / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "northwind-inhouse-2026-04.csv"
    if not path.exists():
        log = contact_log()
        zone = ZoneInfo(TZ)
        stamps = [datetime.fromtimestamp(x, zone).isoformat(timespec="seconds")
                  for x in log["arrived_at"]]
        table = pa.table({
            "id": log["id"], "channel": log["channel"], "queue": log["queue"],
            "arrived_at": stamps, "wait_s": log["wait_s"],
            "handle_s": pa.array(log["handle_s"], from_pandas=True),
            "outcome": log["outcome"], "customer_id": log["customer_id"].astype(str),
            "transferred": log["transferred"]})
        pacsv.write_csv(table, path)
    res = import_file(path, ws.path)
    if res.already_imported:
        return "already there"
    return f"imported {res.imported:,} contacts ({res.rejected} rejected)"


def seed_contracts(ws: Workspace) -> str:
    """A contract per cast vendor that has none (``examples/contracts/*.yaml``, from
    2026-05-01)."""
    from outsource.data.db.repositories import ContractRepository, VendorRepository
    from outsource.services.stored_contracts import add_contract

    with ws.transaction() as session:
        vendors, contracts = VendorRepository(session), ContractRepository(session)
        todo = [n for n in CAST if (v := vendors.get(n)) is not None and not contracts.get(v)]
    for name in todo:
        add_contract(ws, _example(f"contracts/{name}.yaml"))
    return f"added {', '.join(todo)}" if todo else "already there"


#: First month and number of months of the vendors' synthetic logs (TEAM.md: 2026-05 to 2026-10).
LOGS_START, LOGS_MONTHS = "2026-05", 6
#: Seed of the vendors' synthetic logs (the demo is the same on every machine).
LOGS_SEED = 20260501
#: The month of the demo invoice and the invoice file (under the workspace's ``invoices/``).
INVOICE_PERIOD = "2026-10"
INVOICE_FILE = f"acme-manila-{INVOICE_PERIOD}.csv"
#: How much the demo invoice's overbilled line bills above what the logs support [share].
OVERBILL_SHARE = 0.12


def demo_vendor_profiles() -> tuple:
    """The cast's log profiles (``data.synthetic.DEMO_VENDORS``) tuned to the story told
    against their contracts: andes-bogota's waits grow 15 % a month, so its service level
    crosses the contract's 80 % in the fourth month and stays below (three misses in six
    months: chronic failure in 2026-10); acme-manila games handle time (AHT -7 %/month,
    repeats +3.5 points/month, calls dropped just before 20 s); prairie-ohio is steady
    (short waits, patient callers: abandonment under its 4 % target)."""
    from dataclasses import replace

    from outsource.data.synthetic import DEMO_VENDORS

    tuned = {"andes-bogota": {"wait_drift": 0.15, "patience_s": 240.0},
             "prairie-ohio": {"mean_wait_s": 5.0, "patience_s": 200.0}}
    return tuple(replace(p, **tuned.get(p.name, {})) for p in DEMO_VENDORS)


def seed_vendor_logs(ws: Workspace) -> str:
    """Six months of synthetic contact logs of the three vendors into the DuckDB workspace
    (``data.synthetic``, seeded; recorded as one import, so a second run adds nothing)."""
    from outsource.data import synthetic

    profiles = demo_vendor_profiles()
    rng = np.random.default_rng(LOGS_SEED)
    added = synthetic.store(ws.path, synthetic.generate(rng, profiles, LOGS_START, LOGS_MONTHS,
                                                        BUSINESS_HOURS),
                            f"demo-vendor-logs-{LOGS_START}-{LOGS_MONTHS}")
    if not added:
        return "already there"
    return (f"{added:,} contacts of {', '.join(p.name for p in profiles)}, {LOGS_START} "
            f"and the {LOGS_MONTHS - 1} months after")


def seed_invoice(ws: Workspace) -> str:
    """acme-manila's invoice for 2026-10 (``WORKSPACE/invoices/``), written from what the
    logs support, with exactly one line (chat hours) billed 12 % above it, then checked
    and stored (``services.invoices.check_invoice``).

    acme-manila bills dedicated hours (its quote: $11.50/h); with no agent-state log the
    check supports each channel's hours by the hours its logged workload required
    (staffing engine). The voice and e-mail lines bill exactly those hours (to 1/10,000
    h), the chat line 12 % more, rounded to whole hours.
    """
    import math

    from outsource.services.invoices import check_invoice

    folder = ws.path / "invoices"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / INVOICE_FILE
    if not path.exists():
        rate = 11.50
        header = "vendor,period,line,quantity,unit,unit_price,channel,description\n"
        draft = header + "".join(
            f"acme-manila,{INVOICE_PERIOD},{ch},1,hour,{rate},{ch},draft\n"
            for ch in ("voice", "chat", "email"))
        res = check_invoice(ws, draft.encode(), name="draft.csv", store=False)
        supported = {ln.channel: ln.supported_quantity for ln in res.invoices[0].lines}
        rows = []
        for i, ch in enumerate(("voice", "chat", "email"), 1):
            hours = supported[ch] or 0.0
            qty = (f"{math.ceil(hours * (1 + OVERBILL_SHARE)):d}" if ch == "chat"
                   else f"{hours:.4f}")
            rows.append(f"acme-manila,{INVOICE_PERIOD},AM-2610-{i},{qty},hour,{rate:.2f},{ch},"
                        f"{ch} agent hours October 2026\n")
        tmp = path.with_suffix(".tmp")
        tmp.write_text(header + "".join(rows), encoding="utf-8")
        tmp.replace(path)
    res = check_invoice(ws, path)
    inv = res.invoices[0]
    if inv.already_imported:
        return "already there"
    return (f"{path.name}: {len(inv.lines)} lines, billed ${inv.billed_usd:,.2f}, "
            f"{inv.overbilled_lines} overbilled (${inv.overbilled_usd:,.2f})")


#: The demo's users: one per buyer role and one vendor user per cast vendor (name, role, vendor).
DEMO_USERS = (("admin", "admin", None), ("analyst", "analyst", None),
              ("viewer", "viewer", None), *((name, "vendor", name) for name in CAST))
#: Where the demo keeps its users' passwords (mode 0600): ``outsource demo`` prints them.
LOGINS_FILE = "demo-logins.json"


def demo_logins(ws: Workspace) -> list[DemoLogin]:
    """The demo users' logins kept in the workspace (empty before the users step ran)."""
    import json

    from outsource.data.secret_file import read_private

    text = read_private(ws.path / LOGINS_FILE)
    return [] if not text else [DemoLogin.model_validate(x) for x in json.loads(text)]


def seed_users(ws: Workspace) -> str:
    """The demo users with random passwords, kept in ``WORKSPACE/demo-logins.json`` (0600).

    Only users that do not exist yet are made; their passwords are never
    printed here (``outsource demo`` prints them when it serves).
    """
    import json
    import secrets

    from outsource.data.secret_file import write_private
    from outsource.schemas.users import UserCreate
    from outsource.services.users import add_user, cli_principal, list_users

    operator = cli_principal()
    have = {u.name for u in list_users(ws, operator)}
    kept = {x.name: x for x in demo_logins(ws)}
    made = []
    for name, role, vendor in DEMO_USERS:
        if name in have:
            continue
        password = secrets.token_urlsafe(12)
        add_user(ws, operator, UserCreate(name=name, role=role, vendor=vendor,
                                          password=password))
        kept[name] = DemoLogin(name=name, role=role, vendor=vendor, password=password)
        made.append(name)
    if not made:
        return "already there"
    write_private(ws.path / LOGINS_FILE,
                  json.dumps([x.model_dump() for x in kept.values()], indent=1) + "\n")
    return f"{len(made)} users ({', '.join(made)}); logins kept in {LOGINS_FILE}"


#: The steps, in order. Later areas append theirs (see the module notes).
SEED_STEPS: list[SeedStep] = [
    SeedStep("scenario", "Northwind Outfitters' scenario (US retailer, New York hours)",
             seed_scenario),
    SeedStep("decision-rights", "what Northwind's representatives may decide",
             seed_decision_rights),
    SeedStep("contact-log", "Northwind's in-house contacts, April 2026 (4 weeks)",
             seed_contact_log),
    SeedStep("vendors", "acme-manila, andes-bogota, prairie-ohio with facts and quotes",
             seed_vendors),
    SeedStep("test-calls", "twelve seeded test calls per vendor", seed_test_calls),
    SeedStep("contracts", "a contract per vendor from 2026-05-01", seed_contracts),
    SeedStep("vendor-logs", "six months of the vendors' contact logs, 2026-05 to 2026-10",
             seed_vendor_logs),
    SeedStep("invoice", "acme-manila's October 2026 invoice, checked (one line overbilled)",
             seed_invoice),
    SeedStep("users", "an admin, an analyst, a viewer and a user per vendor", seed_users),
]


def run_demo(ws: Workspace, progress: Callable[[str], None] | None = None) -> DemoResult:
    """Run every seed step in order (each idempotent)."""
    out = []
    for step in SEED_STEPS:
        if progress:
            progress(step.what)
        out.append(StepResult(step=step.name, what=step.what, result=step.run(ws)))
    return DemoResult(workspace=str(ws.path), steps=out)
