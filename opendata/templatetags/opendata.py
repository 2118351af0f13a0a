"""The open-data links of a page: `{% open_data_downloads "events" %}`, or
for an edition's records `{% open_data_downloads "sections" "goals"
year=edition.year %}`. Lists each file as CSV and JSON, the API, and the
city's licence; no query (the city is in every page's context)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opendata.schemas import Licence

register = template.Library()

# What each kind of record is called in its links.
WHAT = {
    "events": _("Download the events as %(format)s"),
    "sections": _("Download the sections as %(format)s"),
    "action_fields": _("Download the action fields as %(format)s"),
    "goals": _("Download the goals as %(format)s"),
    "measures": _("Download the measures as %(format)s"),
}
TYPES = {"csv": "text/csv", "json": "application/json"}


@register.inclusion_tag("opendata/downloads.html", takes_context=True)
def open_data_downloads(context, *datasets, year=None):
    links = []
    for dataset in datasets:
        kwargs = {} if year is None else {"year": year}
        for fmt in ("csv", "json"):
            links.append(
                {
                    "url": reverse(f"opendata:{dataset}_{fmt}", kwargs=kwargs),
                    "type": TYPES[fmt],
                    "text": WHAT[dataset] % {"format": fmt.upper()},
                }
            )
    return {
        "links": links,
        "licence": Licence.of(context.get("city")),
        "api_docs_url": reverse("api:openapi-view"),
    }
