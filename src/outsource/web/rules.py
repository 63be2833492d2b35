"""Authorization rules of the web app: one rule per route, declared as data.

Every route has a name (``name="imports.page"``) and :data:`ROUTE_RULES`
maps that name to the permission it requires (a key of
:data:`outsource.services.authz.PERMISSIONS`) or to :data:`PUBLIC`. The
app-wide guard (:func:`outsource.web.deps.guard`) looks the matched route up
here before anything else runs; a route with **no rule is refused** (403), and
``tests/web/test_authorization.py`` fails for it, so a new page cannot ship
without saying who may use it.

A later page adds its route with a name and one line here, e.g.
``"monitoring.page": "monitoring.read"`` (and the permission in ``authz``).
"""

from __future__ import annotations

#: Anyone, logged in or not (the login form, health check, static files).
PUBLIC = "public"

ROUTE_RULES: dict[str, str] = {
    # sessions
    "auth.login_page": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": "self",
    "auth.me": "self",
    "health": PUBLIC,
    "home.page": "self",
    # imports
    "imports.page": "imports.read",
    "imports.upload_form": "imports.create",
    "imports.report_page": "imports.read",
    "imports.rejects_csv": "imports.read",
    "imports.list": "imports.read",
    "imports.create": "imports.create",
    "imports.get": "imports.read",
    # jobs
    "jobs.page": "jobs.read",
    "jobs.detail_page": "jobs.read",
    "jobs.progress_fragment": "jobs.read",
    "jobs.list": "jobs.read",
    "jobs.get": "jobs.read",
    # users
    "users.page": "users.read",
    "users.create_form": "users.manage",
    "users.active_form": "users.manage",
    "users.list": "users.read",
    "users.create": "users.manage",
    # audit log
    "audit.page": "audit.read",
    "audit.list": "audit.read",
    # reports
    "reports.page": "reports.read",
    "reports.plan_form": "reports.create",
    "reports.detail_page": "reports.read",
    "reports.file": "reports.read",
    "reports.create": "reports.create",
}

#: Mounted apps (not routes) and why they need no login.
PUBLIC_MOUNTS = {"static": "vendored JS, CSS: no data"}

#: FastAPI's own documentation routes.
FRAMEWORK_ROUTES = {"openapi": PUBLIC}


def rule_for(name: str | None) -> str | None:
    """The rule of the route called ``name`` (``None``: none declared)."""
    if name is None:
        return None
    return ROUTE_RULES.get(name, FRAMEWORK_ROUTES.get(name))
