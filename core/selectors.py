"""The city this portal serves, looked up once and cached briefly."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404

from .models import City

CITY_CACHE_SECONDS = 60


def _city_cache_key() -> str:
    return f"core:city:{settings.CITY_SLUG}"


def city_current() -> City | None:
    """The city this portal serves, cached briefly: every page shows it."""
    city = cache.get(_city_cache_key())
    if city is None:
        city = City.objects.filter(slug=settings.CITY_SLUG).first()
        if city is not None:
            cache.set(_city_cache_key(), city, CITY_CACHE_SECONDS)
    return city


def city_or_404() -> City:
    """The portal's city, or a 404 while no city data is loaded."""
    city = city_current()
    if city is None:
        raise Http404("No city data loaded.")
    return city


def city_cache_clear() -> None:
    """Forget the cached city after it was edited."""
    cache.delete(_city_cache_key())
