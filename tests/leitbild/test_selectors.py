"""Which edition the pages take for the one in force, and the languages an
edition can be read in."""

import pytest

from leitbild.models import Edition, Section
from leitbild.selectors import edition_in_force, edition_is_in_force, edition_languages
from tests.conftest import adopt, make_city, make_edition


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


def later(city, number: int, **overrides) -> Edition:
    year = 2020 + 5 * number
    return make_edition(
        city, number=number, year=year, period_start=year, period_end=None, **overrides
    )


@pytest.mark.parametrize(
    "build",
    [
        lambda city: [adopt(later(city, 1)), later(city, 2), later(city, 3)],
        lambda city: [later(city, 1), later(city, 2), later(city, 3, is_example=True)],
        lambda city: [later(city, 1, is_example=True), later(city, 2, is_example=True)],
        lambda city: [later(city, 1, status=Edition.Status.ARCHIVED), later(city, 2)],
    ],
    ids=["adopted", "drafts-and-example", "examples-only", "archived-and-draft"],
)
def test_edition_is_in_force_agrees_with_edition_in_force(
    city, build, django_assert_max_num_queries
):
    editions = build(city)
    # Another city's adopted edition changes nothing here.
    adopt(make_edition(make_city(), year=2000, period_start=2000))
    in_force = edition_in_force(city=city)

    for edition in editions:
        with django_assert_max_num_queries(1):
            answer = edition_is_in_force(edition)
        assert answer == (edition == in_force), edition.year
    assert sum(edition_is_in_force(edition) for edition in editions) == 1


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
