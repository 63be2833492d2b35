"""Locust users for benchmarks/web.py: people on the monitoring pages, scripts on its API.

``PageUser`` takes a session logged in before the timed run (``BENCH_SESSIONS``)
and opens the monitoring page of each demo vendor in turn (andes-bogota, the
one missing its target, twice as often); ``ApiUser`` sends a bearer token
(``BENCH_TOKEN``) and reads ``/api/monitoring/{vendor}``. Think time 0.5-1.5 s.
"""

from __future__ import annotations

import itertools
import os
import random

from locust import HttpUser, between, task

_SESSIONS = itertools.cycle(os.environ.get("BENCH_SESSIONS", "").split(","))
VENDORS = ("andes-bogota", "andes-bogota", "acme-manila", "prairie-ohio")


class PageUser(HttpUser):
    """A person on the monitoring pages."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.cookies.set("outsource_session", next(_SESSIONS))

    @task
    def vendor_page(self) -> None:
        self.client.get(f"/monitoring/{random.choice(VENDORS)}", name="page /monitoring/{v}")


class ApiUser(HttpUser):
    """A script reading the monitoring API with a bearer token."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {os.environ['BENCH_TOKEN']}"

    @task
    def vendor_api(self) -> None:
        self.client.get(f"/api/monitoring/{random.choice(VENDORS)}",
                        name="api /api/monitoring/{v}")
