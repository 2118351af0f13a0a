from django.urls import path

from . import downloads, views
from .cache import public_page

app_name = "leitbild"

urlpatterns = [
    path("", public_page(views.EditionDetailView.as_view()), name="current"),
    path("archiv/", public_page(views.EditionArchiveView.as_view()), name="archive"),
    path("vergleich/", public_page(views.EditionCompareView.as_view()), name="compare"),
    path(
        "<int:year>/",
        public_page(views.EditionDetailView.as_view()),
        name="edition_detail",
    ),
    path("<int:year>/pdf/", downloads.edition_pdf, name="edition_pdf"),
]
