"""Property: no input of any kind makes a reader raise anything but a located error.

Random bytes, random YAML documents, and valid example files with one value
replaced by an arbitrary one are fed to every reader (mapping, scenario with
its workload and rate cards, contract, vendor, weights, decision rights,
workload, staffing plan, rate card, test calls, samples, contact logs). Each
must return, or raise an :class:`~outsource.errors.OutsourceError`; the CLI,
fed garbage arguments and files, must never print a traceback. The numbers of
examples are bounded so the suite stays fast.
"""

from __future__ import annotations

import copy
import math
import tempfile
from pathlib import Path

import yaml
from hostile_helpers import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outsource.errors import OutsourceError

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "src" / "outsource" / "examples"
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
SLOW = settings(max_examples=15, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                    st.sampled_from(["2024-01-01", "1e400", "-1", "nan", ".inf", "voice", "",
                                     "[bold]x[/]", "\x00", "Mars/Base", "+25:00"]))
documents = st.recursive(scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=12), kids, max_size=4)),
    max_leaves=25)


def _ok(call, *args: object) -> None:  # type: ignore[no-untyped-def]
    """``call(*args)`` returns or raises an OutsourceError (with a message), nothing else."""
    try:
        call(*args)
    except OutsourceError as exc:
        assert str(exc).strip(), "an error without a message"


def _yaml(doc: object) -> bytes:
    try:
        return yaml.safe_dump(doc, allow_unicode=True).encode()
    except (yaml.YAMLError, ValueError):
        return b"x: 1\n"


def _mutated(base: object, path_choice: list[int], value: object) -> object:
    """``base`` with the value at a pseudo-random path replaced by ``value``."""
    doc = copy.deepcopy(base)
    node, key = doc, None
    for pick in path_choice:
        children = (list(node.keys()) if isinstance(node, dict) else
                    list(range(len(node))) if isinstance(node, list) else [])
        if not children:
            break
        key = children[pick % len(children)]
        parent, node = node, node[key]
    if key is None:
        return value
    parent[key] = value  # type: ignore[index]
    return doc


def _with_file(data: bytes, suffix: str, call) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        _ok(call, path)


def _yaml_readers():  # type: ignore[no-untyped-def]
    from outsource.data import vendor_files
    from outsource.data.contract_file import load_contract
    from outsource.data.mapping import load_mapping
    from outsource.data.scenario import load_scenario_inputs

    return {
        "mapping": lambda data: _ok(load_mapping, data, "m.yaml"),
        "scenario": lambda data: _ok(load_scenario_inputs, data, "s.yaml", EXAMPLES),
        "contract": lambda data: _ok(load_contract, data),
        "vendor": lambda data: _with_file(data, ".yaml", vendor_files.load_vendor_file),
        "weights": lambda data: _with_file(data, ".yaml", vendor_files.load_weights_file),
        "rights": lambda data: _with_file(data, ".yaml", vendor_files.load_decision_rights),
    }


BASES = {
    "mapping": ROOT / "docs" / "examples" / "anonymous-bank-1999.yaml",
    "scenario": EXAMPLES / "scenario_bank.yaml",
    "contract": EXAMPLES / "contracts" / "acme-manila.yaml",
    "vendor": EXAMPLES / "vendors" / "acme-manila.yaml",
    "rights": EXAMPLES / "northwind_decision_rights.yaml",
}


@FAST
@given(data=st.binary(max_size=400))
def test_random_bytes_to_every_yaml_reader(data):
    for read in _yaml_readers().values():
        read(data)


@FAST
@given(doc=documents)
def test_random_yaml_documents_to_every_yaml_reader(doc):
    for read in _yaml_readers().values():
        read(_yaml(doc))


@FAST
@given(what=st.sampled_from(sorted(BASES)), path=st.lists(st.integers(0, 50), max_size=5),
       value=documents)
def test_valid_files_with_one_value_replaced(what, path, value):
    base = yaml.safe_load(BASES[what].read_text(encoding="utf-8"))
    _yaml_readers()[what](_yaml(_mutated(base, path, value)))


CSV_CELLS = st.one_of(st.text(max_size=12), st.sampled_from([
    "2024-01-01T08:00:00Z", "2024-01-01T08:30:00+25:00", "nan", "inf", "-1", "1e400", "0",
    "10", "240", "", '"', "voice", "email", "a,b", "2024-03-10T02:30:00"]))
CSV_ROWS = st.lists(st.lists(CSV_CELLS, min_size=0, max_size=6), max_size=6)


def _csv(header: str, rows: list[list[str]]) -> bytes:
    return (header + "\n" + "\n".join(",".join(r) for r in rows) + "\n").encode()


def _csv_readers():  # type: ignore[no-untyped-def]
    from outsource.data.ratecard import load_card
    from outsource.data.simulation_inputs import read_samples
    from outsource.data.staffing_plan import read_staffing_plan
    from outsource.data.testcall_csv import read_test_calls
    from outsource.data.workload import read_workload

    return {
        "workload": (lambda d: _ok(read_workload, d, "w.csv"),
                     "interval_start,calls,aht_s,patience_s,period_minutes,channel"),
        "plan": (lambda d: _ok(read_staffing_plan, d, "p.csv"), "interval_start,agents,channel"),
        "testcalls": (lambda d: _with_file(d, ".csv", read_test_calls),
                      "vendor,date,scenario,handled,wait_s,clarity"),
        "samples": (lambda d: _ok(read_samples, d, "s.csv"), "handle_s"),
        "ratecard": (lambda d: _ok(load_card, d, "c.toml"), "[[rate]]"),
    }


@FAST
@given(data=st.binary(max_size=400))
def test_random_bytes_to_every_table_reader(data):
    for read, _ in _csv_readers().values():
        read(data)
        read(b"{" + data)  # the staffing plan reads JSON when it starts with {


@FAST
@given(rows=CSV_ROWS)
def test_random_rows_under_a_valid_header_to_every_table_reader(rows):
    for read, header in _csv_readers().values():
        read(_csv(header, rows))


@FAST
@given(doc=st.dictionaries(st.sampled_from(["regions", "rate", "x"]), documents, max_size=3))
def test_random_toml_rate_cards(doc):
    from outsource.data.ratecard import load_card, parse_card

    _ok(parse_card, doc, "c.toml")
    body = "\n".join(f'{k} = "{v}"' for k, v in doc.items() if isinstance(v, str))
    _ok(load_card, body.encode(), "c.toml")


def _import(data: bytes, suffix: str) -> None:
    from outsource.services.ingest import import_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"log{suffix}"
        path.write_bytes(data)
        _ok(import_file, path, Path(tmp) / "ws")


@SLOW
@given(rows=CSV_ROWS, suffix=st.sampled_from([".csv", ".csv.gz", ".parquet", ".tsv"]))
def test_random_contact_logs_import_or_are_refused(rows, suffix):
    _import(_csv("id,arrived_at,outcome,wait_s,handle_s,answered_at", rows), suffix)


@SLOW
@given(data=st.binary(max_size=300))
def test_random_bytes_as_a_contact_log(data):
    _import(data, ".csv")


@settings(max_examples=25, deadline=None)
@given(args=st.lists(st.sampled_from([
    "import", "profile", "staff", "plan", "simulate", "--workload", "--calls", "--aht-s", "nan",
    "-1", "1e400", "--json", "--agents", "x", "--interval", "7", "--draws", "0", "[/]",
    "/dev/null", "/", "--percentile", "100", "--business-hours", "Mon 25:00-26:00 Mars/Base",
    "--timezone", "Nope/Zone", "--workspace", "/dev/null", "--replications", "-5",
    "contract", "show", "vendor", "add", "--file", "score", "--weights", "brief", "--out",
    "x.pdf", "exit-plan", "--vendor", "advise", "user", "list", "scenario", "set"]),
    min_size=1, max_size=6))
def test_the_cli_fed_garbage_never_prints_a_traceback(args):
    with tempfile.TemporaryDirectory() as tmp:
        invoke(*args, env={"OUTSOURCE_WORKSPACE": str(Path(tmp) / "ws"),
                           "OUTSOURCE_LOG_DIR": str(Path(tmp) / "logs")})
        logs = Path(tmp) / "logs"
        crashes = [p.read_text() for p in logs.iterdir()] if logs.exists() else []
        assert crashes == [], crashes[0][-2000:] if crashes else ""


def test_the_generators_cover_the_values_that_broke_things():
    assert math.isinf(float("1e400"))  # the kind of value the strategies draw on purpose
