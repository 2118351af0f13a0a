"""Which edition the pages take for the one in force, and the languages an
edition can be read in."""

from leitbild.models import Section
from leitbild.selectors import edition_in_force, edition_languages
from tests.conftest import adopt, make_edition


def test_the_adopted_edition_is_in_force_whatever_else_is_newer(city):
    adopted = adopt(make_edition(city))
    make_edition(city, number=2, year=2030, period_start=2030, period_end=None)
    make_edition(
        city, number=3, year=2035, period_start=2035, period_end=None, is_example=True
    )

    assert edition_in_force(city=city) == adopted


def test_without_an_adopted_edition_the_newest_real_one_comes_before_an_example(
    city,
):
    draft = make_edition(city, number=1, year=2025)
    make_edition(
        city, number=2, year=2030, period_start=2030, period_end=None, is_example=True
    )

    assert edition_in_force(city=city) == draft


def test_an_example_is_taken_when_it_is_the_only_edition(city):
    example = make_edition(city, is_example=True)

    assert edition_in_force(city=city) == example


def test_edition_languages_are_those_with_a_text_of_their_own(
    city, django_assert_num_queries
):
    edition = make_edition(city)
    edition.summary_en = "In short."
    edition.save()
    Section.objects.create(edition=edition, title="Teil", slug="t", body_uk="Текст.")
    Section.objects.create(edition=edition, title="Teil 2", slug="t2", title_ru="Ч")
    sections = list(edition.sections.all())

    with django_assert_num_queries(0):
        languages = edition_languages(edition=edition, sections=sections)

    assert languages == ["de", "en", "uk", "ru"]
