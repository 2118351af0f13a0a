"""The sign-up flow of test_signup_flow in Arabic: the form sent empty and
with a bad address answers in Arabic beside each field, right to left, and
passes axe; a valid sign-up leads to the Arabic confirmation page."""

import re

import pytest
from django.utils import translation

from events.models import Event
from events.services import examples_load
from registrations.models import Registration

from .conftest import assert_no_axe_violations

ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture
def shipped_data(transactional_db, muenster_data):
    from portal.services import city_load

    city, _ = city_load(data=muenster_data)
    examples_load(city=city)
    return city


@pytest.fixture
def event_path(shipped_data) -> str:
    with translation.override("ar"):
        path = Event.objects.get(slug="beispiel-workshop").get_absolute_url()
    assert path.startswith("/ar/")
    return path


def send(page) -> None:
    page.locator("section.signup form button[type=submit]").click()
    page.wait_for_load_state()


def field_errors(page, field: str) -> str:
    """The field's error, after checking that the field is marked invalid,
    names its error in aria-describedby, and the error stands beside it (in
    the field's own wrapper)."""
    control = page.locator(f"#id_{field}")
    assert control.get_attribute("aria-invalid") == "true", field
    error = f"id_{field}_error"
    described_by = (control.get_attribute("aria-describedby") or "").split()
    assert error in described_by, f"{field}: {described_by}"
    beside = page.locator(f"#div_id_{field} #{error}")
    assert beside.count() == 1, f"{field}: no error beside the field"
    return beside.inner_text()


def assert_arabic(text: str) -> None:
    assert ARABIC.search(text) and not LATIN.search(text), text


def assert_right_to_left(page) -> None:
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")


def test_empty_form_is_answered_in_arabic_beside_each_field(event_path, page, axe):
    page.goto(event_path)
    assert_right_to_left(page)
    send(page)

    assert_right_to_left(page)
    assert_arabic(page.locator("#signup-errors").inner_text())
    for field in ("name", "email", "consent"):
        assert_arabic(field_errors(page, field))
    assert_no_axe_violations(axe, page)
    assert not Registration.objects.exists()


def test_bad_address_is_answered_in_arabic_and_kept(event_path, page, axe):
    page.goto(event_path)
    page.locator("#id_name").fill("أحمد الخطيب")
    page.locator("#id_email").fill("ليس-عنوانا")
    send(page)

    email = page.locator("#id_email")
    assert email.input_value() == "ليس-عنوانا"
    assert page.locator("#id_name").input_value() == "أحمد الخطيب"
    assert page.locator("#id_name").get_attribute("aria-invalid") is None
    assert_arabic(field_errors(page, "email"))
    assert page.locator("#signup-errors").is_visible()
    assert_no_axe_violations(axe, page)
    assert not Registration.objects.exists()


def test_valid_sign_up_leads_to_the_arabic_confirmation_page(event_path, page, axe):
    page.goto(event_path)
    page.locator("#id_name").fill("أحمد الخطيب")
    page.locator("#id_email").fill("ahmad@example.org")
    page.locator("#id_stakeholder_group").select_option(index=1)
    page.locator("#id_consent").check()
    send(page)

    page.wait_for_url(re.compile(r"/ar/veranstaltungen/anmeldung/eingegangen/"))
    assert_right_to_left(page)
    with translation.override("ar"):
        heading = translation.gettext("Almost done: please check your e-mail")
    assert ARABIC.search(heading)
    assert page.locator("h1").inner_text() == heading
    assert "ahmad@example.org" in page.locator("main").inner_text()
    assert Registration.objects.get().email == "ahmad@example.org"
    assert_no_axe_violations(axe, page)
