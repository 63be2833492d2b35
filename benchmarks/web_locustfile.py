"""Locust users for benchmarks/web.py: people on the imports page, scripts on its API.

``PageUser`` takes one of the sessions benchmarks/web.py logged in before the
timed run (``BENCH_SESSIONS``: session cookies, comma-separated; logging in
costs an argon2 hash, about 0.2 s of CPU each, measured there separately) and
opens the imports page and an import's report; ``ApiUser`` sends a bearer
token (``BENCH_TOKEN``) and reads the same data from the JSON API. Think time
0.5-1.5 s, as a person clicking.
"""

from __future__ import annotations

import itertools
import os

from locust import HttpUser, between, task

_SESSIONS = itertools.cycle(os.environ.get("BENCH_SESSIONS", "").split(","))


class PageUser(HttpUser):
    """A person on the imports pages."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.cookies.set("outsource_session", next(_SESSIONS))

    @task(3)
    def imports_page(self) -> None:
        self.client.get("/imports", name="page /imports")

    @task(1)
    def report_page(self) -> None:
        self.client.get(f"/imports/{os.environ['BENCH_IMPORT']}", name="page /imports/{id}")


class ApiUser(HttpUser):
    """A script reading the imports API with a bearer token."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {os.environ['BENCH_TOKEN']}"

    @task(3)
    def list_imports(self) -> None:
        self.client.get("/api/imports", name="api /api/imports")

    @task(1)
    def one_import(self) -> None:
        self.client.get(f"/api/imports/{os.environ['BENCH_IMPORT']}?limit=200",
                        name="api /api/imports/{id}")
