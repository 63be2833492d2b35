"""The audit log: who changed what, when, before and after — for every change made over the web."""

from __future__ import annotations

from conftest import PASSWORD, upload, wait_job


def _entries(admin, **query: str) -> list[dict]:  # type: ignore[no-untyped-def]
    res = admin.get("/api/audit", params=query)
    assert res.status_code == 200
    return res.json()


def test_user_creation_and_disabling_are_audited_without_secrets(client_for):
    admin = client_for("admin")
    res = admin.post("/api/users", json={"name": "vera", "role": "vendor",
                                         "vendor": "acme-manila", "password": "s3cret-pass"})
    assert res.status_code == 201
    created = _entries(admin, action="user.create", entity_id="vera")
    assert len(created) == 1
    row = created[0]
    assert row["actor"] == "admin" and row["actor_role"] == "admin"
    assert row["before"] is None and row["vendor"] == "acme-manila"
    assert row["after"] == {"name": "vera", "role": "vendor", "vendor": "acme-manila",
                            "active": True}
    assert row["address"] == "testclient"
    assert "s3cret" not in str(_entries(admin, limit="1000"))
    res = admin.post("/users/vera/active", data={"active": "false"}, follow_redirects=False)
    assert res.status_code == 303
    row = _entries(admin, action="user.disable")[0]
    assert row["before"]["active"] is True and row["after"]["active"] is False


def test_imports_are_audited_at_start_and_completion(app, client_for):
    acme = client_for("acme")
    job = upload(acme)
    wait_job(app, job["id"])
    admin = client_for("admin")
    start = _entries(admin, action="import.start")[0]
    assert start["actor"] == "acme" and start["vendor"] == "acme-manila"
    assert start["entity"] == "job" and start["entity_id"] == str(job["id"])
    assert start["after"] == {"file": "calls.csv", "mapping": None, "vendor": "acme-manila"}
    done = _entries(admin, action="import.complete")[0]
    assert done["actor"] == "acme" and done["after"]["imported"] == 2
    assert done["after"]["job"] == job["id"]


def test_logins_and_logouts_are_audited(client_for):
    viewer = client_for("viewer")
    viewer.post("/logout")
    admin = client_for("admin")
    actions = [(e["action"], e["actor"]) for e in _entries(admin)]
    assert ("session.logout", "viewer") in actions
    assert ("session.login", "viewer") in actions
    assert PASSWORD not in str(actions)


def test_audit_page_lists_changes(client_for):
    admin = client_for("admin")
    page = admin.get("/audit?action=session.login")
    assert page.status_code == 200 and "session.login" in page.text


def test_failed_change_leaves_no_audit_row(client_for):
    admin = client_for("admin")
    before = len(_entries(admin, action="user.create", limit="1000"))
    res = admin.post("/api/users", json={"name": "analyst", "role": "viewer",
                                         "password": "long-enough"})
    assert res.status_code == 409
    assert len(_entries(admin, action="user.create", limit="1000")) == before
