"""What search engines and link previews read from the public pages: the
description, Open Graph, the canonical address, the favicon, robots.txt and
the sitemap.

Münster is loaded once for the module (`muenster_shared`), except where a
test needs a city of its own.
"""

import datetime as dt
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from core.models import City
from events.models import Event, Process
from handlungsfelder.models import ActionField
from leitbild.models import Edition
from tests.conftest import (
    get,
    html_of,
    in_language,
    make_edition,
    make_event,
)

SITE_URL = "https://leitbild.example.org"

PUBLIC_PAGES = [
    "/",
    "/leitbild/",
    "/leitbild/archiv/",
    "/leitbild/vergleich/",
    "/leitbild/vergleich/?von=2014&zu=2025",
    "/leitbild/2008/",
    "/leitbild/2014/",
    "/leitbild/2019/",
    "/leitbild/2025/",
    "/handlungsfelder/",
    "/handlungsfelder/umsetzung/",
    "/handlungsfelder/wirtschaft-und-arbeit/",
    "/handlungsfelder/religion/",
    "/veranstaltungen/",
    "/veranstaltungen/2024-09-19-expertenrunde-4/",
    "/veranstaltungen/2023-05-23-starterworkshop/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
]

OPEN_GRAPH = ("og:title", "og:description", "og:url", "og:type", "og:site_name")


class HeadTags(HTMLParser):
    """The <meta> and <link> tags of a page, as a crawler reads them."""

    def __init__(self, html: str):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[dict]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("name") or attrs.get("property")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content") or "")
        elif tag == "link":
            for rel in (attrs.get("rel") or "").split():
                self.links.setdefault(rel, []).append(attrs)

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    @property
    def canonical(self) -> str:
        links = self.links.get("canonical", [])
        assert len(links) == 1, links
        return links[0]["href"]


def head_of(client, path) -> HeadTags:
    return HeadTags(html_of(client, path))


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE_URL
    return SITE_URL


# Descriptions, Open Graph, canonical addresses


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_a_plain_description_of_search_result_length(
    muenster_shared, client, path
):
    description = head_of(client, path).one("description")

    assert len(description) >= 50
    assert len(description) <= 220
    assert "<" not in description
    assert "**" not in description
    assert "  " not in description


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_open_graph_and_a_canonical_address_under_site_url(
    muenster_shared, client, site_url, path
):
    head = head_of(client, path)

    for key in OPEN_GRAPH:
        assert head.one(key).strip(), key
    assert head.one("og:locale") == "de_DE"
    assert head.one("og:site_name") == muenster_shared.portal_name
    assert head.one("og:description") == head.one("description")
    assert head.one("og:url") == head.canonical
    assert head.canonical.startswith(SITE_URL + "/")
    assert urlsplit(head.canonical).path == urlsplit(path).path


def test_public_pages_describe_themselves_differently(muenster_shared, client):
    # /leitbild/ is the edition in force, /leitbild/2025/: the same page.
    pages = [path for path in PUBLIC_PAGES if path != "/leitbild/"]
    heads = {path: head_of(client, path) for path in pages}

    descriptions = {path: head.one("description") for path, head in heads.items()}
    titles = {path: head.one("og:title") for path, head in heads.items()}
    assert len(set(descriptions.values())) == len(pages), descriptions
    assert len(set(titles.values())) == len(pages), titles


def test_pages_describe_themselves_with_their_own_text(muenster_shared, client):
    edition = Edition.objects.get(city=muenster_shared, year=2019)
    field = ActionField.objects.get(edition__year=2025, slug="wirtschaft-und-arbeit")

    assert (
        head_of(client, "/leitbild/2019/")
        .one("description")
        .startswith(edition.summary.split()[0])
    )
    field_description = head_of(client, field.get_absolute_url()).one("description")
    assert field_description.startswith(field.name)
    assert "Münster" in head_of(client, "/impressum/").one("description")
    assert "2014–2019" in head_of(client, "/leitbild/vergleich/?von=2014&zu=2025").one(
        "description"
    )


def test_description_is_plain_text_of_the_markdown_cut_at_a_word(
    muenster_shared, client
):
    summary = "Das **neue** Leitbild & seine [Ziele](https://example.org/). " + (
        "Weitere Worte über das Zusammenleben in der Stadt. " * 10
    )
    edition = make_edition(muenster_shared, number=9, year=2031, summary=summary)

    html = html_of(client, edition.get_absolute_url())

    description = HeadTags(html).one("description")
    assert description.startswith("Das neue Leitbild & seine Ziele. Weitere Worte")
    assert 'content="Das neue Leitbild &amp; seine Ziele.' in html
    assert len(description) <= 160
    assert description.endswith(("…", "."))
    assert description.removesuffix("…").split()[-1] in summary.split()


def test_canonical_address_keeps_only_the_query_that_chooses_the_comparison(
    muenster_shared, client, site_url
):
    compare = head_of(client, "/leitbild/vergleich/?zu=2025&von=2014&utm_source=x")
    default = head_of(client, "/leitbild/vergleich/")
    agenda = head_of(client, "/veranstaltungen/?art=workshop")

    assert compare.canonical == f"{SITE_URL}/leitbild/vergleich/?von=2014&zu=2025"
    assert default.canonical == f"{SITE_URL}/leitbild/vergleich/"
    assert agenda.canonical == f"{SITE_URL}/veranstaltungen/"


def test_canonical_address_ignores_the_host_the_request_came_by(
    muenster_shared, client, site_url, settings
):
    settings.ALLOWED_HOSTS = ["internal.example"]

    response = client.get("/impressum/", HTTP_HOST="internal.example")

    head = HeadTags(response.content.decode())
    assert head.canonical == f"{SITE_URL}/impressum/"
    assert "internal.example" not in head.one("og:url")


def test_link_preview_names_the_citys_portal(muenster_shared, client):
    City.objects.filter(pk=muenster_shared.pk).update(
        name="Beispielstadt", portal_name="Leitbildportal Beispielstadt"
    )
    cache.clear()

    head = head_of(client, "/veranstaltungen/")

    assert head.one("og:site_name") == "Leitbildportal Beispielstadt"
    assert head.one("og:title").endswith("Leitbildportal Beispielstadt")
    assert "Beispielstadt" in head.one("description")
    assert "Münster" not in head.one("description")


def test_link_preview_speaks_the_page_language(muenster_shared, client):
    head = HeadTags(html_of(client, "/en/impressum/"))
    assert head.one("og:locale") == "en_GB"
    assert head.one("og:title").startswith("Imprint")


def test_missing_page_is_not_indexed_and_names_no_canonical_address(
    muenster_shared, client
):
    response = get(client, "/gibt-es-nicht/")

    head = HeadTags(response.content.decode())
    assert response.status_code == 404
    assert head.one("robots") == "noindex"
    assert "canonical" not in head.links
    assert "og:url" not in head.meta


# Favicon


def test_favicon_ico_leads_to_an_icon(muenster_shared, client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_every_page_links_its_icons(muenster_shared, client):
    head = head_of(client, "/veranstaltungen/")

    icons = {link["href"]: link for link in head.links["icon"]}
    assert len(icons) == 2
    for href, link in icons.items():
        icon = client.get(href)
        assert icon.status_code == 200, href
        content = b"".join(icon.streaming_content)
        if link.get("type") == "image/svg+xml":
            assert content.startswith(b"<svg")
        else:
            assert content[:4] == b"\x00\x00\x01\x00"


# robots.txt


def test_robots_txt_keeps_crawlers_off_personal_pages_and_names_the_sitemap(
    muenster_shared, client, site_url
):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    disallowed = [line.split(":", 1)[1].strip() for line in lines if "Disallow" in line]
    personal = [
        reverse("admin:index"),
        reverse("account_login"),
        reverse("registrations:mine"),
        reverse("registrations:manage", kwargs={"token": "t"}),
        reverse("registrations:confirm", kwargs={"token": "t"}),
        reverse("registrations:received", kwargs={"token": "t"}),
    ]
    for path in personal:
        assert any(path.startswith(prefix) for prefix in disallowed), path
    for path in PUBLIC_PAGES + ["/veranstaltungen/kalender.ics"]:
        assert not any(path.startswith(prefix) for prefix in disallowed), path
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines
    assert "User-agent: *" in lines


# Sitemap

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


XHTML = "{http://www.w3.org/1999/xhtml}"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def sitemap_root(client) -> ElementTree.Element:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def sitemap_entries(client) -> dict[str, str | None]:
    """The sitemap's addresses, each with its lastmod."""
    entries = {}
    for url in sitemap_root(client).iter(f"{NS}url"):
        lastmod = url.find(f"{NS}lastmod")
        entries[url.find(f"{NS}loc").text] = None if lastmod is None else lastmod.text
    return entries


def test_sitemap_lists_every_public_page_under_site_url(
    muenster_shared, client, site_url
):
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")
    hidden = make_event(process, title="Noch geheim", slug="geheim", is_published=False)

    entries = sitemap_entries(client)

    paths = {url.removeprefix(SITE_URL) for url in entries}
    assert all(url.startswith(SITE_URL + "/") for url in entries)
    expected = {
        "/",
        "/leitbild/",
        "/leitbild/archiv/",
        "/leitbild/vergleich/",
        "/handlungsfelder/",
        "/handlungsfelder/umsetzung/",
        "/veranstaltungen/",
        "/mitmachen/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
    }
    expected |= {
        edition.get_absolute_url()
        for edition in Edition.objects.filter(city=muenster_shared)
    }
    expected |= {
        reverse("handlungsfelder:detail", kwargs={"slug": slug})
        for slug in ActionField.objects.filter(
            edition__city=muenster_shared
        ).values_list("slug", flat=True)
    }
    expected |= {
        event.get_absolute_url()
        for event in Event.objects.published().filter(process__city=muenster_shared)
    }
    # The participation report of each edition a process prepared.
    expected |= {
        reverse("leitbild:participation_report", kwargs={"year": year})
        for year in Process.objects.filter(
            city=muenster_shared, edition__isnull=False
        ).values_list("edition__year", flat=True)
    }
    # Each page in every language, German without a prefix; the Leichte
    # Sprache pages (its own pages, and each field of the edition in force)
    # in German only.
    easy = {
        reverse(f"easy:{name}")
        for name in ("home", "leitbild", "action_fields", "participation")
    } | {
        reverse("easy:action_field", kwargs={"slug": slug})
        for slug in ActionField.objects.filter(
            edition__city=muenster_shared, edition__status="adopted"
        ).values_list("slug", flat=True)
    }
    assert paths == easy | {
        in_language(path, language) for path in expected for language in LANGUAGES
    }
    assert hidden.get_absolute_url() not in paths
    # Fields of earlier editions whose address the edition in force did not take.
    assert "/handlungsfelder/religion/" in paths


def test_every_address_in_the_sitemap_answers_in_its_language(
    muenster_shared, client, site_url
):
    for url in sitemap_entries(client):
        path = url.removeprefix(SITE_URL)
        language = translation.get_language_from_path(path) or "de"
        response = get(client, path)
        assert response.status_code == 200, url
        direction = "rtl" if language == "ar" else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in (
            response.content.decode()
        ), url


def test_each_sitemap_entry_names_the_page_in_every_language(
    muenster_shared, client, site_url
):
    root = sitemap_root(client)
    entries = {url.find(f"{NS}loc").text: url for url in root.iter(f"{NS}url")}

    german = f"{SITE_URL}/handlungsfelder/bildung-und-sprachen/"
    expected = {
        **{
            code: f"{SITE_URL}{in_language(german.removeprefix(SITE_URL), code)}"
            for code in LANGUAGES
        },
        "x-default": german,
    }
    for code in LANGUAGES:
        entry = entries[expected[code]]
        links = entry.findall(f"{XHTML}link")
        assert all(link.get("rel") == "alternate" for link in links)
        assert {link.get("hreflang"): link.get("href") for link in links} == expected
        assert len(links) == len(expected)
    # Every entry has its alternates, and each of them is an entry too; the
    # pages in Leichte Sprache are German only and name no other language.
    for loc, entry in entries.items():
        hrefs = {link.get("href") for link in entry.findall(f"{XHTML}link")}
        if loc.startswith(f"{SITE_URL}/leichte-sprache/"):
            assert not hrefs, loc
            continue
        assert loc in hrefs, loc
        assert hrefs <= set(entries), loc


def test_sitemap_dates_each_row_by_its_last_change(muenster_shared, client, site_url):
    event = Event.objects.get(slug="2024-09-19-expertenrunde-4")
    Event.objects.filter(pk=event.pk).update(
        updated_at=dt.datetime(2024, 10, 1, 12, tzinfo=dt.UTC)
    )
    Edition.objects.filter(city=muenster_shared, year=2014).update(
        updated_at=dt.datetime(2019, 4, 3, 12, tzinfo=dt.UTC)
    )
    cache.clear()

    entries = sitemap_entries(client)

    assert entries[SITE_URL + event.get_absolute_url()] == "2024-10-01"
    assert entries[SITE_URL + "/leitbild/2014/"] == "2019-04-03"
    assert entries[SITE_URL + "/impressum/"] == (
        timezone.localdate(muenster_shared.updated_at).isoformat()
    )


def test_sitemap_names_site_url_whatever_host_asked(
    muenster_shared, client, site_url, settings
):
    settings.ALLOWED_HOSTS = ["internal.example"]

    response = client.get("/sitemap.xml", HTTP_HOST="internal.example")

    assert b"internal.example" not in response.content
    assert f"<loc>{SITE_URL}/impressum/</loc>".encode() in response.content


def test_a_field_in_force_has_one_canonical_address_under_both_its_addresses(
    muenster_shared, client, site_url
):
    in_force = f"{SITE_URL}/handlungsfelder/bildung-und-sprachen/"

    assert head_of(client, "/handlungsfelder/bildung-und-sprachen/").canonical == (
        in_force
    )
    assert (
        head_of(
            client, "/leitbild/2025/handlungsfelder/bildung-und-sprachen/"
        ).canonical
        == in_force
    )
    # A field of an earlier edition whose slug the edition in force took
    # keeps its own edition's address; one whose slug is free has the short
    # one, as the sitemap lists it.
    assert (
        head_of(
            client, "/leitbild/2019/handlungsfelder/bildung-und-sprachen/"
        ).canonical
        == f"{SITE_URL}/leitbild/2019/handlungsfelder/bildung-und-sprachen/"
    )
    assert (
        head_of(client, "/leitbild/2019/handlungsfelder/religion/").canonical
        == f"{SITE_URL}/handlungsfelder/religion/"
    )
