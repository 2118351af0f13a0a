"""The whole-page cache of public pages: served without queries, emptied by
a change of anything a page shows, and only by that."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions.models import Support
from contributions.services import support_confirm, support_create
from core.cache import content_version
from registrations.models import OutgoingMail
from tests.conftest import (
    get,
    make_consultation,
    make_contribution,
    make_event,
    make_process,
    make_registration,
)


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as context:
        assert get(client, path).status_code == 200
    return len(context)


def test_a_public_page_is_served_from_the_cache_until_content_changes(client, city):
    event = make_event(make_process(city), title="Werkstatt")
    assert queries(client, "/veranstaltungen/") > 0
    assert queries(client, "/veranstaltungen/") == 0
    event.title = "Werkstatt Wohnen"
    event.save()
    assert "Werkstatt Wohnen" in get(client, "/veranstaltungen/").content.decode()


def test_a_sign_up_changes_the_pages_but_an_e_mail_record_does_not(city):
    event = make_event(make_process(city), capacity=5)
    version = content_version()
    registration = make_registration(event)  # seats left change
    assert content_version() != version
    version = content_version()
    mail = OutgoingMail.objects.create(
        kind=OutgoingMail.Kind.CONFIRMED, recipient="a@example.org"
    )
    mail.status = OutgoingMail.Status.SENT
    mail.save()
    assert content_version() == version
    registration.delete()
    assert content_version() != version


def test_signed_in_visitors_get_the_page_rendered_for_them(
    client, city, django_user_model
):
    make_event(make_process(city))
    get(client, "/veranstaltungen/")
    client.force_login(django_user_model.objects.create_user("u"))
    assert queries(client, "/veranstaltungen/") > 0


def test_a_contribution_changes_the_pages_but_an_unconfirmed_support_does_not(city):
    edition = make_consultation(city)
    before = content_version()
    contribution = make_contribution(edition)
    after_contribution = content_version()
    assert after_contribution != before

    Support.objects.create(contribution=contribution, email="fan@example.org")
    assert content_version() == after_contribution


def test_a_confirmed_support_changes_the_pages_that_show_its_count(city):
    contribution = make_contribution(make_consultation(city))
    support = support_create(contribution=contribution, email="fan@example.org")
    before = content_version()
    support_confirm(support=support)
    assert content_version() != before
