"""The example draft that `load_examples` adds: marked "Beispiel" wherever
it is shown, left out of the sitemap, and never taken for the edition in
force, which stays 2025.

Münster is loaded once for the module (`muenster_shared`).
"""

import pytest

from events.services import examples_load
from leitbild.models import Edition
from tests.conftest import html_of
from tests.portal.test_seo import sitemap_entries

BADGE = '<span class="badge badge-example'


@pytest.fixture
def example(muenster_shared) -> Edition:
    examples_load(city=muenster_shared)
    return Edition.objects.get(city=muenster_shared, is_example=True)


@pytest.mark.parametrize(
    "path", ["/leitbild/", "/handlungsfelder/", "/handlungsfelder/umsetzung/"]
)
def test_pages_of_the_edition_in_force_keep_showing_2025(example, client, path):
    html = html_of(client, path)

    assert "2025–2030" in html
    assert example.title not in html
    assert "2030–2035" not in html


def test_home_names_2025_as_in_force_and_offers_the_example_consultation(
    example, client
):
    html = html_of(client, "/")

    where = html[html.index('id="home-now"') : html.index('id="home-next"')]
    assert "2025–2030" in where and example.title not in where
    # The real process is over: the timeline shows the running example,
    # marked, with its open consultation.
    timeline = html[html.index('aria-labelledby="timeline-heading"') :]
    timeline = timeline[: timeline.index("</section>")]
    assert BADGE in timeline
    assert "Jetzt offen:" in timeline
    assert f'<a href="/leitbild/{example.year}/">' in timeline


def test_an_action_field_in_force_stays_2025_and_marks_its_example_copy(
    example, client
):
    field = example.action_fields.order_by("order").first()

    html = html_of(client, f"/handlungsfelder/{field.slug}/")

    assert 'href="/leitbild/2025/"' in html
    history = html[html.index('id="history-heading"') :]
    history = history[: history.index("</section>")]
    assert f"({example.year})" in history
    assert BADGE in history


def test_the_example_edition_page_says_it_is_an_example(example, client):
    html = html_of(client, f"/leitbild/{example.year}/")

    heading = html[html.index("<h1") : html.index("</h1>")]
    assert BADGE in heading
    assert "Diese Auflage ist ein Beispiel zum Ausprobieren des Portals." in html
    # Its records are no open data, so the page offers no downloads of them.
    assert f"/daten/leitbild/{example.year}/" not in html
    assert "/daten/leitbild/2025/" in html_of(client, "/leitbild/2025/")


def test_the_archive_lists_the_example_marked(example, client):
    html = html_of(client, "/leitbild/archiv/")

    row = html[html.index(f'href="/leitbild/{example.year}/"') :]
    row = row[: row.index("</tr>")]
    assert BADGE in row
    assert BADGE not in html[: html.index(f'href="/leitbild/{example.year}/"')]


def test_the_comparison_marks_the_example_in_its_choice(example, client):
    html = html_of(client, f"/leitbild/vergleich/?von=2025&zu={example.year}")

    assert (
        f"{example.year}: {example.number}. Auflage, In Beteiligung (Beispiel)" in html
    )
    assert "2025: 4. Auflage, Beschlossen</option>" in html
    assert "Sie ist ein Beispiel zum Ausprobieren des Portals." in html


def test_the_sitemap_leaves_out_the_example_edition(example, client):
    entries = sitemap_entries(client)

    assert not [url for url in entries if f"/leitbild/{example.year}/" in url]
    assert [url for url in entries if url.endswith("/leitbild/2025/")]
