"""The resident's path: sign up on the event page, confirm by the e-mail
link, see the registration, cancel; and what bad input gets."""

import re

import pytest
from django.core import mail as django_mail
from django.test import override_settings
from django.urls import reverse

from registrations.models import OutgoingMail, Registration, StakeholderGroup
from registrations.tokens import registration_token
from tests.conftest import in_language, make_event, make_process, make_registration


@pytest.fixture
def group(city):
    return StakeholderGroup.objects.create(city=city, name="Vereine", slug="vereine")


@pytest.fixture
def event(city):
    return make_event(make_process(city), capacity=1, title="Werkstatt Wohnen")


def form_data(group, **overrides):
    data = {
        "name": "Ayşe Yılmaz",
        "email": "ayse@example.org",
        "organisation": "Nachbarschaftsverein",
        "stakeholder_group": str(group.pk),
        "district": "",
        "interpretation_language": "Türkisch",
        "accessibility_needs": "",
        "consent": "on",
        "homepage": "",
    }
    data.update(overrides)
    return data


def sign_up(client, event, data, captured):
    with captured(execute=True):
        return client.post(event.get_absolute_url(), data, HTTP_ACCEPT_LANGUAGE="de")


def link_in(message, name: str) -> str:
    """The path of the portal link of the given kind in an e-mail body."""
    pattern = {
        "confirm": r"https?://\S+/veranstaltungen/anmeldung/bestaetigen/\S+/",
        "manage": r"https?://\S+/veranstaltungen/anmeldung/(?!bestaetigen)\S+/",
    }[name]
    url = re.search(pattern, message.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_signup_confirm_and_cancel_from_start_to_end(
    client, event, group, mailoutbox, django_capture_on_commit_callbacks
):
    response = sign_up(
        client, event, form_data(group), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    received = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de")
    assert "ayse@example.org" in received.content.decode()
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING
    assert registration.language == "de"
    assert registration.interpretation_language == "Türkisch"

    # The first e-mail asks to confirm; it names the event, date and place.
    [first] = mailoutbox
    assert first.to == ["ayse@example.org"]
    assert "Werkstatt Wohnen" in first.subject
    assert "Werkstatt Wohnen" in first.body
    confirm_path = link_in(first, "confirm")

    # Opening the link changes nothing (mail scanners open links); the
    # button does.
    page = client.get(confirm_path, HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_path, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    # The second e-mail: registered, with the calendar entry, the code as a
    # QR code, and the link to cancel.
    second = mailoutbox[1]
    assert registration.code in second.body
    names = [attachment.filename for attachment in second.attachments]
    assert f"{event.slug}.ics" in names
    assert f"anmeldung-{registration.code}.png" in names
    ics = next(a for a in second.attachments if a.filename.endswith(".ics"))
    assert (
        b"BEGIN:VEVENT" in ics.content.encode()
        if isinstance(ics.content, str)
        else b"BEGIN:VEVENT" in ics.content
    )
    manage_path = link_in(second, "manage")
    manage = client.get(manage_path, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert registration.code in manage
    assert "<svg" in manage

    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage_path, HTTP_ACCEPT_LANGUAGE="de")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert "Werkstatt Wohnen" in mailoutbox[2].subject


def test_second_person_waits_and_moves_up_when_the_first_cancels(
    client, event, group, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, event, form_data(group), django_capture_on_commit_callbacks)
    response = sign_up(
        client,
        event,
        form_data(group, name="Olena", email="olena@example.org"),
        django_capture_on_commit_callbacks,
    )
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de").content
    assert "Nummer 1 auf der Warteliste" in page.decode()
    olena = Registration.objects.get(email="olena@example.org")
    assert olena.status == Registration.Status.WAITLISTED
    # Olena confirms her address while waiting.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mailoutbox[1], "confirm"))
    first = Registration.objects.get(email="ayse@example.org")
    manage = reverse(
        "registrations:manage",
        kwargs={"token": registration_token(registration=first, purpose="manage")},
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage)
    olena.refresh_from_db()
    assert olena.status == Registration.Status.CONFIRMED
    kinds = {m.to[0]: m for m in mailoutbox}
    assert "olena@example.org" in kinds
    assert olena.code in kinds["olena@example.org"].body


def test_signing_up_twice_answers_clearly_and_resends_the_link(
    client, event, group, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, event, form_data(group), django_capture_on_commit_callbacks)
    response = sign_up(
        client,
        event,
        form_data(group, email="AYSE@example.org"),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "bereits für diese Veranstaltung angemeldet" in html
    assert 'value="Ayşe Yılmaz"' in html  # what was typed is kept
    assert Registration.objects.count() == 1
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == ["ayse@example.org"]
    assert "/anmeldung/bestaetigen/" in mailoutbox[1].body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "gültige E-Mail-Adresse"),
        ("name", "x" * 201, "höchstens 200 Zeichen"),
        ("consent", "", "Bitte stimmen Sie der Datenschutzerklärung zu"),
        ("stakeholder_group", "", "Dieses Feld ist zwingend erforderlich"),
    ],
)
def test_bad_input_is_answered_beside_the_field_and_kept(
    client, event, group, field, value, message
):
    data = form_data(group, **{field: value})
    if not value:
        data.pop(field)
    response = client.post(event.get_absolute_url(), data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "Nachbarschaftsverein" in html  # the rest of the input is kept
    assert not Registration.objects.exists()


def test_the_honeypot_turns_scripts_away(client, event, group):
    response = client.post(
        event.get_absolute_url(), form_data(group, homepage="http://spam.example")
    )
    assert response.status_code == 200
    assert not Registration.objects.exists()


@override_settings(REGISTRATION_RATE_LIMIT_PER_HOUR=2)
def test_too_many_signups_from_one_address_are_refused(
    client, city, group, django_capture_on_commit_callbacks
):
    process = make_process(city)
    events = [make_event(process, capacity=10, slug=f"e{n}") for n in range(3)]
    for n, event in enumerate(events[:2]):
        response = sign_up(
            client,
            event,
            form_data(group, email=f"p{n}@example.org"),
            django_capture_on_commit_callbacks,
        )
        assert response.status_code == 302
    response = client.post(
        events[2].get_absolute_url(), form_data(group, email="p3@example.org")
    )
    assert response.status_code == 429
    assert Registration.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"is_cancelled": True}, "abgesagt"),
        ({"days": -3}, "vorbei"),
    ],
)
def test_no_form_for_an_event_that_takes_no_signups(
    client, city, group, overrides, reason
):
    days = overrides.pop("days", 7)
    event = make_event(make_process(city), days=days, **overrides)
    html = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
    html = html.content.decode()
    assert reason in html
    assert 'name="consent"' not in html
    response = client.post(event.get_absolute_url(), form_data(group))
    assert not Registration.objects.exists()
    assert response.status_code == 200


def test_a_tampered_link_is_refused_without_revealing_anything(client, event):
    registration = make_registration(event)
    token = registration_token(registration=registration, purpose="manage")
    for bad in (token[:-2] + "xx", "abc"):
        response = client.get(
            reverse("registrations:manage", kwargs={"token": bad}),
            HTTP_ACCEPT_LANGUAGE="de",
        )
        assert response.status_code == 400
        assert registration.name not in response.content.decode()
    # A token for confirming is no good for managing, and the other way round.
    confirm = registration_token(registration=registration, purpose="confirm")
    response = client.get(reverse("registrations:manage", kwargs={"token": confirm}))
    assert response.status_code == 400
    response = client.get(reverse("registrations:confirm", kwargs={"token": token}))
    assert response.status_code == 400


def test_a_token_carries_no_personal_data_or_ids(event):
    registration = make_registration(event)
    token = registration_token(registration=registration, purpose="confirm")
    assert registration.email not in token
    assert registration.code not in token
    assert str(registration.pk) != token.split(":")[0]
    assert token.split(":")[0] == registration.public_id.hex


def test_the_cached_event_page_gives_each_visitor_their_own_csrf_token(
    client, event, group, django_capture_on_commit_callbacks
):
    from django.test import Client

    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    html_first = first.get(event.get_absolute_url()).content.decode()
    html_second = second.get(event.get_absolute_url()).content.decode()
    token_pattern = r'name="csrfmiddlewaretoken" value="([^"]+)"'
    token_first = re.search(token_pattern, html_first).group(1)
    token_second = re.search(token_pattern, html_second).group(1)
    assert "__portal_csrf_token__" not in html_second
    assert token_first != token_second
    data = form_data(group, csrfmiddlewaretoken=token_second)
    with django_capture_on_commit_callbacks(execute=True):
        response = second.post(event.get_absolute_url(), data)
    assert response.status_code == 302


def test_emails_go_out_in_the_language_the_person_used(
    client, event, group, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(in_language(event.get_absolute_url(), "en"), form_data(group))
    registration = Registration.objects.get()
    assert registration.language == "en"
    assert mailoutbox[0].subject.startswith("Please confirm your registration")


def test_a_failing_mail_server_loses_nothing(
    event, group, client, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    response = sign_up(
        client, event, form_data(group), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    mail = OutgoingMail.objects.get()
    assert mail.registration == registration
    assert mail.status == OutgoingMail.Status.FAILED
    assert mail.attempts == 1
    assert mail.last_error
    assert mail.next_attempt_at is not None
    assert len(django_mail.outbox) == 0


def test_my_registrations_needs_an_account_and_lists_ones_own(client, event, city):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    response = client.get(reverse("registrations:mine"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]

    user = get_user_model().objects.create_user(
        "ayse", "ayse@example.org", "geheim-genug-123"
    )
    EmailAddress.objects.create(
        user=user, email="ayse@example.org", verified=True, primary=True
    )
    mine = make_registration(event, email="Ayse@Example.org", name="Ayşe")
    other = make_registration(event, email="olena@example.org", name="Olena")
    client.force_login(user)
    html = client.get(reverse("registrations:mine")).content.decode()
    assert mine.code in html
    assert other.code not in html
    # The form on the event page is filled in for a signed-in person.
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'value="ayse@example.org"' in page


def test_an_unverified_address_does_not_show_someone_elses_registrations(client, event):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("x", "olena@example.org", "pw-123456")
    EmailAddress.objects.create(user=user, email="olena@example.org", verified=False)
    registration = make_registration(event, email="olena@example.org")
    client.force_login(user)
    html = client.get(reverse("registrations:mine")).content.decode()
    assert registration.code not in html
