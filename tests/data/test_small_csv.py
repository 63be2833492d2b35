"""The shared rules of small hand-written CSV files (invoices, SLA figures): every error names
the file, line and column, every row is checked before the first error is raised."""

from __future__ import annotations

import pytest

from outsource.data.figure_file import read_figures
from outsource.data.invoice_file import read_invoice
from outsource.errors import InvalidInput

INVOICE = "vendor,period,line,quantity,unit,unit_price\n"


def _err(reader, text: bytes | str, name: str) -> InvalidInput:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as info:
        reader(text.encode() if isinstance(text, str) else text, name=name)
    return info.value


@pytest.mark.parametrize(("text", "line", "column", "words"), [
    ("", 1, None, "the file is empty"),
    ("vendor,period,line,quantity,unit,unit_price,colour\n", 1, "colour", "unknown column"),
    ("vendor,period,line,quantity,unit,unit_price,unit\n", 1, None, "appears twice"),
    ("vendor,period,line,quantity,unit\n", 1, "unit_price", "required column missing"),
    (INVOICE + "acme,2026-10,1,10,hour\n", 2, None, "expected 6 fields, found 5"),
    (INVOICE + "acme,2026-10,1,-3,hour,10\n", 2, "quantity", ""),
    (INVOICE + "acme,2026-10,1,3,hour,10\n\nacme,2026-10,1,4,hour,10\n", 4, "line",
     "appears twice (first on line 2)"),
])
def test_invoice_errors_name_line_and_column(text, line, column, words):
    e = _err(read_invoice, text, "inv.csv")
    assert (e.source, e.line, e.column) == ("inv.csv", line, column), e.to_dict()
    assert words in e.message


def test_every_row_is_checked_and_the_others_counted():
    e = _err(read_invoice, INVOICE + "acme,2026-10,1,-3,hour,10\nacme,2026-13,2,1,hour,1\n"
             "acme,2026-10,3,1,hour,1\n", "inv.csv")
    assert e.line == 2 and "(1 more rows with errors)" in e.message


def test_not_utf8_and_a_byte_order_mark():
    assert _err(read_invoice, b"\xff\xfevendor\n", "inv.csv").message == "not UTF-8 text"
    ok = read_invoice(("\ufeff" + INVOICE + "acme,2026-10,1,3,hour,10\n").encode(),
                      name="inv.csv")
    assert [(r.vendor, r.quantity, r.unit) for r in ok.lines] == [("acme", 3.0, "hour")]


def test_figures_share_the_rules():
    head = "vendor,month,metric,value\n"
    e = _err(read_figures, head + "acme,2026-10,abandon_rate,0.1\nacme,2026-10,abandon_rate,0.2\n",
             "fig.csv")
    assert (e.line, e.column) == (3, "metric") and "given twice (first on line 2)" in e.message
    assert _err(read_figures, "vendor,month,metric,value,value\n", "fig.csv").message \
        == "a column appears twice"
