"""Action fields, goals and measures in other languages
(django-modeltranslation); German is the adopted original."""

from modeltranslation.translator import TranslationOptions, register

from .models import ActionField, Goal, Measure


@register(ActionField)
class ActionFieldTranslationOptions(TranslationOptions):
    fields = ("name", "short_description", "description")


@register(Goal)
class GoalTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Measure)
class MeasureTranslationOptions(TranslationOptions):
    fields = ("title", "description", "responsible_actors", "timeframe")
