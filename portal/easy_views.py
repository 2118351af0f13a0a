"""The pages in Leichte Sprache (plain German, by the rules of the Netzwerk
Leichte Sprache) under /leichte-sprache/: home, the Leitbild in force, its
action fields and how to take part.

German only: their addresses are outside the language prefix
(portal.urls.neutral_urlpatterns), and LocaleMiddleware shows every
unprefixed address in German. Each page names the normal version of its
content (`normal_url`), which the page links to and the language switcher
offers in the other languages. Where staff have written no Leichte Sprache
yet, the page shows the normal German text with a note.

They combine the city, the Leitbild and the action fields, so they live at
the top; the texts are fields of those models (City.easy_home,
City.easy_participation, Section.easy_language, ActionField.easy_language).
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from core.selectors import city_or_404
from handlungsfelder.models import ActionField
from leitbild.selectors import edition_in_force


def _edition_in_force():
    edition = edition_in_force(city=city_or_404())
    if edition is None:
        raise Http404("No edition yet.")
    return edition


class EasyLanguagePage(TemplateView):
    """A page in Leichte Sprache: marked as such, with the address of the
    same content in everyday language."""

    normal_url_name: str = ""

    def normal_url(self) -> str:
        return reverse(self.normal_url_name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(easy_language_page=True, normal_url=self.normal_url())
        return context


class EasyHomeView(EasyLanguagePage):
    """What the portal is about, and the way to the other pages."""

    template_name = "portal/easy/home.html"
    normal_url_name = "home"

    def get_context_data(self, **kwargs):
        return super().get_context_data(city=city_or_404(), **kwargs)


class EasyLeitbildView(EasyLanguagePage):
    """The Leitbild in force, section by section."""

    template_name = "portal/easy/leitbild.html"
    normal_url_name = "leitbild:current"

    def get_context_data(self, **kwargs):
        edition = _edition_in_force()
        return super().get_context_data(
            edition=edition, sections=edition.sections.order_by("order"), **kwargs
        )


class EasyActionFieldListView(EasyLanguagePage):
    """The action fields of the Leitbild in force, priorities first."""

    template_name = "portal/easy/actionfield_list.html"
    normal_url_name = "handlungsfelder:list"

    def get_context_data(self, **kwargs):
        edition = _edition_in_force()
        return super().get_context_data(
            edition=edition,
            action_fields=ActionField.objects.of_edition(edition),
            **kwargs,
        )


class EasyActionFieldView(EasyLanguagePage):
    """One action field of the Leitbild in force."""

    template_name = "portal/easy/actionfield_detail.html"

    def normal_url(self) -> str:
        return reverse("handlungsfelder:detail", kwargs={"slug": self.kwargs["slug"]})

    def get_context_data(self, **kwargs):
        action_field = get_object_or_404(
            ActionField.objects.select_related("edition"),
            edition=_edition_in_force(),
            slug=self.kwargs["slug"],
        )
        return super().get_context_data(action_field=action_field, **kwargs)


class EasyParticipationView(EasyLanguagePage):
    """How to take part. Without a text in Leichte Sprache, the normal page's
    text (contributions/how.html), which needs the retention period."""

    template_name = "portal/easy/participation.html"
    normal_url_name = "contributions:how"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            city=city_or_404(),
            retention_days=settings.PERSONAL_DATA_RETENTION_DAYS,
            **kwargs,
        )
