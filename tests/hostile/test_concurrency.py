"""Family: read-only work locked out other readers.

Read-only commands take no lock and write nothing: two run side by side, one
runs while an import is writing (and sees the last committed state), and a
read-only workspace folder can be read. Real processes throughout.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hostile_helpers import ENTRY, in_namespace, invoke, snapshot, write


def _log(path: Path, first: int, n: int) -> Path:
    return write(path, "id,arrived_at,outcome,handle_s\n" + "".join(
        f"c{i},2024-01-{1 + i % 28:02d}T{8 + i % 10:02d}:{i % 60:02d}:00Z,answered,200\n"
        for i in range(first, first + n)))


def _offered(out: str) -> int:
    return int(json.loads(out)["offered"])


def test_two_profiles_run_side_by_side(tmp_path, ws):
    cmd = [*ENTRY, "profile", "--workspace", str(ws), "--json"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e for _, e in outs]
    assert [_offered(o) for o, _ in outs] == [2, 2]


def test_a_read_during_an_import_sees_the_last_committed_state(tmp_path, ws):
    from outsource.data import store

    new = _log(tmp_path / "new.csv", 100, 300)
    before = snapshot(ws)
    # An import in progress: this process holds the writer and has written a segment it
    # has not committed. Another import waits for it; readers do not.
    with store.writer(ws) as w:
        w.copy_to("SELECT * FROM segments", "segments", 99)
        waiting = subprocess.Popen([*ENTRY, "import", str(new), "--workspace", str(ws)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        read = subprocess.run([*ENTRY, "profile", "--workspace", str(ws), "--json"],
                              capture_output=True, text=True, timeout=120)
        assert read.returncode == 0, read.stderr
        assert _offered(read.stdout) == 2  # the committed state, not the staged segment
        assert waiting.poll() is None, "the second import must wait for the writer"
        assert snapshot(ws) == before
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "waiting for it to finish" in err and "imported 300" in out
    code, text = invoke("profile", "--workspace", ws, "--json")
    assert code == 0 and _offered(text) == 302


def test_a_read_only_workspace_folder_can_be_read(tmp_path, ws):
    script = (f"mount --bind {ws} {ws}\nmount -o remount,ro,bind {ws}\n"
              f"{sys.executable} -c 'from outsource.cli import main; main()' profile "
              f"--workspace {ws} --json")
    out = in_namespace(script)
    assert out.returncode == 0, out.stderr
    assert _offered(out.stdout) == 2


def test_the_web_server_does_not_lock_out_a_cli_import(tmp_path, ws):
    """The server keeps no database file open: a CLI import runs beside it."""
    from fastapi.testclient import TestClient

    from outsource.data.db import close_all
    from outsource.settings import get_settings
    from outsource.web.app import create_app

    app = create_app(get_settings(workspace=ws))
    try:
        with TestClient(app, base_url="https://testserver") as client:
            assert client.get("/healthz").status_code == 200
            done = subprocess.run([*ENTRY, "import", str(_log(tmp_path / "b.csv", 500, 5)),
                                   "--workspace", str(ws)], capture_output=True, text=True,
                                  timeout=120)
            assert done.returncode == 0, done.stderr
            assert "imported 5" in done.stdout
    finally:
        close_all()
