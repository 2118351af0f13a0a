"""Shared fixtures: the shipped Münster data and small builders."""

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from contributions.models import Contribution
from core.models import City
from events.models import Event, Phase, Process, Venue
from handlungsfelder.models import ActionField
from leitbild.models import Edition
from portal.services import city_data_read, city_load
from registrations.models import Registration

DATA_FILE = Path(settings.BASE_DIR) / "data" / "muenster.yaml"


@pytest.fixture(autouse=True)
def _german():
    """Each test starts in German, the portal's default. A request activates
    its page's language for the rest of the thread, and content written
    while another language is active goes into that language's column."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """The city is cached between requests; tests start from a clean cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def muenster_data() -> dict:
    return city_data_read(path=DATA_FILE)


@pytest.fixture
def muenster(db, muenster_data) -> City:
    """Münster with all shipped data, loaded through the real loader."""
    city, _report = city_load(data=muenster_data)
    return city


@pytest.fixture(scope="module")
def _muenster_in_module(django_db_setup, django_db_blocker, muenster_data):
    """Load Münster once per test module, inside a transaction that is rolled
    back when the module is done.

    The loader runs some 650 queries, which costs over a second a test on
    PostgreSQL. Each test still runs in its own savepoint (the `db` fixture),
    so whatever a test writes is undone before the next one. Not for modules
    with `transactional_db` tests: they would flush inside this transaction.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            city, _report = city_load(data=muenster_data)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield city.pk
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def muenster_shared(_muenster_in_module, db) -> City:
    """Münster with all shipped data, loaded once per module: for tests that
    read the shipped data. Every test of the module then sees Münster, so do
    not mix it with tests that need an empty database."""
    return City.objects.get(pk=_muenster_in_module)


@pytest.fixture
def city(db) -> City:
    """A small city without shipped data."""
    return City.objects.create(
        slug=settings.CITY_SLUG,
        name="Beispielstadt",
        portal_name="Leitbildportal Beispielstadt",
        leitbild_title="Leitbild Migration und Integration",
        authority="Stadt Beispielstadt",
        organisation="Kommunales Integrationszentrum Beispielstadt",
    )


def make_city(**overrides) -> City:
    """Another city besides the portal's own."""
    values = {
        "slug": "anderstadt",
        "name": "Anderstadt",
        "portal_name": "Leitbildportal Anderstadt",
        "leitbild_title": "Leitbild Migration und Integration",
        "authority": "Stadt Anderstadt",
        "organisation": "Kommunales Integrationszentrum Anderstadt",
    }
    values.update(overrides)
    return City.objects.create(**values)


def make_edition(city: City, **overrides) -> Edition:
    values = {
        "number": 1,
        "year": 2025,
        "title": "Leitbild",
        "period_start": 2025,
        "period_end": 2030,
        "status": Edition.Status.DRAFT,
    }
    values.update(overrides)
    return Edition.objects.create(city=city, **values)


def adopt(edition: Edition, *, decided: dt.date | None = None) -> Edition:
    """Mark an edition adopted once its content is built: adopted text is
    frozen, so tests add sections, fields, goals and measures first. Archives
    the city's adopted edition, as the adoption service does (which also
    renders the PDF, which these tests do not need)."""
    for old in Edition.objects.filter(city=edition.city, status="adopted"):
        old.status = Edition.Status.ARCHIVED
        old.save()
    edition.status = Edition.Status.ADOPTED
    edition.council_decision_date = decided or timezone.localdate()
    edition.save()
    return edition


def make_process(city: City, **overrides) -> Process:
    values = {"title": "Prozess", "slug": "prozess", "start_year": 2025}
    values.update(overrides)
    return Process.objects.create(city=city, **values)


def make_event(process: Process, *, days: int = 7, **overrides) -> Event:
    """A published event `days` from now (negative: in the past)."""
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    count = Event.objects.count()
    values = {
        "title": f"Veranstaltung {count + 1}",
        "slug": f"veranstaltung-{count + 1}",
        "start": start,
        "end": start + dt.timedelta(hours=3),
        "is_published": True,
    }
    values.update(overrides)
    return Event.objects.create(process=process, **values)


def make_venue(city: City, **overrides) -> Venue:
    values = {"name": "Volkshochschule", "street": "Marktplatz 1", "postcode": "12345"}
    values.update(overrides)
    return Venue.objects.create(city=city, **values)


def make_phase(process: Process, **overrides) -> Phase:
    values = {"number": 1, "title": "Arbeitsphase"}
    values.update(overrides)
    return Phase.objects.create(process=process, **values)


def make_action_field(edition: Edition, **overrides) -> ActionField:
    count = ActionField.objects.filter(edition=edition).count()
    values = {
        "name": f"Handlungsfeld {count + 1}",
        "slug": f"handlungsfeld-{count + 1}",
        "order": count + 1,
    }
    values.update(overrides)
    return ActionField.objects.create(edition=edition, **values)


def make_registration(event: Event, **overrides) -> Registration:
    """An active registration from the web form, with consent given."""
    count = Registration.objects.count()
    values = {
        "name": f"Person {count + 1}",
        "email": f"person{count + 1}@example.org",
        "consent_at": timezone.now(),
    }
    values.update(overrides)
    return Registration.objects.create(event=event, **values)


def make_consultation(city: City, **overrides) -> Edition:
    """A draft edition in consultation whose window is open (a week ago to
    in three weeks), with two sections and one action field with one goal.
    The section "grundsaetze" holds the sentence suggestions are made on."""
    now = timezone.now()
    values = {
        "number": 9,
        "year": 2030,
        "title": "Leitbild Entwurf",
        "period_start": 2030,
        "status": Edition.Status.CONSULTATION,
        "consultation_opens": now - dt.timedelta(days=7),
        "consultation_closes": now + dt.timedelta(days=21),
    }
    values.update(overrides)
    edition = make_edition(city, **values)
    edition.sections.create(
        order=1,
        slug="praeambel",
        title="Präambel",
        body="Münster ist eine **vielfältige** Stadt.\n\nAlle gehören dazu.",
    )
    edition.sections.create(
        order=2,
        slug="grundsaetze",
        title="Grundsätze",
        body=(
            "Integration ist eine gemeinsame Aufgabe aller Menschen in der "
            "Stadt.\n\nWir fördern Teilhabe in allen Lebensbereichen."
        ),
    )
    field = make_action_field(edition, name="Sprache und Bildung", slug="sprache")
    field.goals.create(order=1, title="Sprachkurse für alle, die sie brauchen")
    return edition


def make_contribution(edition: Edition, **overrides) -> Contribution:
    """A confirmed, published comment on the edition's first section (by
    default), made straight in the database."""
    count = Contribution.objects.count()
    now = timezone.now()
    values = {
        "section": None
        if {"action_field", "goal"} & set(overrides)
        else edition.sections.order_by("order").first(),
        "body": f"Beitrag {count + 1}",
        "author_name": f"Person {count + 1}",
        "email": f"beitrag{count + 1}@example.org",
        "consent_at": now,
        "confirmed_at": now,
        "published_at": now,
        "state": Contribution.State.PUBLISHED,
    }
    values.update(overrides)
    return Contribution.objects.create(edition=edition, **values)


@pytest.fixture
def admin_user(db, django_user_model):
    """The superuser of pytest-django's admin_client, without a password:
    the client logs in with force_login, and hashing one takes most of a
    second."""
    return django_user_model.objects.create_superuser(
        "admin", "admin@example.org", None
    )


def staff_client(client, django_user_model, *permissions):
    """A client logged in as staff with exactly these permissions."""
    user = django_user_model.objects.create_user(
        "staff", "staff@example.org", None, is_staff=True
    )
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label=app_label)
        )
    client.force_login(user)
    return client


def in_language(path: str, language: str) -> str:
    """The address of a page in `language`: German pages have no prefix, the
    others live under /en/, /tr/, ... The address alone chooses the language,
    whatever the browser asks for. `path` may carry a prefix already (a
    request leaves its language active, and reverse() follows it)."""
    code = translation.get_language_from_path(path)
    if code is not None:
        path = path.removeprefix(f"/{code}")
    if language == settings.LANGUAGE_CODE:
        return path
    return f"/{language}{path}"


def get(client, path):
    """GET a page as a German-speaking visitor."""
    return client.get(path, HTTP_ACCEPT_LANGUAGE="de")


def html_of(client, path) -> str:
    """The HTML of a page that must answer 200."""
    response = get(client, path)
    assert response.status_code == 200
    return response.content.decode()


class FormValues(HTMLParser):
    """The values a browser would submit for the forms of a page."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file"):
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(attrs.get("value") or default)
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            # Browsers drop the newline that follows <textarea>.
            value = self.data[self._textarea][0]
            self.data[self._textarea][0] = value.removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data
