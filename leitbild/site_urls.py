"""The portal's own pages: home and the legal pages of the footer."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "impressum/",
        views.CityPageView.as_view(field="imprint", title=_("Imprint")),
        name="imprint",
    ),
    path(
        "datenschutz/",
        views.CityPageView.as_view(field="privacy", title=_("Privacy")),
        name="privacy",
    ),
    path(
        "barrierefreiheit/",
        views.CityPageView.as_view(field="accessibility", title=_("Accessibility")),
        name="accessibility",
    ),
]
