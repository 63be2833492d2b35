"""Latency of the plan, vendor, contract and exit pages, each beside its JSON API (issue 15).

Seeds the demo's scenario, vendors, test calls and contracts into a fresh
workspace (no contact log), starts ``outsource serve`` in its own process on a
free port, and requests each page and the API route that serves the same data
``--repeat`` times, one at a time (after one warm-up request): the time a person
waits for the page against the time a script waits for its data. Then a plan
run: ``POST /api/plans`` until its job has succeeded, against the whole
``outsource plan`` process on the same scenario and draws. Prints medians and
the ratios. Run: ``.venv/bin/python benchmarks/web_pages.py [--repeat 5]
[--draws 10000]``.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
#: (label, page path, API path serving the same data)
PAIRS = [("plan page", "/plan", "/api/plans"),
         ("advice", "/advice", "/api/advice"),
         ("vendors", "/vendors", "/api/vendors"),
         ("vendor detail", "/vendors/andes-bogota", "/api/vendors/andes-bogota"),
         ("scorecard", "/scorecard", "/api/scorecard"),
         ("contract", "/contracts/andes-bogota", "/api/contracts/andes-bogota"),
         ("exit plans", "/exit", "/api/exit-plans")]


def seed(ws: Path) -> str:
    """The demo's scenario, vendors, test calls and contracts; an analyst's API token."""
    from outsource.schemas.users import UserCreate
    from outsource.services import auth, users
    from outsource.services.demo import SEED_STEPS
    from outsource.services.workspace import open_workspace

    workspace = open_workspace(ws)
    for step in SEED_STEPS:
        if step.name in ("scenario", "decision-rights", "vendors", "test-calls", "contracts"):
            step.run(workspace)
    operator = users.cli_principal()
    users.add_user(workspace, operator, UserCreate(name="bench", role="analyst",
                                                   password="bench-password-1"))
    return auth.issue_token(workspace, operator, "bench", "page timings").token


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def _timed(client, path: str, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """Median seconds of ``repeat`` GETs of ``path`` (after one warm-up)."""
    assert client.get(path).status_code == 200, path
    took = []
    for _ in range(repeat):
        started = time.perf_counter()
        res = client.get(path)
        took.append(time.perf_counter() - started)
        assert res.status_code == 200, (path, res.status_code)
    return statistics.median(took)


def _plan_job(client, draws: int) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    job = client.post("/api/plans", data={"draws": str(draws)}).json()
    while job["status"] not in ("succeeded", "failed"):
        time.sleep(0.05)
        job = client.get(f"/api/jobs/{job['id']}").json()
    assert job["status"] == "succeeded", job
    return time.perf_counter() - started


def main() -> None:
    import httpx

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--draws", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        token = seed(ws)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("OUTSOURCE_")}
        server = subprocess.Popen([str(BIN / "outsource"), "serve", "--workspace", str(ws),
                                   "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            _wait(url, server)
            with httpx.Client(base_url=url, timeout=120,
                              headers={"Authorization": f"Bearer {token}"}) as client:
                rows = [(label, _timed(client, page, args.repeat),
                         _timed(client, api, args.repeat)) for label, page, api in PAIRS]
                web_plan = statistics.median(_plan_job(client, args.draws) for _ in range(3))
        finally:
            server.terminate()
            server.wait(30)
        cli = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([str(BIN / "outsource"), "plan", str(ws / "scenario" /
                                                                 "northwind.yaml"),
                            "--draws", str(args.draws), "--json"], check=True, env=env,
                           stdout=subprocess.DEVNULL)
            cli.append(time.perf_counter() - started)
    print(f"medians of {args.repeat} sequential requests each, one server process "
          f"(load average {os.getloadavg()[0]:.2f})")
    print(f"{'page':<16}{'page [ms]':>11}{'API [ms]':>11}{'page/API':>10}")
    for label, page_s, api_s in rows:
        print(f"{label:<16}{page_s * 1e3:>11.0f}{api_s * 1e3:>11.0f}{page_s / api_s:>10.2f}")
    cli_s = statistics.median(cli)
    print(f"plan of the demo scenario, {args.draws:,} draws: web job (POST to succeeded) "
          f"{web_plan:.2f} s, outsource plan (whole process) {cli_s:.2f} s, "
          f"web/CLI {web_plan / cli_s:.2f}")


if __name__ == "__main__":
    main()
