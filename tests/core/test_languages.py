"""German is the original text: services that change or copy it work on the
German columns (core.languages), whatever language staff use the site in,
and copies keep their translations."""

from django.utils import translation

from contributions import services as contribution_services
from core.languages import german_columns, translation_values
from events.models import Event
from leitbild.models import Edition, Section
from leitbild.services import edition_draft_start
from registrations.services import event_duplicate

from ..conftest import adopt, make_consultation, make_edition, make_event, make_process


def test_german_columns_replace_only_translated_fields():
    assert german_columns(Section, ("edition", "title", "slug", "body")) == (
        "edition",
        "title_de",
        "slug",
        "body_de",
    )


def test_translation_values_are_the_other_languages_columns(city):
    edition = make_edition(city)
    edition.title_ar = "الوثيقة التوجيهية"
    values = translation_values(edition, ("title", "number"))
    assert set(values) == {"title_en", "title_tr", "title_ar", "title_uk", "title_ru"}
    assert values["title_ar"] == "الوثيقة التوجيهية"
    assert values["title_en"] is None


def test_a_suggestion_applied_from_the_english_admin_changes_the_german_text(city):
    edition = make_consultation(city)
    section = edition.sections.get(slug="grundsaetze")
    section.body_en = "Integration is a shared task of everyone in the city."
    section.save()
    contribution = contribution_services.contribution_create(
        section=section,
        kind="suggestion",
        body="Klarer.",
        passage="gemeinsame Aufgabe",
        proposal="Aufgabe von allen",
        confirmed=True,
    )
    with translation.override("en"):
        change = contribution_services.suggestion_apply(contribution=contribution)
    section.refresh_from_db()
    assert "Aufgabe von allen" in section.body_de
    assert section.body_en == "Integration is a shared task of everyone in the city."
    assert change.body_after == section.body_de


def test_a_draft_started_in_english_has_its_german_title_and_translations(city):
    edition = make_edition(city, title="Leitbild Integration", summary="Kurz.")
    edition.title_tr = "Uyum Misyon Belgesi"
    edition.save()
    adopt(edition)
    with translation.override("en"):
        draft = edition_draft_start(edition=edition, year=2031)
    draft = Edition.objects.get(pk=draft.pk)
    assert draft.title_de == "Leitbild Integration"
    assert draft.summary_de == "Kurz."
    assert draft.title_tr == "Uyum Misyon Belgesi"
    assert draft.title_en is None


def test_an_event_copied_in_english_says_copy_in_german_and_keeps_translations(city):
    event = make_event(make_process(city), title="Werkstatt Sprache")
    event.title_uk = "Майстерня: мова"
    event.save()
    with translation.override("en"):
        copy = event_duplicate(event=event)
    copy = Event.objects.get(pk=copy.pk)
    assert copy.title_de == "Werkstatt Sprache (Kopie)"
    assert copy.title_uk == "Майстерня: мова"
    assert copy.title_en is None
