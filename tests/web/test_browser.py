"""Browser tests: Debian's Chromium driven by Playwright against the app on uvicorn.

The app is served on 127.0.0.1 on a free port (a socket bound here and handed
to uvicorn) in a thread for this module, and stopped at its end; Chromium runs
headless with the flags of shared/stack-notes.md. The session cookie keeps its
default ``Secure`` flag: Chromium treats http://127.0.0.1 as a secure context
and keeps it (checked below). Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
BAD_ROWS = ("id,arrived_at,outcome,handle_s,vendor\n"
            "w1,2026-05-04T13:00:00Z,answered,240,\n"
            "w2,not-a-time,answered,240,\n"
            "w3,2026-05-04T13:02:00Z,hung-up,240,\n"
            "w4,2026-05-04T13:03:00Z,answered,240,andes-bogota\n"
            "w5,2026-05-04T13:04:00Z,abandoned,,\n")


@contextmanager
def served(workspace: Path) -> Iterator[dict]:
    """The app on ``workspace`` served by uvicorn on 127.0.0.1:<free port>, then stopped."""
    import uvicorn

    from outsource.data.db import close_all
    from outsource.settings import get_settings
    from outsource.web.app import create_app

    app = create_app(get_settings(workspace=workspace))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield {"url": f"http://127.0.0.1:{port}", "app": app}
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
        close_all()


@pytest.fixture(scope="module")
def live(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The app served by uvicorn on 127.0.0.1:<free port> (module-wide)."""
    path = tmp_path_factory.mktemp("live") / "ws"
    shutil.copytree(seeded_template, path)
    with served(path) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium (``make sysdeps`` installs it)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make sysdeps` (Debian package chromium)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, live):  # type: ignore[no-untyped-def]
    """A fresh browser context and page; every request it makes is recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.requests = []  # type: ignore[attr-defined]
    tab.errors = []  # type: ignore[attr-defined]
    tab.on("request", lambda req: tab.requests.append(req.url))  # type: ignore[attr-defined]
    tab.on("console", lambda msg: msg.type == "error" and tab.errors.append(msg.text))  # type: ignore[attr-defined]
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))  # type: ignore[attr-defined]
    yield tab
    context.close()


def shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(tab, live: dict, name: str, start: str = "/") -> None:  # type: ignore[no-untyped-def]
    tab.goto(live["url"] + start)
    assert "/login" in tab.url
    tab.fill("input[name=name]", name)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(re.compile(re.escape(live["url"] + start) + r"$"))


def test_upload_with_bad_rows_shows_progress_then_the_reject_report(page, live, tmp_path):
    log_in(page, live, "analyst", "/imports")
    cookie = next(c for c in page.context.cookies() if c["name"] == "outsource_session")
    assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    log = tmp_path / "week-19.csv"
    log.write_text(BAD_ROWS)
    page.set_input_files("input[name=file]", str(log))
    page.click("text=Upload and import")
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    done = page.wait_for_selector(".job[data-status=succeeded]")
    bar = done.query_selector("[role=progressbar]")
    assert bar.get_attribute("aria-valuenow") == "100"
    assert "imported 3, rejected 2" in done.inner_text()
    shot(page, "job-progress-done")

    # leave the job and come back to it from the jobs list
    job_url = page.url
    page.click("nav >> text=Jobs")
    page.click(f"a[href='{job_url.removeprefix(live['url'])}'] >> nth=0")
    page.wait_for_selector(".job[data-status=succeeded]")

    page.click("text=See the result")
    page.wait_for_url(re.compile(r"/imports/\d+$"))
    rows = page.locator("table.rejects tbody tr").all_inner_texts()
    assert [r.split("\t")[:2] for r in rows] == [["3", "arrived_at"], ["4", "outcome"]]
    assert "not-a-time" in rows[0] and "hung-up" in rows[1]
    page.wait_for_selector("figure.chart[data-drawn=yes] svg")  # vega drew it, offline
    shot(page, "import-reject-report")
    assert all(u.startswith(live["url"]) for u in page.requests), "a request left the machine"
    assert page.errors == []  # no script errors, no Content-Security-Policy violations


def test_vendor_user_is_refused_another_vendors_import(page, live):
    import io

    from outsource.schemas.users import Principal
    from outsource.services import imports, jobs

    st = live["app"].state.outsource
    andes = Principal(user_id=None, name="andes", role="vendor", vendor="andes-bogota")
    job = imports.start_import(st.ws, st.runner, andes, filename="andes-may.csv",
                               data=io.BytesIO(b"id,arrived_at,outcome\n"
                                               b"b9,2026-05-04T13:00:00Z,answered\n"))
    st.runner.wait(job.id)
    theirs = int(jobs.get(st.ws, andes, job.id).result_ref.split(":")[1])

    log_in(page, live, "acme", "/imports")
    assert "andes-may.csv" not in page.content()
    assert "acme-manila" in page.inner_text("header")
    response = page.goto(f"{live['url']}/imports/{theirs}")
    assert response.status == 403
    assert "Not allowed" in page.inner_text("h1")
    assert "belongs to another vendor" in page.inner_text("main")
    shot(page, "vendor-refused")
    response = page.goto(f"{live['url']}/jobs/{job.id}")
    assert response.status == 403
