from django.views.generic import TemplateView

from .selectors import city_or_404


class CityPageView(TemplateView):
    """Imprint, privacy notice and accessibility statement: text from the
    city's data."""

    template_name = "core/city_page.html"
    field = ""
    title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = city_or_404()
        context.update(
            page_title=self.title,
            text=getattr(city, self.field),
            text_owner=city,
            text_field=self.field,
        )
        return context
