"""The site in a real browser: headless Chromium (Debian's package) driven by chromedriver
through selenium opens the pages from file://, types, clicks and presses keys, and takes
screenshots. Skipped, saying why, where Chromium or its driver is not installed."""

from __future__ import annotations

import datetime as dt
import shutil
import struct
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from scrplan.plan.load import load_plan
from scrplan.site import make_site
from scrplan.site.build import site_files, write_site
from scrplan.site.model import build

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() or not CHROMEDRIVER.exists(),
        reason="Chromium and its driver are not installed (apt-get install chromium "
        "chromium-driver) to open the site in a browser",
    ),
]

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

PLANS = [
    FIXTURES / "board" / "alpha.yaml",
    FIXTURES / "board" / "beta.yaml",
    ROOT / "plans" / "child-m.yaml",
    FIXTURES / "stockton" / "stockton.yaml",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site") / "site"
    plans = [load_plan(p).require("x") for p in PLANS]
    files, _ = make_site(plans, dt.date(2024, 1, 15))
    write_site(files, folder)
    return folder


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(browser, site, address):
    """Open ``address`` (``plans/alpha.html#2.2``, ``search.html?q=x``) of the site's folder."""
    path, mark, rest = address.partition("#") if "#" in address else address.partition("?")
    browser.get((site / path).as_uri() + mark + rest)
    return browser


def requests(browser):
    """The addresses the browser asked for since the last look (its own pages left out)."""
    import json

    asked = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(("chrome://", "chrome-extension://")):
                asked.append(url)
    return asked


def arrive(browser, where):
    """Wait until a click or a key press has taken the browser to the page ``where`` accepts
    (and that page has loaded): a wait for the browser, bounded, not a timing."""
    WebDriverWait(browser, 30).until(
        lambda b: (
            where(b.current_url) and b.execute_script("return document.readyState") == "complete"
        )
    )


def problems(browser):
    """What the page wrote to the console as a warning or an error."""
    return [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def shown(browser, table):
    rows = browser.find_elements(By.CSS_SELECTOR, f"#s\\:{table} tbody tr")
    return [
        r.get_attribute("id") or r.find_element(By.CSS_SELECTOR, "th").text
        for r in rows
        if r.is_displayed()
    ]


def status(browser, scope="form.filters"):
    return browser.find_element(By.CSS_SELECTOR, f"{scope} .filter-status").text


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_index_filters_and_sorts(browser, site):
    open_page(browser, site, "index.html")
    assert problems(browser) == []
    assert status(browser) == "Showing all 4 plans."
    every = shown(browser, "plans")
    assert len(every) == 4
    browser.find_element(By.ID, "s:plan-q").send_keys("child")
    assert status(browser) == "Showing 3 of 4 plans."
    assert "Adult B SAR action plan" not in shown(browser, "plans")
    browser.find_element(By.ID, "s:plan-q").clear()
    browser.find_element(By.ID, "s:plan-q").send_keys(" ")  # fires input after clear
    assert status(browser) == "Showing all 4 plans."
    # Sort by the number overdue, with the keyboard: Tab to the button, then Enter.
    [button] = [
        b
        for b in browser.find_elements(By.CSS_SELECTOR, "#s\\:plans thead button.sort")
        if b.text == "Overdue"
    ]
    button.send_keys(Keys.ENTER)
    overdue = [
        int(r.find_elements(By.CSS_SELECTOR, "td")[4].text)
        for r in browser.find_elements(By.CSS_SELECTOR, "#s\\:plans tbody tr")
    ]
    assert overdue == sorted(overdue)
    header = browser.find_elements(By.CSS_SELECTOR, "#s\\:plans thead th")[5]
    assert header.get_attribute("aria-sort") == "ascending"
    button.click()
    assert header.get_attribute("aria-sort") == "descending"
    overdue = [
        int(r.find_elements(By.CSS_SELECTOR, "td")[4].text)
        for r in browser.find_elements(By.CSS_SELECTOR, "#s\\:plans tbody tr")
    ]
    assert overdue == sorted(overdue, reverse=True)
    # The totals stay at the foot, whatever the order.
    assert browser.find_element(By.CSS_SELECTOR, "#s\\:plans tfoot th").text == "All plans"
    browser.find_element(By.CSS_SELECTOR, "label[for='s:plan-awaiting']").click()
    assert status(browser) == "Nothing matches: none of the 4 plans is shown."
    assert problems(browser) == []


def test_plan_page_filters_by_level_lead_stage_overdue_and_text(browser, site):
    open_page(browser, site, "plans/alpha.html")
    assert problems(browser) == []
    assert status(browser) == "Showing all 7 items."
    Select(browser.find_element(By.ID, "s:items-lead")).select_by_visible_text("Police")
    assert shown(browser, "actions") == ["2.2"]
    Select(browser.find_element(By.ID, "s:items-lead")).select_by_visible_text("Any lead")
    Select(browser.find_element(By.ID, "s:items-stage")).select_by_visible_text("Complete")
    assert shown(browser, "actions") == ["2.1", "4"]
    assert status(browser) == "Showing 2 of 7 items."
    Select(browser.find_element(By.ID, "s:items-stage")).select_by_visible_text("Any stage")
    Select(browser.find_element(By.ID, "s:items-level")).select_by_visible_text("Green")
    assert shown(browser, "actions") == ["2", "2.2"]
    browser.find_element(By.ID, "s:items-overdue").click()
    Select(browser.find_element(By.ID, "s:items-level")).select_by_visible_text("Any level")
    assert shown(browser, "actions") == ["2", "2.2", "3"]
    browser.find_element(By.ID, "s:items-overdue").send_keys(Keys.SPACE)  # off, by keyboard
    browser.find_element(By.ID, "s:items-q").send_keys("seven-minute BRIEFING")
    assert shown(browser, "actions") == ["4"]
    browser.find_element(By.CSS_SELECTOR, "button[type=reset]").click()
    assert len(shown(browser, "actions")) == 7
    assert status(browser) == "Showing all 7 items."
    assert problems(browser) == []


def test_an_address_points_at_its_item(browser, site):
    open_page(browser, site, "plans/alpha.html#2.2")
    assert browser.execute_script("return document.querySelector(':target').id") == "2.2"
    open_page(browser, site, "agencies/police.html")
    browser.find_element(By.LINK_TEXT, "alpha:2.2").click()
    arrive(browser, lambda url: url.endswith("/plans/alpha.html#2.2"))
    assert browser.execute_script("return document.querySelector(':target').id") == "2.2"


def test_search_finds_items_in_every_plan(browser, site):
    open_page(browser, site, "search.html")
    assert problems(browser) == []
    assert status(browser) == "Type a word or two to find them in every plan."
    box = browser.find_element(By.ID, "s:search-q")
    box.send_keys("audit")
    results = browser.find_elements(By.CSS_SELECTOR, "#s\\:results li a")
    assert status(browser) == f"{len(results)} items match."
    assert len(results) >= 3
    box.send_keys(" mental")
    results = browser.find_elements(By.CSS_SELECTOR, "#s\\:results li a")
    assert [r.text for r in results] == ["Audit mental capacity assessments."]
    results[0].click()
    arrive(browser, lambda url: url.endswith("/plans/beta.html#2"))
    # The search box in every page's header asks the search page.
    quick = browser.find_element(By.ID, "s:quick")
    quick.send_keys("Think Family", Keys.ENTER)
    arrive(browser, lambda url: "search.html?q=Think+Family" in url)
    assert browser.find_element(By.ID, "s:search-q").get_attribute("value") == "Think Family"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#s\\:results li")) >= 2
    assert problems(browser) == []


def test_asks_for_nothing_outside_the_site(browser, site):
    for address in ("index.html", "plans/child-m.html", "search.html", "agencies/index.html"):
        requests(browser)  # forget what came before
        open_page(browser, site, address)
        asked = requests(browser)
        assert len(asked) >= 3, asked  # the page, its style sheet and its script
        assert all(url.startswith(site.as_uri()) for url in asked), asked


def test_screenshots_on_a_desk_and_on_a_phone(browser, site, tmp_path):
    open_page(browser, site, "index.html")
    shot = browser.get_screenshot_as_png()
    assert png_size(shot)[0] == 1280
    assert len(shot) > 20_000  # a real page, not a blank one
    (tmp_path / "index.png").write_bytes(shot)
    browser.set_window_size(390, 844)
    try:
        open_page(browser, site, "plans/child-m.html")
        wide = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert wide[0] <= wide[1], "the page scrolls sideways on a phone"
        phone = browser.get_screenshot_as_png()
        assert png_size(phone)[0] < 500 and len(phone) > 10_000
    finally:
        browser.set_window_size(1280, 1000)
    assert problems(browser) == []


def test_prints_without_controls(browser, site):
    open_page(browser, site, "plans/alpha.html")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = browser.execute_script(
            "return ['form.filters', 'header.site nav', 'form.quick'].map("
            "s => getComputedStyle(document.querySelector(s)).display)"
        )
        assert hidden == ["none", "none", "none"]
        assert (
            browser.execute_script(
                "return getComputedStyle(document.querySelector('#s\\\\:actions thead')).display"
            )
            == "table-header-group"
        )
        pdf = browser.execute_cdp_cmd("Page.printToPDF", {"landscape": True})
        assert len(pdf["data"]) > 10_000
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_hostile_text_runs_no_script(browser, tmp_path, write):
    from test_report import HOSTILE
    from test_site import HOSTILE_ID

    plan = load_plan(write(HOSTILE + HOSTILE_ID, "hostile.yaml")).require("x")
    folder = tmp_path / "hostile-site"
    write_site(site_files(build([plan], dt.date(2024, 1, 15))), folder)
    for address in ("index.html", "plans/hostile.html", "search.html?q=alert"):
        open_page(browser, folder, address)
        alerts = browser.execute_script("return document.querySelectorAll('img, b, iframe').length")
        assert alerts == 0, address
        # An alert() would have left a dialog open: the driver would refuse to go on.
        assert browser.title
    assert len(browser.find_elements(By.CSS_SELECTOR, "#s\\:results li")) >= 1
    assert problems(browser) == []
    shutil.rmtree(folder)
