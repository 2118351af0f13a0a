from django.urls import path

from . import views

app_name = "leitbild"

urlpatterns = [
    path("", views.EditionDetailView.as_view(), name="current"),
    path("archiv/", views.EditionArchiveView.as_view(), name="archive"),
    path("<int:year>/", views.EditionDetailView.as_view(), name="edition_detail"),
]
