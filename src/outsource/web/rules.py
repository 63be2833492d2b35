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
    # plan
    "plan.page": "plan.read",
    "plan.run_form": "plan.run",
    "plan.run_page": "plan.read",
    "plan.save_form": "scenario.write",
    "plan.scenario": "plan.read",
    "plan.list": "plan.read",
    "plan.create": "plan.run",
    "plan.get": "plan.read",
    "plan.save": "scenario.write",
    # advice
    "advice.page": "advice.read",
    "advice.get": "advice.read",
    # vendors
    "vendors.page": "vendors.read",
    "vendors.create_form": "vendors.manage",
    "vendors.testcalls_form": "vendors.manage",
    "vendors.detail_page": "vendors.read",
    "vendors.quote_form": "vendors.manage",
    "vendors.testcall_form": "vendors.manage",
    "vendors.brief_page": "vendors.read",
    "vendors.scorecard_page": "scorecard.read",
    "vendors.list": "vendors.read",
    "vendors.create": "vendors.manage",
    "vendors.get": "vendors.read",
    "vendors.quote": "vendors.manage",
    "vendors.testcall": "vendors.manage",
    "vendors.testcalls_import": "vendors.manage",
    "vendors.brief": "vendors.read",
    "vendors.scorecard": "scorecard.read",
    # contracts
    "contract.page": "contracts.read",
    "contract.upload_form": "contracts.manage",
    "contract.detail_page": "contracts.read",
    "contract.schedule_page": "contracts.read",
    "contract.list": "contracts.read",
    "contract.get": "contracts.read",
    "contract.create": "contracts.manage",
    # monitoring
    "monitoring.page": "monitoring.read",
    "monitoring.vendor_page": "monitoring.read",
    "monitoring.overview": "monitoring.read",
    "monitoring.get": "monitoring.read",
    # disputes
    "disputes.file_form": "disputes.file",
    "disputes.decide_form": "disputes.decide",
    "disputes.list": "disputes.read",
    "disputes.create": "disputes.file",
    "disputes.get": "disputes.read",
    "disputes.decide": "disputes.decide",
    # exit plans
    "exit.page": "exit.read",
    "exit.detail_page": "exit.read",
    "exit.list": "exit.read",
    "exit.get": "exit.read",
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
    "reports.vendor_file": "reports.vendor",
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
