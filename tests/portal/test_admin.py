"""The edition's page in the admin: its public consultation."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone, translation

from leitbild.models import Edition
from tests.conftest import FormValues, make_edition


@pytest.fixture
def draft(city):
    return make_edition(city, title="Entwurf")


def change_url(edition) -> str:
    """The edition's page in English, their msgids."""
    with translation.override("en"):
        return reverse("admin:leitbild_edition_change", args=[edition.pk])


def page_data(client, url, **changes) -> dict:
    """What the browser sends back for the page, with `changes`."""
    parser = FormValues()
    parser.feed(client.get(url).content.decode())
    data = {
        name: values
        for name, values in parser.data.items()
        if not name.startswith(("CHANGE_FORM-", ACTION_CHECKBOX_NAME))
        and name != "csrfmiddlewaretoken"
    }
    data.update({name: [value] for name, value in changes.items()})
    data["_save"] = ["Save"]
    return data


def test_edition_page_offers_the_consultation_with_its_help(admin_client, draft):
    html = admin_client.get(change_url(draft)).content.decode()

    for name in (
        "consultation_opens_0",
        "consultation_opens_1",
        "consultation_closes_0",
        "contributions_publish_directly",
        "is_example",
    ):
        assert f'name="{name}"' in html, name
    assert "Public consultation" in html
    assert "Must be after the opening." in html
    assert "staff read every contribution before it is shown" in html


def test_edition_page_saves_the_consultation_window(admin_client, draft):
    response = admin_client.post(
        change_url(draft),
        page_data(
            admin_client,
            change_url(draft),
            consultation_opens_0="2030-03-01",
            consultation_opens_1="09:00:00",
            consultation_closes_0="2030-04-30",
            consultation_closes_1="18:00:00",
            contributions_publish_directly="on",
        ),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    opens = timezone.localtime(draft.consultation_opens)
    assert (opens.date(), opens.time()) == (dt.date(2030, 3, 1), dt.time(9))
    assert draft.consultation_closes > draft.consultation_opens
    assert draft.contributions_publish_directly


def test_edition_page_shows_a_closing_before_the_opening_beside_the_field(
    admin_client, draft
):
    response = admin_client.post(
        change_url(draft),
        page_data(
            admin_client,
            change_url(draft),
            consultation_opens_0="2030-04-30",
            consultation_opens_1="09:00:00",
            consultation_closes_0="2030-03-01",
            consultation_closes_1="09:00:00",
        ),
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors.as_data()["consultation_closes"][0].code == (
        "consultation_window"
    )
    assert "__all__" not in form.errors
    html = response.content.decode()
    row = html[html.index('class="form-row field-consultation_closes"') :]
    row = row[: row.index('class="form-row field-contributions_publish_directly"')]
    assert '<ul class="errorlist" id="id_consultation_closes_error">' in row
    assert "The consultation must close after it opens." in row
    assert 'name="consultation_closes_0" value="2030-03-01"' in row
    assert Edition.objects.get(pk=draft.pk).consultation_opens is None
