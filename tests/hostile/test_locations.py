"""Family: wrong or vague locations.

Reject line numbers are editor lines (after quoted multi-line fields too); a
long field is read, an over-long line is one reject with its line; an empty
file says it is empty; a folder given as a file says so; a header-only file
and an import whose every row was rejected exit 2 (nothing stored), and a
partly rejected import warns.
"""

from __future__ import annotations

from hostile_helpers import invoke, snapshot, stored, write

OK = "2024-01-01T10:00:00Z"


def test_line_numbers_after_quoted_multiline_fields_are_editor_lines(tmp_path, ws):
    text = ("id,arrived_at,outcome,queue\n"
            f'a,{OK},answered,"multi\nline\n\nfield"\n'         # lines 2-5, a blank inside
            f"b,{OK},answered,q,EXTRA\n"                      # 6: too many fields
            "c,never,answered,q\n"                             # 7: bad time
            "\n"                                               # 8: blank
            f'd,{OK},answered,"q"x\n'                          # 9: text after a quote
            f'e,{OK},answered,"two\nlines"\n'                  # 10-11
            "f,later,answered,q\n"                             # 12: bad time
            f"g,{OK},bogus,q\n")                               # 13: bad outcome
    code, out = invoke("import", write(tmp_path / "q.csv", text), "--workspace", ws)
    assert code == 0, out
    rejects = [line.strip() for line in out.splitlines() if line.startswith("  line")]
    assert rejects == [
        "line 6, column (row): too many fields (expected 4, found 5)",
        "line 7, column arrived_at: cannot parse 'never' as an ISO 8601 timestamp",
        "line 9, column queue: a quote is not closed, or text follows a closing quote",
        "line 12, column arrived_at: cannot parse 'later' as an ISO 8601 timestamp",
        "line 13, column outcome: unknown outcome 'bogus'"]
    assert stored(ws, "SELECT queue FROM interactions WHERE id = 'a'") == [
        ("multi\nline\n\nfield",)]


def test_a_long_field_is_read_and_an_overlong_line_is_one_located_reject(tmp_path, ws):
    long_field = "x" * 3_000_000
    text = (f"id,arrived_at,outcome,queue\na,{OK},answered,{long_field}\n"
            + "".join(f"r{i},{OK},answered,q\n" for i in range(50))
            + f"z,oops,answered,{long_field}\n")
    code, out = invoke("import", write(tmp_path / "long.csv", text), "--workspace", ws)
    assert code == 0, out
    assert "imported 51" in out and "line 53, column arrived_at: cannot parse 'oops'" in out
    huge = (f"id,arrived_at,outcome,queue\nh1,{OK},answered,q\nh2,{OK},answered,"
            + "y" * (33 * 2**20) + f"\nh3,{OK},answered,q\n")
    code, out = invoke("import", write(tmp_path / "huge.csv", huge), "--workspace", ws)
    assert code == 0, out
    assert "line 3, column (row): line longer than 32 MB (34,603,0" in out
    assert "imported 2" in out


def test_empty_files_folders_and_header_only_files_say_what_they_are(tmp_path, ws):
    before = snapshot(ws)
    for name, content, says in [
        ("empty.csv", "", "empty.csv: the file is empty (0 bytes)"),
        ("blank.csv", "\n\n\n", "blank.csv: the file holds only blank lines"),
        ("header.csv", "id,arrived_at,outcome\n",
         "header.csv line 1: the file has a header but no data rows: nothing imported"),
        ("cols.csv", "id,when\na,b\n",
         "cols.csv line 1: no mapping given and canonical column(s) ['arrived_at', 'outcome'] "
         "missing from the header"),
    ]:
        code, out = invoke("import", write(tmp_path / name, content), "--workspace", ws)
        assert code == 2 and says in out, out
    (tmp_path / "adir.csv").mkdir()
    code, out = invoke("import", tmp_path / "adir.csv", "--workspace", ws)
    assert code == 2 and "adir.csv is a folder, not a file" in out
    code, out = invoke("staff", "--workload", tmp_path / "adir.csv")
    assert code == 2 and "adir.csv is a folder, not a file" in out
    assert snapshot(ws) == before


def test_every_row_rejected_exits_2_and_lists_them_and_a_partial_import_warns(tmp_path, ws):
    before = snapshot(ws)
    bad = write(tmp_path / "bad.csv", "id,arrived_at,outcome\n"
                + "".join(f"b{i},never,answered\n" for i in range(25)))
    code, out = invoke("import", bad, "--workspace", ws)
    assert code == 2
    assert ("bad.csv: every row was rejected (25 of 25), nothing imported; the first: line 2, "
            "column 'arrived_at': cannot parse 'never'") in out
    assert "  line 21, column arrived_at" in out and "5 more (nothing was stored)" in out
    assert snapshot(ws) == before
    again = invoke("import", bad, "--workspace", ws)
    assert again[0] == 2, "a refused file is not recorded as imported"
    mixed = write(tmp_path / "mixed.csv", f"id,arrived_at,outcome\nm1,{OK},answered\n"
                  "m2,never,answered\n")
    code, out = invoke("import", mixed, "--workspace", ws)
    assert code == 0 and "warning: 1 of 2 rows rejected" in out
