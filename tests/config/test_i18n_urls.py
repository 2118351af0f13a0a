"""The portal's six languages in its addresses: German without a prefix, the
others under /en/, /tr/, /ar/, /uk/ and /ru/. The address alone chooses the
language; each page says its language and direction, and links itself in
every other language (the switcher, and hreflang alternates in its head).

Münster is loaded once for the module (`muenster_shared`).
"""

from html.parser import HTMLParser

import pytest
from django.conf import settings

from tests.conftest import in_language

SITE_URL = "https://leitbild.example.org"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Each language named in itself, as the switcher names it (Arabic as
# Django's LANG_INFO spells it, with the shadda).
NAMES = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربيّة",
    "uk": "Українська",
    "ru": "Русский",
}
RIGHT_TO_LEFT = {"ar"}
# One page of each kind, by its German address.
PAGES = [
    "/",
    "/leitbild/",
    "/leitbild/2019/",
    "/leitbild/archiv/",
    "/leitbild/vergleich/?von=2019&zu=2025",
    "/handlungsfelder/",
    "/handlungsfelder/umsetzung/",
    "/handlungsfelder/bildung-und-sprachen/",
    "/veranstaltungen/",
    "/veranstaltungen/?art=workshop",
    "/veranstaltungen/2024-09-19-expertenrunde-4/",
    "/mitmachen/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
]


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE_URL
    return SITE_URL


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


class Page(HTMLParser):
    """What a page says about its languages: the <html> element's
    attributes, the alternates in its head, and the switcher's links."""

    def __init__(self, html: str):
        super().__init__()
        self.html: dict[str, str | None] = {}
        self.alternates: dict[str, str] = {}
        self.switcher: list[dict] = []
        self._in_switcher = False
        self._link: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html = attrs
        elif tag == "link" and attrs.get("rel") == "alternate":
            if "hreflang" in attrs:
                assert attrs["hreflang"] not in self.alternates, attrs
                self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "nav" and "language-switcher" in (attrs.get("class") or ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self._link = {**attrs, "text": ""}

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False
        elif tag == "a" and self._link is not None:
            self._link["text"] = self._link["text"].strip()
            self.switcher.append(self._link)
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data


def page_of(client, path: str, **headers) -> Page:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return Page(response.content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_answers_in_every_language_with_its_lang_and_dir(
    muenster_shared, client, language
):
    for path in PAGES:
        page = page_of(client, in_language(path, language))

        assert page.html.get("lang") == language, path
        assert page.html.get("dir") == direction(language), path


@pytest.mark.parametrize("accept", ["en", "ar", "tr,en;q=0.8", "uk-UA", "ru"])
def test_an_address_without_prefix_is_german_whatever_the_browser_asks(
    muenster_shared, client, accept
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    for path in ("/", "/leitbild/", "/veranstaltungen/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept)

        assert response.status_code == 200, path  # no redirect to a prefix
        assert Page(response.content.decode()).html["lang"] == "de", path
        assert response["Content-Language"] == "de"


def test_an_address_with_a_prefix_is_in_its_language_whatever_the_browser_asks(
    muenster_shared, client
):
    page = page_of(client, "/ar/leitbild/", HTTP_ACCEPT_LANGUAGE="de")

    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")


def test_german_has_no_prefix(muenster_shared, client):
    assert client.get("/de/leitbild/").status_code == 404


@pytest.mark.parametrize("path", ["/sitemap.xml", "/robots.txt", "/api/v1/events"])
def test_language_neutral_addresses_have_no_prefix(muenster_shared, client, path):
    assert client.get(path).status_code == 200
    for language in ("en", "ar"):
        assert client.get(f"/{language}{path}").status_code == 404


# The switcher


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_switcher_links_this_page_in_every_language_named_in_itself(
    muenster_shared, client, language
):
    path = "/veranstaltungen/?art=workshop"

    page = page_of(client, in_language(path, language))

    assert [link["text"] for link in page.switcher] == [
        NAMES[code] for code in LANGUAGES
    ]
    for code, link in zip(LANGUAGES, page.switcher, strict=True):
        # The same page, its query string kept.
        assert link["href"] == in_language(path, code), code
        assert link["lang"] == link["hreflang"] == code
        assert link["dir"] == direction(code)
        assert ("aria-current" in link) is (code == language), code


def test_every_switcher_link_leads_to_the_same_page_in_its_language(
    muenster_shared, client
):
    page = page_of(client, "/ar/handlungsfelder/bildung-und-sprachen/")

    for link in page.switcher:
        target = page_of(client, link["href"])
        assert target.html["lang"] == link["hreflang"]
        assert [other["href"] for other in target.switcher] == [
            other["href"] for other in page.switcher
        ]


def test_the_switcher_keeps_an_event_page_with_its_address(muenster_shared, client):
    path = "/veranstaltungen/2024-09-19-expertenrunde-4/"

    page = page_of(client, path)

    assert [link["href"] for link in page.switcher] == [
        in_language(path, code) for code in LANGUAGES
    ]


# Alternates for search engines


@pytest.mark.parametrize("language", ["de", "ar", "tr"])
def test_the_head_names_the_page_in_every_language_and_german_as_default(
    muenster_shared, client, site_url, language
):
    path = "/leitbild/vergleich/?von=2019&zu=2025"

    page = page_of(client, in_language(path, language))

    german = "/leitbild/vergleich/"  # crawlers get no query string
    assert page.alternates == {
        **{code: SITE_URL + in_language(german, code) for code in LANGUAGES},
        "x-default": SITE_URL + german,
    }


def test_every_page_of_the_sample_has_all_alternates(muenster_shared, client, site_url):
    for path in PAGES:
        page = page_of(client, in_language(path, "uk"))

        assert set(page.alternates) == {*LANGUAGES, "x-default"}, path
        assert page.alternates["uk"].startswith(f"{SITE_URL}/uk/"), path
        assert page.alternates["x-default"] == page.alternates["de"], path
