"""Readers: file scan (hash, blank lines), line numbers, formats."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from outsource.data import readers
from outsource.errors import NotFound


def _blank(data: bytes, split: int) -> list[int]:
    out: list[int] = []
    newlines, tail = 0, b""
    for chunk in (data[:split], data[split:]):
        newlines = readers._blank_lines(tail, chunk, newlines, out)
        tail = (tail + chunk)[-2:]
    return out


@pytest.mark.parametrize("split", range(12))
def test_blank_lines_across_chunk_boundaries(split: int) -> None:
    assert _blank(b"a\n\nb\r\n\r\nc\n\n", split) == [2, 4, 6]


def test_scan_hash_and_gzip(tmp_path: Path) -> None:
    plain = tmp_path / "a.csv"
    plain.write_bytes(b'id,x\n\n"1",2\n')
    packed = tmp_path / "a.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    s1, s2 = readers.scan_file(plain), readers.scan_file(packed)
    assert s1.blank_lines == [2] == s2.blank_lines
    assert s1.has_quotes and s2.has_quotes
    assert s1.sha256 != s2.sha256 and len(s1.sha256) == 64


def test_scan_reports_progress(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("id\n1\n")
    seen: list[tuple[int, int]] = []
    readers.scan_file(f, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (f.stat().st_size, f.stat().st_size)


def test_scan_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        readers.scan_file(tmp_path / "nope.csv")


def test_line_numbers_skip_header_blank_rejected_and_quoted_newlines() -> None:
    # header, rec1, blank(3), rec2 spanning 4-5, bad(6), rec3 at 7
    lines = readers.line_numbers([1, 2, 3], 1, [3, 6], [(2, 1)])
    assert lines == {1: 2, 2: 4, 3: 7}


def test_file_format() -> None:
    assert readers.file_format(Path("x.parquet"), None) == "parquet"
    assert readers.file_format(Path("x.tsv.gz"), None) == "csv"


@pytest.mark.parametrize("chunk", [997, 1 << 20])
def test_scan_hash_equals_hashlib_over_many_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(readers, "CHUNK", chunk)
    data = b"id,x\n" + b"".join(b"%d,%d\n" % (i, i * 7) for i in range(20_000)) + b"\n9,9\n"
    plain = tmp_path / "a.csv"
    plain.write_bytes(data)
    packed = tmp_path / "a.csv.gz"
    packed.write_bytes(gzip.compress(data))
    s1, s2 = readers.scan_file(plain), readers.scan_file(packed)
    assert s1.sha256 == hashlib.sha256(data).hexdigest()
    assert s2.sha256 == hashlib.sha256(packed.read_bytes()).hexdigest()
    assert s1.blank_lines == [20_002] == s2.blank_lines
    assert not s1.has_quotes and not s2.has_quotes
