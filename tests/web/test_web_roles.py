"""Roles and the vendor scope through the web: who may see and upload what."""

from __future__ import annotations

from conftest import log_in, upload, wait_job

TWO_VENDORS = (b"id,arrived_at,outcome,handle_s,vendor\n"
               b"m1,2026-05-04T13:00:00Z,answered,240,acme-manila\n"
               b"m2,2026-05-04T13:01:00Z,answered,200,\n"
               b"b1,2026-05-04T13:02:00Z,answered,180,andes-bogota\n")


def _import(app, client, data: bytes, name: str = "calls.csv", **form: str) -> int:  # type: ignore[no-untyped-def]
    job = upload(client, data, name, **form)
    wait_job(app, job["id"])
    done = client.get(f"/api/jobs/{job['id']}").json()
    assert done["status"] == "succeeded", done
    return int(done["result_ref"].split(":")[1])


def test_vendor_upload_is_forced_to_its_vendor(app, client_for):
    acme = client_for("acme")
    import_id = _import(app, acme, TWO_VENDORS)
    report = acme.get(f"/api/imports/{import_id}").json()
    assert report["summary"]["vendor"] == "acme-manila"
    assert report["summary"]["imported"] == 2 and report["summary"]["rejected"] == 1
    assert report["rejects"]["line"] == [4] and report["rejects"]["column"] == ["vendor"]
    assert "andes-bogota" in report["rejects"]["reason"][0]


def test_vendor_may_not_name_another_vendor(client_for):
    acme = client_for("acme")
    res = acme.post("/api/imports", files={"file": ("c.csv", TWO_VENDORS)},
                    data={"vendor": "andes-bogota"})
    assert res.status_code == 403


def test_vendor_sees_only_its_own_imports_and_jobs(app, client_for):
    acme, andes, analyst = client_for("acme"), client_for("andes"), client_for("analyst")
    mine = _import(app, acme, TWO_VENDORS, "acme.csv")
    theirs = _import(app, andes, TWO_VENDORS.replace(b"m1", b"x1").replace(b"m2", b"x2")
                     .replace(b"b1", b"x3"), "andes.csv")
    buyers = _import(app, analyst, b"id,arrived_at,outcome\nz1,2026-05-04T13:00:00Z,answered\n",
                     "buyer.csv")
    assert [i["import_id"] for i in acme.get("/api/imports").json()] == [mine]
    assert {i["import_id"] for i in analyst.get("/api/imports").json()} == {mine, theirs, buyers}
    for other in (theirs, buyers):
        res = acme.get(f"/api/imports/{other}")
        assert res.status_code == 403 and res.json()["error"] == "forbidden"
        assert acme.get(f"/imports/{other}").status_code == 403
        assert acme.get(f"/imports/{other}/rejects.csv").status_code == 403
    assert acme.get(f"/imports/{mine}").status_code == 200
    acme_jobs = acme.get("/api/jobs").json()
    assert {j["vendor"] for j in acme_jobs} == {"acme-manila"}
    andes_job = andes.get("/api/jobs").json()[0]["id"]
    assert acme.get(f"/api/jobs/{andes_job}").status_code == 403
    assert acme.get(f"/jobs/{andes_job}/progress").status_code == 403
    page = acme.get("/imports").text
    assert "acme.csv" in page and "andes.csv" not in page and "buyer.csv" not in page


def test_buyer_may_restrict_an_upload_to_a_registered_vendor(app, client_for):
    analyst = client_for("analyst")
    import_id = _import(app, analyst, TWO_VENDORS, vendor="andes-bogota")
    report = analyst.get(f"/api/imports/{import_id}").json()
    assert report["summary"]["vendor"] == "andes-bogota" and report["summary"]["rejected"] == 1
    res = analyst.post("/api/imports", files={"file": ("c.csv", b"x")}, data={"vendor": "nope"})
    assert res.status_code == 404 and "acme-manila" in res.json()["message"]


def test_viewer_reads_but_does_not_upload(client_for):
    viewer = client_for("viewer")
    assert viewer.get("/imports").status_code == 200
    assert "Upload a contact log" not in viewer.get("/imports").text
    res = viewer.post("/api/imports", files={"file": ("c.csv", TWO_VENDORS)})
    assert res.status_code == 403 and "imports.create" in res.json()["message"]


def test_users_and_audit_are_for_admins(client_for):
    for name in ("analyst", "viewer", "acme"):
        client = client_for(name)
        assert client.get("/users").status_code == 403
        assert client.get("/api/audit").status_code == 403
        assert "Users" not in client.get("/").text.split("<main>")[0]
    admin = client_for("admin")
    assert admin.get("/users").status_code == 200
    assert ">Users</a>" in admin.get("/").text.split("</nav>")[0]


def test_vendor_user_needs_a_registered_vendor(client_for):
    admin = client_for("admin")
    res = admin.post("/api/users", json={"name": "v2", "role": "vendor", "password": "x" * 10})
    assert res.status_code == 422 and res.json()["location"] == ["vendor"]
    res = admin.post("/api/users", json={"name": "v2", "role": "vendor", "vendor": "nope",
                                         "password": "x" * 10})
    assert res.status_code == 404
    res = admin.post("/api/users", json={"name": "v3", "role": "analyst",
                                         "vendor": "acme-manila", "password": "x" * 10})
    assert res.status_code == 422
    res = admin.post("/api/users", json={"name": "analyst", "role": "analyst",
                                         "password": "x" * 10})
    assert res.status_code == 409
    res = admin.post("/api/users", json={"name": "short", "role": "analyst", "password": "x"})
    assert res.status_code == 422 and res.json()["location"] == ["password"]


def test_admin_adds_a_user_on_the_users_page(client_for):
    admin = client_for("admin")
    res = admin.post("/users", data={"name": "vic", "role": "vendor", "vendor": "acme-manila",
                                     "password": "long-enough-2"}, follow_redirects=False)
    assert res.status_code == 303
    page = admin.get("/users").text
    assert "<td>vic</td><td>vendor</td><td>acme-manila</td>" in page
    res = admin.post("/users", data={"name": "vic", "role": "viewer", "password": "long-enough-2"})
    assert res.status_code == 409 and "already exists" in res.text
    res = admin.post("/users", data={"name": "bad name!", "role": "viewer",
                                     "password": "long-enough-2"})
    assert res.status_code == 422 and 'role="alert"' in res.text
    client = client_for()
    log_in(client, "vic", "long-enough-2")
    assert client.get("/api/me").json()["vendor"] == "acme-manila"
