from django.urls import path

from . import views

app_name = "handlungsfelder"

urlpatterns = [
    path("", views.ActionFieldListView.as_view(), name="list"),
    path("<slug:slug>/", views.ActionFieldDetailView.as_view(), name="detail"),
]
