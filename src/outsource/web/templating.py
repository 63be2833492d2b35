"""Jinja2 pages: the environment, the navigation, and :func:`render`.

Navigation is data (:data:`NAV`): the product's pages in their order, each
by route name. An item shows only when its route exists (pages still to come
are never linked) and the user's role holds the route's permission.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from outsource.services.authz import can
from outsource.web.rules import PUBLIC, rule_for

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

#: The vendored scripts (static/vendor/VENDORED.md), in load order.
HTMX_JS = "vendor/htmx-2.0.11.min.js"
VEGA_JS = ("vendor/vega-6.4.0.min.js", "vendor/vega-lite-6.4.3.min.js",
           "vendor/vega-embed-7.3.0.min.js")


@dataclass(frozen=True)
class NavItem:
    """A navigation entry: label and the route name of its page."""

    label: str
    route: str


#: Every page of the product in menu order; only those whose route exists are shown.
NAV = (NavItem("Plan", "plan.page"), NavItem("Advice", "advice.page"),
       NavItem("Vendors", "vendors.page"), NavItem("Contract", "contract.page"),
       NavItem("Monitoring", "monitoring.page"), NavItem("Exit plan", "exit.page"),
       NavItem("Reports", "reports.page"), NavItem("Imports", "imports.page"),
       NavItem("Jobs", "jobs.page"), NavItem("Users", "users.page"),
       NavItem("Audit log", "audit.page"))


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _basename(value: str | None) -> str:
    return Path(str(value or "")).name


def _num(value: float | int | None, digits: int | None = None) -> str:
    if value is None:
        return ""
    if digits is not None:
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def _money(value: float | None, code: str = "USD") -> str:
    """Whole units of money: ``$1,234,567`` (USD) or ``1,234,567 EUR``."""
    if value is None or value != value:
        return "–"
    sign = "-" if value < 0 else ""
    text = f"{abs(value):,.0f}"
    return f"{sign}${text}" if code == "USD" else f"{sign}{text} {code}"


def _share(value: float | None, digits: int = 0) -> str:
    """A share in [0, 1] as a percentage: ``0.8`` -> ``80 %``."""
    if value is None or value != value:
        return "–"
    return f"{value * 100:.{digits}f} %"


def make_templates() -> Jinja2Templates:
    """The page templates with the app's filters (and the reports' shared partials)."""
    from jinja2 import ChoiceLoader, FileSystemLoader

    from outsource.reports.pipeline import TEMPLATES as REPORT_TEMPLATES
    from outsource.reports.pipeline import install

    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(REPORT_TEMPLATES))])
    install(env, charts="vega")
    env.filters["when"] = _when
    env.filters["basename"] = _basename
    env.filters["num"] = _num
    env.filters["money"] = _money
    env.filters["share"] = _share
    env.globals["HTMX_JS"] = HTMX_JS
    env.globals["VEGA_JS"] = VEGA_JS
    env.globals["static"] = lambda path: "/static/" + path
    return templates


def nav_for(request: Request, user: Any) -> list[dict[str, Any]]:
    """The menu entries ``user`` may open, with the current one marked."""
    if user is None:
        return []
    names = request.app.state.route_names
    out = []
    for item in NAV:
        rule = rule_for(item.route)
        if item.route not in names or rule is None:
            continue
        if rule != PUBLIC and not can(user, rule):
            continue
        path = request.url_for(item.route).path
        out.append({"label": item.label, "url": path,
                    "active": request.url.path == path or request.url.path.startswith(path + "/")})
    return out


def render(request: Request, name: str, context: dict[str, Any] | None = None, *,
           status_code: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    """Render page ``name`` with the user, CSRF token, menu and ``context``."""
    found = getattr(request.state, "auth", None)
    user = found.principal if found is not None else None
    ctx = {"user": user, "csrf_token": found.csrf_token if found is not None else None,
           "nav": nav_for(request, user), "can": (lambda p: user is not None and can(user, p))}
    ctx.update(context or {})
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, ctx, status_code=status_code,
                                      headers=headers)
