"""Reads of the leitbild app that more than one view needs."""

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
    """Whether the edition is its city's edition in force (edition_in_force);
    no query for an adopted one."""
    if edition.status == Edition.Status.ADOPTED:
        return True
    shown = edition_in_force(city=edition.city)
    return shown is not None and shown.pk == edition.pk
