"""The pages in Leichte Sprache (/leichte-sprache/, portal.easy_views): German
whatever the reader's language, marked as Leichte Sprache, linked both ways
with the normal pages, the normal text with a note where a text is missing;
the header's link to them on every page; the shipped texts.

Münster is loaded once for the module (`muenster_shared`); each test runs in
its own savepoint, so what a test changes is undone.
"""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.models import City
from handlungsfelder.models import ActionField
from leitbild.models import Edition, Section

FIELD = "wirtschaft-und-arbeit"
MISSING = "Diesen Text gibt es noch nicht in Leichter Sprache."


def easy_paths() -> dict[str, str]:
    """Each page in Leichte Sprache and the normal page of the same content."""
    return {
        reverse("easy:home"): reverse("home"),
        reverse("easy:leitbild"): reverse("leitbild:current"),
        reverse("easy:action_fields"): reverse("handlungsfelder:list"),
        reverse("easy:action_field", kwargs={"slug": FIELD}): reverse(
            "handlungsfelder:detail", kwargs={"slug": FIELD}
        ),
        reverse("easy:participation"): reverse("contributions:how"),
    }


def page(client, path, language="de") -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, path
    return response.content.decode()


def easy_link(html: str) -> str:
    """The header's link to the pages in Leichte Sprache."""
    links = re.findall(
        r'<a [^>]*href="/leichte-sprache/"[^>]*>Leichte Sprache</a>', html
    )
    assert len(links) == 1, links
    return links[0]


def main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


# The pages in Leichte Sprache


def test_the_addresses_have_no_language_prefix():
    assert reverse("easy:home") == "/leichte-sprache/"
    assert reverse("easy:participation") == "/leichte-sprache/mitmachen/"
    assert reverse("easy:action_field", kwargs={"slug": FIELD}) == (
        f"/leichte-sprache/handlungsfelder/{FIELD}/"
    )


@pytest.mark.parametrize("language", ["de", "ar", "en"])
def test_every_easy_page_is_german_and_marked_as_leichte_sprache(
    muenster_shared, client, language
):
    for path, normal in easy_paths().items():
        html = page(client, path, language)

        assert '<html lang="de" dir="ltr">' in html, path
        assert '<span class="badge easy-language-badge">Leichte Sprache</span>' in main(
            html
        ), path
        assert f'<a href="{normal}">Diese Seite in Alltags-Sprache</a>' in html, path


def test_easy_pages_have_no_alternates_in_other_languages(muenster_shared, client):
    for path in easy_paths():
        assert 'hreflang="en"' not in page(client, path).split("</head>")[0], path


def test_the_switcher_on_an_easy_page_leads_to_the_normal_page_in_each_language(
    muenster_shared, client
):
    html = page(client, reverse("easy:leitbild"))
    switcher = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]

    assert 'href="/en/leitbild/"' in switcher
    assert 'href="/ar/leitbild/"' in switcher
    assert 'href="/leitbild/"' in switcher
    # No language is the one shown; Leichte Sprache is.
    assert 'aria-current="true"' not in switcher
    assert 'aria-current="page"' in easy_link(html)


def test_easy_home_shows_its_text_and_the_way_to_the_other_pages(
    muenster_shared, client
):
    html = main(page(client, reverse("easy:home")))

    assert "<h1>Leitbild Migration und Integration</h1>" in html
    assert "<p>Ein Leitbild ist ein Plan.</p>" in html
    assert MISSING not in html
    for name in ("easy:leitbild", "easy:action_fields", "easy:participation"):
        assert f'href="{reverse(name)}"' in html, name


def test_easy_leitbild_shows_each_section_in_leichte_sprache_under_its_title(
    muenster_shared, client
):
    html = main(page(client, reverse("easy:leitbild")))
    edition = Edition.objects.get(city=muenster_shared, year=2025)

    assert "Leitbild Migration und Integration 2025–2030" in html
    for section in edition.sections.all():
        assert f'<h2 id="{section.slug}">{section.title}</h2>' in html
        first_line = section.easy_language.strip().splitlines()[0]
        assert f"<p>{first_line}</p>" in html, section.slug
        assert section.body.strip().splitlines()[0] not in html, section.slug
    assert MISSING not in html


def test_easy_action_field_list_links_each_field_of_the_edition_in_force(
    muenster_shared, client
):
    html = main(page(client, reverse("easy:action_fields")))
    fields = ActionField.objects.filter(
        edition__year=2025, edition__city=muenster_shared
    )

    assert fields.count() == 10
    for field in fields:
        url = reverse("easy:action_field", kwargs={"slug": field.slug})
        assert f'<a href="{url}">{field.name}</a>' in html, field.slug
    assert html.count("Schwerpunkt") == 3


def test_easy_action_field_shows_its_text(muenster_shared, client):
    html = main(page(client, reverse("easy:action_field", kwargs={"slug": FIELD})))

    assert "<h1>Wirtschaft und Arbeit</h1>" in html
    assert "<p>In diesem Handlungs-Feld geht es um Arbeit.</p>" in html
    assert MISSING not in html


def test_easy_action_field_of_an_earlier_edition_only_is_not_found(
    muenster_shared, client
):
    # "religion" is a field of 2019 alone; 2025 continues it as another.
    for slug in ("religion", "gibt-es-nicht"):
        url = reverse("easy:action_field", kwargs={"slug": slug})
        assert client.get(url).status_code == 404, slug


def test_easy_participation_shows_its_text(muenster_shared, client):
    html = main(page(client, reverse("easy:participation")))

    assert "<h1>Mitmachen</h1>" in html
    assert "<p>Sie können auf 2 Arten mitmachen:</p>" in html
    assert MISSING not in html


# A missing text: the normal German text with a note


def test_a_section_without_leichte_sprache_shows_its_normal_text_with_a_note(
    muenster_shared, client
):
    section = Section.objects.get(edition__year=2025, slug="grundhaltung")
    section.easy_language = ""
    section.save()

    html = main(page(client, reverse("easy:leitbild")))
    part = html.split('id="grundhaltung"', 1)[1].split("</section>", 1)[0]

    assert html.count(MISSING) == 1
    assert MISSING in part
    assert "Im Fachaustausch 2024 wurde eine gemeinsame Grundhaltung geklärt" in part


def test_home_without_leichte_sprache_shows_the_normal_introduction(
    muenster_shared, client
):
    City.objects.filter(pk=muenster_shared.pk).update(easy_home="")
    cache.clear()

    html = main(page(client, reverse("easy:home")))

    assert MISSING in html
    assert "ist das Integrationskonzept" in html


def test_participation_without_leichte_sprache_shows_the_normal_page_text(
    muenster_shared, client
):
    City.objects.filter(pk=muenster_shared.pk).update(easy_participation="")
    cache.clear()

    html = main(page(client, reverse("easy:participation"), "ar"))

    assert MISSING in html
    # The text of "how contributions are used", in German.
    assert "<h2>Wer mitmachen kann</h2>" in html


# The normal pages link to their version in Leichte Sprache


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"])
def test_normal_pages_link_to_their_version_in_leichte_sprache(
    muenster_shared, client, prefix
):
    for easy, normal in easy_paths().items():
        html = main(page(client, prefix + normal))
        assert f'<a href="{easy}" hreflang="de">' in html, normal


def test_the_german_link_to_leichte_sprache_says_so(muenster_shared, client):
    html = page(client, reverse("home"))

    assert 'hreflang="de">Diese Seite in Leichter Sprache</a>' in html


def test_an_archived_edition_and_its_fields_have_no_version_in_leichte_sprache(
    muenster_shared, client
):
    for path in (
        "/leitbild/2019/",
        "/leitbild/2019/handlungsfelder/bildung-und-sprachen/",
        reverse("events:list"),
    ):
        html = main(page(client, path))
        assert 'href="/leichte-sprache/' not in html, path


# The header's link, on every page


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/ar/",
        "/ar/leitbild/",
        "/tr/handlungsfelder/",
        "/veranstaltungen/",
        "/ru/mitmachen/",
        "/impressum/",
    ],
)
def test_every_page_links_leichte_sprache_in_german_in_its_header(
    muenster_shared, client, path
):
    link = easy_link(page(client, path))

    assert 'lang="de"' in link
    assert 'dir="ltr"' in link
    assert "aria-current" not in link


def test_the_header_link_is_current_on_every_easy_page(muenster_shared, client):
    for path in easy_paths():
        assert 'aria-current="page"' in easy_link(page(client, path)), path
