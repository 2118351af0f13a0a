"""Public pages load without a browser error: no failed request (the
favicon included) and nothing logged to the console, which Lighthouse
counts against best practices."""

import pytest

from events.services import examples_load

PAGES = [
    "/",
    "/leitbild/",
    "/handlungsfelder/umsetzung/",
    "/veranstaltungen/",
    "/veranstaltungen/beispiel-workshop/",
    "/impressum/",
    "/leichte-sprache/",
]


@pytest.fixture
def shipped_data(transactional_db, muenster_data):
    from portal.services import city_load

    city, _ = city_load(data=muenster_data)
    examples_load(city=city)
    return city


@pytest.mark.parametrize("path", PAGES)
def test_public_page_loads_without_browser_errors(shipped_data, page, path):
    errors, failed = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"),
    )
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))

    response = page.goto(path)
    page.wait_for_load_state("networkidle")

    assert response.status == 200
    assert not failed
    assert not errors


def test_browser_finds_the_icon_the_page_links(shipped_data, page):
    page.goto("/")

    hrefs = page.eval_on_selector_all(
        "link[rel=icon]", "links => links.map(link => link.href)"
    )
    assert len(hrefs) == 2
    for href in hrefs:
        assert page.request.get(href).status == 200
    assert page.request.get("/favicon.ico").status == 200
