"""A resident signs up in a real browser, confirms by the e-mail link, adds
the event to the calendar and cancels; every page on the way passes axe."""

import re

import pytest
from django.core import mail

from events.services import examples_load
from registrations.models import Registration

from .conftest import assert_no_axe_violations

EVENT = "/veranstaltungen/beispiel-workshop/"


@pytest.fixture
def shipped_data(transactional_db, muenster_data):
    from portal.services import city_load

    city, _ = city_load(data=muenster_data)
    examples_load(city=city)
    return city


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def fill_form(page, *, email="ayse@example.org"):
    page.locator("#id_name").fill("Ayşe Yılmaz")
    page.locator("#id_email").fill(email)
    page.locator("#id_stakeholder_group").select_option(label="Vereine")
    page.locator("#id_consent").check()


def test_sign_up_confirm_and_cancel_in_the_browser(shipped_data, page, axe):
    mail.outbox.clear()
    page.goto(EVENT)
    fill_form(page)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.wait_for_url(re.compile(r"/anmeldung/eingegangen/"))
    assert "ayse@example.org" in page.content()
    assert_no_axe_violations(axe, page)

    confirm_url = re.search(r"http\S+/bestaetigen/\S+/", mail.outbox[0].body)
    page.goto(path_of(confirm_url.group(0)))
    assert_no_axe_violations(axe, page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/anmeldung/(?!bestaetigen)"))
    registration = Registration.objects.get(email="ayse@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.code in page.content()
    assert page.locator(".qr-code svg").count() == 1
    assert_no_axe_violations(axe, page)

    with page.expect_download() as download:
        page.locator("a[href$='kalender.ics']").first.click()
    assert download.value.suggested_filename == "beispiel-workshop.ics"

    page.locator("form button.btn-outline-danger").click()
    page.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert_no_axe_violations(axe, page)


def test_bad_input_is_shown_beside_the_fields_and_kept(shipped_data, page, axe):
    page.goto(EVENT)
    page.locator("#id_name").fill("Ayşe Yılmaz")
    page.locator("#id_email").fill("keine-adresse")
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.wait_for_load_state()
    email = page.locator("#id_email")
    assert email.get_attribute("aria-invalid") == "true"
    assert email.input_value() == "keine-adresse"
    assert page.locator("#id_name").input_value() == "Ayşe Yılmaz"
    assert page.locator("#signup-errors").is_visible()
    assert_no_axe_violations(axe, page)
    assert not Registration.objects.exists()


def test_filtered_agenda_and_invalid_link_pages_pass_axe(shipped_data, page, axe):
    page.goto("/veranstaltungen/")
    page.select_option("#id_art", "workshop")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url(re.compile(r"art=workshop"))
    assert_no_axe_violations(axe, page)
    response = page.goto("/veranstaltungen/anmeldung/kaputt/")
    assert response.status == 400
    assert_no_axe_violations(axe, page)


def test_my_registrations_page_passes_axe(shipped_data, page, axe, live_server):
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_user("ayse", "ayse@example.org", "x")
    EmailAddress.objects.create(
        user=user, email="ayse@example.org", verified=True, primary=True
    )
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(EVENT)
    assert page.locator("#id_email").input_value() == "ayse@example.org"
    fill_form(page)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.wait_for_url(re.compile(r"/anmeldung/eingegangen/"))
    page.goto("/veranstaltungen/meine-anmeldungen/")
    assert "Beispiel" in page.content()
    assert_no_axe_violations(axe, page)


def test_account_login_page_passes_axe(shipped_data, page, axe):
    response = page.goto("/konto/login/")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(axe, page)
