"""The chat widget in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import json
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
    """The chat is part of the page: it greets as soon as the page is open."""
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


AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
COMPARISON = "compare an echocardiographer and a PACS administrator"


def last_chart(page: Page):
    return page.locator(".rw-image-frame").last


def chart_loaded(page: Page) -> bool:
    return last_chart(page).evaluate("image => image.complete && image.naturalWidth > 0")


@pytest.mark.parametrize(("screen", "width", "height"), [("desktop", 1280, 860), ("phone", 375, 740)])
def test_a_comparison_comes_with_a_chart_and_its_text_alternative(
    browser: Browser, page_url: str, screen: str, width: int, height: int
) -> None:
    page, requested = open_page(browser, page_url, width=width, height=height)
    open_chat(page)
    ask(page, COMPARISON)
    expect(last_answer(page)).to_contain_text("Growth:", timeout=ANSWER_TIMEOUT_MS)  # the text answer stays
    expect(page.locator(".rw-reply", has_text="More on the PACS administrator")).to_be_visible()
    chart = last_chart(page)
    expect(chart).to_have_attribute("src", "/chat/charts/compare/echocardiographer/pacs_administrator.svg")
    alt = chart.get_attribute("alt") or ""
    assert "$62,027" in alt and "$72,218" in alt and "2018" in alt and "23%" in alt
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=chart.element_handle())
    box, conversation = chart.bounding_box(), page.locator(".rw-messages-container").bounding_box()
    assert box and conversation and box["width"] >= min(360, conversation["width"] * 0.8)  # readable, not a thumbnail
    if screen == "desktop":  # the chat has its own column beside the text, not a box over it
        about = page.locator(".about").bounding_box()
        panel = page.locator(".chat-panel").bounding_box()
        assert about and panel and panel["x"] >= about["x"] + about["width"] and panel["width"] >= 480
        page.locator(".rw-image-link").last.focus()
        with page.expect_popup() as opened:  # the chart opens at full size, from the keyboard too
            page.keyboard.press("Enter")
        assert opened.value.url.endswith("/chat/charts/compare/echocardiographer/pacs_administrator.svg")
        opened.value.close()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.evaluate("document.activeElement.blur()")
    # The picture shows the chart: the conversation scrolls to it, the page stays where it is.
    chart.evaluate("""image => { const box = image.closest('.rw-messages-container');
        box.scrollTop += image.getBoundingClientRect().top - box.getBoundingClientRect().top - 8; }""")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"page-{screen}.png"))
    outside = {urlparse(url).hostname for url in requested} - {"127.0.0.1", "localhost", None, ""}
    assert not outside, f"the page contacted {outside}"


def test_the_page_with_answers_and_a_chart_has_no_serious_accessibility_violation(
    browser: Browser, page_url: str
) -> None:
    # The page's security policy forbids injected scripts; axe-core is injected for this check only.
    context = browser.new_context(viewport={"width": 1280, "height": 860}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(page_url)
        open_chat(page)
        ask(page, "How much does a PACS administrator make?")
        expect(page.locator(".rw-reply", has_text="Certifications")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
        ask(page, COMPARISON)
        expect(last_chart(page)).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
        page.locator("details.sources summary").click()  # the list of sources open too
        page.add_script_tag(path=str(AXE_SCRIPT))
        violations = page.evaluate(
            """async () => (await axe.run(document)).violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))"""
        )
    finally:
        context.close()
    report = REPO_ROOT / "test-output" / "axe-violations.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(violations, indent=2), encoding="utf-8")
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, json.dumps(blocking, indent=2)


def focus_by_tab(page: Page, selector: str, presses: int = 25) -> bool:
    """Presses Tab until the element with the focus matches the selector; whether it did."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return True
    return False


def focus_ring(page: Page) -> str:
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }"
    )


def test_the_chat_works_from_the_keyboard_alone(browser: Browser, page_url: str) -> None:
    page, _ = open_page(browser, page_url)
    open_chat(page)
    page.locator("body").focus()
    assert focus_by_tab(page, "#start-over"), "the Start over button is reachable"
    assert not focus_ring(page).startswith("none")
    assert focus_by_tab(page, ".rw-new-message"), "the text box is reachable"
    assert not focus_ring(page).startswith("none") and not focus_ring(page).endswith(" 0px")
    page.keyboard.type("what do clinical educators earn?")
    page.keyboard.press("Enter")
    expect(last_answer(page)).to_contain_text("$73,896", timeout=ANSWER_TIMEOUT_MS)
    reply = page.locator(".rw-reply").first
    expect(reply).to_be_visible()
    title = reply.inner_text()
    assert focus_by_tab(page, ".rw-reply"), "the quick replies are reachable"
    assert not focus_ring(page).startswith("none")
    page.keyboard.press("Enter")
    expect(page.locator(".rw-from-client").last).to_contain_text(title, timeout=ANSWER_TIMEOUT_MS)
