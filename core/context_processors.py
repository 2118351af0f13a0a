from .selectors import city_current


def city(request):
    """Puts the portal's city (names, contact) into every template."""
    return {"city": city_current()}
