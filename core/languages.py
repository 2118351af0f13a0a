"""The columns of translated fields (django-modeltranslation).

A translated field `title` has a column per language (title_de, title_en,
…); `obj.title` reads and writes the active language's. German is the
original text: what the council adopts, what the data file holds, what
services that change the text work on, whatever language the page is in.
"""

import functools

from django.conf import settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname


def _translated(model) -> set[str]:
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


@functools.cache
def german_columns(model, fields: tuple[str, ...]) -> tuple[str, ...]:
    """`fields` with each translated one replaced by its German column."""
    translated = _translated(model)
    return tuple(
        build_localized_fieldname(name, settings.LANGUAGE_CODE)
        if name in translated
        else name
        for name in fields
    )


def language_columns(name: str) -> tuple[str, ...]:
    """A translated field's column in each of the portal's languages."""
    return tuple(
        build_localized_fieldname(name, code) for code, _name in settings.LANGUAGES
    )


def translation_values(obj, fields: tuple[str, ...]) -> dict:
    """The other languages' columns of `fields` on `obj`, by column name,
    for a copy that keeps its translations."""
    translated = _translated(type(obj))
    return {
        column: getattr(obj, column)
        for name in fields
        if name in translated
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
        for column in [build_localized_fieldname(name, code)]
    }
