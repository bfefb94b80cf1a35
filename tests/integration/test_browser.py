"""The chat widget in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = REPO_ROOT / "test-output" / "screenshots"
ANSWER_TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-background-networking"]
        )
        yield browser
        browser.close()


@pytest.fixture()
def page_url(live_bot: str) -> str:
    return f"{live_bot}/chat/"


def open_page(browser: Browser, url: str, width: int = 1280, height: int = 900) -> tuple[Page, list[str]]:
    """A fresh browser profile on the page; the list collects every URL the page requests."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url)
    return page, requested


def open_chat(page: Page) -> None:
    page.click(".rw-launcher")
    greeting = page.locator(".rw-response").first
    expect(greeting).to_contain_text("SonoPath", timeout=ANSWER_TIMEOUT_MS)


def ask(page: Page, text: str) -> None:
    page.fill(".rw-new-message", text)
    page.keyboard.press("Enter")


def last_answer(page: Page):
    return page.locator(".rw-from-response .rw-response").last


def test_ask_click_a_quick_reply_and_keep_the_conversation_after_a_reload(browser: Browser, page_url: str) -> None:
    page, requested = open_page(browser, page_url)
    open_chat(page)

    ask(page, "How much does a PACS administrator make?")
    expect(last_answer(page)).to_contain_text("$72,218", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#server-status")).to_be_hidden()  # connected: no "unreachable" notice
    expect(last_answer(page)).to_contain_text("2018")
    assert last_answer(page).locator("strong").count() >= 1  # markdown rendered, not shown as **
    assert last_answer(page).locator("li").count() >= 2

    page.locator(".rw-reply", has_text="Certifications").click()
    expect(last_answer(page)).to_contain_text("CPAS", timeout=ANSWER_TIMEOUT_MS)
    links = last_answer(page).locator("a")
    assert links.count() >= 1
    assert all(links.nth(index).get_attribute("target") == "_blank" for index in range(links.count()))

    page.reload()
    page.wait_for_load_state("networkidle")
    if not page.locator(".rw-conversation-container").is_visible():
        page.click(".rw-launcher")
    messages = page.locator(".rw-messages-container")
    expect(messages).to_contain_text("How much does a PACS administrator make?", timeout=ANSWER_TIMEOUT_MS)
    expect(messages).to_contain_text("$72,218")
    expect(messages).to_contain_text("CPAS")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "desktop-after-reload.png"))

    network = [urlparse(url) for url in requested if urlparse(url).scheme in {"http", "https", "ws", "wss"}]
    outside = {url.hostname for url in network} - {"127.0.0.1", "localhost"}
    assert not outside, f"the page contacted {outside}"


def test_a_phone_sized_screen_keeps_answers_readable(browser: Browser, page_url: str) -> None:
    page, _ = open_page(browser, page_url, width=375, height=740)
    open_chat(page)
    ask(page, "how do I become an echocardiographer?")
    expect(last_answer(page)).to_contain_text("RDCS", timeout=ANSWER_TIMEOUT_MS)
    chat = page.locator(".rw-conversation-container").bounding_box()
    assert chat is not None and chat["x"] >= -1 and chat["x"] + chat["width"] <= 376
    overflow = last_answer(page).evaluate("element => element.scrollWidth - element.clientWidth")
    assert overflow <= 1
    page_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert page_overflow <= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "phone-375.png"))


def test_start_over_begins_a_new_conversation(browser: Browser, page_url: str) -> None:
    page, _ = open_page(browser, page_url)
    open_chat(page)
    ask(page, "what do clinical educators earn?")
    expect(last_answer(page)).to_contain_text("$73,896", timeout=ANSWER_TIMEOUT_MS)
    old_session = page.evaluate("localStorage.getItem('chat_session')")
    with page.expect_navigation():
        page.click("#start-over")
    if not page.locator(".rw-conversation-container").is_visible():
        page.click(".rw-launcher")
    expect(page.locator(".rw-response").first).to_contain_text("SonoPath", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator(".rw-from-client")).to_have_count(0)  # only the new greeting is there
    new_session = page.evaluate("JSON.parse(localStorage.getItem('chat_session') || '{}').session_id")
    assert new_session and new_session not in (old_session or "")


def test_an_unreachable_server_shows_a_clear_notice(browser: Browser, page_url: str) -> None:
    context = browser.new_context()
    context.route(re.compile(r".*/socket\.io/.*"), lambda route: route.abort())
    page = context.new_page()
    page.goto(page_url)
    notice = page.locator("#server-status")
    expect(notice).to_be_visible(timeout=15_000)
    expect(notice).to_contain_text("can't be reached")
