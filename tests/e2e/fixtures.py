"""Browser harness: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
import shutil
import threading
import time

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium).")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # for setup and assertions happen outside it, so Django's async guard does not apply.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=_chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def _close_and_let_the_server_finish(contexts: list) -> None:
    """Close the browser, then wait for the live server to finish the requests it still runs.

    A request the page sent just before the test ended (an autosave, a poll) can still be in a
    server thread; the database flush that ends the test would fail against it on SQLite.
    Every context is closed before the wait: a server thread keeps serving an open context's
    keep-alive connection, so waiting with one still open would last the whole deadline.
    """
    for context in contexts:
        context.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
        thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()
    ):
        time.sleep(0.05)


@pytest.fixture
def _browser_contexts():
    """The contexts a test's `page` and `phone_page` live in, closed together at its end."""
    contexts: list = []
    yield contexts
    _close_and_let_the_server_finish(contexts)


def _new_page(contexts: list, browser, live_server, viewport: dict[str, int]):
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    context.set_default_timeout(10_000)
    contexts.append(context)
    return context.new_page()


@pytest.fixture
def page(_browser_contexts, browser, live_server):
    return _new_page(_browser_contexts, browser, live_server, {"width": 1280, "height": 900})


@pytest.fixture
def phone_page(_browser_contexts, browser, live_server):
    return _new_page(_browser_contexts, browser, live_server, {"width": 390, "height": 844})


SETTLED_SCRIPT = """() =>
  !document.querySelector(".htmx-request") &&
  (typeof window.mermaid === "undefined" ||
   [...document.querySelectorAll("[data-mermaid-source]")].every((el) => el.querySelector("svg")))
"""


def wait_until_settled(page) -> None:
    """Wait until the page has loaded, no htmx request is in flight and its diagrams are drawn.

    Playwright's "networkidle" would wait for the same, plus half a second of silence on every
    page, whatever the page does.
    """
    page.wait_for_load_state("load")
    page.wait_for_function(SETTLED_SCRIPT)


def serious_accessibility_violations(page) -> list[dict]:
    """Run axe-core on the current page; return violations rated serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": violation["id"], "nodes": [node["target"] for node in violation["nodes"]]}
        for violation in results.response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]


def log_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def confirm_email(page, address: str) -> None:
    """Follow the confirmation link sign-up mailed to `address` and confirm it."""
    import re

    from django.core import mail

    message = next(m for m in reversed(mail.outbox) if m.to == [address])
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)
    page.goto(path)
    page.get_by_role("button", name="Confirm").click()
