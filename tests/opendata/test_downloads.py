"""The downloads under /daten/: CSV for German Excel and JSON, each with
the licence; the pages that link them; the licence setting itself.

Münster is loaded once for the module (`muenster_shared`).
"""

import csv
import io
import json

from django.core.cache import cache
from django.core.exceptions import ValidationError

from core.cache import content_changed
from core.models import City
from events.models import Event, Process
from handlungsfelder.models import Goal, Measure
from opendata.exports import csv_columns, render_csv
from opendata.schemas import EventOut, Licence
from tests.conftest import get, html_of, make_event
from tests.opendata.conftest import api_ok

LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"


def rows_of(body: bytes) -> list[dict]:
    """A CSV download's rows, read as German Excel would."""
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response


# CSV and JSON


def test_the_events_csv_opens_in_german_excel_with_the_licence(muenster_shared, client):
    response = download(client, "/daten/veranstaltungen.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="veranstaltungen.csv"'
    )
    assert b"\r\n" in response.content
    rows = rows_of(response.content)
    published = Event.objects.filter(is_published=True, is_example=False)
    assert [row["slug"] for row in rows] == list(
        published.order_by("start", "slug").values_list("slug", flat=True)
    )
    round_4 = next(r for r in rows if r["slug"] == "2024-09-19-expertenrunde-4")
    # Local wall-clock time, as the agenda shows it.
    assert round_4["start"] == "2024-09-19 16:00"
    assert round_4["end"] == "2024-09-19 19:00"
    assert round_4["venue_name"] == "Volkshochschule"
    assert round_4["type_label"] == "Expertenrunde"
    assert round_4["cancelled"] == "nein"
    assert {row["licence"] for row in rows} == {LICENCE_NAME}
    assert {row["licence_url"] for row in rows} == {LICENCE_URL}


def test_the_csv_has_a_column_for_every_field_of_the_record(muenster_shared, client):
    header = rows_of(download(client, "/daten/veranstaltungen.csv").content)[0]

    assert list(header) == [
        column.replace(".", "_") for column in csv_columns(EventOut)
    ] + ["licence", "licence_url"]
    assert {"venue_name", "venue_street", "venue_postcode"} <= set(header)


def test_a_cell_that_would_be_a_formula_stays_text(muenster_shared):
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")
    event = make_event(process, title='=HYPERLINK("http://evil.example")', room="-1")

    body = render_csv(
        [EventOut.from_orm(event)], schema=EventOut, licence=Licence.of(None)
    )

    row = rows_of(body)[0]
    assert row["title"] == '\'=HYPERLINK("http://evil.example")'
    assert row["room"] == "'-1"
    assert row["licence"] == ""


def test_the_events_json_holds_the_apis_records_and_the_licence(
    muenster_shared, client
):
    response = download(client, "/daten/veranstaltungen.json")

    document = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert document["licence"] == {
        "name": LICENCE_NAME,
        "url": LICENCE_URL,
        "attribution": "Stadt Münster",
    }
    assert document["items"] == api_ok(client, "/api/v1/events?limit=500")["items"]
    assert document["count"] == len(document["items"])


def test_an_editions_sections_fields_goals_and_measures_download(
    muenster_shared, client
):
    goal = Goal.objects.get(action_field__edition__year=2025)
    Measure.objects.create(
        goal=goal, title="Mentoring", status=Measure.Status.IN_PROGRESS
    )

    sections = rows_of(download(client, "/daten/leitbild/2025/abschnitte.csv").content)
    fields = json.loads(
        download(client, "/daten/leitbild/2025/handlungsfelder.json").content
    )
    goals = rows_of(download(client, "/daten/leitbild/2025/ziele.csv").content)
    measures = rows_of(download(client, "/daten/leitbild/2025/massnahmen.csv").content)
    older = rows_of(download(client, "/daten/leitbild/2008/abschnitte.csv").content)

    assert [row["slug"] for row in sections] == [
        "praeambel",
        "grundhaltung",
        "zentrale-begriffe",
    ]
    assert {row["edition"] for row in older} == {"2008"}
    assert [f["slug"] for f in fields["items"]][:1] == ["wirtschaft-und-arbeit"]
    assert {f["edition"] for f in fields["items"]} == {2025}
    assert fields["licence"]["name"] == LICENCE_NAME
    assert [row["title"] for row in goals] == [goal.title]
    assert [(row["title"], row["status"], row["status_label"]) for row in measures] == [
        ("Mentoring", "in_progress", "In Umsetzung")
    ]
    assert measures[0]["goal_title"] == goal.title
    assert measures[0]["licence"] == LICENCE_NAME


def test_the_action_fields_csv_shows_the_implementation_status(muenster_shared, client):
    goal = Goal.objects.get(action_field__edition__year=2025)
    for status in ("done", "done", "planned"):
        Measure.objects.create(goal=goal, title=f"Maßnahme {status}", status=status)

    rows = rows_of(download(client, "/daten/leitbild/2025/handlungsfelder.csv").content)

    row = next(r for r in rows if r["slug"] == goal.action_field.slug)
    assert (row["measures_planned"], row["measures_done"]) == ("1", "2")
    assert row["continues"] == f"2019, {goal.action_field.slug}"
    assert row["priority"] == "ja"


def test_an_unknown_edition_has_no_downloads(muenster_shared, client):
    assert client.get("/daten/leitbild/1999/abschnitte.csv").status_code == 404


def test_downloads_are_revalidated_by_etag(muenster_shared, client):
    first = download(client, "/daten/veranstaltungen.csv")

    again = client.get("/daten/veranstaltungen.csv", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert first["Link"] == f'<{LICENCE_URL}>; rel="license"'


def test_downloads_do_not_depend_on_the_visitors_language(muenster_shared, client):
    english = client.get("/daten/veranstaltungen.csv", HTTP_ACCEPT_LANGUAGE="en")
    cache.clear()
    german = client.get("/daten/veranstaltungen.csv", HTTP_ACCEPT_LANGUAGE="de")

    assert english.content == german.content


# The pages that link them


def open_data_section(html: str) -> str:
    return html.split('aria-labelledby="open-data-heading"', 1)[1].split(
        "</section>", 1
    )[0]


def test_each_page_links_its_downloads_and_names_the_licence(muenster_shared, client):
    pages = {
        "/veranstaltungen/": {
            "/daten/veranstaltungen.csv": "Termine als CSV herunterladen",
            "/daten/veranstaltungen.json": "Termine als JSON herunterladen",
        },
        "/leitbild/2019/": {
            "/daten/leitbild/2019/abschnitte.csv": "Abschnitte als CSV herunterladen",
            "/daten/leitbild/2019/handlungsfelder.json": (
                "Handlungsfelder als JSON herunterladen"
            ),
            "/daten/leitbild/2019/ziele.csv": "Ziele als CSV herunterladen",
        },
        "/handlungsfelder/": {
            "/daten/leitbild/2025/handlungsfelder.csv": (
                "Handlungsfelder als CSV herunterladen"
            ),
            "/daten/leitbild/2025/massnahmen.json": "Maßnahmen als JSON herunterladen",
        },
        "/handlungsfelder/umsetzung/": {
            "/daten/leitbild/2025/handlungsfelder.csv": (
                "Handlungsfelder als CSV herunterladen"
            ),
            "/daten/leitbild/2025/massnahmen.csv": "Maßnahmen als CSV herunterladen",
        },
    }
    for page, links in pages.items():
        section = open_data_section(html_of(client, page))
        assert "<h2" in section and "Offene Daten" in section, page
        for href, text in links.items():
            assert f'href="{href}"' in section and f">{text}</a>" in section, page
            assert client.get(href).status_code == 200, href
        assert f'<a href="{LICENCE_URL}" rel="license">{LICENCE_NAME}</a>' in section, (
            page
        )
        assert "Quelle: Stadt Münster" in section, page
        assert 'href="/api/v1/docs"' in section, page


def test_pages_name_no_licence_when_the_city_has_none(muenster_shared, client):
    City.objects.filter(pk=muenster_shared.pk).update(
        data_licence_name="", data_licence_url=""
    )
    content_changed()

    section = open_data_section(html_of(client, "/veranstaltungen/"))

    assert "/daten/veranstaltungen.csv" in section
    assert "Lizenz" not in section


def test_the_english_pages_say_what_each_link_downloads(muenster_shared, client):
    section = open_data_section(html_of(client, "/en/handlungsfelder/"))

    assert ">Download the measures as CSV</a>" in section


# The licence setting


def test_the_data_file_sets_the_licence(muenster_shared):
    city = City.objects.get(pk=muenster_shared.pk)

    assert (city.data_licence_name, city.data_licence_url) == (
        LICENCE_NAME,
        LICENCE_URL,
    )


def test_a_licence_address_needs_a_name(muenster_shared):
    city = City.objects.get(pk=muenster_shared.pk)
    city.data_licence_name = ""

    try:
        city.full_clean()
    except ValidationError as error:
        assert "data_licence_name" in error.message_dict
    else:
        raise AssertionError("a licence address without a name was accepted")


def test_staff_edit_the_licence_in_the_city_admin(muenster_shared, admin_client):
    response = get(admin_client, f"/admin/core/city/{muenster_shared.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="data_licence_name"' in html
    assert 'name="data_licence_url"' in html
    assert "Offene Daten" in html
