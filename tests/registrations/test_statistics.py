import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.services import EXAMPLE_PROCESS_SLUG
from registrations.models import District, Registration, StakeholderGroup
from registrations.staff import Counts, process_default, processes_for, statistics_for
from tests.conftest import make_event, make_process, make_registration

Status = Registration.Status
URL = "/admin/statistik/"


@pytest.fixture
def statistics_client(client, db, django_user_model):
    user = django_user_model.objects.create_user(
        "ki", "ki@example.org", "not-used", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="registrations", codename="view_statistics"
        )
    )
    client.force_login(user)
    return client


@pytest.fixture
def case(city):
    """Two processes; the newer one has two events and a mix of sign-ups."""
    process = make_process(city, title="Leitbild 2025", start_year=2025)
    older = make_process(city, title="Leitbild 2019", slug="alt", start_year=2019)
    club = StakeholderGroup.objects.create(city=city, name="Vereine", slug="vereine")
    office = StakeholderGroup.objects.create(
        city=city, name="Verwaltung", slug="verwaltung", order=1
    )
    centre = District.objects.create(city=city, name="Mitte", slug="mitte")
    outside = District.objects.create(
        city=city, name="Außerhalb", slug="ausserhalb", is_outside=True
    )
    workshop = make_event(process, days=10, title="Workshop", capacity=10)
    forum = make_event(process, days=20, title="Forum", capacity=None)
    old_event = make_event(older, days=-2000, title="Altes Forum")
    gone = {"email": "", "anonymised_at": timezone.now()}

    def sign_up(event, status, **values):
        return make_registration(event, status=status, **values)

    sign_up(
        workshop,
        Status.CONFIRMED,
        email="A@example.org",
        organisation="Verein X",
        stakeholder_group=club,
        district=centre,
    )
    sign_up(
        workshop,
        Status.ATTENDED,
        email="b@example.org",
        organisation="verein x ",
        stakeholder_group=club,
        district=centre,
    )
    sign_up(
        workshop, Status.WAITLISTED, email="c@example.org", stakeholder_group=office
    )
    sign_up(
        workshop,
        Status.CANCELLED,
        email="d@example.org",
        organisation="Nur abgesagt",
        stakeholder_group=club,
    )
    sign_up(
        workshop, Status.PENDING, organisation="Stadt", stakeholder_group=club, **gone
    )
    sign_up(workshop, Status.PENDING, **gone)
    sign_up(
        forum,
        Status.CONFIRMED,
        email="a@example.org",
        organisation="VEREIN X",
        stakeholder_group=office,
        district=outside,
    )
    sign_up(old_event, Status.CONFIRMED, email="z@example.org",
            organisation="Anderer Verein")  # fmt: skip
    return {"city": city, "process": process, "older": older}


def rows_by_label(rows):
    """The counts per group or district; None for "no answer"."""
    return {str(row.label) if row.obj else None: row.counts for row in rows}


def test_statistics_for_counts_one_process(case):
    statistics = statistics_for(city=case["city"], process=case["process"])
    assert statistics.totals == Counts(
        signups=6, confirmed=3, attended=1, waiting=1, cancelled=1
    )
    # "Verein X" in three spellings, and "Stadt"; not the cancelled one's.
    assert statistics.organisations == 2
    # a@ (twice, in two cases), b@, c@, and two anonymised sign-ups.
    assert statistics.people == 5
    assert [(row.event.title, row.counts) for row in statistics.events] == [
        ("Workshop", Counts(signups=5, confirmed=2, attended=1, waiting=1,
                            cancelled=1)),
        ("Forum", Counts(signups=1, confirmed=1)),
    ]  # fmt: skip
    assert statistics.events_total == statistics.totals
    assert statistics.capacity_total == 10
    assert statistics.unlimited_events == 1


def test_statistics_for_breaks_down_by_group_and_district_with_no_answer(case):
    statistics = statistics_for(city=case["city"], process=case["process"])
    assert rows_by_label(statistics.stakeholder_groups) == {
        "Vereine": Counts(signups=3, confirmed=2, attended=1, cancelled=1),
        "Verwaltung": Counts(signups=2, confirmed=1, waiting=1),
        None: Counts(signups=1),
    }
    assert rows_by_label(statistics.districts) == {
        "Mitte": Counts(signups=2, confirmed=2, attended=1),
        "Außerhalb": Counts(signups=1, confirmed=1),
        None: Counts(signups=3, waiting=1, cancelled=1),
    }
    assert statistics.districts[-1].obj is None


def test_statistics_for_all_processes_of_the_city(case):
    statistics = statistics_for(city=case["city"])
    assert statistics.totals.signups == 7
    assert statistics.organisations == 3
    assert statistics.people == 6
    assert [row.event.title for row in statistics.events] == [
        "Altes Forum",
        "Workshop",
        "Forum",
    ]


def test_process_default_is_the_newest_real_process(case):
    city = case["city"]
    make_process(city, title="Beispiel", slug=EXAMPLE_PROCESS_SLUG, start_year=2030)
    assert process_default(list(processes_for(city=city))) == case["process"]
    assert process_default([]) is None


def test_statistics_page_shows_the_newest_process_by_default(statistics_client, case):
    response = statistics_client.get(URL)
    assert response.status_code == 200
    statistics = response.context["statistics"]
    assert statistics.process == case["process"]
    assert statistics.totals.signups == 6
    html = response.content.decode()
    assert "<caption>" in html
    assert 'scope="col"' in html
    assert "Workshop" in html
    assert "Altes Forum" not in html


def test_statistics_page_filters_by_process_and_shows_all(statistics_client, case):
    response = statistics_client.get(URL, {"process": case["older"].pk})
    assert response.context["statistics"].totals.signups == 1
    response = statistics_client.get(URL, {"process": "all"})
    assert response.context["statistics"].process is None
    assert response.context["statistics"].totals.signups == 7
    # Nonsense falls back to the default instead of failing.
    response = statistics_client.get(URL, {"process": "999999"})
    assert response.status_code == 200
    assert response.context["statistics"].process == case["process"]


def test_statistics_page_downloads_the_event_table_as_csv(statistics_client, case):
    response = statistics_client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert len(rows) == 1 + 2 + 1  # header, two events, total
    workshop, forum, total = rows[1:]
    assert workshop[1:] == ["Workshop", "10", "5", "2", "1", "1", "1"]
    assert forum[1:] == ["Forum", "", "1", "1", "0", "0", "0"]
    assert total[2:] == ["10", "6", "3", "1", "1", "1"]


def test_statistics_page_query_count_does_not_grow_with_events(statistics_client, city):
    process = make_process(city)
    group = StakeholderGroup.objects.create(city=city, name="Vereine", slug="v")

    def add_events(count):
        for _ in range(count):
            event = make_event(process, capacity=5)
            make_registration(event, stakeholder_group=group)
            make_registration(event, status=Status.WAITLISTED)

    def queries():
        statistics_client.get(URL)  # warm the city cache
        with CaptureQueriesContext(connection) as context:
            response = statistics_client.get(URL)
        assert response.status_code == 200
        return len(context.captured_queries), response

    add_events(3)
    few, response = queries()
    assert len(response.context["statistics"].events) == 3
    add_events(17)
    many, response = queries()
    assert len(response.context["statistics"].events) == 20
    assert many == few


def test_statistics_page_refuses_staff_without_the_permission(
    client, city, django_user_model
):
    user = django_user_model.objects.create_user(
        "staff", "staff@example.org", "not-used", is_staff=True
    )
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "csv"}).status_code == 403


def test_statistics_page_sends_visitors_to_the_admin_login(client, city):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_statistics_url_is_named(db):
    assert reverse("registration_statistics") == URL
