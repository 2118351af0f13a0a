"""A new draft copies the text in every language (edition_copy_as_draft),
and so does the example draft that `load_examples` makes from it.

Münster is loaded once for the module (`muenster_shared`), with the
translations of its data file.
"""

from django.conf import settings
from django.utils import translation
from modeltranslation.translator import translator

from events.services import EXAMPLE_EDITION_SUMMARY, examples_load
from handlungsfelder.models import ActionField, Goal
from handlungsfelder.services import edition_copy_as_draft
from leitbild.models import Edition, Section, Term

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def columns(model) -> list[str]:
    """Every language column of every translated field of `model`."""
    return [
        f"{name}_{code}"
        for name in translator.get_options_for_model(model).all_fields
        for code in LANGUAGES
    ]


def texts(rows, key) -> dict:
    """Each row's text in every language, by a key that survives the copy."""
    return {key(row): {c: getattr(row, c) for c in columns(type(row))} for row in rows}


def content(edition: Edition) -> dict:
    return {
        "sections": texts(edition.sections.all(), lambda s: s.slug),
        "terms": texts(edition.terms.all(), lambda t: t.term_de),
        "fields": texts(edition.action_fields.all(), lambda f: f.slug),
        "goals": texts(
            Goal.objects.filter(action_field__edition=edition),
            lambda g: (g.action_field.slug, g.order),
        ),
    }


def test_a_new_draft_copies_every_language_of_the_text(muenster_shared):
    source = Edition.objects.get(year=2025)

    draft = edition_copy_as_draft(edition=source, year=2030)

    assert content(draft) == content(source)
    # The shipped translations are among what was copied.
    assert draft.sections.get(slug="praeambel").title_ar == "الديباجة"
    field = draft.action_fields.get(slug="bildung-und-sprachen")
    assert field.name_uk == "Освіта та мови"
    assert field.short_description_uk is None
    for column in columns(Edition):
        assert getattr(draft, column) == getattr(source, column), column
    assert draft.summary_tr == source.summary_tr is not None


def test_a_new_draft_copies_the_german_text_whatever_language_is_active(
    muenster_shared,
):
    source = Edition.objects.get(year=2025)

    with translation.override("en"):
        draft = edition_copy_as_draft(edition=source, year=2030)

    draft = Edition.objects.get(pk=draft.pk)
    assert draft.title_de == source.title_de
    assert draft.summary_de == source.summary_de
    assert draft.summary_en == source.summary_en
    assert content(draft) == content(source)


def test_a_new_title_starts_without_translations(muenster_shared):
    source = Edition.objects.get(year=2025)
    Edition.objects.filter(pk=source.pk).update(title_en="Mission Statement")

    with translation.override("en"):
        draft = edition_copy_as_draft(edition=source, year=2030, title="Neu")

    draft = Edition.objects.get(pk=draft.pk)
    assert draft.title_de == "Neu"
    assert [getattr(draft, c) for c in columns(Edition) if c.startswith("title_")] == [
        "Neu",
        *[None] * (len(LANGUAGES) - 1),
    ]
    assert draft.summary_en == source.summary_en


def test_the_example_draft_carries_the_translations_of_the_edition_in_force(
    muenster_shared,
):
    source = Edition.objects.get(year=2025)

    examples_load(city=muenster_shared)

    example = Edition.objects.get(city=muenster_shared, is_example=True)
    assert content(example) == content(source)
    names = dict(
        ActionField.objects.filter(edition=example).values_list("slug", "name_tr")
    )
    assert names["wirtschaft-und-arbeit"] == "Ekonomi ve Çalışma Hayatı"
    assert Section.objects.get(edition=example, slug="grundhaltung").title_ru
    assert Term.objects.filter(edition=example).count() == source.terms.count()


def test_the_example_summary_is_its_own_in_german_only(muenster_shared):
    examples_load(city=muenster_shared)

    example = Edition.objects.get(city=muenster_shared, is_example=True)
    # The summary of the edition in force, translated, would contradict the
    # German one that says this is an example: it is left out.
    assert example.summary_de == EXAMPLE_EDITION_SUMMARY
    assert [getattr(example, f"summary_{code}") for code in LANGUAGES[1:]] == [None] * (
        len(LANGUAGES) - 1
    )
    with translation.override("ar"):
        assert example.summary == EXAMPLE_EDITION_SUMMARY
