"""Untrusted text (values, file names, vendor names) is escaped before rich or HTML rendering.

The CLI prints markup literally (test_tracebacks); HTML pages and documents
escape by Jinja's autoescape, and no template turns it off for a value;
Markdown documents escape every value (``outsource.reports.escape``).
"""

from __future__ import annotations

import re
from pathlib import Path

from hostile_helpers import invoke, write

SRC = Path(__file__).parents[2] / "src" / "outsource"
EVIL = "<img src=x onerror=alert(1)>[x](javascript:alert(1))|`code`"


def test_no_template_marks_a_value_safe():
    """``|safe`` only on text written by the templates or the package itself: a literal
    separator, the literal attribute strings templates pass to the form macro
    (``attrs='min="0"'``, never a value), and the package's own report stylesheet."""
    found = []
    for path in [*SRC.glob("web/templates/**/*.html"), *SRC.glob("reports/templates/*.j2")]:
        for m in re.finditer(r"([^{}]*?)\|\s*safe", path.read_text()):
            found.append((path.name, m.group(1).strip()[-40:]))
    assert sorted(found) == [("_forms.html", "attrs"),
                             ("contract.html.j2", 'v.escalation | join(" &rarr; "'),
                             ("report.html.j2", "css")], found
    # every caller of the form macro passes attrs as a literal written in the template
    for path in SRC.glob("web/templates/**/*.html"):
        for m in re.finditer(r"attrs=([^)]*)\)", path.read_text()):
            assert m.group(1)[0] in "'\"", (path.name, m.group(1))


def test_hostile_queue_names_are_escaped_in_the_brief_html_and_markdown(tmp_path):
    ws = tmp_path / "ws"
    log = write(tmp_path / "log.csv", "id,arrived_at,outcome,queue\n"
                f'a,2024-01-01T10:00:00Z,answered,"{EVIL.replace(chr(34), "")}"\n')
    code, out = invoke("import", log, "--workspace", ws)
    assert code == 0, out
    code, out = invoke("brief", "--workspace", ws, "--out", tmp_path / "brief.html")
    assert code == 0, out
    html = (tmp_path / "brief.html").read_text()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    code, md = invoke("brief", "--workspace", ws)
    assert code == 0, md
    assert re.search(r"(?<!\\)<img", md) is None and "\\<img src=x onerror=alert(1)\\>" in md
    assert "\\[x\\](javascript:alert(1))" in md and "\\|" in md and "\\`code\\`" in md
