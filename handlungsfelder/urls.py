from django.urls import path

from events import feeds
from leitbild.cache import public_page

from . import views

app_name = "handlungsfelder"

urlpatterns = [
    path("", public_page(views.ActionFieldListView.as_view()), name="list"),
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
