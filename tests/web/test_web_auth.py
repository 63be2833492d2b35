"""Logins, sessions, cookies, API tokens, the login rate limit and the signing key."""

from __future__ import annotations

import stat

from conftest import PASSWORD, log_in, login_token


def _cookie_header(res, name: str) -> str:  # type: ignore[no-untyped-def]
    return next(h for h in res.headers.get_list("set-cookie") if h.startswith(name + "="))


def test_login_sets_a_signed_httponly_samesite_secure_cookie(client_for):
    client = client_for()
    res = client.post("/login", data={"name": "analyst", "password": PASSWORD,
                                      "login_token": login_token(client), "next": "/imports"},
                      follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/imports"
    cookie = _cookie_header(res, "outsource_session").lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie
    assert "path=/" in cookie and "max-age=28800" in cookie
    me = client.get("/api/me").json()
    assert me["name"] == "analyst" and me["role"] == "analyst" and me["via"] == "session"
    assert "imports.create" in me["permissions"] and "users.manage" not in me["permissions"]


def test_cookie_secure_can_be_turned_off(make_app):
    from fastapi.testclient import TestClient

    with TestClient(make_app(cookie_secure=False)) as client:  # plain http://testserver
        log_in(client, "viewer")
        assert client.get("/api/me").json()["name"] == "viewer"


def test_wrong_password_and_unknown_user_get_the_same_answer(client_for):
    client = client_for()
    for name in ("analyst", "nobody"):
        res = client.post("/login", data={"name": name, "password": "wrong-password",
                                          "login_token": login_token(client)})
        assert res.status_code == 401
        assert "Wrong user name or password." in res.text
    assert client.get("/api/me").status_code == 401


def test_anonymous_page_redirects_to_login_and_api_gets_401(client_for):
    client = client_for()
    res = client.get("/imports?x=1", follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/login?next=/imports%3Fx%3D1"
    res = client.get("/api/imports")
    assert res.status_code == 401 and res.headers["www-authenticate"] == "Bearer"
    assert res.json()["error"] == "unauthenticated"
    res = client.get("/jobs/1/progress", headers={"HX-Request": "true"})
    assert res.headers["HX-Redirect"].startswith("/login?next=")


def test_login_goes_back_to_next_but_never_off_site(client_for):
    client = client_for()
    for target, expected in (("/jobs", "/jobs"), ("//evil.example/x", "/"),
                             ("https://evil.example/", "/"), ("/\\evil", "/")):
        client.cookies.clear()
        res = client.post("/login", data={"name": "viewer", "password": PASSWORD, "next": target,
                                          "login_token": login_token(client)},
                          follow_redirects=False)
        assert res.headers["location"] == expected


def test_login_form_needs_its_token(client_for):
    client = client_for()
    res = client.post("/login", data={"name": "viewer", "password": PASSWORD})
    assert res.status_code == 403 and "expired" in res.text
    res = client.post("/login", data={"name": "viewer", "password": PASSWORD,
                                      "login_token": "forged"})
    assert res.status_code == 403
    assert client.get("/api/me").status_code == 401


def test_logout_ends_the_session_server_side(client_for):
    client = client_for("analyst")
    stolen = client.cookies.get("outsource_session")
    res = client.post("/logout", follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/login"
    assert client.get("/api/me").status_code == 401
    replay = client_for()
    replay.cookies.set("outsource_session", stolen, domain="testserver")
    assert replay.get("/api/me").status_code == 401


def test_a_tampered_cookie_is_ignored(client_for):
    client = client_for("analyst")
    value = client.cookies.get("outsource_session")
    client.cookies.clear()
    client.cookies.set("outsource_session", value[:-2] + ("AA" if value[-2:] != "AA" else "BB"),
                       domain="testserver")
    assert client.get("/api/me").status_code == 401


def test_rate_limit_per_user_name(make_app):
    from fastapi.testclient import TestClient

    app = make_app(login_attempts_per_user=3, login_window_s=600)
    with TestClient(app, base_url="https://testserver") as client:
        for _ in range(3):
            res = client.post("/login", data={"name": "analyst", "password": "nope-nope",
                                              "login_token": login_token(client)})
            assert res.status_code == 401
        # the right password no longer helps within the window
        res = client.post("/login", data={"name": "analyst", "password": PASSWORD,
                                          "login_token": login_token(client)})
        assert res.status_code == 429 and "too many failed logins" in res.text
        assert 1 <= int(res.headers["retry-after"]) <= 601
        # another user from the same address is not locked by this limit
        client.cookies.clear()
        log_in(client, "viewer")


def test_rate_limit_per_address(make_app):
    from fastapi.testclient import TestClient

    app = make_app(login_attempts_per_address=4)
    with TestClient(app, base_url="https://testserver") as client:
        for name in ("a1", "a2", "a3", "a4"):
            res = client.post("/login", data={"name": name, "password": "nope-nope",
                                              "login_token": login_token(client)})
            assert res.status_code == 401
        res = client.post("/login", data={"name": "viewer", "password": PASSWORD,
                                          "login_token": login_token(client)})
        assert res.status_code == 429


def test_successful_login_clears_the_user_counter(make_app):
    from fastapi.testclient import TestClient

    app = make_app(login_attempts_per_user=2)
    with TestClient(app, base_url="https://testserver") as client:
        for _ in range(3):
            client.cookies.clear()
            client.post("/login", data={"name": "viewer", "password": "nope-nope",
                                        "login_token": login_token(client)})
            log_in(client, "viewer")
            client.cookies.clear()


def test_bearer_token(app, client_for):
    from outsource.services.auth import issue_token
    from outsource.services.users import cli_principal

    token = issue_token(app.state.outsource.ws, cli_principal(), "analyst", "script").token
    client = client_for()
    res = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert res.status_code == 200 and res.json()["via"] == "token"
    res = client.get("/api/me", headers={"Authorization": "Bearer osk_not-a-token"})
    assert res.status_code == 401 and res.json()["message"] == "invalid or revoked API token"


def test_disabling_a_user_ends_its_sessions_and_tokens(app, client_for):
    from outsource.services.auth import issue_token
    from outsource.services.users import cli_principal, set_active

    ws = app.state.outsource.ws
    token = issue_token(ws, cli_principal(), "viewer").token
    client = client_for("viewer")
    set_active(ws, cli_principal(), "viewer", False)
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    anon = client_for()
    res = anon.post("/login", data={"name": "viewer", "password": PASSWORD,
                                    "login_token": login_token(anon)})
    assert res.status_code == 401


def test_secret_key_is_generated_once_with_mode_0600(make_app, workspace):
    make_app()
    key = workspace / "secret.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    first = key.read_text()
    make_app()
    assert key.read_text() == first


def test_secret_key_from_settings_is_used(make_app, workspace):
    from fastapi.testclient import TestClient

    app = make_app(secret_key="k" * 40)
    assert not (workspace / "secret.key").exists()
    with TestClient(app, base_url="https://testserver") as client:
        log_in(client, "viewer")
        cookie = client.cookies.get("outsource_session")
    # a server with another key does not accept the cookie
    with TestClient(make_app(secret_key="z" * 40), base_url="https://testserver") as other:
        other.cookies.set("outsource_session", cookie, domain="testserver")
        assert other.get("/api/me").status_code == 401


def test_passwords_are_stored_as_argon2id(app):
    from outsource.data.db.repositories import UserRepository

    with app.state.outsource.ws.transaction() as session:
        stored = UserRepository(session).require("analyst").password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_production_hasher_parameters():
    """argon2id with RFC 9106's second recommended option (t=3, 64 MiB, p=4)."""
    from argon2 import Type
    from conftest import REAL_HASHER

    real = REAL_HASHER[0]()
    assert real.type is Type.ID
    assert (real.time_cost, real.memory_cost, real.parallelism) == (3, 65536, 4)
