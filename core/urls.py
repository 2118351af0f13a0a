"""The legal pages of the footer, from the city's data."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .cache import public_page

urlpatterns = [
    path(
        "impressum/",
        public_page(views.CityPageView.as_view(field="imprint", title=_("Imprint"))),
        name="imprint",
    ),
    path(
        "datenschutz/",
        public_page(views.CityPageView.as_view(field="privacy", title=_("Privacy"))),
        name="privacy",
    ),
    path(
        "barrierefreiheit/",
        public_page(
            views.CityPageView.as_view(field="accessibility", title=_("Accessibility"))
        ),
        name="accessibility",
    ),
]
