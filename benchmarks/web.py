"""Load test of the web app: 50 concurrent clients for 30 s on loopback (issue 15).

Seeds a workspace: the demo's (``outsource demo``'s seed steps: scenario,
vendors, contracts, six months of the three vendors' logs, ...), an analyst,
an API token, and four imports of 20,000 rows each with 1 % bad rows; starts
``outsource serve`` in its own process on a free port, and runs Locust
headless against it, once per measured area (``--areas``, default both):

- ``monitoring``: half the clients are people on the vendors' monitoring pages
  (session cookie), half are scripts on ``/api/monitoring/{vendor}`` (bearer
  token); the first request of each vendor (the KPI pipeline, before the
  cache holds it) is timed separately before the run;
- ``imports``: the imports page and an import's report, and their API.

Prints requests, failures, p50/p95 latency per endpoint, the page side against
the API side, p95 against the goal (200 ms) and the load average. Run:
``.venv/bin/python benchmarks/web.py [--users 50] [--seconds 30]
[--areas monitoring,imports]``.
"""

from __future__ import annotations

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
GOAL_P95_MS = 200.0
PASSWORD = "bench-password-1"


def _log(path: Path, n: int, seed: int) -> None:
    import numpy as np

    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-05-01T08:00:00")
    arrivals = start + np.sort(rng.integers(0, 30 * 86400, n)).astype("timedelta64[s]")
    outcome = np.where(rng.random(n) < 0.06, "abandoned", "answered")
    handle = rng.gamma(2.0, 120.0, n).round(1).astype(str)
    bad = rng.random(n) < 0.01
    handle[bad] = "n/a"
    with path.open("w") as fh:
        fh.write("id,arrived_at,outcome,handle_s,wait_s\n")
        for i in range(n):
            fh.write(f"s{seed}-{i},{arrivals[i]}Z,{outcome[i]},{handle[i]},"
                     f"{rng.exponential(20):.1f}\n")


def seed(ws: Path) -> tuple[str, int]:
    """The demo, users, token and imports; (API token, id of an import to open)."""
    from outsource.schemas.users import UserCreate
    from outsource.services import auth, users
    from outsource.services.demo import SEED_STEPS
    from outsource.services.ingest import import_file
    from outsource.services.workspace import open_workspace

    workspace = open_workspace(ws)
    for step in SEED_STEPS:
        if step.name != "users":
            step.run(workspace)
    if "vendor-logs" not in {s.name for s in SEED_STEPS}:  # before the demo had them
        import numpy as np

        from outsource.data import synthetic

        synthetic.store(ws, synthetic.generate(np.random.default_rng(20260501)), "bench")
    operator = users.cli_principal()
    users.add_user(workspace, operator, UserCreate(name="bench", role="analyst",
                                                   password=PASSWORD))
    token = auth.issue_token(workspace, operator, "bench", "load test").token
    last = 0
    for k in range(4):
        log = ws / f"log-{k}.csv"
        _log(log, 20_000, k)
        last = import_file(log, ws).import_id
    return token, last


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


def _sessions(url: str, n: int) -> tuple[list[str], list[float]]:
    """Log in ``n`` times through the form; (session cookies, seconds per login)."""
    import re

    import httpx

    cookies, took = [], []
    for _ in range(n):
        with httpx.Client(base_url=url, follow_redirects=False) as client:
            form = client.get("/login")
            token = re.search(r'name="login_token" value="([^"]+)"', form.text).group(1)
            started = time.perf_counter()
            res = client.post("/login", data={"name": "bench", "password": PASSWORD,
                                              "login_token": token, "next": "/"})
            took.append(time.perf_counter() - started)
            assert res.status_code == 303, res.text
            cookies.append(client.cookies["outsource_session"])
    return cookies, took


def _stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", newline="") as fh:
        return list(csv.DictReader(fh))


LOCUSTFILES = {"monitoring": "web_monitoring_locustfile.py", "imports": "web_locustfile.py"}


def _cold(url: str, token: str) -> list[tuple[str, float, int]]:
    """The first request of each vendor's monitoring API (the pipeline runs once)."""
    import httpx

    out = []
    with httpx.Client(base_url=url, timeout=600,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        for v in ("andes-bogota", "acme-manila", "prairie-ohio"):
            started = time.perf_counter()
            res = client.get(f"/api/monitoring/{v}")
            out.append((v, time.perf_counter() - started, res.status_code))
    return out


def _report(area: str, rows: list[dict], users: int, seconds: int) -> None:
    print(f"\n[{area}] {users} clients for {seconds} s on loopback "
          f"(think time 0.5-1.5 s; server: outsource serve, 1 process)")
    print(f"{'endpoint':30} {'requests':>9} {'failures':>9} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'req/s':>7}")
    sides: dict[str, list[dict]] = {"page": [], "api": []}
    for r in rows:
        if r["Name"] == "Aggregated":
            continue
        print(f"{r['Name']:30} {int(r['Request Count']):>9,} {int(r['Failure Count']):>9,} "
              f"{float(r['50%']):>8.0f} {float(r['95%']):>8.0f} {float(r['Requests/s']):>7.1f}")
        side = r["Name"].split(" ", 1)[0]
        if side in sides:
            sides[side].append(r)
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(f"{'all':30} {int(total['Request Count']):>9,} {int(total['Failure Count']):>9,} "
          f"{float(total['50%']):>8.0f} {float(total['95%']):>8.0f} "
          f"{float(total['Requests/s']):>7.1f}")
    main_rows = [r for side in sides.values() for r in side]
    p95 = max(float(r["95%"]) for r in main_rows)
    page_p95 = max(float(r["95%"]) for r in sides["page"])
    api_p95 = max(float(r["95%"]) for r in sides["api"])
    failures = sum(int(r["Failure Count"]) for r in rows)
    print(f"page p95 {page_p95:.0f} ms vs API p95 {api_p95:.0f} ms: ratio "
          f"{page_p95 / api_p95:.2f}")
    print(f"worst p95 {p95:.0f} ms vs goal {GOAL_P95_MS:.0f} ms: ratio {p95 / GOAL_P95_MS:.2f}; "
          f"failures {failures} (goal 0)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--areas", default="monitoring,imports",
                    help="comma-separated: monitoring, imports")
    args = ap.parse_args()
    areas = [a.strip() for a in args.areas.split(",") if a.strip()]
    unknown = set(areas) - set(LOCUSTFILES)
    if unknown:
        ap.error(f"unknown area(s): {', '.join(sorted(unknown))}")
    results: dict[str, list[dict]] = {}
    loads: dict[str, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="outsource-bench-") as tmp:
        ws = Path(tmp) / "ws"
        started = time.perf_counter()
        token, import_id = seed(ws)
        seed_s = time.perf_counter() - started
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        # Locust's client is plain HTTP: let the session cookie travel without TLS
        env = {**os.environ, "OUTSOURCE_COOKIE_SECURE": "false"}
        log = (Path(tmp) / "server.log").open("w")
        server = subprocess.Popen([str(BIN / "outsource"), "serve", "--workspace", str(ws),
                                   "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=log)
        try:
            _wait(url, server)
            sessions, login_s = _sessions(url, (args.users + 1) // 2)
            cold = _cold(url, token) if "monitoring" in areas else []
            for area in areas:
                prefix = Path(tmp) / f"locust-{area}"
                env = {**os.environ, "BENCH_SESSIONS": ",".join(sessions),
                       "BENCH_TOKEN": token, "BENCH_IMPORT": str(import_id)}
                subprocess.run([str(BIN / "locust"), "-f", str(HERE / LOCUSTFILES[area]),
                                "--headless", "--users", str(args.users),
                                "--spawn-rate", str(args.users), "--run-time",
                                f"{args.seconds}s", "--host", url, "--csv", str(prefix),
                                "--only-summary", "--loglevel", "WARNING"],
                               env=env, check=False, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                loads[area] = os.getloadavg()
                results[area] = _stats(prefix)
        finally:
            server.terminate()
            server.wait(30)
            log.close()
    print(f"seeded in {seed_s:.0f} s (the demo workspace and four 20,000-row imports)")
    for v, took, status in cold:
        print(f"first /api/monitoring/{v}: {took * 1000:,.0f} ms (HTTP {status}; the KPI "
              "pipeline, then cached)")
    for area in areas:
        _report(area, results[area], args.users, args.seconds)
        one, five, fifteen = loads[area]
        print(f"load average at the end: {one:.2f} {five:.2f} {fifteen:.2f} "
              f"({os.cpu_count()} cores, shared)")
    login_s.sort()
    print(f"\nlogins before the runs: {len(login_s)}, median {login_s[len(login_s) // 2]:.2f} s "
          "each (argon2id, t=3, 64 MiB: on purpose)")


if __name__ == "__main__":
    main()
