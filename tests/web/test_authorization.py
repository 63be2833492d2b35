"""Every route has a rule, and every role gets what its rule says (table-driven).

The table is the app itself: each registered route and method, requested as
each role and anonymously. A route added without a rule in
``outsource.web.rules.ROUTE_RULES`` makes ``test_every_route_has_a_rule``
fail (and the guard refuses it with 403 meanwhile).
"""

from __future__ import annotations

import re

import pytest

from outsource.services.authz import PERMISSIONS, ROLES
from outsource.web.rules import FRAMEWORK_ROUTES, PUBLIC, PUBLIC_MOUNTS, ROUTE_RULES, rule_for

#: Sample values for path parameters: ids and names that do not exist (404 for the allowed).
SAMPLES = {"import_id": "999", "job_id": "999", "run_id": "999", "dispute_id": "999",
           "name": "acme-manila", "vendor": "acme-manila"}
ROLE_USER = {"admin": "admin", "analyst": "analyst", "viewer": "viewer", "vendor": "acme"}


def route_table(app) -> list[tuple[str | None, str, str, bool]]:  # type: ignore[no-untyped-def]
    """(name, path, method, is_api_route) of every route and method of ``app``."""
    from fastapi.routing import APIRoute
    from starlette.routing import Mount

    from outsource.web.app import routes

    out = []
    for r in routes(app):
        if isinstance(r.original_route, Mount):
            out.append((r.name, r.path, "MOUNT", False))
            continue
        for method in sorted((r.methods or set()) - {"HEAD"}):
            out.append((r.name, r.path, method, isinstance(r.original_route, APIRoute)))
    return out


def missing_rules(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Routes of ``app`` with no declared rule."""
    missing = []
    for name, path, method, api in route_table(app):
        if method == "MOUNT":
            if name not in PUBLIC_MOUNTS:
                missing.append(f"mount {path} ({name})")
        elif (rule_for(name) if api else FRAMEWORK_ROUTES.get(name or "")) is None:
            missing.append(f"{method} {path} ({name})")
    return missing


def test_every_route_has_a_rule(app):
    assert missing_rules(app) == []


def test_rules_name_known_permissions_and_existing_routes(app):
    names = {name for name, *_ in route_table(app)}
    assert set(ROUTE_RULES) <= names, "rules for routes that do not exist"
    assert {r for r in ROUTE_RULES.values() if r != PUBLIC} <= set(PERMISSIONS)
    assert set().union(*PERMISSIONS.values()) <= set(ROLES)


def test_a_route_without_a_rule_is_caught_and_refused(make_app):
    from fastapi import APIRouter
    from fastapi.testclient import TestClient

    app = make_app()
    extra = APIRouter()

    @extra.get("/api/forgotten", name="forgotten.route")
    def forgotten() -> dict[str, str]:
        return {"secret": "data"}

    app.include_router(extra)
    assert missing_rules(app) == ["GET /api/forgotten (forgotten.route)"]
    with TestClient(app, base_url="https://testserver") as client:
        res = client.get("/api/forgotten")
        assert res.status_code == 403 and "no authorization rule" in res.json()["message"]


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLES.get(m.group(1), "x"), path)


@pytest.mark.parametrize("role", [*ROLES, None])
def test_each_role_gets_what_the_rule_says(app, client_for, role):
    client = client_for(ROLE_USER[role] if role else None)
    rows = [r for r in route_table(app) if r[2] != "MOUNT" and r[3]]
    rows.sort(key=lambda r: r[0] == "auth.logout")  # logging out last
    failures = []
    for name, path, method, _ in rows:
        rule = rule_for(name)
        res = client.request(method, _url(path), follow_redirects=False)
        api = path.startswith("/api/")
        if rule == PUBLIC:
            ok = res.status_code not in (401, 403) or name == "auth.login"
            want = "not 401/403"
        elif role is None:
            ok = (res.status_code == 401) if api else (
                res.status_code == 303 and res.headers["location"].startswith("/login"))
            want = "401" if api else "303 to /login"
        elif role in PERMISSIONS[rule]:
            ok = res.status_code not in (401, 403)
            want = "allowed"
        else:
            ok = res.status_code == 403
            want = "403"
        if not ok:
            failures.append(f"{role} {method} {path} ({name}, rule {rule}): "
                            f"{res.status_code}, want {want}")
    assert failures == []
