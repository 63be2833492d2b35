"""CSRF: every state-changing browser request needs the session's token."""

from __future__ import annotations

from conftest import GOOD_LOG, PASSWORD, csrf_of, log_in

NEW_USER = {"name": "newbie", "role": "viewer", "password": "long-enough-1"}


def test_form_post_without_or_with_a_wrong_token_is_refused(client_for):
    client = client_for("analyst")
    del client.headers["X-CSRF-Token"]
    files = {"file": ("calls.csv", GOOD_LOG, "text/csv")}
    res = client.post("/imports", files=files)
    assert res.status_code == 403 and "CSRF" in res.text
    res = client.post("/imports", files=files, data={"csrf_token": "wrong"})
    assert res.status_code == 403
    res = client.post("/imports", files=files, data={"csrf_token": csrf_of(client)},
                      follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/jobs/")


def test_logout_needs_the_token(client_for):
    client = client_for("viewer")
    del client.headers["X-CSRF-Token"]
    assert client.post("/logout").status_code == 403
    assert client.get("/api/me").status_code == 200


def test_api_call_with_the_session_needs_the_header(client_for):
    client = client_for("admin")
    token = client.headers.pop("X-CSRF-Token")
    res = client.post("/api/users", json=NEW_USER)
    assert res.status_code == 403 and res.json()["error"] == "forbidden"
    res = client.post("/api/users", json=NEW_USER, headers={"X-CSRF-Token": token})
    assert res.status_code == 201


def test_token_of_another_session_does_not_work(client_for):
    one, two = client_for("admin"), client_for("admin")
    res = one.post("/api/users", json=NEW_USER,
                   headers={"X-CSRF-Token": two.headers["X-CSRF-Token"]})
    assert res.status_code == 403


def test_bearer_calls_need_no_csrf_token(app, client_for):
    from outsource.services.auth import issue_token
    from outsource.services.users import cli_principal

    token = issue_token(app.state.outsource.ws, cli_principal(), "admin").token
    res = client_for().post("/api/users", json=NEW_USER,
                            headers={"Authorization": f"Bearer {token}"})
    assert res.status_code == 201


def test_a_new_login_gets_a_new_session_and_token(client_for):
    client = client_for()
    first = log_in(client, "viewer")
    client.cookies.clear()
    second = log_in(client, "viewer", PASSWORD)
    assert first != second
