"""The management commands that load shipped and example data."""

import copy
import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from contributions.examples import contribution_examples_load
from contributions.models import Contribution, TextChange
from contributions.services import support_create
from core.models import City
from events.models import Event
from events.services import examples_load
from handlungsfelder.models import ActionField
from leitbild.models import Edition, Section
from registrations.models import OutgoingMail

BERLIN = ZoneInfo("Europe/Berlin")


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_city_loads_the_shipped_file(db, monkeypatch):
    monkeypatch.chdir(settings.BASE_DIR)

    output = run("load_city", "data/muenster.yaml")

    city = City.objects.get(slug="muenster")
    assert city.name == "Münster"
    assert Edition.objects.filter(city=city).count() == 4
    assert Event.objects.filter(process__city=city).count() == 17
    assert "Münster" in output


def test_load_city_twice_creates_nothing_the_second_time(db, monkeypatch):
    monkeypatch.chdir(settings.BASE_DIR)
    run("load_city", "data/muenster.yaml")

    output = run("load_city", "data/muenster.yaml")

    assert Event.objects.count() == 17
    assert City.objects.count() == 1
    report_lines = [line for line in output.splitlines() if line.startswith("  ")]
    assert report_lines
    assert all(" 0 created, 0 updated" in line for line in report_lines)


def test_load_muenster_loads_the_shipped_data(db):
    run("load_muenster")

    city = City.objects.get(slug="muenster")
    assert Edition.objects.for_city(city).in_force().get().year == 2025
    assert Event.objects.count() == 17


def test_load_city_with_a_missing_file_fails(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("load_city", str(tmp_path / "nirgendwo.yaml"))

    assert not City.objects.exists()


def test_load_city_with_a_file_that_is_no_city_data_fails(db, tmp_path):
    path = tmp_path / "liste.yaml"
    path.write_text("- eins\n- zwei\n", encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("load_city", str(path))


def write_data_with_invalid_event(data: dict, path) -> None:
    """The shipped data with its last event ending before it starts."""
    data = copy.deepcopy(data)
    data["processes"][0]["events"][-1]["end"] = "2025-01-24 16:00"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_load_city_with_an_invalid_event_loads_nothing(db, tmp_path, muenster_data):
    path = tmp_path / "kaputt.yaml"
    write_data_with_invalid_event(muenster_data, path)

    with pytest.raises((CommandError, ValidationError)):
        call_command("load_city", str(path), stdout=StringIO())

    assert not City.objects.exists()
    assert not Edition.objects.exists()
    assert not Event.objects.exists()


def test_load_city_reports_invalid_data_as_a_command_error(db, tmp_path, muenster_data):
    # Staff editing the file get the file's name and the reason, not a
    # traceback: the command already does this for ValueError and KeyError.
    path = tmp_path / "kaputt.yaml"
    write_data_with_invalid_event(muenster_data, path)

    with pytest.raises(CommandError) as error:
        call_command("load_city", str(path), stdout=StringIO())

    assert "kaputt.yaml" in str(error.value)


def test_load_city_copes_with_a_time_written_as_a_yaml_timestamp(db, tmp_path):
    # Staff editing the file may write a time unquoted and with seconds; YAML
    # then reads a datetime, not a string. The command must either load it as
    # the local time it says or refuse it with a CommandError, not crash.
    text = (settings.BASE_DIR / "data" / "muenster.yaml").read_text(encoding="utf-8")
    quoted = 'start: "2024-09-19 16:00"'
    assert quoted in text
    path = tmp_path / "muenster.yaml"
    path.write_text(
        text.replace(quoted, "start: 2024-09-19 16:00:00"), encoding="utf-8"
    )

    try:
        call_command("load_city", str(path), stdout=StringIO())
    except CommandError:
        assert not Event.objects.exists()
    else:
        event = Event.objects.get(slug="2024-09-19-expertenrunde-4")
        assert event.start == dt.datetime(2024, 9, 19, 16, tzinfo=BERLIN)


def test_load_examples_adds_upcoming_example_events(db):
    run("load_muenster")

    run("load_examples")

    examples = Event.objects.filter(is_example=True)
    assert examples.count() == 3
    now = timezone.now()
    for event in examples:
        assert "Beispiel" in event.title
        assert event.start > now
        assert event.is_published
    assert set(Event.objects.upcoming().filter(is_example=True)) == set(examples)
    # The shipped events are untouched.
    assert Event.objects.filter(is_example=False).count() == 17


def test_load_examples_twice_does_not_duplicate(db):
    run("load_muenster")
    run("load_examples")
    first = set(Event.objects.filter(is_example=True).values_list("pk", flat=True))

    run("load_examples")

    again = set(Event.objects.filter(is_example=True).values_list("pk", flat=True))
    assert again == first
    assert Event.objects.count() == 20


def example_edition() -> Edition:
    return Edition.objects.get(is_example=True)


def test_load_examples_adds_an_example_draft_in_consultation(db):
    run("load_muenster")

    output = run("load_examples")

    edition = example_edition()
    in_force = Edition.objects.in_force().get()
    today = timezone.localdate()
    assert edition.title == f"Beispiel: {in_force.title}"
    assert "Beispiel" in edition.summary
    assert edition.status == Edition.Status.CONSULTATION
    assert edition.year == in_force.year + 5 == 2030
    assert edition.consultation_is_open()
    assert timezone.localdate(edition.consultation_opens) == today - dt.timedelta(7)
    assert timezone.localdate(edition.consultation_closes) == today + dt.timedelta(28)
    # Its text is the edition in force's, which stays adopted and frozen.
    assert list(edition.sections.values_list("slug", flat=True)) == list(
        in_force.sections.values_list("slug", flat=True)
    )
    assert edition.action_fields.count() == in_force.action_fields.count() > 0
    assert in_force.year == 2025 and in_force.is_frozen
    assert Edition.objects.count() == 5
    # The example process prepares it; its first two events work on goals.
    process = Event.objects.get(slug="beispiel-workshop").process
    assert process.edition == edition
    linked = Event.goals.through.objects.filter(event__process=process)
    assert set(linked.values_list("event__slug", flat=True)) == {
        "beispiel-workshop",
        "beispiel-fachforum",
    }
    assert set(linked.values_list("goal__action_field__edition", flat=True)) == {
        edition.pk
    }
    assert "Beispiel: Leitbild Migration und Integration" in output


def test_load_examples_adds_published_example_contributions(db):
    run("load_muenster")

    run("load_examples")

    edition = example_edition()
    contributions = Contribution.objects.filter(edition=edition)
    assert contributions.count() == contributions.public().count() == 5
    assert all("Beispiel" in c.body for c in contributions)
    assert all("Beispiel" in c.author_name for c in contributions)
    kinds = set(contributions.values_list("kind", flat=True))
    assert kinds == {Contribution.Kind.COMMENT, Contribution.Kind.SUGGESTION}
    taken_up = contributions.filter(state=Contribution.State.TAKEN_UP)
    assert taken_up.count() == 2
    assert all(c.answer for c in taken_up)
    applied = taken_up.get(kind=Contribution.Kind.SUGGESTION)
    assert applied.result_change.section.edition == edition
    assert applied.proposal in applied.result_change.section.body
    open_ = contributions.filter(state=Contribution.State.PUBLISHED)
    assert {c.target.__class__.__name__ for c in open_} == {
        "Section",
        "ActionField",
    }
    # Nobody is written to, and anyone may support them.
    assert not OutgoingMail.objects.exists()
    support = support_create(
        contribution=open_.first(), email="unterstuetzerin@example.org"
    )
    assert support.pk


MOVING = {"consultation_opens", "consultation_closes", "updated_at"}


def examples_state() -> dict:
    """Everything the examples made or touched, but the consultation window
    (and the time it was last saved)."""
    return {
        "editions": [
            {key: value for key, value in row.items() if key not in MOVING}
            for row in Edition.objects.order_by("pk").values()
        ],
        "sections": list(
            Section.objects.order_by("pk").values_list("edition", "slug", "body")
        ),
        "fields": list(ActionField.objects.order_by("pk").values_list("pk", "name")),
        "contributions": list(
            Contribution.objects.order_by("pk").values(
                "pk", "state", "body", "answer", "support_count", "result_change"
            )
        ),
        "changes": list(TextChange.objects.order_by("pk").values("pk", "body_after")),
        "goals": list(
            Event.objects.filter(is_example=True)
            .order_by("slug")
            .values_list("slug", "goals")
        ),
        "mails": OutgoingMail.objects.count(),
    }


def test_load_examples_again_moves_the_window_and_changes_nothing_else(db):
    run("load_muenster")
    city = City.objects.get()
    today = timezone.localdate()
    examples_load(city=city, today=today - dt.timedelta(days=3))
    edition = example_edition()
    contribution_examples_load(edition=edition)
    before = examples_state()

    events = examples_load(city=city, today=today)
    contribution_examples_load(edition=events[0].process.edition)

    moved = example_edition()
    assert moved.consultation_opens - edition.consultation_opens == dt.timedelta(3)
    assert moved.consultation_closes - edition.consultation_closes == dt.timedelta(3)
    assert moved.consultation_is_open()
    assert examples_state() == before
    assert len(before["contributions"]) == 5


def test_load_examples_twice_through_the_command_adds_no_contributions(db):
    run("load_muenster")
    run("load_examples")
    contributions = Contribution.objects.count()

    run("load_examples")

    assert Contribution.objects.count() == contributions == 5
    assert Edition.objects.filter(is_example=True).count() == 1
    assert TextChange.objects.count() == 1


def test_example_contributions_go_on_the_example_edition_only(db):
    run("load_muenster")

    with pytest.raises(ValueError):
        contribution_examples_load(edition=Edition.objects.in_force().get())

    assert not Contribution.objects.exists()


def test_load_examples_without_a_city_fails(db):
    with pytest.raises(CommandError):
        call_command("load_examples", stdout=StringIO())


def test_store_adopted_pdfs_stores_the_edition_in_force_once(
    muenster, settings, tmp_path
):
    import hashlib
    from io import StringIO

    from django.core.management import call_command

    from leitbild.models import Edition

    settings.MEDIA_ROOT = tmp_path
    call_command("store_adopted_pdfs", stdout=StringIO())
    edition = Edition.objects.get(city=muenster, status=Edition.Status.ADOPTED)
    assert edition.pdf_sha256
    with edition.pdf_file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == edition.pdf_sha256
    out = StringIO()
    call_command("store_adopted_pdfs", stdout=out)
    assert "0 PDF(s) stored." in out.getvalue()
    assert (
        not Edition.objects.exclude(status=Edition.Status.ADOPTED)
        .exclude(pdf_sha256="")
        .exists()
    )
