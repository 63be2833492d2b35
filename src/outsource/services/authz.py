"""Authorization: what each role may do (data), and the vendor scope of a vendor user.

Every use case checks its permission here (:func:`authorize`) before it
reads or changes anything; the web app's route rules (``outsource.web.rules``)
name one permission of :data:`PERMISSIONS` per route and call the same
function, so a page and the service behind it agree.

Roles (docs/web.md):

- ``admin``: everything, including users and the audit log;
- ``analyst``: works with the data (imports, the scenario, vendors, contracts);
- ``viewer``: reads everything the buyer has, changes nothing;
- ``vendor``: its own vendor's data only (uploads its logs, sees its results).

A vendor user's data scope is one vendor: :func:`scope_vendor` gives the
vendor a query is limited to, :func:`check_vendor` refuses a row of another
vendor, :func:`visible` filters a list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from outsource.errors import Forbidden
from outsource.schemas.users import Principal

ROLES = ("admin", "analyst", "viewer", "vendor")
_ALL = frozenset(ROLES)
_WRITERS = frozenset({"admin", "analyst"})
_BUYERS = frozenset({"admin", "analyst", "viewer"})

#: Permission -> roles holding it. A route's rule names one of these.
PERMISSIONS: dict[str, frozenset[str]] = {
    "self": _ALL,                                  # own identity, log out
    "imports.read": _ALL,                          # scoped: vendors see their own
    "imports.create": _WRITERS | {"vendor"},       # vendors: forced to their vendor
    "jobs.read": _ALL,                             # scoped: vendors see their own
    "plan.read": _BUYERS,                          # plan runs, the workspace's scenario
    "plan.run": _BUYERS,                           # compute a plan: stores its result only
    "scenario.write": _WRITERS,                    # make a scenario the workspace's
    "advice.read": _BUYERS,
    "vendors.read": _ALL,                          # scoped: vendors see their own
    "vendors.manage": _WRITERS,                    # add vendors, quotes, test calls
    "scorecard.read": _BUYERS,                     # compares vendors: never a vendor's
    "contracts.read": _ALL,                        # scoped: vendors see their own
    "contracts.manage": _WRITERS,                  # store a new contract version
    "exit.read": _BUYERS,                          # the buyer's way back in-house
    "monitoring.read": _ALL,                       # SLA results, credits: scoped to own
    "invoices.read": _ALL,                         # checked invoices: scoped to own
    "invoices.manage": _WRITERS,                   # import and check an invoice
    "disputes.read": _ALL,                         # scoped: vendors see their own
    "disputes.file": frozenset({"vendor"}),        # a vendor disputes its own results
    "disputes.decide": _WRITERS,                   # the buyer accepts or rejects
    "users.read": frozenset({"admin"}),
    "users.manage": frozenset({"admin"}),
    "audit.read": frozenset({"admin"}),
    "reports.read": _BUYERS,                       # the plan report: the buyer's own figures
    "reports.create": _BUYERS,                     # making one changes no data
    "reports.vendor": _ALL,                        # the vendor report: scoped to own vendor
}

T = TypeVar("T")


def permissions_of(role: str) -> list[str]:
    """Every permission ``role`` holds, sorted."""
    return sorted(p for p, roles in PERMISSIONS.items() if role in roles)


def can(actor: Principal, permission: str) -> bool:
    """Whether ``actor``'s role holds ``permission`` (an unknown permission is a bug)."""
    if permission not in PERMISSIONS:
        raise LookupError(f"unknown permission {permission!r}; declare it in PERMISSIONS")
    return actor.role in PERMISSIONS[permission]


def authorize(actor: Principal, permission: str) -> None:
    """Raise :class:`Forbidden` unless ``actor`` holds ``permission``."""
    if not can(actor, permission):
        raise Forbidden(f"a {actor.role} may not do this ({permission})")


def scope_vendor(actor: Principal, requested: str | None = None) -> str | None:
    """The vendor a query is limited to.

    A vendor user: always its own vendor (asking for another is :class:`Forbidden`).
    Other roles: ``requested`` (``None``: every vendor).
    """
    if not actor.is_vendor:
        return requested
    if requested is not None and requested != actor.vendor:
        raise Forbidden("you may see only your own vendor's data", field="vendor")
    return actor.vendor


def check_vendor(actor: Principal, vendor: str | None, what: str = "this") -> None:
    """Raise :class:`Forbidden` when ``actor`` is a vendor user and ``vendor`` is not its own.

    Data with no vendor (``None``) is the buyer's own: a vendor user may not see it.
    """
    if actor.is_vendor and vendor != actor.vendor:
        raise Forbidden(f"{what} belongs to another vendor or to the buyer")


def visible(actor: Principal, rows: Iterable[T],
            vendor_of: Callable[[T], str | None]) -> list[T]:
    """The rows ``actor`` may see: all for buyer roles, its vendor's for a vendor user."""
    if not actor.is_vendor:
        return list(rows)
    return [r for r in rows if vendor_of(r) == actor.vendor]
