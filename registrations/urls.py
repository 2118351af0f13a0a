from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("meine-anmeldungen/", views.MyRegistrationsView.as_view(), name="mine"),
    path(
        "anmeldung/eingegangen/<str:token>/",
        views.ReceivedView.as_view(),
        name="received",
    ),
    path(
        "anmeldung/bestaetigen/<str:token>/",
        views.ConfirmView.as_view(),
        name="confirm",
    ),
    path("anmeldung/<str:token>/", views.ManageView.as_view(), name="manage"),
]
