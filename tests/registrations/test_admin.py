"""The registrations back office: sign-ups staff enter, check-in, moving up,
cancelling, messages to participants, the e-mail record, and who sees
personal data."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registrations.models import (
    District,
    EventMessage,
    OutgoingMail,
    Registration,
    StakeholderGroup,
)
from tests.conftest import make_event, make_process, make_registration, staff_client

Status = Registration.Status
Kind = OutgoingMail.Kind
CHANGELIST = reverse("admin:registrations_registration_changelist")
ADD = reverse("admin:registrations_registration_add")


@pytest.fixture
def process(city):
    return make_process(city)


@pytest.fixture
def event(process):
    return make_event(process, title="Werkstatt Teilhabe", capacity=2)


def run_action(client, action, *objects, url=CHANGELIST):
    return client.post(
        url, {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects]}
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def change_url(registration) -> str:
    return reverse("admin:registrations_registration_change", args=[registration.pk])


def add_form_data(event, **overrides) -> dict:
    data = {
        "event": event.pk,
        "channel": Registration.Channel.PHONE,
        "language": "de",
        "name": "Telefon Person",
        "email": "telefon@example.org",
        "organisation": "Verein A",
        "stakeholder_group": "",
        "district": "",
        "interpretation_language": "",
        "accessibility_needs": "",
        "_save": "Save",
    }
    data.update(overrides)
    return data


# Sign-ups staff enter


def test_add_form_offers_phone_first_and_no_web_channel(admin_client, event):
    form = admin_client.get(ADD).context["adminform"].form
    assert form.fields["channel"].initial == Registration.Channel.PHONE
    assert Registration.Channel.WEB not in dict(form.fields["channel"].choices)
    assert form.fields["language"].initial == "de"


def test_staff_sign_up_is_confirmed_at_once_and_mailed(
    admin_client, event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADD, add_form_data(event, language="en"))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Status.CONFIRMED
    assert registration.channel == Registration.Channel.PHONE
    assert registration.confirmed_at is not None
    assert registration.expires_at is None
    assert registration.language == "en"
    assert registration.organisation == "Verein A"
    assert list(registration.mails.values_list("kind", flat=True)) == [Kind.CONFIRMED]
    assert [m.to for m in mailoutbox] == [["telefon@example.org"]]
    assert any(registration.code in m for m in messages_of(response))


def test_staff_sign_up_without_an_address_sends_nothing(
    admin_client, event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADD, add_form_data(event, email="", channel=Registration.Channel.DOOR)
        )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.status, registration.channel) == (Status.CONFIRMED, "door")
    assert mailoutbox == []


def test_staff_sign_up_with_an_address_already_registered_is_a_form_error(
    admin_client, event, django_capture_on_commit_callbacks
):
    admin_client.post(ADD, add_form_data(event))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADD, add_form_data(event, name="Nochmal", email="TELEFON@example.org")
        )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.has_error("email", "duplicate")
    assert Registration.objects.count() == 1
    # The refusal leaves no trace: the person is not written to about it.
    assert not OutgoingMail.objects.filter(kind=Kind.DUPLICATE).exists()


def test_staff_sign_up_takes_the_address_of_a_lapsed_unconfirmed_one(
    admin_client, event
):
    lapsed = make_registration(
        event,
        email="telefon@example.org",
        status=Status.PENDING,
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    response = admin_client.post(ADD, add_form_data(event))
    assert response.status_code == 302
    lapsed.refresh_from_db()
    assert lapsed.status == Status.CANCELLED
    assert event.registrations.get(status=Status.CONFIRMED).channel == "phone"


def test_staff_sign_up_lands_on_the_waiting_list_when_the_event_is_full(
    admin_client, event
):
    make_registration(event, status=Status.CONFIRMED)
    make_registration(event, status=Status.CONFIRMED)
    response = admin_client.post(ADD, add_form_data(event))
    registration = Registration.objects.get(email="telefon@example.org")
    assert registration.status == Status.WAITLISTED
    assert list(registration.mails.values_list("kind", flat=True)) == [Kind.WAITLISTED]
    assert any("1" in m and registration.code in m for m in messages_of(response))


def test_staff_cannot_sign_anyone_up_for_a_cancelled_event(admin_client, process):
    event = make_event(process, is_cancelled=True)
    response = admin_client.post(ADD, add_form_data(event))
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("event", "cancelled")
    assert not Registration.objects.exists()


# Correcting a registration


def test_change_form_edits_details_but_not_the_status(admin_client, event):
    registration = make_registration(event, status=Status.CONFIRMED)
    response = admin_client.post(
        change_url(registration),
        {
            "name": "Neuer Name",
            "email": registration.email,
            "organisation": "Neuer Verein",
            "stakeholder_group": "",
            "district": "",
            "user": "",
            "language": "de",
            "interpretation_language": "Arabisch",
            "accessibility_needs": "",
            "status": Status.CANCELLED,
            "event": make_event(event.process).pk,
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.name, registration.organisation) == (
        "Neuer Name",
        "Neuer Verein",
    )
    assert registration.interpretation_language == "Arabisch"
    assert registration.status == Status.CONFIRMED
    assert registration.event == event


def test_change_form_refuses_an_address_registered_by_someone_else(admin_client, event):
    make_registration(event, email="taken@example.org")
    registration = make_registration(event)
    response = admin_client.post(
        change_url(registration),
        {
            "name": registration.name,
            "email": "TAKEN@example.org",
            "language": "de",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    registration.refresh_from_db()
    assert registration.email != "taken@example.org"


# Actions


def test_check_in_marks_people_as_attended(admin_client, event):
    confirmed = make_registration(event, status=Status.CONFIRMED)
    cancelled = make_registration(event, status=Status.CANCELLED)
    response = run_action(admin_client, "check_in", confirmed, cancelled)
    confirmed.refresh_from_db()
    cancelled.refresh_from_db()
    assert confirmed.status == Status.ATTENDED
    assert confirmed.attended_at is not None
    assert cancelled.status == Status.CANCELLED
    texts = messages_of(response)
    assert any(cancelled.code in m for m in texts)


def test_check_in_from_the_registrations_own_page(admin_client, event):
    registration = make_registration(event, status=Status.CONFIRMED)
    response = admin_client.post(
        change_url(registration),
        {"CHANGE_FORM-action": "check_in", ACTION_CHECKBOX_NAME: registration.pk},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED


def test_move_up_gives_a_waiting_person_a_free_seat(admin_client, event):
    make_registration(event, status=Status.CONFIRMED)
    waiting = make_registration(
        event, status=Status.WAITLISTED, confirmed_at=timezone.now()
    )
    response = run_action(admin_client, "move_up", waiting)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert list(waiting.mails.values_list("kind", flat=True)) == [Kind.PROMOTED]
    assert any("1" in m for m in messages_of(response))


def test_move_up_into_a_full_event_is_refused_with_a_message(admin_client, event):
    make_registration(event, status=Status.CONFIRMED)
    make_registration(event, status=Status.CONFIRMED)
    waiting = make_registration(event, status=Status.WAITLISTED)
    response = run_action(admin_client, "move_up", waiting)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    [message] = [m for m in get_messages(response.wsgi_request)]
    assert message.level_tag == "error"
    assert waiting.code in str(message)


def test_cancelling_a_registration_moves_the_next_person_up(admin_client, event):
    seat = make_registration(event, status=Status.CONFIRMED)
    make_registration(event, status=Status.CONFIRMED)
    waiting = make_registration(
        event, status=Status.WAITLISTED, confirmed_at=timezone.now()
    )
    run_action(admin_client, "cancel_registrations", seat)
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.status == Status.CANCELLED
    assert waiting.status == Status.CONFIRMED


def test_actions_need_the_change_permission(client, django_user_model, event):
    registration = make_registration(event, status=Status.CONFIRMED)
    client = staff_client(
        client,
        django_user_model,
        "registrations.view_registration",
        "registrations.view_personal_data",
    )
    run_action(client, "check_in", registration)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


# The list


def test_search_finds_a_registration_by_its_code_in_any_case(admin_client, event):
    wanted = make_registration(event)
    make_registration(event)
    response = admin_client.get(CHANGELIST, {"q": wanted.code.lower()})
    assert list(response.context["cl"].result_list) == [wanted]


def test_list_filters_by_event_status_channel_group_and_district(
    admin_client, event, city
):
    group = StakeholderGroup.objects.create(city=city, name="Vereine", slug="v")
    district = District.objects.create(city=city, name="Mitte", slug="mitte")
    wanted = make_registration(
        event,
        status=Status.CONFIRMED,
        channel=Registration.Channel.PHONE,
        stakeholder_group=group,
        district=district,
    )
    make_registration(event, status=Status.CONFIRMED)
    response = admin_client.get(
        CHANGELIST,
        {
            "event__id__exact": event.pk,
            "status__exact": Status.CONFIRMED,
            "channel__exact": "phone",
            "stakeholder_group__id__exact": group.pk,
            "district__id__exact": district.pk,
        },
    )
    assert list(response.context["cl"].result_list) == [wanted]


def test_registration_list_takes_as_many_queries_for_30_as_for_3(
    admin_client, event, process, city
):
    group = StakeholderGroup.objects.create(city=city, name="Vereine", slug="v")

    def add(count):
        for _ in range(count):
            make_registration(make_event(process), stakeholder_group=group)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(CHANGELIST).status_code == 200
        return len(captured)

    add(3)
    queries()  # warm-up: the city and the session are cached
    few = queries()
    add(27)
    assert queries() == few


def test_anonymised_registration_shows_as_such(admin_client, event):
    registration = make_registration(
        event, name="", email="", anonymised_at=timezone.now()
    )
    html = admin_client.get(CHANGELIST).content.decode()
    assert "(personal data removed)" in html or "entfernt" in html
    response = admin_client.get(change_url(registration))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


# Personal data


@pytest.fixture
def without_personal_data(client, django_user_model):
    return staff_client(
        client,
        django_user_model,
        "registrations.view_registration",
        "registrations.change_registration",
        "registrations.view_outgoingmail",
    )


def test_staff_without_personal_data_permission_see_codes_not_people(
    without_personal_data, event
):
    registration = make_registration(
        event, name="Ada Lovelace", email="ada@example.org", organisation="Verein A"
    )
    html = without_personal_data.get(CHANGELIST).content.decode()
    assert registration.code in html
    for personal in ("Ada Lovelace", "ada@example.org", "Verein A"):
        assert personal not in html
    html = without_personal_data.get(change_url(registration)).content.decode()
    assert registration.code in html
    for personal in ("Ada Lovelace", "ada@example.org", "Verein A"):
        assert personal not in html


def test_staff_without_personal_data_permission_cannot_search_by_address(
    without_personal_data, event
):
    make_registration(event, email="ada@example.org")
    response = without_personal_data.get(CHANGELIST, {"q": "ada@example.org"})
    assert list(response.context["cl"].result_list) == []


# Messages to participants


def test_message_form_takes_the_event_from_the_address(admin_client, event):
    url = reverse("admin:registrations_eventmessage_add")
    form = admin_client.get(url, {"event": event.pk}).context["adminform"].form
    assert str(form.initial["event"]) == str(event.pk)
    assert list(form.fields) == ["event", "subject", "body"]


def test_message_form_finds_the_event_by_its_title(admin_client, event):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "registrations",
            "model_name": "eventmessage",
            "field_name": "event",
            "term": "Werkstatt",
        },
    )
    assert [r["id"] for r in response.json()["results"]] == [str(event.pk)]


def test_message_is_recorded_and_sent_to_everyone_confirmed(
    admin_client, admin_user, event, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed = make_registration(event, status=Status.CONFIRMED)
    attended = make_registration(event, status=Status.ATTENDED)
    make_registration(event, status=Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:registrations_eventmessage_add"),
            {
                "event": event.pk,
                "subject": "Raumänderung",
                "body": "Wir treffen uns in Saal 3.",
                "_save": "Save",
            },
        )
    assert response.status_code == 302
    message = EventMessage.objects.get()
    assert message.created_by == admin_user
    message.refresh_from_db()
    assert message.recipient_count == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [confirmed.email, attended.email]
    )


def test_sent_message_stays_as_it_was(admin_client, event):
    message = EventMessage.objects.create(event=event, subject="Alt", body="Text")
    url = reverse("admin:registrations_eventmessage_change", args=[message.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    admin_client.post(url, {"event": event.pk, "subject": "Neu", "body": "Neu"})
    message.refresh_from_db()
    assert message.subject == "Alt"


# The e-mail record


def make_mail(event, **overrides) -> OutgoingMail:
    values = {
        "kind": Kind.CONFIRMED,
        "recipient": "ada@example.org",
        "event": event,
        "status": OutgoingMail.Status.FAILED,
        "attempts": 1,
        "last_error": "SMTPServerDisconnected",
        "next_attempt_at": timezone.now() + dt.timedelta(minutes=5),
    }
    values.update(overrides)
    return OutgoingMail.objects.create(**values)


MAILS = reverse("admin:registrations_outgoingmail_changelist")


def test_send_again_sends_failed_and_given_up_mails(admin_client, event, mailoutbox):
    failed = make_mail(event)
    gave_up = make_mail(
        event, status=OutgoingMail.Status.GAVE_UP, attempts=5, next_attempt_at=None
    )
    sent = make_mail(event, status=OutgoingMail.Status.SENT, recipient="b@example.org")
    response = run_action(admin_client, "send_again", failed, gave_up, sent, url=MAILS)
    for mail in (failed, gave_up):
        mail.refresh_from_db()
        assert mail.status == OutgoingMail.Status.SENT
    assert len(mailoutbox) == 2
    texts = messages_of(response)
    assert any("2" in m for m in texts)
    assert any("1" in m for m in texts)  # the one already sent is left alone


def test_mail_record_is_read_only(admin_client, event):
    mail = make_mail(event)
    assert (
        admin_client.get(reverse("admin:registrations_outgoingmail_add")).status_code
        == 403
    )
    response = admin_client.get(
        reverse("admin:registrations_outgoingmail_change", args=[mail.pk])
    )
    assert response.context["has_change_permission"] is False


def test_mail_record_hides_recipients_without_personal_data_permission(
    without_personal_data, event
):
    mail = make_mail(event)
    html = without_personal_data.get(MAILS).content.decode()
    assert "ada@example.org" not in html
    url = reverse("admin:registrations_outgoingmail_change", args=[mail.pk])
    assert "ada@example.org" not in without_personal_data.get(url).content.decode()


def test_send_again_needs_the_change_permission(without_personal_data, event):
    mail = make_mail(event)
    run_action(without_personal_data, "send_again", mail, url=MAILS)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.FAILED
