"""Family: impossible values stored and then used.

docs/ingest.md "Value rules": finite numbers, waits and durations >= 0,
derived waits >= 0, answer/response/resolution not before arrival, dates in
the accepted window, CSAT inside its scale. Every such row is a listed reject
(line, column, reason); a file of nothing else exits 2 and changes nothing.
"""

from __future__ import annotations

import json

from hostile_helpers import invoke, snapshot, stored, write

HEADER = ("id,arrived_at,answered_at,first_response_at,resolved_at,wait_s,handle_s,csat,"
          "outcome\n")
T0 = "2024-01-01T10:00:00Z"


def _row(ident: str, **kw: str) -> str:
    cells = {"arrived_at": T0, "answered_at": "", "first_response_at": "", "resolved_at": "",
             "wait_s": "", "handle_s": "", "csat": "", "outcome": "answered", **kw}
    return ",".join([ident, *(cells[k] for k in HEADER.strip().split(",")[1:])]) + "\n"


def test_impossible_values_are_rejected_with_place_and_reason(tmp_path, ws):
    before = snapshot(ws)
    rows = [
        _row("a", answered_at="2024-01-01T09:00:00Z"),
        _row("b", resolved_at="2024-01-01T09:59:59Z"),
        _row("c", first_response_at="2023-12-31T10:00:00Z"),
        _row("d", handle_s="NaN"), _row("e", wait_s="inf"), _row("f", handle_s="1e400"),
        _row("g", csat="NaN"), _row("h", csat="7"), _row("i", wait_s="-3"),
        _row("j", arrived_at="0001-01-01T00:00:00Z"),
        _row("k", arrived_at="9999-12-31T00:00:00Z"),
    ]
    log = write(tmp_path / "bad.csv", HEADER + "".join(rows))
    code, out = invoke("import", log, "--workspace", ws)
    assert code == 2 and "every row was rejected (11 of 11)" in out
    expect = [
        "line 2, column answered_at: answered_at 2024-01-01T09:00:00Z is before arrived_at "
        "2024-01-01T10:00:00Z",
        "line 3, column resolved_at: resolved_at 2024-01-01T09:59:59Z is before arrived_at",
        "line 4, column first_response_at: first_response_at 2023-12-31T10:00:00Z is before",
        "line 5, column handle_s: not a finite duration: 'NaN'",
        "line 6, column wait_s: not a finite duration: 'inf'",
        "line 7, column handle_s: not a finite duration: '1e400'",
        "line 8, column csat: not a finite number: 'NaN'",
        "line 9, column csat: score '7' is outside the scale 1 to 5",
        "line 10, column wait_s: negative duration",
        "line 11, column arrived_at: 0001-01-01T00:00:00Z is outside the accepted dates "
        "1990-01-01 to",
        "line 12, column arrived_at: 9999-12-31T00:00:00Z is outside the accepted dates",
    ]
    for text in expect:
        assert text in out, text
    assert snapshot(ws) == before


def test_the_csat_scale_and_the_date_window_come_from_the_mapping(tmp_path, ws):
    log = write(tmp_path / "ok.csv", HEADER + _row("a", csat="9") + _row(
        "b", arrived_at="1985-06-01T10:00:00Z") + _row("c", arrived_at="2031-01-01T10:00:00Z"))
    mapping = write(tmp_path / "m.yaml", "dates: {earliest: 1980-01-01, latest: 2030-12-31}\n"
                    "columns: {id: id, arrived_at: arrived_at, outcome: outcome, "
                    "csat: {source: csat, scale: [0, 10]}}\n")
    code, out = invoke("import", log, "--mapping", mapping, "--workspace", ws)
    assert code == 0, out
    assert "imported 2" in out and "rejected 1" in out
    assert ("line 4, column arrived_at: 2031-01-01T10:00:00Z is outside the accepted dates "
            "1980-01-01 to 2030-12-31") in out
    assert stored(ws, "SELECT csat FROM interactions WHERE id = 'a'") == [(9.0,)]


def test_derived_waits_are_never_negative_and_the_profile_is_plain_json(tmp_path, ws):
    log = write(tmp_path / "w.csv", HEADER
                + _row("a", answered_at="2024-01-01T10:00:30Z", handle_s="100")
                + _row("b", answered_at="2024-01-01T09:59:00Z", handle_s="100")
                + _row("c", outcome="abandoned", wait_s="45"))
    code, out = invoke("import", log, "--workspace", ws)
    assert code == 0 and "rejected 1" in out, out
    assert stored(ws, "SELECT min(wait_s) FROM interactions") == [(30.0,)]
    code, out = invoke("profile", "--workspace", ws, "--json")
    assert code == 0, out
    prof = json.loads(out)  # strict JSON: no Infinity, no NaN
    assert prof["patience_s"] > 0 and prof["mean_handle_s"] > 0
