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

from core.models import City
from events.models import Event
from leitbild.models import Edition

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
