"""The pages in Leichte Sprache of a small city built in the test (the module
of the shipped data cannot mix with it): without city data, a field without
a text in Leichte Sprache, and the queries of the field list."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import adopt, make_action_field, make_edition

MISSING = "Diesen Text gibt es noch nicht in Leichter Sprache."
EASY_PAGES = ["home", "leitbild", "action_fields", "participation"]


def test_the_header_links_leichte_sprache_without_city_data(db, client):
    html = client.get("/ar/").content.decode()

    assert (
        '<a class="btn btn-sm btn-outline-primary" href="/leichte-sprache/" '
        'lang="de" hreflang="de" dir="ltr">Leichte Sprache</a>'
    ) in html


def test_easy_pages_without_city_data_are_not_found(db, client):
    for name in EASY_PAGES:
        assert client.get(reverse(f"easy:{name}")).status_code == 404, name


def test_easy_pages_without_an_edition_are_not_found_but_home(city, client):
    assert client.get(reverse("easy:home")).status_code == 200
    assert client.get(reverse("easy:participation")).status_code == 200
    for name in ("leitbild", "action_fields"):
        assert client.get(reverse(f"easy:{name}")).status_code == 404, name


def test_an_action_field_without_leichte_sprache_shows_its_normal_text(city, client):
    edition = make_edition(city)
    make_action_field(
        edition,
        slug="arbeit",
        short_description="Arbeit und Ausbildung für alle.",
        description="Mehr **Ausbildung** in Betrieben.",
    )
    adopt(edition)

    url = reverse("easy:action_field", kwargs={"slug": "arbeit"})
    html = client.get(url).content.decode()

    assert MISSING in html
    assert "<p>Arbeit und Ausbildung für alle.</p>" in html
    assert "<p>Mehr <strong>Ausbildung</strong> in Betrieben.</p>" in html


def test_a_draft_in_force_has_its_version_in_leichte_sprache(city, client):
    """Without an adopted edition, the newest is the one in force: its page
    links to the Leitbild in Leichte Sprache, which shows it."""
    edition = make_edition(city, title="Entwurf des Leitbilds")
    make_action_field(edition, slug="arbeit", easy_language="Es geht um Arbeit.")

    html = client.get(edition.get_absolute_url()).content.decode()
    easy = client.get(reverse("easy:leitbild")).content.decode()
    field = client.get("/leitbild/2025/handlungsfelder/arbeit/").content.decode()

    assert f'<a href="{reverse("easy:leitbild")}" hreflang="de">' in html
    assert "Entwurf des Leitbilds" in easy
    assert 'href="/leichte-sprache/handlungsfelder/arbeit/" hreflang="de"' in field


def test_the_field_list_runs_the_same_queries_however_many_fields(city, client):
    # A draft, the edition in force while none is adopted, can take new fields.
    edition = make_edition(city)
    make_action_field(edition, easy_language="Ein Text.", is_priority=True)
    url = reverse("easy:action_fields")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(12):
        make_action_field(edition)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()

    assert html.count('href="/leichte-sprache/handlungsfelder/handlungsfeld-') == 13
    assert len(many) == len(few)
