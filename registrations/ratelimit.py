"""A per-address limit on web sign-ups, kept in the cache (no captcha)."""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def client_address(request) -> str:
    """The client's IP address; behind a proxy, from CLIENT_IP_HEADER (the
    last entry, the one our own proxy added)."""
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def signup_rate_exceeded(request) -> bool:
    """Count one sign-up attempt against the client address's allowance for
    this hour; True once the allowance is used up."""
    return rate_exceeded(
        f"signup-rate:{client_address(request)}",
        limit=settings.REGISTRATION_RATE_LIMIT_PER_HOUR,
    )


def rate_exceeded(name: str, *, limit: int) -> bool:
    """Count one attempt against the hourly allowance called `name`; True
    once more than `limit` attempts were made this hour."""
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"{name}:{hour}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count > limit
