"""An edition's lifecycle: its text frozen once adopted, the status steps,
a new draft copied from an edition, the loader on frozen editions, and the
admin pages of all that."""

import copy
import datetime as dt
from unittest import mock

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from handlungsfelder.models import ActionField, Goal, Measure
from handlungsfelder.services import edition_copy_as_draft
from leitbild.models import Edition, Section, Term
from portal.services import city_load, edition_status_change
from tests.conftest import (
    FormValues,
    adopt,
    html_of,
    in_language,
    make_action_field,
    make_city,
    make_edition,
)

Status = Edition.Status
DECIDED = dt.date(2025, 2, 26)
PROJECT_APPS = ("leitbild", "handlungsfelder", "events", "registrations")


@pytest.fixture
def admin_user(db, django_user_model):
    """The superuser of pytest-django's admin_client, without a password
    (hashing one takes most of a second)."""
    return django_user_model.objects.create_superuser(
        "admin", "admin@example.org", None
    )


@pytest.fixture
def pdf_archive(monkeypatch):
    """The PDF archiving the adoption calls, replaced: these tests check that
    it is called, tests/portal/test_pdf.py what it makes."""
    archive = mock.Mock(return_value="0" * 64)
    monkeypatch.setattr("portal.services.edition_pdf_archive", archive)
    return archive


def add_content(edition: Edition, *, fields: int = 1, goals: int = 1) -> None:
    """A section, a term, and action fields with goals and one measure each."""
    number = edition.sections.count() + 1
    Section.objects.create(
        edition=edition, order=number, title=f"Teil {number}", slug=f"teil-{number}"
    )
    Term.objects.create(edition=edition, order=number, term=f"Begriff {number}")
    for _field in range(fields):
        field = make_action_field(edition)
        for order in range(1, goals + 1):
            goal = Goal.objects.create(action_field=field, order=order, title="Ziel")
            Measure.objects.create(
                goal=goal,
                title="Maßnahme",
                status=Measure.Status.IN_PROGRESS,
                timeframe="2025–2027",
            )


@pytest.fixture
def adopted(city) -> Edition:
    """An adopted edition with content, built while it was a draft."""
    edition = make_edition(city, number=1, year=2019, period_start=2019)
    add_content(edition)
    return adopt(edition, decided=DECIDED)


@pytest.fixture
def draft(city) -> Edition:
    edition = make_edition(city, number=2, year=2025)
    add_content(edition)
    return edition


def english_messages(error: ValidationError) -> str:
    with translation.override("en"):
        return " ".join(error.messages)


# The edition's own text


def test_adopted_edition_refuses_a_changed_title_on_save(adopted):
    adopted.title = "Berichtigt"

    with pytest.raises(ValidationError) as error:
        adopted.save()

    assert Edition.objects.get(pk=adopted.pk).title == "Leitbild"
    assert error.value.code == "frozen"


def test_full_clean_of_a_changed_adopted_edition_explains_where_corrections_go(
    adopted,
):
    adopted.summary = "Neu"

    with translation.override("en"), pytest.raises(ValidationError) as error:
        adopted.full_clean()

    message = english_messages(error.value)
    assert "adopted by the council on Feb. 26, 2025 and is frozen" in message
    assert "start a new draft from it" in message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("number", 7),
        ("year", 2020),
        ("period_start", 2018),
        ("period_end", 2031),
        ("council_decision_date", dt.date(2025, 3, 1)),
        ("council_decision_reference", "V/0001/2025"),
    ],
)
def test_adopted_edition_refuses_every_text_field(adopted, name, value):
    setattr(adopted, name, value)

    with pytest.raises(ValidationError):
        adopted.save()


def test_adopted_edition_cannot_be_deleted(adopted):
    with pytest.raises(ValidationError):
        adopted.delete()

    assert Edition.objects.filter(pk=adopted.pk).exists()


def test_a_stale_copy_cannot_change_an_edition_adopted_since(draft):
    stale = Edition.objects.get(pk=draft.pk)
    adopt(draft, decided=DECIDED)
    stale.title = "Nachträglich"

    with pytest.raises(ValidationError):
        stale.save()


def test_adopted_edition_may_be_archived(adopted):
    adopted.status = Status.ARCHIVED
    adopted.full_clean()
    adopted.save()

    assert Edition.objects.get(pk=adopted.pk).status == Status.ARCHIVED


@pytest.mark.parametrize(
    ("stored", "status"),
    [
        (Status.ADOPTED, Status.DRAFT),
        (Status.ADOPTED, Status.CONSULTATION),
        (Status.ARCHIVED, Status.ADOPTED),
        (Status.ARCHIVED, Status.DRAFT),
    ],
)
def test_frozen_edition_cannot_be_thawed(adopted, stored, status):
    Edition.objects.filter(pk=adopted.pk).update(status=stored)
    adopted.refresh_from_db()
    adopted.status = status

    with pytest.raises(ValidationError) as error:
        adopted.save()

    assert error.value.code == "frozen_status"


def test_adoption_may_store_the_pdf_fields(adopted):
    adopted.pdf_file.name = "leitbild/Leitbild-2019-abc.pdf"
    adopted.pdf_sha256 = "a" * 64

    adopted.save(update_fields=["pdf_file", "pdf_sha256"])

    assert Edition.objects.get(pk=adopted.pk).pdf_sha256 == "a" * 64


def test_draft_edition_text_can_change_and_be_deleted(draft):
    draft.title = "Entwurf"
    draft.full_clean()
    draft.save()
    assert Edition.objects.get(pk=draft.pk).title == "Entwurf"

    draft.delete()

    assert not Edition.objects.filter(pk=draft.pk).exists()


# Sections and terms


@pytest.mark.parametrize("model", [Section, Term])
def test_content_of_an_adopted_edition_refuses_change(adopted, model):
    row = model.objects.get(edition=adopted)
    row.order = 9

    with pytest.raises(ValidationError):
        row.full_clean()
    with pytest.raises(ValidationError):
        row.save()
    assert model.objects.get(pk=row.pk).order == 1


@pytest.mark.parametrize("model", [Section, Term])
def test_content_of_an_adopted_edition_cannot_be_deleted(adopted, model):
    row = model.objects.get(edition=adopted)

    with pytest.raises(ValidationError):
        row.delete()

    assert model.objects.filter(pk=row.pk).exists()


def test_an_adopted_edition_takes_no_new_section_or_term(adopted):
    section = Section(edition=adopted, title="Nachtrag", slug="nachtrag")
    with pytest.raises(ValidationError):
        section.full_clean()
    with pytest.raises(ValidationError):
        section.save()
    with pytest.raises(ValidationError):
        Term.objects.create(edition=adopted, term="Nachtrag")

    assert adopted.sections.count() == 1
    assert adopted.terms.count() == 1


def test_a_section_cannot_move_into_or_out_of_an_adopted_edition(adopted, draft):
    into = Section.objects.get(edition=draft)
    into.edition = adopted
    with pytest.raises(ValidationError):
        into.save()

    out = Section.objects.get(edition=adopted)
    out.edition = draft
    with pytest.raises(ValidationError):
        out.save()


def test_content_of_a_draft_can_change_and_be_deleted(draft):
    section = Section.objects.get(edition=draft)
    section.body = "Neu"
    section.full_clean()
    section.save()
    term = Term.objects.create(edition=draft, term="Teilhabe")
    term.delete()

    assert Section.objects.get(pk=section.pk).body == "Neu"
    assert not Term.objects.filter(pk=term.pk).exists()


def test_content_of_an_edition_in_consultation_can_change(draft):
    edition_status_change(edition=draft, status=Status.CONSULTATION)
    section = Section.objects.get(edition=draft)
    section.body = "Nach der Beteiligung"

    section.save()

    assert Section.objects.get(pk=section.pk).body == "Nach der Beteiligung"


# Translations of an adopted edition: only the German text is frozen


@pytest.mark.parametrize(
    ("model", "column", "value"),
    [
        (Edition, "title_en", "Guiding principles"),
        (Edition, "summary_ar", "ملخص الطبعة"),
        (Section, "title_tr", "Bölüm 1"),
        (Section, "body_uk", "Текст розділу"),
        (Term, "definition_ru", "Определение"),
    ],
)
def test_a_translation_of_an_adopted_edition_can_be_saved(
    adopted, model, column, value
):
    row = (
        Edition.objects.get(pk=adopted.pk)
        if model is Edition
        else model.objects.get(edition=adopted)
    )
    setattr(row, column, value)

    row.full_clean()
    row.save()

    assert getattr(model.objects.get(pk=row.pk), column) == value


@pytest.mark.parametrize(
    ("model", "name"), [(Edition, "title"), (Section, "body"), (Term, "term")]
)
def test_the_german_text_of_an_adopted_edition_stays_frozen(adopted, model, name):
    row = (
        Edition.objects.get(pk=adopted.pk)
        if model is Edition
        else model.objects.get(edition=adopted)
    )
    before = getattr(row, f"{name}_de")
    setattr(row, f"{name}_de", "Berichtigt")

    with pytest.raises(ValidationError):
        row.full_clean()
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.save(update_fields=[f"{name}_de"])

    assert getattr(model.objects.get(pk=row.pk), f"{name}_de") == before


def test_a_section_written_in_english_keeps_its_german_text(adopted):
    section = Section.objects.get(edition=adopted)
    section.body_de = "Der Text."
    Section.objects.filter(pk=section.pk).update(body_de="Der Text.")

    with translation.override("en"):
        section.title = "Part 1"
        section.body = "The text in English."
        section.save()

    stored = Section.objects.get(pk=section.pk)
    assert (stored.title_de, stored.title_en) == ("Teil 1", "Part 1")
    assert (stored.body_de, stored.body_en) == ("Der Text.", "The text in English.")


# Status steps


@pytest.mark.parametrize(
    ("start", "status"),
    [
        (Status.DRAFT, Status.CONSULTATION),
        (Status.CONSULTATION, Status.DRAFT),
    ],
)
def test_edition_moves_between_draft_and_consultation(city, start, status):
    edition = make_edition(city, status=start)

    changed = edition_status_change(edition=edition, status=status)

    assert changed.status == status
    assert Edition.objects.get(pk=edition.pk).status == status


@pytest.mark.parametrize("start", [Status.DRAFT, Status.CONSULTATION])
def test_adoption_records_the_council_decision_and_archives_the_pdf(
    city, pdf_archive, start
):
    edition = make_edition(city, status=start)

    adopted = edition_status_change(
        edition=edition,
        status=Status.ADOPTED,
        decision_date=DECIDED,
        decision_reference=" V/0123/2025 ",
    )

    stored = Edition.objects.get(pk=edition.pk)
    assert stored.status == Status.ADOPTED
    assert stored.council_decision_date == DECIDED
    assert stored.council_decision_reference == "V/0123/2025"
    pdf_archive.assert_called_once_with(adopted)
    # The PDF is made after the status change, of the adopted edition.
    assert pdf_archive.call_args.args[0].status == Status.ADOPTED


def test_adoption_archives_the_edition_adopted_so_far(adopted, draft, pdf_archive):
    edition_status_change(edition=draft, status=Status.ADOPTED, decision_date=DECIDED)

    assert Edition.objects.get(pk=adopted.pk).status == Status.ARCHIVED
    assert list(Edition.objects.for_city(draft.city).in_force()) == [draft]


def test_adoption_leaves_another_citys_edition_adopted(adopted, pdf_archive):
    other = adopt(make_edition(make_city()), decided=DECIDED)
    draft = make_edition(adopted.city, number=2, year=2025)

    edition_status_change(edition=draft, status=Status.ADOPTED, decision_date=DECIDED)

    assert Edition.objects.get(pk=other.pk).status == Status.ADOPTED


def test_a_failing_pdf_rolls_the_adoption_back(adopted, draft, pdf_archive):
    pdf_archive.side_effect = OSError("disk full")

    with pytest.raises(OSError):
        edition_status_change(
            edition=draft, status=Status.ADOPTED, decision_date=DECIDED
        )

    assert Edition.objects.get(pk=draft.pk).status == Status.DRAFT
    assert Edition.objects.get(pk=adopted.pk).status == Status.ADOPTED


def test_adoption_needs_the_date_of_the_council_decision(draft, pdf_archive):
    with pytest.raises(ValidationError) as error:
        edition_status_change(edition=draft, status=Status.ADOPTED)

    assert "council_decision_date" in error.value.error_dict
    assert Edition.objects.get(pk=draft.pk).status == Status.DRAFT
    pdf_archive.assert_not_called()


def test_adoption_refuses_a_decision_in_the_future(draft, pdf_archive):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        edition_status_change(
            edition=draft, status=Status.ADOPTED, decision_date=tomorrow
        )

    assert "council_decision_date" in error.value.error_dict


def test_adopted_edition_is_archived(adopted):
    edition_status_change(edition=adopted, status=Status.ARCHIVED)

    assert Edition.objects.get(pk=adopted.pk).status == Status.ARCHIVED


@pytest.mark.parametrize(
    ("start", "status"),
    [
        (Status.DRAFT, Status.DRAFT),
        (Status.DRAFT, Status.ARCHIVED),
        (Status.CONSULTATION, Status.ARCHIVED),
        (Status.ADOPTED, Status.DRAFT),
        (Status.ADOPTED, Status.CONSULTATION),
        (Status.ADOPTED, Status.ADOPTED),
        (Status.ARCHIVED, Status.ADOPTED),
        (Status.ARCHIVED, Status.DRAFT),
        (Status.ARCHIVED, Status.CONSULTATION),
    ],
)
def test_other_status_steps_are_refused(city, pdf_archive, start, status):
    edition = make_edition(city, status=start, council_decision_date=DECIDED)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        edition_status_change(edition=edition, status=status, decision_date=DECIDED)

    assert error.value.code == "invalid_transition"
    assert "An edition cannot go from" in english_messages(error.value)
    assert Edition.objects.get(pk=edition.pk).status == start
    pdf_archive.assert_not_called()


# A new draft from an edition


def content_counts(edition: Edition) -> dict[str, int]:
    return {
        "sections": Section.objects.filter(edition=edition).count(),
        "terms": Term.objects.filter(edition=edition).count(),
        "fields": ActionField.objects.filter(edition=edition).count(),
        "goals": Goal.objects.filter(action_field__edition=edition).count(),
        "measures": Measure.objects.filter(goal__action_field__edition=edition).count(),
    }


def test_new_draft_copies_the_whole_text(adopted):
    original = content_counts(adopted)

    draft = edition_copy_as_draft(edition=adopted, year=2025)

    assert content_counts(draft) == original
    assert original == {
        "sections": 1,
        "terms": 1,
        "fields": 1,
        "goals": 1,
        "measures": 1,
    }
    section = draft.sections.get()
    assert section.slug == adopted.sections.get().slug
    measure = Measure.objects.get(goal__action_field__edition=draft)
    # Tracking goes on where it stood.
    assert measure.status == Measure.Status.IN_PROGRESS
    assert measure.timeframe == "2025–2027"


def test_new_draft_is_the_next_edition_of_the_city(adopted):
    draft = edition_copy_as_draft(edition=adopted, year=2025)

    assert draft.status == Status.DRAFT
    assert draft.number == 2
    assert (draft.year, draft.period_start) == (2025, 2025)
    # The period keeps its length: 2019–2030 becomes 2025–2036.
    assert draft.period_end == 2036
    assert draft.title == adopted.title
    assert draft.council_decision_date is None
    assert not draft.pdf_sha256


def test_new_draft_may_take_a_new_title(adopted):
    draft = edition_copy_as_draft(edition=adopted, year=2025, title="Leitbild Vielfalt")

    assert draft.title == "Leitbild Vielfalt"


def test_each_field_of_the_new_draft_continues_its_original(adopted):
    originals = {f.slug: f for f in ActionField.objects.filter(edition=adopted)}

    draft = edition_copy_as_draft(edition=adopted, year=2025)

    for field in ActionField.objects.filter(edition=draft):
        assert list(field.continues.all()) == [originals[field.slug]]
        assert field.goals.get().action_field_id == field.pk


def test_new_draft_leaves_the_original_as_it_was(adopted):
    before = content_counts(adopted)

    edition_copy_as_draft(edition=adopted, year=2025)

    assert content_counts(adopted) == before
    assert Edition.objects.get(pk=adopted.pk).status == Status.ADOPTED


def test_new_draft_can_be_edited(adopted):
    draft = edition_copy_as_draft(edition=adopted, year=2025)
    field = ActionField.objects.get(edition=draft)
    goal = field.goals.get()
    measure = goal.measures.get()

    draft.title = "Entwurf"
    draft.save()
    section = draft.sections.get()
    section.body = "Neu gefasst"
    section.save()
    field.name = "Neues Feld"
    field.save()
    goal.title = "Neues Ziel"
    goal.save()
    measure.title = "Neue Maßnahme"
    measure.save()
    draft.terms.get().delete()

    assert Measure.objects.get(pk=measure.pk).title == "Neue Maßnahme"
    assert not draft.terms.exists()


def test_new_draft_can_start_from_an_archived_edition(adopted, draft, pdf_archive):
    edition_status_change(edition=draft, status=Status.ADOPTED, decision_date=DECIDED)

    copy_of_archived = edition_copy_as_draft(edition=adopted, year=2030)

    assert copy_of_archived.number == 3
    assert content_counts(copy_of_archived) == content_counts(adopted)


def test_new_draft_must_come_after_its_edition(adopted):
    with pytest.raises(ValidationError) as error:
        edition_copy_as_draft(edition=adopted, year=2019)

    assert "year" in error.value.error_dict


def test_new_draft_refuses_a_year_the_city_has(adopted, draft):
    with pytest.raises(ValidationError):
        edition_copy_as_draft(edition=adopted, year=draft.year)

    assert Edition.objects.count() == 2


def copy_queries(edition: Edition, year: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        edition_copy_as_draft(edition=edition, year=year)
    return len(queries.captured_queries)


def test_copying_takes_as_many_queries_for_a_big_edition_as_for_a_small(city):
    small = make_edition(city, number=1, year=2019)
    add_content(small, fields=1, goals=1)
    big = make_edition(city, number=2, year=2020)
    for _round in range(3):
        add_content(big, fields=4, goals=3)
    assert content_counts(big)["measures"] == 36

    assert copy_queries(small, 2030) == copy_queries(big, 2031)


# The loader


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }


def test_loader_builds_adopted_and_archived_editions_with_their_text(muenster):
    editions = {e.year: e for e in Edition.objects.for_city(muenster)}

    assert {year: e.status for year, e in editions.items()} == {
        2008: Status.ARCHIVED,
        2014: Status.ARCHIVED,
        2019: Status.ARCHIVED,
        2025: Status.ADOPTED,
    }
    assert editions[2025].sections.count() == 3
    assert ActionField.objects.filter(edition=editions[2025]).count() == 10
    assert Goal.objects.filter(action_field__edition=editions[2025]).exists()
    assert editions[2008].sections.count() == 6
    # What the loader made is frozen like anything adopted.
    section = editions[2025].sections.first()
    section.body = "Geändert"
    with pytest.raises(ValidationError):
        section.save()


def test_loading_twice_changes_nothing(muenster, muenster_data):
    before = row_counts()
    updated_at = {e.pk: e.updated_at for e in Edition.objects.all()}

    _city, report = city_load(data=muenster_data)

    assert row_counts() == before
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0
    assert {e.pk: e.updated_at for e in Edition.objects.all()} == updated_at


def edition_data(data: dict, year: int) -> dict:
    return next(item for item in data["editions"] if item["year"] == year)


@pytest.mark.parametrize(
    "change",
    [
        "section",
        "summary",
        "goal",
        "new_term",
        "continues",
    ],
)
def test_loader_stops_when_the_file_changes_adopted_text(
    muenster, muenster_data, change
):
    data = copy.deepcopy(muenster_data)
    item = edition_data(data, 2025)
    if change == "section":
        item["sections"][0]["body"] += " Ergänzt."
    elif change == "summary":
        item["summary"] = "Neu zusammengefasst."
    elif change == "goal":
        field = next(f for f in item["action_fields"] if f.get("goals"))
        field["goals"][0]["title"] = "Ein anderes Ziel"
    elif change == "new_term":
        item.setdefault("terms", []).append({"term": "Neu", "definition": "…"})
    elif change == "continues":
        field = next(f for f in item["action_fields"] if f.get("continues"))
        field["continues"] = []
    before = row_counts()

    with translation.override("en"), pytest.raises(ValidationError) as error:
        city_load(data=data)

    message = english_messages(error.value)
    assert f"“{item['title']}” (2025)" in message
    assert "frozen" in message
    assert row_counts() == before


def test_loader_stops_when_the_file_changes_an_archived_edition(
    muenster, muenster_data
):
    data = copy.deepcopy(muenster_data)
    edition_data(data, 2019)["action_fields"][0]["name"] = "Umbenannt"

    with translation.override("en"), pytest.raises(ValidationError) as error:
        city_load(data=data)

    assert "(2019)" in english_messages(error.value)
    assert not ActionField.objects.filter(name="Umbenannt").exists()


def test_loader_refuses_to_adopt_an_archived_edition_again(muenster, muenster_data):
    data = copy.deepcopy(muenster_data)
    edition_data(data, 2025)["status"] = "archived"
    edition_data(data, 2019)["status"] = "adopted"

    with pytest.raises(ValidationError):
        city_load(data=data)

    assert [e.year for e in Edition.objects.in_force()] == [2025]


def test_loader_adopts_a_new_edition_with_its_text(muenster, muenster_data):
    data = copy.deepcopy(muenster_data)
    edition_data(data, 2025)["status"] = "archived"
    data["editions"].append(
        {
            "number": 5,
            "year": 2030,
            "title": "Leitbild Migration und Integration",
            "period": [2030, 2035],
            "status": "adopted",
            "council_decision_date": dt.date(2030, 3, 1),
            "sections": [{"slug": "praeambel", "title": "Präambel", "body": "…"}],
            "action_fields": [
                {
                    "slug": "sport-und-freizeit",
                    "name": "Sport und Freizeit",
                    "continues": ["sport-und-freizeit"],
                    "goals": [{"title": "Alle machen mit."}],
                }
            ],
        }
    )

    _city, report = city_load(data=data)

    new = Edition.objects.get(city=muenster, year=2030)
    assert new.status == Status.ADOPTED
    assert new.sections.count() == 1
    field = ActionField.objects.get(edition=new)
    assert [f.edition.year for f in field.continues.all()] == [2025]
    assert Edition.objects.get(city=muenster, year=2025).status == Status.ARCHIVED
    assert report.created[str(Edition._meta.verbose_name_plural)] == 1
    assert report.updated[str(Edition._meta.verbose_name_plural)] == 1


# The admin


def change_url(edition: Edition) -> str:
    return reverse("admin:leitbild_edition_change", args=[edition.pk])


def admin_page(client, url: str) -> str:
    """An admin page in English (the msgids), which must answer 200."""
    return html_of(client, english(url))


def english(url: str) -> str:
    return in_language(url, "en")


def test_admin_shows_an_adopted_edition_read_only_and_says_why(admin_client, adopted):
    html = admin_page(admin_client, change_url(adopted))

    assert "adopted by the council on Feb. 26, 2025 and is frozen" in html
    assert "Corrections need a new edition" in html
    assert english(reverse("admin:leitbild_edition_copy", args=[adopted.pk])) in html
    # Read-only: no input for the German text, no rows to add.
    assert 'name="sections-0-body_de"' not in html
    assert 'name="terms-0-term_de"' not in html
    assert 'name="title_de"' not in html
    assert 'id="sections-empty"' not in html
    # Its translations and its Leichte Sprache stay open: they can be saved.
    assert 'name="title_en"' in html
    assert 'name="sections-0-body_ar"' in html
    assert 'name="terms-0-term_tr"' in html
    assert 'name="sections-0-easy_language"' in html
    assert 'name="_save"' in html
    # The lifecycle: archive or start anew; the status itself is no field.
    assert english(status_url(adopted, "archived")) in html
    assert english(status_url(adopted, "consultation")) not in html
    assert 'name="status"' not in html


def test_admin_saves_translations_of_an_adopted_edition_but_not_its_german(
    admin_client, adopted
):
    section = adopted.sections.get()
    parser = FormValues()
    parser.feed(html_of(admin_client, change_url(adopted)))
    data = {k: v for k, v in parser.data.items() if k != "csrfmiddlewaretoken"}
    data.update(
        {
            "title_en": ["Guiding principles"],
            "summary_tr": ["Yönergenin özeti"],
            "sections-0-body_ar": ["نص القسم"],
            "sections-0-easy_language": ["Das ist der Teil 1."],
            "terms-0-term_uk": ["Поняття"],
            # A forged German text (no such input on the page) changes nothing.
            "title_de": ["Gefälscht"],
            "sections-0-body_de": ["Gefälscht"],
            "_save": ["Save"],
        }
    )

    response = admin_client.post(change_url(adopted), data)

    assert response.status_code == 302
    stored = Edition.objects.get(pk=adopted.pk)
    assert (stored.title_de, stored.title_en) == ("Leitbild", "Guiding principles")
    assert stored.summary_tr == "Yönergenin özeti"
    section = Section.objects.get(pk=section.pk)
    assert (section.body_de, section.body_ar) == (None, "نص القسم")
    assert section.easy_language == "Das ist der Teil 1."
    assert adopted.terms.get().term_uk == "Поняття"


def test_admin_shows_a_draft_editable_without_a_status_field(admin_client, draft):
    html = admin_page(admin_client, change_url(draft))

    assert "is frozen" not in html
    assert 'name="sections-0-body_de"' in html
    assert 'id="sections-empty"' in html
    assert 'name="title_de"' in html
    assert 'name="_save"' in html
    assert 'name="status"' not in html
    assert english(status_url(draft, "consultation")) in html
    assert english(status_url(draft, "adopted")) in html
    assert english(status_url(draft, "archived")) not in html


def test_admin_cannot_delete_an_adopted_edition(admin_client, adopted):
    response = admin_client.get(
        reverse("admin:leitbild_edition_delete", args=[adopted.pk])
    )

    assert response.status_code == 403


def test_admin_ignores_a_forged_change_to_an_adopted_edition(admin_client, adopted):
    response = admin_client.post(
        change_url(adopted),
        {
            "title_de": "Gefälscht",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
            "terms-TOTAL_FORMS": "0",
            "terms-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code in (200, 302)
    assert Edition.objects.get(pk=adopted.pk).title == "Leitbild"


def status_url(edition: Edition, status: str) -> str:
    return reverse("admin:leitbild_edition_status", args=[edition.pk, status])


def test_admin_submits_a_draft_for_consultation(admin_client, draft):
    response = admin_client.post(status_url(draft, "consultation"), follow=True)

    assert Edition.objects.get(pk=draft.pk).status == Status.CONSULTATION
    assert response.redirect_chain[-1][0] == change_url(draft)


def test_admin_adoption_asks_for_the_council_decision(admin_client, draft):
    html = admin_page(admin_client, status_url(draft, "adopted"))

    assert 'name="council_decision_date"' in html
    assert 'name="council_decision_reference"' in html


def test_admin_adoption_shows_a_missing_date_beside_its_field(
    admin_client, draft, pdf_archive
):
    response = admin_client.post(status_url(draft, "adopted"), {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "errors field-council_decision_date" in html
    assert Edition.objects.get(pk=draft.pk).status == Status.DRAFT


def test_admin_adoption_shows_a_future_date_beside_its_field(
    admin_client, draft, pdf_archive
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = admin_client.post(
        status_url(draft, "adopted"), {"council_decision_date": tomorrow.isoformat()}
    )

    assert "errors field-council_decision_date" in response.content.decode()
    assert Edition.objects.get(pk=draft.pk).status == Status.DRAFT


def test_admin_adopts_a_draft(admin_client, adopted, draft, pdf_archive):
    response = admin_client.post(
        status_url(draft, "adopted"),
        {"council_decision_date": "2025-02-26", "council_decision_reference": "V/1"},
        follow=True,
    )

    stored = Edition.objects.get(pk=draft.pk)
    assert (stored.status, stored.council_decision_date) == (Status.ADOPTED, DECIDED)
    assert Edition.objects.get(pk=adopted.pk).status == Status.ARCHIVED
    pdf_archive.assert_called_once()
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_admin_refuses_a_step_the_edition_cannot_take(admin_client, adopted):
    response = admin_client.post(status_url(adopted, "consultation"))

    assert response.status_code == 200
    assert Edition.objects.get(pk=adopted.pk).status == Status.ADOPTED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_admin_archives_an_adopted_edition(admin_client, adopted):
    admin_client.post(status_url(adopted, "archived"))

    assert Edition.objects.get(pk=adopted.pk).status == Status.ARCHIVED


def test_admin_starts_a_new_draft_from_an_edition(admin_client, adopted):
    copy_url = reverse("admin:leitbild_edition_copy", args=[adopted.pk])
    assert 'name="year"' in admin_page(admin_client, copy_url)

    response = admin_client.post(copy_url, {"year": "2025", "title": ""})

    draft = Edition.objects.get(city=adopted.city, year=2025)
    assert response.status_code == 302
    assert response["Location"] == change_url(draft)
    assert content_counts(draft) == content_counts(adopted)


def test_admin_new_draft_shows_a_wrong_year_beside_its_field(admin_client, adopted):
    copy_url = reverse("admin:leitbild_edition_copy", args=[adopted.pk])

    response = admin_client.post(copy_url, {"year": "2010"})

    assert "errors field-year" in response.content.decode()
    assert Edition.objects.count() == 1
