from django.views.generic import ListView

from core.selectors import city_or_404

from .models import Edition


class EditionArchiveView(ListView):
    template_name = "leitbild/edition_list.html"
    context_object_name = "editions"

    def get_queryset(self):
        return Edition.objects.for_city(city_or_404()).order_by("-year")
