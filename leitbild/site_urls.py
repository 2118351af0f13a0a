"""The portal's own pages: home and the legal pages of the footer."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .cache import public_page

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
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
