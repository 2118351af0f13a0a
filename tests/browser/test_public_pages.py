"""Every public page, in a real browser, checked by axe-core."""

import pytest

from events.services import examples_load

from .conftest import assert_no_axe_violations

PUBLIC_PAGES = [
    "/",
    "/leitbild/",
    "/leitbild/2019/",
    "/leitbild/2008/",
    "/leitbild/archiv/",
    "/handlungsfelder/",
    "/handlungsfelder/interkulturelle-oeffnung-der-oeffentlichen-verwaltungen/",
    "/veranstaltungen/",
    "/veranstaltungen/2024-10-08-workshop-ziele-weitere-handlungsfelder/",
    "/veranstaltungen/beispiel-workshop/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/diese-seite-gibt-es-nicht/",
    # Leichte Sprache: German whatever the language.
    "/leichte-sprache/",
    "/leichte-sprache/leitbild/",
    "/leichte-sprache/handlungsfelder/",
    "/leichte-sprache/handlungsfelder/wirtschaft-und-arbeit/",
    "/leichte-sprache/mitmachen/",
]


@pytest.fixture
def shipped_data(transactional_db, muenster_data):
    from portal.services import city_load

    city, _ = city_load(data=muenster_data)
    examples_load(city=city)
    return city


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations(shipped_data, page, axe, path):
    response = page.goto(path)
    assert response.status == (404 if "gibt-es-nicht" in path else 200)
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(axe, page)


def test_skip_link_moves_focus_to_main_content(shipped_data, page):
    page.goto("/veranstaltungen/")
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    assert skip_link.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_keeps_the_page_in_each_language(shipped_data, page):
    page.goto("/veranstaltungen/")
    assert page.locator("html").get_attribute("lang") == "de"
    page.locator(".language-switcher a[hreflang=ar]").click()
    page.wait_for_url("**/ar/veranstaltungen/")
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    current = page.locator(".language-switcher a[aria-current=true]")
    assert current.get_attribute("hreflang") == "ar"
    page.locator(".language-switcher").get_by_role(
        "link", name="Deutsch", exact=True
    ).click()
    # "**/veranstaltungen/" would match the Arabic address too: wait until
    # the address has lost its prefix.
    page.wait_for_url(
        lambda url: url.endswith("/veranstaltungen/") and "/ar/" not in url
    )
    assert not page.url.split("/", 3)[3].startswith("ar/")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("de", "ltr")


def test_agenda_shows_real_event_with_time_and_place(shipped_data, page):
    page.goto("/veranstaltungen/")
    item = page.locator("article", has_text="4. Expertenrunde")
    assert "VHS Raum 104" in item.inner_text()
    assert (
        "19.09.2024" in item.inner_text() or "19. September 2024" in item.inner_text()
    )
    assert "16:00" in item.inner_text()
