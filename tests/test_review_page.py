"""The review page (``GET /``) in a real browser: Playwright driving the Debian ``chromium`` package against a
service on a loopback port. Set ``REPLYLINT_PAGE_SCREENSHOT`` to a path to keep the page's screenshot there
(docs/review-page.png is made so)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import make_server, serving
from replylint import Linter
from replylint.service.runner import Server

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a dev extra: make test installs it")

SCREENSHOT_ENV = "REPLYLINT_PAGE_SCREENSHOT"
COMPLAINT = "My parcel never arrived and nobody answers my e-mails."
DRAFT = "This is your fault!!! Check the address you gave us."


@pytest.fixture(scope="module")
def service(linter: Linter) -> Iterator[Server]:
    with serving(make_server(linter, "127.0.0.1", 0, lint_workers=1)) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("chromium is not installed (make test installs the Debian package when it runs as root)")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=binary, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


def _page(browser: Any, service: Server, locale: str = "en-GB") -> Any:
    page = browser.new_page(locale=locale, viewport={"width": 1280, "height": 900})
    page.goto(service.url + "/")
    return page


def test_typing_highlights_findings_and_a_safe_fix_applies(browser: Any, service: Server, tmp_path: Path) -> None:
    page = _page(browser, service)
    page.fill("#context", COMPLAINT)
    page.locator("#reply").press_sequentially(DRAFT, delay=5)  # typed: the check waits for a pause
    blame = page.locator("mark[data-code=RL201]")
    blame.wait_for()
    assert blame.inner_text().startswith("your fault")
    assert "sev-error" in (blame.get_attribute("class") or "")

    blame.hover()
    tip = page.locator("#" + (blame.get_attribute("aria-describedby") or ""))
    assert tip.is_visible()
    assert "Blames the customer" in tip.inner_text()
    assert tip.locator("a").get_attribute("href") == "/rules/RL201"
    assert page.locator("#kind").inner_text().startswith("a complaint (read from the customer's message")
    assert int(page.locator("#score").inner_text()) < 100
    assert "RL201" in page.locator("#deductions").inner_text()
    assert page.locator("#sentences li").count() == 2

    shot = tmp_path / "review-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if target := os.environ.get(SCREENSHOT_ENV):
        shutil.copyfile(shot, target)

    marks = page.locator("mark[data-code=RL101]")
    marks.hover()
    page.locator(f"#{marks.get_attribute('aria-describedby')} button.fix").click()
    page.locator("mark[data-code=RL101]").wait_for(state="detached")
    assert page.input_value("#reply") == "This is your fault! Check the address you gave us."
    page.locator("mark[data-code=RL201]").wait_for()  # the blame is still there: no safe fix rewrites it
    assert page.locator("#findings button.fix").count() == 0
    page.close()


def test_the_page_is_keyboard_usable_and_speaks_russian(browser: Any, service: Server) -> None:
    page = _page(browser, service, locale="ru-RU")
    assert page.locator("h1").inner_text() == "Проверка ответа"
    assert page.get_attribute("html", "lang") == "ru"
    page.fill("#reply", "Это ваша вина!!!")
    page.locator("mark[data-code=RL201]").wait_for()
    assert page.locator("#detected").inner_text() == "определён: ru"
    page.focus("#reply")
    for _ in range(10):  # Tab from the reply reaches the first highlighted finding; its details show on focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "MARK":
            break
    focused = page.evaluate("document.activeElement.dataset.code")
    assert focused == "RL201"
    assert page.locator("mark[data-code=RL201] .tip").is_visible()
    page.select_option("#ui-language", "en")
    assert page.locator("h1").inner_text() == "Check a reply"
    assert page.locator("label[for=reply]").inner_text() == "Draft reply"
    page.close()
