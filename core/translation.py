"""The city's texts that staff translate (django-modeltranslation): a column
per language beside the German original, edited in the admin's tabs."""

from modeltranslation.translator import TranslationOptions, register

from .models import City


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = (
        "portal_name",
        "leitbild_title",
        "intro",
        "organisation",
        "authority",
        "imprint",
        "privacy",
        "accessibility",
    )
