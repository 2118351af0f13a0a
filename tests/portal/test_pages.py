"""What residents see on the home page, the Leitbild pages and the legal pages.

Münster is loaded once for the module (`muenster_shared`). Pages render in
German; the assertions look for the city's data, not for interface wording.
"""

import pytest
from django.utils import timezone

from events.models import Process
from leitbild.models import Edition, Section
from tests.conftest import (
    adopt,
    get,
    html_of,
    make_action_field,
    make_edition,
    make_event,
    make_phase,
    make_process,
    make_venue,
)

PUBLIC_PAGES = [
    "/",
    "/leitbild/",
    "/leitbild/archiv/",
    "/leitbild/2008/",
    "/leitbild/2014/",
    "/leitbild/2019/",
    "/leitbild/2025/",
    "/handlungsfelder/",
    "/handlungsfelder/wirtschaft-und-arbeit/",
    "/veranstaltungen/",
    "/veranstaltungen/2024-09-19-expertenrunde-4/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
]


def main_of(html: str) -> str:
    """The page's own content, without header and footer."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_answers_in_german(muenster_shared, client, path):
    response = get(client, path)

    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert '<html lang="de"' in response.content.decode()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_shows_the_citys_contact_in_the_footer(
    muenster_shared, client, path
):
    html = html_of(client, path)

    footer = html.split("<footer", 1)[1]
    assert 'href="mailto:meiber@stadt-muenster.de"' in footer
    assert "Alesja Meiber" in footer
    assert "02 51/4 92-70 77" in footer
    assert "Kommunales Integrationszentrum Münster" in footer


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_names_the_portal_in_header_and_title(muenster_shared, client, path):
    html = html_of(client, path)

    assert "Leitbildportal Münster</title>" in html
    assert "Stadt Münster" in html.split("</header>", 1)[0]


# Home


def test_home_shows_the_intro(muenster_shared, client):
    main = main_of(html_of(client, "/"))

    assert "<strong>Leitbild Migration und Integration</strong>" in main
    assert "ist das Integrationskonzept" in main


def test_home_shows_the_adopted_edition(muenster_shared, client):
    main = main_of(html_of(client, "/"))

    assert "2025–2030" in main
    assert 'href="/leitbild/2025/"' in main
    assert "2019–2025" not in main


def test_home_links_the_three_priorities(muenster_shared, client):
    main = main_of(html_of(client, "/"))

    assert 'href="/handlungsfelder/wirtschaft-und-arbeit/"' in main
    assert "Politische Partizipation und zivilgesellschaftliches Engagement" in main
    assert "Interkulturelle Öffnung der öffentlichen Verwaltungen" in main
    assert "Sport und Freizeit" not in main


def test_home_names_the_last_process_and_its_latest_event(muenster_shared, client):
    main = main_of(html_of(client, "/"))

    assert "Überarbeitung des Leitbildes 2023–2025" in main
    assert "Abschlussveranstaltung/ Verabschiedung" in main


def test_home_lists_upcoming_events_with_their_place(muenster_shared, client):
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")
    venue = make_venue(muenster_shared, name="Begegnungszentrum Kinderhaus")
    make_event(process, days=7, title="Nachtreffen im Stadtteil", venue=venue)

    main = main_of(html_of(client, "/"))

    assert "Nachtreffen im Stadtteil" in main
    assert "Begegnungszentrum Kinderhaus" in main


def test_home_does_not_list_unpublished_events(muenster_shared, client):
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")
    make_event(process, days=7, title="Interne Vorbesprechung", is_published=False)

    assert "Interne Vorbesprechung" not in html_of(client, "/")


def test_home_answers_when_no_city_is_loaded(muenster_shared, client, settings):
    settings.CITY_SLUG = "nirgendwo"

    response = get(client, "/")

    assert response.status_code == 200
    assert "Münster" not in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/leitbild/", "/leitbild/archiv/", "/impressum/", "/veranstaltungen/"]
)
def test_pages_that_need_a_city_answer_404_without_one(
    muenster_shared, client, settings, path
):
    settings.CITY_SLUG = "nirgendwo"

    assert get(client, path).status_code == 404


# The Leitbild


def test_leitbild_shows_the_edition_in_force(muenster_shared, client):
    main = main_of(html_of(client, "/leitbild/"))

    assert "Leitbild Migration und Integration 2025–2030" in main
    assert "Mehr als 400 Menschen" in main
    assert 'id="grundhaltung"' in main
    assert "Grundhaltung" in main
    assert "Rechtliche Beratung und Integrationsbegleitung" in main
    assert "Beschäftigten mit internationaler" in main


def test_leitbild_of_a_year_shows_that_edition(muenster_shared, client):
    main = main_of(html_of(client, "/leitbild/2019/"))

    assert "Leitbild Migration und Integration 2019–2025" in main
    assert "Am 3. April 2019 hat der Rat" in main
    assert "Religion" in main
    assert "(Politische) Partizipation und zivilgesellschaftliches Engagement" in main
    # Nothing of the 2025 edition.
    assert "Mehr als 400 Menschen" not in main
    assert "Wirtschaft und Arbeit" not in main


def test_first_edition_shows_its_sections_and_terms(muenster_shared, client):
    main = main_of(html_of(client, "/leitbild/2008/"))

    assert "Erfolgsfaktoren von Integrationsmanagement" in main
    assert "Acht Erfolgsfaktoren" in main
    assert "Menschen mit Migrationsvorgeschichte" in main


def test_leitbild_of_an_unknown_year_is_not_found(muenster_shared, client):
    assert get(client, "/leitbild/1999/").status_code == 404


def test_a_draft_edition_is_marked_as_draft(muenster_shared, client):
    make_edition(muenster_shared, number=5, year=2030, period_start=2030)

    draft = main_of(html_of(client, "/leitbild/2030/"))
    adopted = main_of(html_of(client, "/leitbild/2025/"))

    assert "alert-warning" in draft
    assert "alert-warning" not in adopted


def test_archive_lists_every_edition_newest_first(muenster_shared, client):
    main = main_of(html_of(client, "/leitbild/archiv/"))

    links = [main.index(f'href="/leitbild/{year}/"') for year in (2025, 2019, 2014)]
    assert links == sorted(links)
    assert 'href="/leitbild/2008/"' in main
    assert "2008–2014" in main


def test_section_text_is_sanitised_on_the_page(muenster_shared, client):
    edition = Edition.objects.get(city=muenster_shared, year=2025)
    Section.objects.filter(edition=edition, slug="grundhaltung").update(
        body="Gemeinsam.<script>alert('x')</script> [Klick](javascript:alert(1))"
    )

    main = main_of(html_of(client, "/leitbild/2025/"))

    assert "Gemeinsam." in main
    assert "<script>alert" not in main
    assert "javascript:" not in main


# Legal pages


def test_imprint_shows_the_citys_imprint(muenster_shared, client):
    main = main_of(html_of(client, "/impressum/"))

    assert "Anbieter</h2>" in main
    assert "§ 5 DDG" in main


def test_privacy_page_shows_the_citys_privacy_notice(muenster_shared, client):
    main = main_of(html_of(client, "/datenschutz/"))

    assert "Welche Daten wir verarbeiten</h2>" in main
    assert "Keine Weitergabe, keine Tracker" in main


def test_accessibility_page_shows_the_citys_statement(muenster_shared, client):
    main = main_of(html_of(client, "/barrierefreiheit/"))

    assert "BITV 2.0" in main
    assert "Barriere melden" in main


def test_legal_text_is_sanitised_on_the_page(muenster_shared, client):
    muenster_shared.imprint = '<img src=x onerror="alert(1)">Anbieter: Stadt'
    muenster_shared.save()

    main = main_of(html_of(client, "/impressum/"))

    assert "Anbieter: Stadt" in main
    assert "onerror" not in main


# Another city: no template names Münster


@pytest.fixture
def beispielstadt(muenster_shared, settings, request):
    """The portal of the small `city`, while Münster sits in the same database."""
    settings.CITY_SLUG = "beispielstadt"
    city = request.getfixturevalue("city")
    edition = make_edition(city, summary="Unser Leitbild.")
    field = make_action_field(edition, name="Arbeit", slug="arbeit", is_priority=True)
    adopt(edition, decided=timezone.localdate())
    process = make_process(city, edition=edition)
    phase = make_phase(process)
    venue = make_venue(city)
    upcoming = make_event(
        process, days=7, slug="treffen", phase=phase, venue=venue, room="Saal A"
    )
    past = make_event(process, days=-7, slug="rueckblick", phase=phase, venue=venue)
    upcoming.action_fields.add(field)
    past.action_fields.add(field)
    return city


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/leitbild/",
        "/leitbild/archiv/",
        "/handlungsfelder/",
        "/handlungsfelder/arbeit/",
        "/veranstaltungen/",
        "/veranstaltungen/treffen/",
        "/impressum/",
    ],
)
def test_pages_of_another_city_never_mention_muenster(beispielstadt, client, path):
    html = html_of(client, path)

    assert "Beispielstadt" in html
    assert "Münster" not in html
    assert "Muenster" not in html
    assert "muenster" not in html
