from django.urls import path

from leitbild.cache import public_page

from . import feeds, views

app_name = "events"

urlpatterns = [
    path("", public_page(views.AgendaView.as_view()), name="list"),
    path("kalender.ics", public_page(feeds.calendar_feed), name="calendar"),
    path("<slug:slug>/", public_page(views.EventDetailView.as_view()), name="detail"),
    path("<slug:slug>/kalender.ics", public_page(feeds.event_ics), name="event_ics"),
]
