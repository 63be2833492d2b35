"""Browser test of the monitoring page (Debian Chromium via Playwright, on uvicorn).

On a workspace with the demo's vendors, contracts and six months of their logs:
the buyer opens andes-bogota's monitoring page, sees every chart drawn and the
service level's breaches marked (red points under the target line);
the vendor user of andes-bogota files a dispute of a month's service level
from its own page, and the buyer accepts it there. Screenshots go to
``test-artifacts/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import browser, log_in, page, served, shot  # noqa: F401 (fixtures)


@pytest.fixture(scope="module")
def live(monitoring_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The monitoring workspace served for this module."""
    path = tmp_path_factory.mktemp("live-monitoring") / "ws"
    shutil.copytree(monitoring_template, path)
    with served(path) as live:
        yield live


def _drawn(tab) -> list[int]:  # type: ignore[no-untyped-def]
    """Per chart of the page: the marks Vega drew in its SVG (after all are drawn)."""
    tab.wait_for_function("() => [...document.querySelectorAll('figure[data-vega-spec]')]"
                          ".every(f => f.dataset.drawn === 'yes' || f.dataset.drawn === 'error')")
    assert tab.locator("figure[data-drawn=error]").count() == 0
    return tab.eval_on_selector_all(
        "figure[data-vega-spec]",
        "fs => fs.map(f => f.querySelectorAll('svg .role-mark path, svg .role-mark line, "
        "svg .role-mark symbol, svg .role-mark text').length)")


def test_the_monitoring_page_showing_a_breach(page, live):  # noqa: F811
    log_in(page, live, "analyst", "/monitoring")
    page.click("text=andes-bogota")
    page.wait_for_url(live["url"] + "/monitoring/andes-bogota")
    marks = _drawn(page)
    assert len(marks) >= 10 and all(n > 0 for n in marks), marks
    sl = page.locator("figure[data-vega-spec=target-service_level-spec]")
    assert sl.locator("svg").count() == 1
    # the breaches: red points (diamonds) for the three months below the 80 % target
    red = sl.locator("svg .role-mark path[fill='#b91c1c']")
    assert red.count() == 3
    assert sl.locator("svg .role-mark line, svg .role-mark path[stroke='#b91c1c']").count() >= 1
    assert "Missed in 2026-08, 2026-09, 2026-10." in page.inner_text("#targets ~ .cols")
    row = page.locator("table.sla tr[data-metric=service_level]")
    assert row.get_attribute("class") == "missed" and "missed" in row.inner_text()
    assert "yes" in page.inner_text("dl.facts")  # chronic failure, termination right
    assert "Monitoring andes-bogota" in page.inner_text("h1")
    sl.scroll_into_view_if_needed()
    shot(page, "monitoring-breach-andes-bogota")
    assert all(u.startswith(live["url"]) for u in page.requests), "a request left the machine"
    assert page.errors == []


def test_a_vendor_disputes_a_month_and_the_buyer_accepts(page, live):  # noqa: F811
    log_in(page, live, "andes", "/monitoring/andes-bogota")
    assert page.locator("a[href='/monitoring']").count() == 1  # the menu, no overview link
    page.click("summary:has-text('Dispute a month')")
    form = page.locator("#dispute-form")
    form.locator("select[name=period]").select_option("2026-09")
    form.locator("select[name=metric]").select_option("service_level")
    form.locator("textarea[name=comment]").fill("The buyer's IVR was down on 14 September.")
    shot(page, "dispute-form")
    form.locator("button[type=submit]").click()
    row = page.locator("tr[data-status=open]")
    row.wait_for()
    assert "service level" in row.inner_text() and "waiting for the buyer" in row.inner_text()
    shot(page, "dispute-filed")
    page.context.clear_cookies()

    log_in(page, live, "analyst", "/monitoring/andes-bogota")
    row = page.locator("tr[data-status=open]")
    row.locator("input[name=comment]").fill("The IVR logs confirm the outage.")
    row.locator("button[value=accepted]").click()
    done = page.locator("tr[data-status=accepted]")
    done.wait_for()
    assert "analyst" in done.inner_text() and "IVR logs confirm" in done.inner_text()
    assert page.locator("tr[data-status=open]").count() == 0
    shot(page, "dispute-accepted")
    assert page.errors == []
