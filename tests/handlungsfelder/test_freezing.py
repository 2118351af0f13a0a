"""Action fields, goals and measures are part of an edition's text: frozen
once the edition is adopted, except how far each measure has come."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from handlungsfelder.models import ActionField, Goal, Measure
from leitbild.models import Edition
from tests.conftest import (
    FormValues,
    adopt,
    html_of,
    in_language,
    make_action_field,
    make_edition,
)

DECIDED = dt.date(2025, 2, 26)


@pytest.fixture
def admin_user(db, django_user_model):
    """The superuser of pytest-django's admin_client, without a password."""
    return django_user_model.objects.create_superuser(
        "admin", "admin@example.org", None
    )


def build(edition: Edition) -> Measure:
    """An action field with a goal and a measure."""
    field = make_action_field(edition, short_description="Kurz")
    goal = Goal.objects.create(action_field=field, order=1, title="Ziel")
    return Measure.objects.create(goal=goal, order=1, title="Maßnahme")


@pytest.fixture
def adopted(city) -> Measure:
    """A measure of an adopted edition; built while the edition was a draft."""
    edition = make_edition(city, number=1, year=2019, period_start=2019)
    measure = build(edition)
    adopt(edition, decided=DECIDED)
    return measure


@pytest.fixture
def draft(city) -> Measure:
    return build(make_edition(city, number=2, year=2025))


def row_of(measure: Measure, model):
    """The action field, goal or the measure itself."""
    return {
        ActionField: measure.goal.action_field,
        Goal: measure.goal,
        Measure: measure,
    }[model]


# A text field of each model, and a new value for it.
CHANGES = [
    (ActionField, "name", "Umbenannt"),
    (ActionField, "slug", "umbenannt"),
    (ActionField, "short_description", "Anders"),
    (ActionField, "description", "Anders"),
    (ActionField, "order", 9),
    (ActionField, "is_priority", True),
    (Goal, "title", "Anderes Ziel"),
    (Goal, "description", "Anders"),
    (Goal, "order", 9),
]
# Measures are derived from the goals while the edition is in force, so
# their text stays open (see Measure's docstring).
MEASURE_CHANGES = [
    ("title", "Andere Maßnahme"),
    ("description", "Anders"),
    ("kind", Measure.Kind.PROJECT),
    ("order", 9),
]


@pytest.mark.parametrize(("model", "name", "value"), CHANGES)
def test_text_of_an_adopted_edition_cannot_change(adopted, model, name, value):
    row = model.objects.get(pk=row_of(adopted, model).pk)
    before = getattr(row, name)
    setattr(row, name, value)

    with pytest.raises(ValidationError) as cleaned:
        row.full_clean()
    with pytest.raises(ValidationError):
        row.save()

    # The message is put together when it is read, in the reader's language.
    with translation.override("en"):
        english = " ".join(cleaned.value.messages)
    with translation.override("de"):
        german = " ".join(cleaned.value.messages)
    assert "adopted by the council on Feb. 26, 2025" in english
    assert "am 26. Februar 2025 beschlossen" in german
    assert getattr(model.objects.get(pk=row.pk), name) == before


@pytest.mark.parametrize(("model", "name", "value"), CHANGES)
def test_text_of_a_draft_can_change(draft, model, name, value):
    row = model.objects.get(pk=row_of(draft, model).pk)
    setattr(row, name, value)

    row.full_clean()
    row.save()

    assert getattr(model.objects.get(pk=row.pk), name) == value


@pytest.mark.parametrize("model", [ActionField, Goal])
def test_text_of_an_adopted_edition_cannot_be_deleted(adopted, model):
    row = row_of(adopted, model)

    with pytest.raises(ValidationError):
        row.delete()

    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", [ActionField, Goal, Measure])
def test_text_of_a_draft_can_be_deleted(draft, model):
    row = row_of(draft, model)

    row.delete()

    assert not model.objects.filter(pk=row.pk).exists()


# A translation of each model's text: another language's column.
TRANSLATIONS = [
    (ActionField, "name_en", "Education and languages"),
    (ActionField, "short_description_tr", "Kısa açıklama"),
    (ActionField, "description_ar", "نص الوصف"),
    (Goal, "title_uk", "Мовні курси для всіх"),
    (Goal, "description_ru", "Описание цели"),
]


@pytest.mark.parametrize(("model", "column", "value"), TRANSLATIONS)
def test_a_translation_of_an_adopted_edition_can_be_saved(
    adopted, model, column, value
):
    row = model.objects.get(pk=row_of(adopted, model).pk)
    setattr(row, column, value)

    row.full_clean()
    row.save()
    setattr(row, column, f"{value}!")
    row.save(update_fields=[column])

    assert getattr(model.objects.get(pk=row.pk), column) == f"{value}!"


@pytest.mark.parametrize(("model", "name"), [(ActionField, "name"), (Goal, "title")])
def test_the_german_column_of_an_adopted_edition_stays_frozen(adopted, model, name):
    column = f"{name}_de"
    row = model.objects.get(pk=row_of(adopted, model).pk)
    before = getattr(row, column)
    setattr(row, column, "Berichtigt")
    setattr(row, f"{name}_en", "Corrected")

    with pytest.raises(ValidationError):
        row.full_clean()
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.save(update_fields=[column])
    with pytest.raises(ValidationError):
        row.save(update_fields=[name])

    stored = model.objects.get(pk=row.pk)
    assert getattr(stored, column) == before
    assert getattr(stored, f"{name}_en") is None


def test_writing_an_adopted_field_in_another_language_writes_its_translation(
    adopted,
):
    field = ActionField.objects.get(pk=adopted.goal.action_field_id)
    german = field.name

    with translation.override("tr"):
        field.name = "Eğitim ve diller"
        field.full_clean()
        field.save()
        assert ActionField.objects.get(pk=field.pk).name == "Eğitim ve diller"

    stored = ActionField.objects.get(pk=field.pk)
    assert (stored.name_de, stored.name_tr) == (german, "Eğitim ve diller")
    assert stored.name == german  # German again, outside the override


def test_an_adopted_edition_takes_no_new_field_or_goal(adopted):
    field = adopted.goal.action_field
    new_rows = [
        ActionField(edition=field.edition, name="Neu", slug="neu"),
        Goal(action_field=field, order=2, title="Neues Ziel"),
    ]

    for row in new_rows:
        with pytest.raises(ValidationError):
            row.full_clean()
        with pytest.raises(ValidationError):
            row.save()

    assert ActionField.objects.count() == 1
    assert Goal.objects.count() == 1


def test_measures_are_added_to_an_adopted_editions_goals(adopted):
    measure = Measure(goal=adopted.goal, order=2, title="Neue Maßnahme")

    measure.full_clean()
    measure.save()

    assert adopted.goal.measures.count() == 2


@pytest.mark.parametrize(("name", "value"), MEASURE_CHANGES)
def test_a_measure_of_an_adopted_edition_can_be_reworded(adopted, name, value):
    measure = Measure.objects.get(pk=adopted.pk)
    setattr(measure, name, value)

    measure.full_clean()
    measure.save()

    assert getattr(Measure.objects.get(pk=adopted.pk), name) == value


def test_a_measure_of_an_adopted_edition_can_be_removed(adopted):
    adopted.delete()

    assert not Measure.objects.exists()
    assert Goal.objects.exists()  # the adopted goal stays


def test_a_goal_cannot_move_into_an_adopted_edition(adopted, draft):
    goal = Goal.objects.get(pk=draft.goal.pk)
    goal.action_field = adopted.goal.action_field

    with pytest.raises(ValidationError):
        goal.full_clean()


def test_the_tracking_of_a_measure_goes_on_in_an_adopted_edition(adopted):
    measure = Measure.objects.get(pk=adopted.pk)
    measure.status = Measure.Status.DONE
    measure.responsible_actors = "Amt für Bürger- und Ratsservice"
    measure.timeframe = "2025–2026"

    measure.full_clean()
    measure.save()

    stored = Measure.objects.get(pk=adopted.pk)
    assert stored.status == Measure.Status.DONE
    assert stored.responsible_actors == "Amt für Bürger- und Ratsservice"
    assert stored.timeframe == "2025–2026"


def test_saving_a_measure_checks_nothing_of_its_edition(
    adopted, django_assert_num_queries
):
    measure = Measure.objects.get(pk=adopted.pk)
    measure.status = Measure.Status.IN_PROGRESS

    with django_assert_num_queries(1):
        measure.save(update_fields=["status"])

    assert Measure.objects.get(pk=adopted.pk).status == Measure.Status.IN_PROGRESS


# What a field continues


@pytest.fixture
def earlier(city) -> ActionField:
    """A field of an archived edition that later fields may continue."""
    edition = make_edition(city, number=3, year=2014, period_start=2014)
    field = make_action_field(edition, name="Freizeit", slug="freizeit")
    edition.status = Edition.Status.ARCHIVED
    edition.save()
    return field


def test_what_an_adopted_field_continues_cannot_change(adopted, earlier):
    field = adopted.goal.action_field

    # Django sends the signal inside its own atomic block: a caller that goes
    # on after the error needs a savepoint, as these tests do.
    with pytest.raises(ValidationError), transaction.atomic():
        field.continues.add(earlier)
    with pytest.raises(ValidationError), transaction.atomic():
        earlier.continued_by.add(field)
    assert not field.continues.exists()


def test_an_adopted_field_keeps_what_it_continues(city, earlier):
    edition = make_edition(city, number=1, year=2019, period_start=2019)
    field = make_action_field(edition)
    field.continues.add(earlier)
    adopt(edition, decided=DECIDED)

    for change in (
        lambda: field.continues.remove(earlier),
        lambda: field.continues.clear(),
        lambda: field.continues.set([]),
        lambda: earlier.continued_by.clear(),
    ):
        with pytest.raises(ValidationError), transaction.atomic():
            change()

    assert list(field.continues.all()) == [earlier]


def test_a_draft_field_may_continue_a_frozen_one(draft, earlier):
    field = draft.goal.action_field

    field.continues.add(earlier)
    earlier.continued_by.remove(field)
    earlier.continued_by.add(field)

    assert list(field.continues.all()) == [earlier]


# The admin


def admin_page(client, url: str) -> str:
    """An admin page in English (the msgids), which must answer 200."""
    return html_of(client, in_language(url, "en"))


def test_admin_shows_an_adopted_field_read_only_and_says_why(admin_client, adopted):
    field = adopted.goal.action_field

    html = admin_page(
        admin_client,
        reverse("admin:handlungsfelder_actionfield_change", args=[field.pk]),
    )

    assert "adopted by the council on Feb. 26, 2025 and is frozen" in html
    new_draft = reverse("admin:leitbild_edition_copy", args=[field.edition_id])
    assert in_language(new_draft, "en") in html
    assert 'name="name_de"' not in html
    assert 'name="continues"' not in html
    assert 'name="goals-0-title_de"' not in html
    assert 'id="goals-empty"' not in html
    # The translations of the adopted text stay open, and can be saved.
    assert 'name="name_en"' in html
    assert 'name="goals-0-title_tr"' in html
    assert 'name="easy_language"' in html
    assert 'name="_save"' in html


def page_data(client, url: str) -> dict:
    """What the browser sends back for the page unchanged."""
    parser = FormValues()
    parser.feed(html_of(client, url))
    data = {
        name: values
        for name, values in parser.data.items()
        if name != "csrfmiddlewaretoken"
    }
    data["_save"] = ["Sichern"]
    return data


def test_admin_saves_translations_of_an_adopted_field_and_goal_not_german(
    admin_client, adopted
):
    field = adopted.goal.action_field
    url = reverse("admin:handlungsfelder_actionfield_change", args=[field.pk])
    data = page_data(admin_client, url)
    data["name_en"] = ["Education and languages"]
    data["description_ar"] = ["التعليم واللغات"]
    data["goals-0-title_tr"] = ["Herkes için dil kursları"]
    # A forged German text (no such input on the page) changes nothing.
    data["name_de"] = ["Gefälscht"]
    data["goals-0-title_de"] = ["Gefälscht"]

    response = admin_client.post(url, data)

    assert response.status_code == 302
    stored = ActionField.objects.get(pk=field.pk)
    assert (stored.name_de, stored.name_en) == (
        field.name_de,
        "Education and languages",
    )
    assert stored.description_ar == "التعليم واللغات"
    goal = Goal.objects.get(pk=adopted.goal.pk)
    assert (goal.title_de, goal.title_tr) == ("Ziel", "Herkes için dil kursları")


def test_admin_saves_a_missing_translation_of_an_adopted_goal(admin_client, adopted):
    url = reverse("admin:handlungsfelder_goal_change", args=[adopted.goal.pk])
    data = page_data(admin_client, url)
    data["title_tr"] = ["Herkes için dil kursları"]

    response = admin_client.post(url, data)

    assert response.status_code == 302
    goal = Goal.objects.get(pk=adopted.goal.pk)
    assert (goal.title_de, goal.title_tr) == ("Ziel", "Herkes için dil kursları")


def test_admin_keeps_an_adopted_goals_measures_open(admin_client, adopted):
    url = reverse("admin:handlungsfelder_goal_change", args=[adopted.goal.pk])

    html = admin_page(admin_client, url)

    assert "is frozen" in html
    assert 'name="title_de"' not in html  # the goal itself is frozen
    assert 'name="title_en"' in html  # not its translations
    assert 'name="measures-0-title_de"' in html
    assert 'name="measures-0-status"' in html
    assert 'id="measures-empty"' in html  # new measures can be added
    assert 'name="_save"' in html


def test_admin_saves_a_measure_of_an_adopted_edition(admin_client, adopted):
    url = reverse("admin:handlungsfelder_measure_change", args=[adopted.pk])

    response = admin_client.post(
        url,
        {
            "goal": adopted.goal.pk,
            "order": 1,
            "kind": Measure.Kind.PROJECT,
            "title_de": "Sprachcafé im Stadtteil",
            "description_de": "",
            "responsible_actors_de": "Integrationsrat",
            "timeframe_de": "2026",
            "status": Measure.Status.IN_PROGRESS,
        },
    )

    assert response.status_code == 302
    stored = Measure.objects.get(pk=adopted.pk)
    assert (stored.status, stored.timeframe) == (Measure.Status.IN_PROGRESS, "2026")
    assert stored.title == "Sprachcafé im Stadtteil"


def test_admin_offers_only_open_editions_for_a_new_field(admin_client, adopted, draft):
    html = admin_page(admin_client, reverse("admin:handlungsfelder_actionfield_add"))

    choices = html.split('name="edition"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{draft.goal.action_field.edition_id}"' in choices
    assert f'<option value="{adopted.goal.action_field.edition_id}"' not in choices


def test_admin_shows_a_draft_field_editable(admin_client, draft):
    field = draft.goal.action_field

    html = admin_page(
        admin_client,
        reverse("admin:handlungsfelder_actionfield_change", args=[field.pk]),
    )

    assert "is frozen" not in html
    assert 'name="name_de"' in html
    assert 'name="goals-0-title_de"' in html
