"""Removing contributors' personal data PERSONAL_DATA_RETENTION_DAYS after
their consultation closed: names, addresses and accounts go, with the
e-mails to them; the text, its state and the counts stay, credited to "a
resident". One command purges sign-ups and contributions."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from contributions import services
from contributions.models import Contribution, Support
from contributions.tokens import contribution_token
from registrations.models import OutgoingMail, Registration
from tests.conftest import (
    make_consultation,
    make_contribution,
    make_event,
    make_process,
    make_registration,
)

State = Contribution.State
Kind = OutgoingMail.Kind


def consultation(city, *, closed_days_ago: int, year: int):
    now = timezone.now()
    return make_consultation(
        city,
        number=year - 2000,
        year=year,
        consultation_opens=now - dt.timedelta(days=closed_days_ago + 30),
        consultation_closes=now - dt.timedelta(days=closed_days_ago),
    )


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("fan", "fan@example.org", None)


@pytest.fixture
def old(city, user):
    """A consultation closed 200 days ago, with contributions, supports and
    e-mails."""
    edition = consultation(city, closed_days_ago=200, year=2030)
    taken_up = make_contribution(
        edition, body="Mehr Kurse am Abend.", state=State.TAKEN_UP, support_count=2
    )
    taken_up.result_goal = edition.action_fields.get().goals.get()
    taken_up.save()
    by_account = make_contribution(edition, user=user, body="Ein Sprachcafé.")
    Support.objects.create(
        contribution=taken_up, email="eins@example.org", confirmed_at=timezone.now()
    )
    Support.objects.create(
        contribution=taken_up, user=user, confirmed_at=timezone.now()
    )
    waiting = Support.objects.create(contribution=by_account, email="zwei@example.org")
    OutgoingMail.objects.create(
        kind=Kind.CONTRIBUTION_STATE,
        recipient=taken_up.email,
        extra={"contribution": taken_up.pk, "state": "taken_up"},
    )
    OutgoingMail.objects.create(
        kind=Kind.SUPPORT_CONFIRM,
        recipient=waiting.email,
        extra={"support": waiting.pk, "contribution": by_account.pk},
    )
    return edition


@pytest.fixture
def recent(city):
    """A consultation closed 10 days ago, with one contribution, support and
    e-mail."""
    edition = consultation(city, closed_days_ago=10, year=2031)
    contribution = make_contribution(edition, body="Noch frisch.")
    Support.objects.create(contribution=contribution, email="drei@example.org")
    OutgoingMail.objects.create(
        kind=Kind.CONTRIBUTION_STATE,
        recipient=contribution.email,
        extra={"contribution": contribution.pk, "state": "published"},
    )
    return edition


def test_purge_removes_contributors_data_after_the_retention_period_only(
    old, recent, city
):
    open_now = make_consultation(city, number=40, year=2040)
    current = make_contribution(open_now)
    assert services.contributions_personal_data_purge() == 2

    for contribution in old.contributions.all():
        assert contribution.author_name == contribution.email == ""
        assert contribution.user is None
        assert contribution.anonymised_at is not None
    for support in Support.objects.filter(contribution__edition=old):
        assert support.email == ""
        assert support.user is None
        assert support.anonymised_at is not None
    assert not OutgoingMail.objects.filter(
        recipient__in=["beitrag1@example.org", "zwei@example.org"]
    ).exists()

    # The newer consultations keep everything.
    kept = recent.contributions.get()
    assert kept.email and kept.author_name and kept.anonymised_at is None
    assert Support.objects.get(contribution=kept).email == "drei@example.org"
    assert OutgoingMail.objects.filter(recipient=kept.email).exists()
    current.refresh_from_db()
    assert current.email and current.anonymised_at is None

    assert services.contributions_personal_data_purge() == 0


def test_purge_keeps_the_text_state_result_and_counts_credited_to_a_resident(old):
    goal = old.action_fields.get().goals.get()
    services.contributions_personal_data_purge()
    contribution = old.contributions.get(body="Mehr Kurse am Abend.")
    assert contribution.state == State.TAKEN_UP
    assert contribution.result_goal == goal
    assert contribution.support_count == 2
    assert contribution.supports.filter(confirmed_at__isnull=False).count() == 2
    assert old.contributions.public().count() == 2
    with translation.override("en"):
        assert contribution.credited_to == "a resident"


def test_a_purged_contributions_links_no_longer_work(client, old):
    contribution = old.contributions.get(body="Ein Sprachcafé.")
    token = contribution_token(contribution=contribution, purpose="withdraw")
    path = reverse("contributions:withdraw", kwargs={"token": token})
    assert client.get(path).status_code == 200
    services.contributions_personal_data_purge()
    assert client.post(path).status_code == 404
    contribution.refresh_from_db()
    assert contribution.state == State.PUBLISHED


def test_the_command_purges_sign_ups_and_contributions_and_reports_both(
    city, old, recent
):
    event = make_event(make_process(city), days=-200)
    registration = make_registration(event, status=Registration.Status.ATTENDED)
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Personal data removed from 1 registration(s)." in out.getvalue()
    assert "Personal data removed from 2 contribution(s)." in out.getvalue()
    registration.refresh_from_db()
    assert registration.anonymised_at is not None
    assert not recent.contributions.filter(anonymised_at__isnull=False).exists()

    out = StringIO()
    call_command("purge_personal_data", "--days", "5", stdout=out)
    assert "Personal data removed from 1 contribution(s)." in out.getvalue()
    assert not recent.contributions.filter(anonymised_at__isnull=True).exists()
