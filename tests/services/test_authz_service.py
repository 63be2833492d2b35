"""The permission table and the vendor scope helpers."""

from __future__ import annotations

import pytest

from outsource.errors import Forbidden
from outsource.schemas.users import Principal
from outsource.services import authz

ADMIN = Principal(user_id=1, name="a", role="admin")
VIEWER = Principal(user_id=2, name="v", role="viewer")
ACME = Principal(user_id=3, name="acme", role="vendor", vendor="acme-manila")


def test_roles_and_permissions():
    assert authz.can(ADMIN, "users.manage") and not authz.can(VIEWER, "imports.create")
    assert authz.can(ACME, "imports.create") and not authz.can(ACME, "audit.read")
    with pytest.raises(Forbidden, match="a viewer may not do this"):
        authz.authorize(VIEWER, "imports.create")
    with pytest.raises(LookupError):
        authz.can(ADMIN, "no.such.permission")
    viewer = authz.permissions_of("viewer")
    assert "imports.read" in viewer and "plan.run" in viewer and "scorecard.read" in viewer
    assert {"reports.read", "reports.create"} <= set(viewer)
    assert not [p for p in viewer if p.endswith((".manage", ".write"))]
    vendor = authz.permissions_of("vendor")
    assert {"vendors.read", "contracts.read"} <= set(vendor)
    assert not {"plan.read", "advice.read", "scorecard.read", "exit.read",
                "reports.read"} & set(vendor)


def test_scope_vendor():
    assert authz.scope_vendor(ADMIN) is None
    assert authz.scope_vendor(ADMIN, "andes-bogota") == "andes-bogota"
    assert authz.scope_vendor(ACME) == "acme-manila"
    assert authz.scope_vendor(ACME, "acme-manila") == "acme-manila"
    with pytest.raises(Forbidden):
        authz.scope_vendor(ACME, "andes-bogota")


def test_check_vendor_and_visible():
    authz.check_vendor(ADMIN, None)
    authz.check_vendor(ACME, "acme-manila")
    for other in ("andes-bogota", None):
        with pytest.raises(Forbidden):
            authz.check_vendor(ACME, other, "import 3")
    rows = [("a", "acme-manila"), ("b", "andes-bogota"), ("c", None)]
    assert authz.visible(ACME, rows, lambda r: r[1]) == [("a", "acme-manila")]
    assert authz.visible(VIEWER, rows, lambda r: r[1]) == rows
