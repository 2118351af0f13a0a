"""Which language a translated text is shown in.

Reading `obj.title` gives the active language's column, or German where it
is empty (django-modeltranslation, MODELTRANSLATION_FALLBACK_LANGUAGES).
Pages mark a German passage on a page in another language with lang="de"
(WCAG 3.1.2) and say that the text exists in German only; for that they ask
here which column the shown value came from. The answer is read from the
row already loaded: no query.

(Not in core/translation.py: modeltranslation imports that module of every
app to register the translated fields, and it holds only registrations.)
"""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import get_language
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname, resolution_order


def _descriptor(model: Any, field: str) -> TranslationFieldDescriptor | None:
    descriptor = getattr(model, field, None)
    if isinstance(descriptor, TranslationFieldDescriptor):
        return descriptor
    return None


def _resolve(model: Any, field: str, column_value) -> str | None:
    descriptor = _descriptor(model, field)
    if descriptor is None:
        return None
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = descriptor.field.get_default()
    for code in resolution_order(get_language(), descriptor.fallback_languages):
        value = column_value(build_localized_fieldname(field, code))
        if descriptor.meaningful_value(value, undefined):
            return code
    return None


def shown_language(obj: Any, field: str) -> str | None:
    """The language whose column `obj.<field>` shows in the active language,
    by modeltranslation's own resolution; None when nothing is shown (every
    column is empty) or the field is not translated."""
    if obj is None:
        return None
    return _resolve(type(obj), field, lambda column: getattr(obj, column, None))


def values_columns(model: type[models.Model], field: str) -> list[str]:
    """The columns to ask `.values()` for, to tell with `values_language`
    which language a translated field is shown in."""
    descriptor = _descriptor(model, field)
    if descriptor is None:
        return []
    return [
        build_localized_fieldname(field, code)
        for code in resolution_order(get_language(), descriptor.fallback_languages)
    ]


def values_language(
    model: type[models.Model], values: dict[str, Any], field: str
) -> str | None:
    """`shown_language` for a row of `.values()` that holds `values_columns`."""
    return _resolve(model, field, values.get)


def falls_back(obj: Any, field: str) -> bool:
    """Whether `obj.<field>` shows a text in another language than the
    page's (German, where the translation is missing)."""
    shown = shown_language(obj, field)
    return shown is not None and shown != get_language()


def _objects(value: Any) -> Iterable[Any]:
    if value is None or value == "":
        return ()
    if isinstance(value, models.Model):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, (str, dict)):
        return value
    return (value,)


def any_falls_back(groups: Iterable[tuple[Any, Iterable[str]]]) -> bool:
    """Whether any of the objects falls back in any of its fields; each group
    is (an object or an iterable of objects, the field names)."""
    for objects, fields in groups:
        fields = tuple(fields)
        for obj in _objects(objects):
            if any(falls_back(obj, field) for field in fields):
                return True
    return False
