"""The API's browsable docs in a real browser: Swagger UI renders from the
portal's own files and asks no other server.

Served under a host name that is not "localhost": Swagger UI skips its
online validator only for local addresses, so a test on localhost could
not see that request.
"""

import shutil
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

HOST = "portal.test"


def open_docs(url: str) -> tuple[list[str], list[str]]:
    """Open the docs in Chromium; the operations Swagger UI shows and every
    address the browser asked for.

    Run in a thread of its own: the browser tests may already hold
    Playwright's sync API (and its event loop) in the test thread, and this
    test needs a browser of its own that resolves HOST.
    """
    from playwright.sync_api import sync_playwright

    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"],
            headless=True,
        )
        try:
            page = browser.new_page()
            page.on("request", lambda request: requested.append(request.url))
            page.goto(url)
            # The operations render once the OpenAPI document has loaded.
            page.wait_for_selector(".opblock-summary-path", timeout=15_000)
            page.wait_for_load_state("networkidle")
            paths = page.locator(".opblock-summary-path").all_inner_texts()
        finally:
            browser.close()
    return paths, requested


def test_the_docs_render_without_asking_another_server(live_server, settings):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    port = urlsplit(live_server.url).port

    with ThreadPoolExecutor(max_workers=1) as pool:
        paths, requested = pool.submit(
            open_docs, f"http://{HOST}:{port}/api/v1/docs"
        ).result()

    assert "/api/v1/events" in paths
    assert f"http://{HOST}:{port}/api/v1/openapi.json" in requested
    assert any(url.endswith("/static/ninja/swagger-ui-bundle.js") for url in requested)
    elsewhere = [url for url in requested if urlsplit(url).hostname != HOST]
    assert not [url for url in elsewhere if not url.startswith("data:")]
