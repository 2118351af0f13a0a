from django.urls import path

from leitbild.cache import public_page

from . import views

app_name = "events"

urlpatterns = [
    path("", public_page(views.AgendaView.as_view()), name="list"),
    path("<slug:slug>/", public_page(views.EventDetailView.as_view()), name="detail"),
]
