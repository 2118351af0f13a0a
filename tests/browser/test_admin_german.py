"""A KI staff member logs in with a German browser and finds the event
pages of the back office in German, the JavaScript widgets included, under
the portal's name."""

import re

import pytest

from contributions.staff import ki_staff_group_ensure
from events.models import Event

PASSWORD = "Werkstatt-Teilhabe-2025"
EVENT = "2024-10-08-workshop-ziele-weitere-handlungsfelder"

# Django 6.1's own words that its German catalogues leave in English.
ENGLISH = [
    "Select an option",
    "Run",
    "Filter by",
    "Note: ",
    "Choose",
    "by selecting them",
    "Available",
    "Chosen",
    "Today",
    "Now",
    "Show",
    "Hide",
]


def english_in(text: str) -> list[str]:
    """The English words in the text; whole words only ("Run", not "Rundgang")."""
    found = []
    for words in ENGLISH:
        pattern = re.escape(words)
        if words[0].isalnum():
            pattern = r"\b" + pattern
        if words[-1].isalnum():
            pattern += r"\b"
        if re.search(pattern, text):
            found.append(words)
    return found


@pytest.fixture
def shipped_data(transactional_db, muenster_data):
    from portal.services import city_load

    city, _ = city_load(data=muenster_data)
    return city


@pytest.fixture
def staff_member(shipped_data, django_user_model):
    user = django_user_model.objects.create_user(
        "ki", "ki@example.org", PASSWORD, is_staff=True
    )
    user.groups.add(ki_staff_group_ensure().group)
    return user


@pytest.fixture
def german_page(browser, live_server):
    # Chromium on UTC, the portal on Europe/Berlin: the admin then adds its
    # time-zone note to every date and time field.
    context = browser.new_context(
        locale="de-DE", timezone_id="UTC", base_url=live_server.url
    )
    page = context.new_page()
    yield page
    context.close()


def log_in(page, user):
    page.goto("/admin/")
    assert page.locator("#site-name").inner_text() == (
        "Leitbildportal Münster – Verwaltung"
    )
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_staff_member_finds_the_event_page_in_german(german_page, staff_member):
    page = german_page
    log_in(page, staff_member)
    assert page.locator("h1").inner_text() == (
        "Verwaltung des Leitbildportals – Stadt Münster"
    )

    event = Event.objects.get(slug=EVENT)
    page.goto(f"/admin/events/event/{event.pk}/change/")
    # The scripts have built the picker and the date shortcuts.
    page.locator("#id_action_fields_from").wait_for()
    page.locator(".timezonewarning").first.wait_for()
    text = page.inner_text("body")
    # The calendar and the clock, each opened and closed again.
    for link, box in [
        ("#calendarlink0", "#calendarbox0"),
        ("#clocklink0", "#clockbox0"),
    ]:
        page.locator(link).click()
        text += "\n" + page.locator(box).inner_text()
        page.locator(f"{box} .calendar-cancel a").click()
    assert english_in(text) == []
    assert page.locator("#site-name").inner_text() == (
        "Leitbildportal Münster – Verwaltung"
    )
    assert "– Bitte auswählen –" in text
    assert "Verfügbare Handlungsfelder" in text
    assert "Ausgewählte Handlungsfelder" in text
    assert "Wählen Sie Handlungsfelder aus, indem Sie sie markieren" in text
    assert "Hinweis: Geben Sie Uhrzeiten in der Zeitzone Europe/Berlin ein." in text
    assert "Heute" in text and "Jetzt" in text
    # The picker names each field with its edition.
    assert "Wirtschaft und Arbeit (2025–" in text


def test_staff_member_finds_the_event_list_in_german(german_page, staff_member):
    page = german_page
    log_in(page, staff_member)
    page.goto("/admin/events/event/")
    page.locator("#changelist-form").wait_for()
    text = page.inner_text("body")
    assert english_in(text) == []
    assert "Nach Beginn filtern" in text
    assert "Ausführen" in text
