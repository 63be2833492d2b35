"""Fixtures of the web tests: a seeded workspace, an app per test, logged-in clients.

The workspace has the demo's vendors ``acme-manila`` and ``andes-bogota`` and
one user per role: ``admin``, ``analyst``, ``viewer``, ``acme`` (vendor
acme-manila) and ``andes`` (vendor andes-bogota), all with :data:`PASSWORD`.
Clients talk to ``https://testserver`` so the ``Secure`` session cookie is sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

PASSWORD = "correct-horse-1"
USERS = {"admin": ("admin", None), "analyst": ("analyst", None), "viewer": ("viewer", None),
         "acme": ("vendor", "acme-manila"), "andes": ("vendor", "andes-bogota")}
ROLE_USER = {"admin": "admin", "analyst": "analyst", "viewer": "viewer", "vendor": "acme"}

GOOD_LOG = (b"id,arrived_at,outcome,handle_s,vendor\n"
            b"c1,2026-05-04T13:00:00Z,answered,240,\n"
            b"c2,2026-05-04T13:01:00Z,abandoned,,\n")


#: The app's own hasher factory, kept while the tests use a cheap one.
REAL_HASHER: list = []


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[None]:
    """argon2id with small parameters in these tests (the real ones take 0.2 s a hash here).

    ``test_production_hasher_parameters`` checks the parameters the app really uses.
    """
    from argon2 import PasswordHasher

    from outsource.services import users

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    REAL_HASHER.append(users.hasher)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(users, "hasher", lambda: cheap)
        yield


def seed(workspace: Path) -> None:
    """Vendors and one user per role in ``workspace``."""
    from outsource.data.db.models.vendors import Vendor
    from outsource.data.db.repositories import VendorRepository
    from outsource.schemas.users import UserCreate
    from outsource.services import users
    from outsource.services.workspace import open_workspace

    ws = open_workspace(workspace)
    with ws.transaction() as session:
        repo = VendorRepository(session)
        repo.add(Vendor(name="acme-manila", regions=["asia_philippines"]))
        repo.add(Vendor(name="andes-bogota", regions=["latin_america"]))
    operator = users.cli_principal()
    for name, (role, vendor) in USERS.items():
        users.add_user(ws, operator, UserCreate(name=name, role=role, vendor=vendor,
                                                password=PASSWORD))


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded workspace made once (hashing passwords takes time); tests copy it."""
    from outsource.data.db import close_all

    path = tmp_path_factory.mktemp("seeded") / "ws"
    seed(path)
    close_all()
    return path


@pytest.fixture
def workspace(seeded_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the seeded workspace."""
    import shutil

    dest = tmp_path / "ws"
    shutil.copytree(seeded_template, dest)
    return dest


@pytest.fixture
def make_app(workspace: Path) -> Iterator[Callable[..., object]]:
    """Build the app on the test's workspace, with settings overrides."""
    from outsource.data.db import close_all
    from outsource.settings import get_settings
    from outsource.web.app import create_app

    def build(**overrides: object):  # type: ignore[no-untyped-def]
        return create_app(get_settings(workspace=workspace, **overrides))

    yield build
    close_all()


@pytest.fixture
def app(make_app):  # type: ignore[no-untyped-def]
    """The app with default settings."""
    return make_app()


def login_token(client) -> str:  # type: ignore[no-untyped-def]
    """The hidden token of a fresh login form."""
    page = client.get("/login")
    return re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)


def log_in(client, name: str, password: str = PASSWORD) -> str:  # type: ignore[no-untyped-def]
    """Log ``client`` in as ``name``; the session's CSRF token."""
    res = client.post("/login", data={"name": name, "password": password,
                                      "login_token": login_token(client), "next": "/"})
    assert res.status_code == 200, res.text[:500]
    return csrf_of(client)


def csrf_of(client) -> str:  # type: ignore[no-untyped-def]
    """The CSRF token the pages give a logged-in client."""
    page = client.get("/")
    found = re.search(r'"X-CSRF-Token": "([^"]+)"', page.text)
    assert found, "not logged in"
    return found.group(1)


@pytest.fixture
def client_for(app) -> Iterator[Callable[[str | None], object]]:  # type: ignore[no-untyped-def]
    """``client_for("analyst")``: a TestClient logged in as that user (None: anonymous)."""
    from fastapi.testclient import TestClient

    opened = []

    def make(name: str | None = None):  # type: ignore[no-untyped-def]
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        opened.append(client)
        if name is not None:
            client.headers["X-CSRF-Token"] = log_in(client, name)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


def wait_job(app, job_id: int) -> None:  # type: ignore[no-untyped-def]
    """Block until the app's runner has finished job ``job_id``."""
    app.state.outsource.runner.wait(int(job_id), 60)


def upload(client, data: bytes = GOOD_LOG, name: str = "calls.csv",  # type: ignore[no-untyped-def]
           **form: str) -> dict:
    """POST an import through the API; the job (202)."""
    res = client.post("/api/imports", files={"file": (name, data, "text/csv")}, data=form)
    assert res.status_code == 202, res.text
    assert res.headers["location"] == f"/api/jobs/{res.json()['id']}"
    return res.json()


#: The demo's seed steps the pages of plan, vendors, contracts and exit plans need
#: (the contact log, slow to import, and the demo users are left out).
DEMO_STEPS = ("scenario", "decision-rights", "vendors", "test-calls", "contracts")
DEMO_USERS = {**USERS, "prairie": ("vendor", "prairie-ohio")}


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the demo's scenario, vendors, test calls and contracts, and one user
    per role (``USERS`` with :data:`PASSWORD`, plus ``prairie`` of prairie-ohio)."""
    from outsource.data.db import close_all
    from outsource.schemas.users import UserCreate
    from outsource.services import users
    from outsource.services.demo import SEED_STEPS
    from outsource.services.workspace import open_workspace

    path = tmp_path_factory.mktemp("demo") / "ws"
    ws = open_workspace(path)
    for step in SEED_STEPS:
        if step.name in DEMO_STEPS:
            step.run(ws)
    for name, (role, vendor) in DEMO_USERS.items():
        users.add_user(ws, users.cli_principal(), UserCreate(name=name, role=role,
                                                             vendor=vendor, password=PASSWORD))
    close_all()
    return path


@pytest.fixture
def demo_app(demo_template: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The app on a fresh copy of the demo workspace."""
    import shutil

    from outsource.data.db import close_all
    from outsource.settings import get_settings
    from outsource.web.app import create_app

    dest = tmp_path / "demo"
    shutil.copytree(demo_template, dest)
    app = create_app(get_settings(workspace=dest))
    yield app
    app.state.outsource.runner.shutdown()
    close_all()


@pytest.fixture
def demo_client(demo_app) -> Iterator[Callable[[str | None], object]]:  # type: ignore[no-untyped-def]
    """``demo_client("analyst")``: a TestClient of :func:`demo_app` logged in as that user."""
    from fastapi.testclient import TestClient

    opened = []

    def make(name: str | None = None):  # type: ignore[no-untyped-def]
        client = TestClient(demo_app, base_url="https://testserver")
        client.__enter__()
        opened.append(client)
        if name is not None:
            client.headers["X-CSRF-Token"] = log_in(client, name)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


#: Contacts per vendor and month of the monitoring tests' logs (the demo's profiles, fewer
#: contacts: andes-bogota still drifts below its 80 % service-level target).
MONITORING_CONTACTS = 3_000


@pytest.fixture(scope="session")
def monitoring_template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """:func:`demo_template` with six months of the vendors' logs (the demo's profiles and
    seed, :data:`MONITORING_CONTACTS` a month each) and the demo's acme-manila invoice
    for 2026-10 (one line overbilled), for the monitoring pages."""
    import shutil

    import numpy as np

    from outsource.data import synthetic
    from outsource.data.db import close_all
    from outsource.services import demo
    from outsource.services.workspace import open_workspace

    path = tmp_path_factory.mktemp("monitoring") / "ws"
    shutil.copytree(demo_template, path)
    profiles = synthetic.with_volume(demo.demo_vendor_profiles(), MONITORING_CONTACTS)
    synthetic.store(path, synthetic.generate(np.random.default_rng(demo.LOGS_SEED), profiles,
                                             demo.LOGS_START, demo.LOGS_MONTHS,
                                             demo.BUSINESS_HOURS), "monitoring-tests")
    demo.seed_invoice(open_workspace(path))
    close_all()
    return path


@pytest.fixture
def monitoring_client(monitoring_template: Path, tmp_path: Path
                      ) -> Iterator[Callable[[str | None], object]]:
    """``monitoring_client("analyst")``: a logged-in TestClient of an app on a fresh copy of
    :func:`monitoring_template` (the page's result cache emptied first)."""
    import shutil

    from fastapi.testclient import TestClient

    from outsource.data.db import close_all
    from outsource.services.monitoring_page import CACHE
    from outsource.settings import get_settings
    from outsource.web.app import create_app

    dest = tmp_path / "mon"
    shutil.copytree(monitoring_template, dest)
    CACHE.clear()
    app = create_app(get_settings(workspace=dest))
    opened = []

    def make(name: str | None = None):  # type: ignore[no-untyped-def]
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        opened.append(client)
        if name is not None:
            client.headers["X-CSRF-Token"] = log_in(client, name)
        return client

    make.app = app  # type: ignore[attr-defined]
    yield make
    for client in opened:
        client.__exit__(None, None, None)
    app.state.outsource.runner.shutdown()
    close_all()
