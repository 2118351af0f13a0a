from django.urls import path

from events import feeds
from leitbild.cache import public_page

from . import views

app_name = "handlungsfelder"

urlpatterns = [
    path("", public_page(views.ActionFieldListView.as_view()), name="list"),
    # Before "<slug:slug>/", which would take "umsetzung" for a field's slug.
    path(
        "umsetzung/",
        public_page(views.ImplementationView.as_view()),
        name="implementation",
    ),
    path(
        "<slug:slug>/",
        public_page(views.ActionFieldDetailView.as_view()),
        name="detail",
    ),
    path(
        "<slug:slug>/kalender.ics",
        public_page(feeds.action_field_feed),
        name="calendar",
    ),
]
