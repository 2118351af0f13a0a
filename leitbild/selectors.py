"""Reads of the leitbild app that more than one view needs."""

from django.db.models import Q

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
