"""Browser tests of the plan and vendor pages (Debian Chromium via Playwright, on uvicorn).

Log in, build a plan from the form, follow its job to the result and see every
chart drawn (an SVG with marks, drawn offline by the vendored Vega); a vendor
user is refused another vendor's pages. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import browser, log_in, page, served, shot  # noqa: F401 (fixtures)

WORKLOAD = ("interval_start,channel,calls,aht_s,period_minutes\n"
            + "".join(f"2026-05-0{d}T{h:02d}:00:00-04:00,{c},{n},{a},60\n"
                      for d in range(4, 9) for h in range(8, 20)
                      for c, n, a in (("voice", 30 + 4 * h, 260), ("chat", 12 + h, 420))))


@pytest.fixture(scope="module")
def live(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The demo workspace (scenario, vendors, contracts, users) served for this module."""
    path = tmp_path_factory.mktemp("live-demo") / "ws"
    shutil.copytree(demo_template, path)
    with served(path) as live:
        yield live


def _drawn(tab) -> list[int]:  # type: ignore[no-untyped-def]
    """Per chart figure of the page: the marks Vega drew in its SVG (after all are drawn)."""
    tab.wait_for_function("() => [...document.querySelectorAll('figure[data-vega-spec]')]"
                          ".every(f => f.dataset.drawn === 'yes' || f.dataset.drawn === 'error')")
    assert tab.locator("figure[data-drawn=error]").count() == 0
    return tab.eval_on_selector_all(
        "figure[data-vega-spec]",
        "fs => fs.map(f => f.querySelectorAll('svg .role-mark path, svg .role-mark line, "
        "svg .role-mark rect, svg .role-mark text').length)")


def test_build_a_plan_and_see_its_charts_drawn(page, live, tmp_path):  # noqa: F811
    log_in(page, live, "analyst", "/plan")
    form = page.locator("#scenario-form")
    form.locator("button[type=submit]").click()  # no workload file: the error sits beside it
    assert "upload a workload file" in page.inner_text("#err-workload_file")
    shot(page, "plan-form-error")
    page.errors.clear()  # the browser logs the 422 of that answer as a console error

    week = tmp_path / "week.csv"
    week.write_text(WORKLOAD)
    form = page.locator("#scenario-form")
    form.locator("input[name=name]").fill("Browser test")
    form.locator("input[name=workload_file]").set_input_files(str(week))
    form.locator("input[name=max_abandon]").fill("0.05")
    form.locator("select[name=regions]").select_option(["india", "latin_america",
                                                        "us_canada"])
    form.locator("input[name=draws]").fill("1000")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    done = page.wait_for_selector(".job[data-status=succeeded]")
    assert done.query_selector("[role=progressbar]").get_attribute("aria-valuenow") == "100"
    page.click("text=See the result")
    page.wait_for_url(re.compile(r"/plan/runs/\d+$"))
    marks = _drawn(page)
    assert len(marks) == 4 and all(n > 0 for n in marks), marks
    assert page.locator("figure[data-vega-spec=costs-spec] svg").count() == 1
    assert "Browser test" in page.inner_text("h1")
    shot(page, "plan-result")
    page.locator("figure[data-vega-spec=breakeven-spec] select").select_option("us_canada")
    assert all(u.startswith(live["url"]) for u in page.requests), "a request left the machine"
    assert page.errors == []


def test_scorecard_and_exit_charts_are_drawn(page, live):  # noqa: F811
    log_in(page, live, "viewer", "/scorecard")
    marks = _drawn(page)
    assert len(marks) == 2 and all(n > 0 for n in marks), marks
    shot(page, "scorecard")
    page.goto(live["url"] + "/exit/andes-bogota?notice_date=2026-07-01")
    assert _drawn(page)[0] > 0 and "RED FLAG" in page.inner_text("main")
    shot(page, "exit-plan-red-flag")
    assert page.errors == []


def test_a_vendor_user_is_refused_another_vendors_pages(page, live):  # noqa: F811
    log_in(page, live, "acme", "/vendors")
    assert page.locator("table a[href^='/vendors/']").all_inner_texts() == ["acme-manila"]
    for path in ("/vendors/andes-bogota", "/contracts/andes-bogota", "/plan"):
        response = page.goto(live["url"] + path)
        assert response.status == 403, path
        assert "Not allowed" in page.inner_text("h1")
    shot(page, "vendor-refused-other-vendor")
    response = page.goto(live["url"] + "/contracts/acme-manila")
    assert response.status == 200 and "Contract with acme-manila" in page.inner_text("h1")
    shot(page, "vendor-own-contract")
