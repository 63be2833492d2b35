"""One router per resource; :data:`ROUTERS` is what ``create_app`` includes.

A later page adds a module here with its ``router``, names each route, and
declares each route's rule in :mod:`outsource.web.rules`.
"""

from __future__ import annotations

from outsource.web.routers import (
    advice,
    audit,
    auth,
    contracts,
    disputes,
    exit_plans,
    health,
    home,
    imports,
    jobs,
    monitoring,
    plan,
    reports,
    users,
    vendors,
)

ROUTERS = [health.router, auth.router, home.router, plan.router, advice.router, vendors.router,
           contracts.router, monitoring.router, disputes.router, exit_plans.router,
           reports.router, imports.router, jobs.router, users.router, audit.router]
