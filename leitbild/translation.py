"""An edition's texts in other languages (django-modeltranslation).

The German columns are the text the council adopts; only they are frozen
(EditionContentMixin), so staff may add and correct translations of an
adopted edition. Translations are never binding, and pages say so.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Edition, Section, Term


@register(Edition)
class EditionTranslationOptions(TranslationOptions):
    fields = ("title", "summary")


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title", "body")


@register(Term)
class TermTranslationOptions(TranslationOptions):
    fields = ("term", "definition")
