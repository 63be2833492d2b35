"""Family: YAML bombs.

The one YAML loader (``outsource.data.yaml_safe``) walks the parser's events
before anything is built and refuses alias expansion beyond its limit, too
many aliases, deep nesting and repeated keys: in every YAML file the product
reads. The 700-byte bomb that took 58 s and 3 GB is refused at once.
"""

from __future__ import annotations

import time

import pytest
from hostile_helpers import cli, invoke, snapshot, write

#: Nine levels of nine: 9**9 = 387 million strings once expanded (the classic shape).
BOMB_LINES = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
    f"{b}: &{b} [{','.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]


def _drop_bomb(levels: int) -> str:
    anchors = "\n".join("  " + line.replace(": &", "_: &", 1) for line in BOMB_LINES[:levels])
    last = "abcdefghij"[levels - 1]
    return ("columns: {id: id, arrived_at: arrived_at, outcome: outcome}\n"
            f"anchors:\n{anchors}\n"
            f"drop:\n  - reason: bomb\n    when: {{outcome: *{last}}}\n")


def test_the_alias_bomb_in_a_mapping_is_refused_at_once_in_a_real_process(tmp_path, ws):
    mapping = write(tmp_path / "bomb.yaml", _drop_bomb(9))
    assert len(mapping.read_bytes()) < 800
    log = write(tmp_path / "log.csv", "id,arrived_at,outcome\na,2024-01-01T10:00:00Z,answered\n")
    before = snapshot(ws)
    started = time.perf_counter()
    code, _, err = cli("import", log, "--mapping", mapping, "--workspace", ws, timeout=60)
    assert code == 2
    assert "bomb.yaml line" in err and "once its aliases are expanded (an alias bomb?)" in err
    assert time.perf_counter() - started < 30  # a bound, not a benchmark: it was 58 s
    assert snapshot(ws) == before


@pytest.mark.parametrize("what", ["scenario", "contract", "vendor", "weights", "rights"])
def test_every_yaml_reader_refuses_bombs_and_repeated_keys(tmp_path, ws, what):
    bomb = write(tmp_path / f"{what}.yaml", "\n".join(BOMB_LINES) + "\nname: *i\n")
    args = {"scenario": ["plan", bomb],
            "contract": ["contract", "add", bomb, "--workspace", ws],
            "vendor": ["vendor", "add", "acme", "--file", bomb, "--workspace", ws],
            "weights": ["score", "--weights", bomb, "--workspace", ws],
            "rights": ["brief", "--rights", bomb, "--workspace", ws]}[what]
    before = snapshot(ws)
    code, out = invoke(*args)
    assert code == 2 and f"{what}.yaml line" in out and "alias bomb" in out, out
    write(tmp_path / f"{what}.yaml", "name: one\nname: two\n")
    code, out = invoke(*args)
    assert code == 2 and f"{what}.yaml line 2: key 'name' appears twice" in out, out
    assert snapshot(ws) == before


def test_ordinary_aliases_still_work_and_many_small_ones_do_not(tmp_path):
    from outsource.data.yaml_safe import MAX_ALIASES, load_yaml
    from outsource.errors import InvalidInput

    doc = load_yaml(b"base: &b {aht_s: 240}\nvoice: *b\nchat: *b\n", "ok.yaml")
    assert doc == {"base": {"aht_s": 240}, "voice": {"aht_s": 240}, "chat": {"aht_s": 240}}
    many = "x: &x 1\nl: [" + ", ".join(["*x"] * (MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(InvalidInput, match=f"more than {MAX_ALIASES} aliases"):
        load_yaml(many.encode(), "many.yaml")
    with pytest.raises(InvalidInput, match="more than one YAML document"):
        load_yaml(b"a: 1\n---\nb: 2\n", "two.yaml")
