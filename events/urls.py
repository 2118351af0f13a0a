from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.AgendaView.as_view(), name="list"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
]
