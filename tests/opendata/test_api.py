"""The read-only API under /api/v1/: what each list and record says, its
filters, pages and order, and how it answers caches and other origins.

Münster is loaded once for the module (`muenster_shared`).
"""

import datetime as dt

from django.utils import timezone

from core.cache import content_changed
from core.models import City
from events.models import Event, Process
from events.services import examples_load
from handlungsfelder.models import Goal, Measure
from tests.conftest import make_city, make_edition, make_event, make_process
from tests.opendata.conftest import api, api_ok

LICENCE = {
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
    "attribution": "Stadt Münster",
}


def every_item(client, path: str) -> list[dict]:
    """All items of a list, page by page (ten at a time)."""
    items, offset = [], 0
    separator = "&" if "?" in path else "?"
    while True:
        page = api_ok(client, f"{path}{separator}limit=10&offset={offset}")
        items += page["items"]
        offset += 10
        if offset >= page["count"]:
            return items


def measure(goal: Goal, title: str, **values) -> Measure:
    return Measure.objects.create(goal=goal, title=title, **values)


def shipped_goal() -> Goal:
    return Goal.objects.get(
        action_field__edition__year=2025,
        action_field__slug="interkulturelle-oeffnung-der-oeffentlichen-verwaltungen",
    )


# Editions and sections


def test_editions_are_listed_newest_first_with_the_licence(muenster_shared, client):
    page = api_ok(client, "/api/v1/editions")

    assert [edition["year"] for edition in page["items"]] == [2025, 2019, 2014, 2008]
    assert page["count"] == 4
    assert page["licence"] == LICENCE
    latest = page["items"][0]
    assert latest["status"] == "adopted"
    assert latest["council_decision_date"] == "2025-02-26"
    assert latest["url"].endswith("/leitbild/2025/")
    assert latest["pdf_url"].endswith("/leitbild/2025/pdf/")


def test_editions_filter_by_status(muenster_shared, client):
    page = api_ok(client, "/api/v1/editions?status=archived")

    assert [edition["year"] for edition in page["items"]] == [2019, 2014, 2008]


def test_an_edition_is_found_by_its_year(muenster_shared, client):
    assert api_ok(client, "/api/v1/editions/2019")["number"] == 3

    missing = api(client, "/api/v1/editions/1999")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/json")
    assert "detail" in missing.data


def test_a_bad_parameter_is_answered_with_422_in_json(muenster_shared, client):
    for path in (
        "/api/v1/editions/zweitausend",
        "/api/v1/editions?status=beschlossen",
        "/api/v1/events?limit=501",
        "/api/v1/events?limit=0",
        "/api/v1/events?from=gestern",
        "/api/v1/events?action_field=%00",
    ):
        response = api(client, path)
        assert response.status_code == 422, path
        assert response.data["detail"], path


def test_sections_filter_by_edition_and_kind(muenster_shared, client):
    sections = api_ok(client, "/api/v1/sections?edition=2025")["items"]

    assert [s["slug"] for s in sections] == [
        "praeambel",
        "grundhaltung",
        "zentrale-begriffe",
    ]
    assert sections[0]["url"].endswith("/leitbild/2025/#praeambel")
    terms = api_ok(client, "/api/v1/sections?edition=2025&kind=terms")["items"]
    assert [s["slug"] for s in terms] == ["zentrale-begriffe"]
    one = api_ok(client, "/api/v1/editions/2025/sections/grundhaltung")
    assert one["title"] == "Grundhaltung"
    assert one["edition"] == 2025


# Action fields, goals, measures


def test_action_fields_of_an_edition_come_priorities_first(muenster_shared, client):
    fields = api_ok(client, "/api/v1/action-fields?edition=2025")["items"]

    assert len(fields) == 10
    assert [f["priority"] for f in fields] == [True] * 3 + [False] * 7
    assert fields[0]["slug"] == "wirtschaft-und-arbeit"
    culture = next(f for f in fields if f["slug"] == "kultur-und-religion")
    assert culture["continues"] == [{"edition": 2019, "slug": "religion"}]
    priorities = api_ok(client, "/api/v1/action-fields?edition=2025&priority=true")
    assert priorities["count"] == 3


def test_an_action_field_counts_its_measures_by_status(muenster_shared, client):
    goal = shipped_goal()
    measure(goal, "Ausbildung", status=Measure.Status.DONE)
    measure(goal, "Leitfaden", status=Measure.Status.DONE)
    measure(goal, "Schulung", status=Measure.Status.IN_PROGRESS)

    field = api_ok(
        client,
        "/api/v1/editions/2025/action-fields/"
        "interkulturelle-oeffnung-der-oeffentlichen-verwaltungen",
    )

    assert field["goal_count"] == 1
    assert field["measures"] == {"planned": 0, "in_progress": 1, "done": 2, "paused": 0}


def test_measures_filter_by_action_field_and_status(muenster_shared, client):
    goal = shipped_goal()
    done = measure(goal, "Leitfaden", status=Measure.Status.DONE, order=2)
    planned = measure(goal, "Schulung", order=1, responsible_actors="Personalamt")

    everything = api_ok(client, "/api/v1/measures?edition=2025")["items"]
    only_done = api_ok(client, "/api/v1/measures?status=done")["items"]
    elsewhere = api_ok(client, "/api/v1/measures?action_field=wirtschaft-und-arbeit")

    assert [m["id"] for m in everything] == [planned.pk, done.pk]
    assert [m["id"] for m in only_done] == [done.pk]
    assert elsewhere["count"] == 0
    record = api_ok(client, f"/api/v1/measures/{planned.pk}")
    assert record["goal"] == goal.pk
    assert record["goal_title"] == goal.title
    assert record["action_field"] == goal.action_field.slug
    assert record["responsible_actors"] == "Personalamt"
    assert record["status"] == "planned"


def test_goals_filter_by_action_field(muenster_shared, client):
    goal = shipped_goal()

    found = api_ok(client, f"/api/v1/goals?action_field={goal.action_field.slug}")
    none = api_ok(client, "/api/v1/goals?action_field=wirtschaft-und-arbeit")

    assert [g["id"] for g in found["items"]] == [goal.pk]
    assert none["items"] == []
    assert api_ok(client, f"/api/v1/goals/{goal.pk}")["edition"] == 2025


# Processes, phases and events


def test_processes_and_phases_leave_out_the_example_process(muenster_shared, client):
    examples_load(city=muenster_shared)

    processes = api_ok(client, "/api/v1/processes")["items"]
    phases = api_ok(client, "/api/v1/phases?limit=500")["items"]

    assert [p["slug"] for p in processes] == ["2023-2025", "2018-2019"]
    assert {phase["process"] for phase in phases} == {"2023-2025"}
    assert [p["numeral"] for p in phases] == ["I", "II", "III", "IV", "V"]
    assert api(client, "/api/v1/processes/beispiele").status_code == 404
    assert api(client, "/api/v1/processes/beispiele/phases/1").status_code == 404
    assert api_ok(client, "/api/v1/processes/2023-2025/phases/2")["numeral"] == "II"


def test_events_are_the_published_real_ones_soonest_first(muenster_shared, client):
    examples_load(city=muenster_shared)
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")
    make_event(process, title="Entwurf", slug="entwurf", is_published=False)

    events = every_item(client, "/api/v1/events")

    shipped = Event.objects.filter(process__city=muenster_shared, is_example=False)
    assert [e["slug"] for e in events] == list(
        shipped.filter(is_published=True)
        .order_by("start", "slug")
        .values_list("slug", flat=True)
    )
    assert not {"entwurf", "beispiel-workshop"} & {e["slug"] for e in events}
    assert api(client, "/api/v1/events/entwurf").status_code == 404
    assert api(client, "/api/v1/events/beispiel-workshop").status_code == 404


def test_an_event_says_when_where_and_on_what(muenster_shared, client):
    event = api_ok(client, "/api/v1/events/2024-09-19-expertenrunde-4")

    # 16:00 in Münster, summer time.
    assert event["start"] == "2024-09-19T16:00:00+02:00"
    assert event["venue"]["name"] == "Volkshochschule"
    assert event["room"] == "VHS Raum 104"
    assert event["process"] == "2023-2025"
    assert event["edition"] == 2025
    assert event["url"].endswith("/veranstaltungen/2024-09-19-expertenrunde-4/")
    assert event["ics_url"].endswith(
        "/veranstaltungen/2024-09-19-expertenrunde-4/kalender.ics"
    )


def test_events_filter_by_date_range_in_local_time(muenster_shared, client):
    # The 4th expert round runs 16:00–19:00 on 19 September 2024, local time.
    on_the_day = every_item(client, "/api/v1/events?from=2024-09-19&to=2024-09-19")
    after = every_item(client, "/api/v1/events?from=2024-09-20")
    before = every_item(client, "/api/v1/events?to=2024-09-18")

    assert [e["slug"] for e in on_the_day] == ["2024-09-19-expertenrunde-4"]
    assert all(e["end"] >= "2024-09-20" for e in after)
    assert all(e["start"] < "2024-09-19" for e in before)
    total = api_ok(client, "/api/v1/events")["count"]
    assert len(before) + len(on_the_day) + len(after) == total


def test_events_filter_by_action_field_status_type_and_edition(muenster_shared, client):
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")
    called_off = make_event(process, slug="abgesagt", is_cancelled=True)

    on_economy = api_ok(client, "/api/v1/events?action_field=wirtschaft-und-arbeit")
    cancelled = api_ok(client, "/api/v1/events?cancelled=true")
    forums = api_ok(client, "/api/v1/events?type=specialist_forum&limit=500")
    of_2019 = api_ok(client, "/api/v1/events?edition=2019&limit=500")

    assert [e["slug"] for e in on_economy["items"]] == [
        "2024-05-14-fachforum-wirtschaft-und-arbeit"
    ]
    assert "wirtschaft-und-arbeit" in on_economy["items"][0]["action_fields"]
    assert [e["slug"] for e in cancelled["items"]] == [called_off.slug]
    assert cancelled["items"][0]["cancelled"] is True
    assert forums["count"] > 0
    assert {e["type"] for e in forums["items"]} == {"specialist_forum"}
    assert {e["process"] for e in of_2019["items"]} == {"2018-2019"}


def test_pages_never_overlap_and_add_up_to_the_count(muenster_shared, client):
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")
    start = timezone.now().replace(microsecond=0)
    # Same start: only the slug (then the id) orders them.
    for number in range(7):
        make_event(process, slug=f"gleichzeitig-{number}", start=start,
                   end=start + dt.timedelta(hours=1))  # fmt: skip

    paged = every_item(client, "/api/v1/events")
    whole = api_ok(client, "/api/v1/events?limit=500")

    assert [e["slug"] for e in paged] == [e["slug"] for e in whole["items"]]
    assert len({e["slug"] for e in paged}) == whole["count"] == len(paged)
    page = api_ok(client, "/api/v1/events?limit=3&offset=2")
    assert (page["limit"], page["offset"]) == (3, 2)
    assert page["items"] == whole["items"][2:5]


def test_another_citys_records_never_appear(muenster_shared, client):
    other = make_city()
    edition = make_edition(other, year=2031, number=1)
    make_event(make_process(other, edition=edition), slug="anderswo")

    assert 2031 not in [e["year"] for e in api_ok(client, "/api/v1/editions")["items"]]
    assert api(client, "/api/v1/editions/2031").status_code == 404
    assert api(client, "/api/v1/events/anderswo").status_code == 404
    assert api_ok(client, "/api/v1/events?edition=2031")["count"] == 0


# Caching, conditional GET, CORS, licence


def test_a_matching_etag_is_answered_with_304_without_a_query(
    muenster_shared, client, django_assert_num_queries
):
    first = api(client, "/api/v1/events")
    etag = first["ETag"]
    assert etag.startswith('"')

    with django_assert_num_queries(0):
        again = client.get("/api/v1/events", HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_change_to_the_content_changes_the_etag(muenster_shared, client):
    etag = api(client, "/api/v1/events")["ETag"]
    event = Event.objects.get(slug="2024-09-19-expertenrunde-4")
    event.title = "4. Expertenrunde (verlegt)"
    event.save()

    response = api(client, "/api/v1/events/2024-09-19-expertenrunde-4",
                   HTTP_IF_NONE_MATCH=etag)  # fmt: skip

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.data["title"] == "4. Expertenrunde (verlegt)"


def test_answers_are_served_from_the_cache_until_the_content_changes(
    muenster_shared, client, django_assert_num_queries
):
    api_ok(client, "/api/v1/events")

    with django_assert_num_queries(0):
        cached = api(client, "/api/v1/events")
    content_changed()
    fresh = api(client, "/api/v1/events")

    assert cached.status_code == fresh.status_code == 200
    assert cached.data == fresh.data


def test_answers_name_the_licence_in_a_link_header(muenster_shared, client):
    for path in ("/api/v1/events", "/api/v1/editions/2025"):
        response = api(client, path)
        assert response["Link"] == f'<{LICENCE["url"]}>; rel="license"'
        assert "public" in response["Cache-Control"]


def test_without_a_licence_the_answers_name_none(muenster_shared, client):
    City.objects.filter(pk=muenster_shared.pk).update(
        data_licence_name="", data_licence_url=""
    )
    content_changed()

    response = api(client, "/api/v1/events")

    assert response.data["licence"] is None
    assert not response.has_header("Link")


def test_any_origin_may_read_the_api_but_not_the_pages(muenster_shared, client):
    origin = {"HTTP_ORIGIN": "https://opendata.example.org"}

    answer = client.get("/api/v1/events", **origin)
    preflight = client.options(
        "/api/v1/events", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **origin
    )
    page = client.get("/veranstaltungen/", **origin)

    assert answer["Access-Control-Allow-Origin"] == "*"
    assert {"etag", "link"} <= {
        header.strip().lower()
        for header in answer["Access-Control-Expose-Headers"].split(",")
    }
    assert preflight.status_code == 200
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }
    assert "Access-Control-Allow-Credentials" not in answer
    assert not page.has_header("Access-Control-Allow-Origin")


def test_the_api_refuses_to_write(muenster_shared, client):
    for method in (client.post, client.put, client.delete):
        assert method("/api/v1/events").status_code == 405


def test_head_answers_like_get_without_a_body(muenster_shared, client):
    get = client.get("/api/v1/events/2024-09-19-expertenrunde-4")
    head = client.head("/api/v1/events/2024-09-19-expertenrunde-4")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]


def test_labels_are_in_the_portals_language_whatever_the_browser_asks(
    muenster_shared, client
):
    english = api(client, "/api/v1/editions/2025", HTTP_ACCEPT_LANGUAGE="en")
    content_changed()
    german = api(client, "/api/v1/editions/2025", HTTP_ACCEPT_LANGUAGE="de")

    assert english.data["status_label"] == german.data["status_label"] == "Beschlossen"
