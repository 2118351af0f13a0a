"""The addresses of open data: the downloads under /daten/ and the API
under /api/v1/ (its own URL namespace `api`, which django-ninja names).

German paths, kept stable (see README.md, "Open data"):

    /daten/veranstaltungen.csv|json                  the agenda
    /daten/leitbild/<year>/abschnitte.csv|json       an edition's sections
    /daten/leitbild/<year>/handlungsfelder.csv|json  its action fields
    /daten/leitbild/<year>/ziele.csv|json            their goals
    /daten/leitbild/<year>/massnahmen.csv|json       their measures
"""

from django.urls import include, path

from . import views
from .api import api
from .views import EDITION_DATASETS

download_urls = [
    path(f"veranstaltungen.{fmt}", views.events, {"fmt": fmt}, name=f"events_{fmt}")
    for fmt in ("csv", "json")
] + [
    path(
        f"leitbild/<int:year>/{spec.name}.{fmt}",
        views.edition_dataset,
        {"dataset": dataset, "fmt": fmt},
        name=f"{dataset}_{fmt}",
    )
    for dataset, spec in EDITION_DATASETS.items()
    for fmt in ("csv", "json")
]

urlpatterns = [
    path("daten/", include((download_urls, "opendata"))),
    path("api/v1/", api.urls),
]
