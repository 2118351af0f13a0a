"""Reads of the leitbild app that more than one view needs."""

from django.conf import settings
from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

from core.models import City

from .models import Edition


def edition_in_force(*, city: City) -> Edition | None:
    """The adopted edition of the city, else its newest edition (a real one
    before the example draft that `load_examples` adds)."""
    editions = Edition.objects.for_city(city)
    return (
        editions.in_force().first() or editions.order_by("is_example", "-year").first()
    )


def edition_is_in_force(edition: Edition) -> bool:
    """Whether the edition is its city's edition in force (edition_in_force):
    no query for an adopted one, else one (no adopted edition, and none that
    edition_in_force would take before it)."""
    if edition.status == Edition.Status.ADOPTED:
        return True
    ahead = Q(status=Edition.Status.ADOPTED) | Q(
        is_example=edition.is_example, year__gt=edition.year
    )
    if edition.is_example:
        ahead |= Q(is_example=False)
    return not Edition.objects.filter(ahead, city_id=edition.city_id).exists()


def edition_languages(*, edition: Edition, sections) -> list[str]:
    """The languages the edition can be read in: German, the original, and
    each other language of settings.LANGUAGES in which it has a text of its
    own (its title, its summary, or a section's title or wording).

    `sections` are the edition's sections, already loaded for the page: no
    query, however many languages there are.
    """
    german = settings.LANGUAGE_CODE
    languages = [german]
    for code, _name in settings.LANGUAGES:
        if code == german:
            continue
        texts = [
            getattr(edition, build_localized_fieldname(f, code))
            for f in (
                "title",
                "summary",
            )
        ]
        texts += [
            getattr(section, build_localized_fieldname(field, code))
            for section in sections
            for field in ("title", "body")
        ]
        if any(texts):
            languages.append(code)
    return languages
