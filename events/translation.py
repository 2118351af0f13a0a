"""The process, its phases, venues' directions and events in other languages
(django-modeltranslation); German is the original."""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, Phase, Process, Venue


@register(Process)
class ProcessTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Phase)
class PhaseTranslationOptions(TranslationOptions):
    fields = ("title", "period", "description")


@register(Venue)
class VenueTranslationOptions(TranslationOptions):
    fields = ("accessibility_notes",)


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description", "results")
