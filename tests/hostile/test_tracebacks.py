"""Family: inputs that ended in a Python traceback.

Each now gets one line naming the place and the reason, exit code 2, and the
workspace unchanged: non-UTF-8 files, a plain file named ``.gz``, YAML nested
deeply, a full disk, an unwritable or file-typed workspace, absurd call counts,
absurd draws, rich markup in values and file names. Anything still unexpected
is caught by the one top-level guard: one line, and the traceback in a log file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hostile_helpers import cli, in_namespace, invoke, snapshot, stored, write

LATIN1 = "columns: {id: id, arrived_at: arrived_at, outcome: outcome}\nname: caf\xe9\n"


@pytest.mark.parametrize("what", ["mapping", "scenario", "contract", "vendor", "weights",
                                  "rights", "workload", "plan", "testcalls"])
def test_a_file_that_is_not_utf8_names_the_byte_and_line(tmp_path, ws, what):
    bad = write(tmp_path / f"{what}.txt", LATIN1.encode("latin-1"))
    log = write(tmp_path / "log.csv", "id,arrived_at,outcome\na,2024-01-01T10:00:00Z,answered\n")
    args = {"mapping": ["import", log, "--mapping", bad, "--workspace", ws],
            "scenario": ["plan", bad],
            "contract": ["contract", "add", bad, "--workspace", ws],
            "vendor": ["vendor", "add", "acme", "--file", bad, "--workspace", ws],
            "weights": ["score", "--weights", bad, "--workspace", ws],
            "rights": ["brief", "--rights", bad, "--workspace", ws],
            "workload": ["staff", "--workload", bad],
            "plan": ["simulate", "--workload", write(tmp_path / "w.csv",
                     "interval_start,calls,aht_s\n2024-01-01T08:00:00Z,5,200\n"
                     "2024-01-01T08:30:00Z,5,200\n"), "--agents", bad],
            "testcalls": ["vendor", "testcalls", "import", bad, "--vendor", "acme",
                          "--workspace", ws]}[what]
    before = snapshot(ws)
    code, out = invoke(*args)
    assert code == 2, out
    assert f"{what}.txt line 2: not UTF-8 text: byte 0xe9 at offset" in out, out
    assert snapshot(ws) == before


def test_a_plain_file_named_gz_and_a_broken_gzip(tmp_path, ws):
    before = snapshot(ws)
    plain = write(tmp_path / "calls.csv.gz", "id,arrived_at,outcome\na,2024-01-01T10:00:00Z,"
                  "answered\n")
    code, out = invoke("import", plain, "--workspace", ws)
    assert code == 2 and "calls.csv.gz: named .gz but not gzip-compressed" in out
    import gzip

    cut = write(tmp_path / "cut.csv.gz", gzip.compress(b"id,arrived_at,outcome\n" * 500)[:60])
    code, out = invoke("import", cut, "--workspace", ws)
    assert code == 2 and "cut.csv.gz: not a valid gzip file" in out
    assert snapshot(ws) == before


def test_deeply_nested_yaml_is_refused_before_it_is_built(tmp_path):
    deep = write(tmp_path / "deep.yaml", "columns: " + "[" * 5000 + "]" * 5000 + "\n")
    code, out = invoke("import", write(tmp_path / "x.csv", "id\n"), "--mapping", deep,
                       "--workspace", tmp_path / "ws")
    assert code == 2 and "deep.yaml line 1: nested more than 40 levels deep" in out
    scen = write(tmp_path / "s.yaml", "workload:\n" + "".join(
        "  " * (i + 1) + f"k{i}:\n" for i in range(60)))
    code, out = invoke("plan", scen)
    assert code == 2 and "s.yaml line" in out and "nested more than 40 levels" in out


def _bigger_log(path: Path, rows: int) -> Path:
    import secrets

    with path.open("w") as fh:
        fh.write("id,arrived_at,outcome,queue\n")
        for i in range(rows):
            fh.write(f"{secrets.token_hex(8)},2024-01-02T{i % 24:02d}:00:00Z,answered,"
                     f"{secrets.token_hex(16)}\n")
    return path


DRIVER = """
import hashlib, json, pathlib, subprocess, sys
ws = pathlib.Path(sys.argv[1])
def snap():
    return {str(p.relative_to(ws)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(ws.rglob('*')) if p.is_file() and 'tmp' not in p.parts
            and p.name != 'writer.lock'}
cmd = [sys.executable, '-c', 'from outsource.cli import main; main()']
first = subprocess.run(cmd + ['import', sys.argv[2], '--workspace', str(ws)],
                       capture_output=True, text=True)
before = snap()
second = subprocess.run(cmd + ['import', sys.argv[3], '--workspace', str(ws)],
                        capture_output=True, text=True)
prof = subprocess.run(cmd + ['profile', '--workspace', str(ws), '--json'],
                      capture_output=True, text=True)
print(json.dumps({'first': first.returncode, 'second': second.returncode,
                  'err': second.stderr + second.stdout, 'same': before == snap(),
                  'profile': prof.returncode, 'offered': json.loads(prof.stdout)['offered']
                  if prof.returncode == 0 else prof.stderr}))
"""


def test_a_full_disk_is_reported_as_the_disk_and_nothing_is_half_written(tmp_path):
    import json

    small = write(tmp_path / "small.csv", "id,arrived_at,outcome\na,2024-01-01T10:00:00Z,"
                  "answered\nb,2024-01-01T10:05:00Z,answered\n")
    big = _bigger_log(tmp_path / "big.csv", 40_000)
    driver = write(tmp_path / "driver.py", DRIVER)
    disk = tmp_path / "disk"
    disk.mkdir()
    out = in_namespace(f"mount -t tmpfs -o size=256k tmpfs {disk}\n"
                       f"{sys.executable} {driver} {disk}/ws {small} {big}")
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["first"] == 0 and res["second"] == 2, res
    assert "no space left on the device (disk full): nothing was imported" in res["err"]
    assert "Traceback" not in res["err"]
    assert res["same"] and (res["profile"], res["offered"]) == (0, 2), res


def test_a_file_as_workspace_and_an_unwritable_workspace(tmp_path, ws):
    log = write(tmp_path / "log.csv", "id,arrived_at,outcome\na,2024-01-01T10:00:00Z,answered\n")
    afile = write(tmp_path / "not-a-folder", "x")
    for args in (["import", log], ["profile"], ["vendor", "list"]):
        code, out = invoke(*args, "--workspace", afile)
        assert code == 2 and "not-a-folder is a file, not a workspace folder" in out, out
    before = snapshot(ws)
    out = in_namespace(f"mount --bind {ws} {ws}\nmount -o remount,ro,bind {ws}\n"
                       f"{sys.executable} -c 'from outsource.cli import main; main()' "
                       f"import {log} --workspace {ws}")
    assert out.returncode == 2, out.stderr
    assert "cannot write the workspace here (permission denied or a read-only file system)" \
           in out.stderr and "Traceback" not in out.stderr
    assert snapshot(ws) == before


def test_absurd_call_counts_and_draws_are_refused_naming_the_field(tmp_path):
    wl = write(tmp_path / "w.csv", "interval_start,calls,aht_s\n2024-01-01T08:00:00Z,1e12,240\n"
               "2024-01-01T08:30:00Z,10,240\n")
    code, out = invoke("simulate", "--workload", wl, "--agents", "10")
    assert code == 2 and "w.csv line 2, column 'calls': 1e+12 contacts in one interval" in out
    wl2 = write(tmp_path / "w2.csv", "interval_start,calls,aht_s\n2024-01-01T08:00:00Z,1e6,240\n"
                "2024-01-01T08:30:00Z,10,240\n")
    code, out = invoke("simulate", "--workload", wl2, "--agents", "10", "--replications", "999")
    assert code == 2 and "--replications: would simulate" in out
    scen = Path(__file__).parents[2] / "docs" / "examples" / "scenario.yaml"
    code, out = invoke("plan", scen, "--draws", "100000000000")
    assert code == 2 and "--draws: must be at most 1,000,000" in out


def test_rich_markup_in_values_and_file_names_prints_literally(tmp_path, ws):
    folder = tmp_path / "exports[bold]"
    log = write(folder / "calls[" / "x[/]y.csv", "id,arrived_at,outcome,queue\n"
                "a,2024-01-01T10:00:00Z,answered,[bold]x[/bold]\nb,[/],answered,q\n")
    code, out, err = cli("import", log, "--workspace", ws)
    assert code == 0, err
    assert f"{log}: imported 1" in out
    assert "line 3, column arrived_at: cannot parse '[/]' as an ISO 8601 timestamp" in out
    assert stored(ws, "SELECT queue FROM interactions WHERE id = 'a'") == [("[bold]x[/bold]",)]
    code, out = invoke("brief", "--workspace", ws)
    assert code == 0, out
    assert "\\[bold\\]x\\[/bold\\]" in out  # Markdown-escaped, printed as written


def test_an_unexpected_error_is_one_line_and_a_log_file(tmp_path, monkeypatch):
    """The guard itself: a fault no check foresaw (here injected) is never a traceback."""
    from outsource.services import staffing

    def broken(*a: object, **k: object) -> None:
        raise ZeroDivisionError("injected fault for the test")

    monkeypatch.setattr(staffing, "staff_interval", broken)
    logs = tmp_path / "logs"
    code, out = invoke("staff", "--calls", "10", "--aht-s", "200",
                       env={"OUTSOURCE_LOG_DIR": str(logs)})
    assert code == 1
    line = [x for x in out.splitlines() if x.strip()]
    assert len(line) == 1 and line[0].startswith("error: unexpected error (ZeroDivisionError: "
                                                 "injected fault for the test); details in ")
    (log,) = logs.iterdir()
    assert str(log) in out and oct(log.stat().st_mode & 0o777) == "0o600"
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "injected fault" in text
    assert "command staff" in text


def test_memory_and_disk_errors_from_deep_inside_are_plain_and_exit_2(tmp_path, monkeypatch):
    from outsource.services import staffing

    def no_memory(*a: object, **k: object) -> None:
        raise MemoryError

    monkeypatch.setattr(staffing, "staff_interval", no_memory)
    code, out = invoke("staff", "--calls", "10", "--aht-s", "200",
                       env={"OUTSOURCE_LOG_DIR": str(tmp_path)})
    assert code == 2 and "error: not enough memory for this request" in out

    def disk_full(*a: object, **k: object) -> None:
        raise OSError(28, os.strerror(28), "/data/out.csv")

    monkeypatch.setattr(staffing, "staff_interval", disk_full)
    code, out = invoke("staff", "--calls", "10", "--aht-s", "200",
                       env={"OUTSOURCE_LOG_DIR": str(tmp_path)})
    assert code == 2 and "no space left on the device (disk full) (/data/out.csv)" in out
