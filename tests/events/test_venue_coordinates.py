"""A venue's optional coordinates: from the data file or the admin, both or
neither, and on to the calendars as GEO."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from events.models import Venue
from portal.services import city_load
from tests.conftest import FormValues, make_venue


def city_data(**venue) -> dict:
    return {
        "city": {
            "slug": "beispielstadt",
            "name": "Beispielstadt",
            "portal_name": "Leitbildportal Beispielstadt",
            "leitbild_title": "Leitbild Migration und Integration",
            "authority": "Stadt Beispielstadt",
            "organisation": "Kommunales Integrationszentrum Beispielstadt",
        },
        "venues": [{"key": "rathaus", "name": "Rathaus", **venue}],
    }


def test_loader_reads_a_venues_coordinates_and_leaves_them_on_a_second_run(db):
    data = city_data(latitude=51.9618, longitude=7.6281)

    city_load(data=data)
    _city, report = city_load(data=data)

    venue = Venue.objects.get(name="Rathaus")
    assert (venue.latitude, venue.longitude) == (Decimal("51.9618"), Decimal("7.6281"))
    venues = str(Venue._meta.verbose_name_plural)
    assert (report.unchanged[venues], report.updated[venues]) == (1, 0)


def test_loader_leaves_coordinates_empty_where_the_file_gives_none(db):
    city_load(data=city_data())

    venue = Venue.objects.get(name="Rathaus")
    assert (venue.latitude, venue.longitude) == (None, None)
    assert not venue.has_coordinates


@pytest.mark.parametrize(
    "venue",
    [{"latitude": "Nord"}, {"latitude": 51.96}, {"latitude": 91, "longitude": 7.6}],
)
def test_loader_refuses_coordinates_that_are_no_place(db, venue):
    with pytest.raises(ValidationError):
        city_load(data=city_data(**venue))

    assert not Venue.objects.exists()


def test_database_refuses_a_latitude_without_longitude(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_venue(city, latitude=Decimal("51.96"))


def test_venue_admin_saves_coordinates_and_asks_for_both(admin_client, city):
    venue = make_venue(city)
    url = reverse("admin:events_venue_change", args=[venue.pk])
    parser = FormValues()
    parser.feed(admin_client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode())
    data = {
        name: values
        for name, values in parser.data.items()
        if name != "csrfmiddlewaretoken" and not name.startswith("CHANGE_FORM-")
    }
    assert data["latitude"] == data["longitude"] == [""]

    data["latitude"] = ["51.961800"]
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "Geben Sie Breiten- und Längengrad an oder keinen von beiden." in (
        response.content.decode()
    )

    data["longitude"] = ["7.628100"]
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302
    venue.refresh_from_db()
    assert (venue.latitude, venue.longitude) == (Decimal("51.9618"), Decimal("7.6281"))
