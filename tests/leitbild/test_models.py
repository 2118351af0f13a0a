import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from leitbild.models import Edition, Section
from tests.conftest import make_city, make_edition

ADOPTED = Edition.Status.ADOPTED
DECIDED = dt.date(2025, 2, 26)


def test_edition_number_is_unique_per_city(city):
    make_edition(city, number=1, year=2020)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_edition(city, number=1, year=2025)


def test_edition_year_is_unique_per_city(city):
    make_edition(city, number=1, year=2025)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_edition(city, number=2, year=2025)


def test_another_city_may_use_the_same_edition_number_and_year(city):
    make_edition(city, number=1, year=2025)

    other = make_edition(make_city(), number=1, year=2025)

    assert other.pk is not None


def test_only_one_edition_per_city_can_be_adopted(city):
    make_edition(
        city, number=1, year=2019, status=ADOPTED, council_decision_date=DECIDED
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        make_edition(
            city, number=2, year=2025, status=ADOPTED, council_decision_date=DECIDED
        )


def test_archiving_the_adopted_edition_allows_adopting_another(city):
    old = make_edition(
        city, number=1, year=2019, status=ADOPTED, council_decision_date=DECIDED
    )
    old.status = Edition.Status.ARCHIVED
    old.save()

    new = make_edition(
        city, number=2, year=2025, status=ADOPTED, council_decision_date=DECIDED
    )

    assert list(Edition.objects.for_city(city).in_force()) == [new]


def test_each_city_may_have_its_own_adopted_edition(city):
    make_edition(city, status=ADOPTED, council_decision_date=DECIDED)

    other = make_edition(make_city(), status=ADOPTED, council_decision_date=DECIDED)

    assert other.pk is not None


def test_adopted_edition_needs_a_council_decision_date(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_edition(city, status=ADOPTED, council_decision_date=None)


def test_draft_edition_needs_no_council_decision_date(city):
    edition = make_edition(city, status=Edition.Status.DRAFT)

    assert edition.council_decision_date is None


def test_edition_period_cannot_end_before_it_starts(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_edition(city, period_start=2025, period_end=2024)


def test_edition_period_may_be_a_single_year_or_open(city):
    make_edition(city, number=1, year=2024, period_start=2024, period_end=2024)
    make_edition(city, number=2, year=2025, period_start=2025, period_end=None)

    assert Edition.objects.count() == 2


def test_full_clean_rejects_a_second_adopted_edition(city):
    make_edition(
        city, number=1, year=2019, status=ADOPTED, council_decision_date=DECIDED
    )
    second = Edition(
        city=city,
        number=2,
        year=2025,
        title="Leitbild",
        period_start=2025,
        status=ADOPTED,
        council_decision_date=DECIDED,
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        second.full_clean()

    assert "already adopted" in str(error.value)


def test_full_clean_rejects_adopted_edition_without_decision_date(city):
    edition = Edition(
        city=city, number=1, year=2025, title="Leitbild", period_start=2025
    )
    edition.status = ADOPTED

    with translation.override("en"), pytest.raises(ValidationError) as error:
        edition.full_clean()

    assert "needs the date of the council decision" in str(error.value)


def test_full_clean_rejects_period_ending_before_start(city):
    edition = Edition(
        city=city,
        number=1,
        year=2025,
        title="Leitbild",
        period_start=2025,
        period_end=2020,
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        edition.full_clean()

    assert "cannot end before it starts" in str(error.value)


def test_full_clean_rejects_duplicate_number_and_year(city):
    make_edition(city, number=1, year=2025)
    duplicate = Edition(
        city=city, number=1, year=2025, title="Leitbild", period_start=2025
    )

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert len(error.value.messages) == 2


def test_full_clean_accepts_a_valid_adopted_edition(city):
    edition = Edition(
        city=city,
        number=1,
        year=2025,
        title="Leitbild",
        period_start=2025,
        period_end=2030,
        status=ADOPTED,
        council_decision_date=DECIDED,
    )

    edition.full_clean()


def test_period_label_joins_start_and_end_with_an_en_dash(city):
    edition = make_edition(city, period_start=2025, period_end=2030)

    assert edition.period_label == "2025–2030"


def test_period_label_without_end_is_the_start_year(city):
    edition = make_edition(city, period_start=2025, period_end=None)

    assert edition.period_label == "2025"


def test_edition_address_is_its_year(city):
    edition = make_edition(city, year=2019)

    assert edition.get_absolute_url() == "/leitbild/2019/"


def test_section_slug_is_unique_per_edition(city):
    edition = make_edition(city)
    Section.objects.create(edition=edition, title="Präambel", slug="praeambel")

    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(edition=edition, title="Vorwort", slug="praeambel")


def test_section_slug_may_repeat_in_another_edition(city):
    first = make_edition(city, number=1, year=2019)
    second = make_edition(city, number=2, year=2025)
    Section.objects.create(edition=first, title="Präambel", slug="praeambel")

    section = Section.objects.create(edition=second, title="Präambel", slug="praeambel")

    assert section.pk is not None
