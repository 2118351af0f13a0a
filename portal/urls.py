"""The public site's map: every public address, and the view that serves it.

The views come from every app (each lives in the highest app it needs), so
the map lives here at the top. German paths, kept stable; each prefix keeps
its URL namespace (`leitbild:`, `handlungsfelder:`, `events:`), whichever
app its views come from. Public pages go through the page cache
(core.cache.public_page); the personal pages behind e-mail links are in
registrations.urls, the open-data downloads (/daten/) and the API (/api/v1/)
in opendata.urls. Residents' contributions keep a URL module of their own
(contributions.urls): the pages of a draft's sections, fields and goals and
the pages behind the links in their e-mails.
"""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from contributions import compare_views
from contributions import views as contributions_views
from core.cache import public_page
from events import feeds
from handlungsfelder import views as handlungsfelder_views
from leitbild import views as leitbild_views
from registrations import event_views

from . import downloads, easy_views, views
from .sitemaps import SITEMAPS

leitbild_urls = (
    [
        path(
            "",
            public_page(contributions_views.EditionView.as_view()),
            name="current",
        ),
        path(
            "archiv/",
            public_page(leitbild_views.EditionArchiveView.as_view()),
            name="archive",
        ),
        path(
            "vergleich/",
            public_page(compare_views.EditionCompareWithSuggestionsView.as_view()),
            name="compare",
        ),
        path(
            "<int:year>/",
            public_page(contributions_views.EditionView.as_view()),
            name="edition_detail",
        ),
        path("<int:year>/pdf/", downloads.edition_pdf, name="edition_pdf"),
        path(
            "<int:year>/beteiligung/",
            public_page(views.ParticipationReportView.as_view()),
            name="participation_report",
        ),
        path(
            "<int:year>/beteiligung.pdf",
            downloads.participation_report_pdf,
            name="participation_report_pdf",
        ),
    ],
    "leitbild",
)

handlungsfelder_urls = (
    [
        path(
            "",
            public_page(handlungsfelder_views.ActionFieldListView.as_view()),
            name="list",
        ),
        # Before "<slug:slug>/", which would take "umsetzung" for a field's slug.
        path(
            "umsetzung/",
            public_page(handlungsfelder_views.ImplementationView.as_view()),
            name="implementation",
        ),
        path(
            "<slug:slug>/",
            public_page(contributions_views.ActionFieldView.as_view()),
            name="detail",
        ),
        path(
            "<slug:slug>/kalender.ics",
            public_page(feeds.action_field_feed),
            name="calendar",
        ),
    ],
    "handlungsfelder",
)

events_urls = (
    [
        path("", public_page(event_views.AgendaView.as_view()), name="list"),
        path("kalender.ics", public_page(feeds.calendar_feed), name="calendar"),
        path(
            "<slug:slug>/",
            public_page(event_views.EventDetailView.as_view()),
            name="detail",
        ),
        path(
            "<slug:slug>/kalender.ics", public_page(feeds.event_ics), name="event_ics"
        ),
    ],
    "events",
)

# Leichte Sprache: German only, so among the language-neutral addresses below.
easy_urls = (
    [
        path("", public_page(easy_views.EasyHomeView.as_view()), name="home"),
        path(
            "leitbild/",
            public_page(easy_views.EasyLeitbildView.as_view()),
            name="leitbild",
        ),
        path(
            "handlungsfelder/",
            public_page(easy_views.EasyActionFieldListView.as_view()),
            name="action_fields",
        ),
        path(
            "handlungsfelder/<slug:slug>/",
            public_page(easy_views.EasyActionFieldView.as_view()),
            name="action_field",
        ),
        path(
            "mitmachen/",
            public_page(easy_views.EasyParticipationView.as_view()),
            name="participation",
        ),
    ],
    "easy",
)

urlpatterns = [
    path("leitbild/", include(leitbild_urls)),
    path("handlungsfelder/", include(handlungsfelder_urls)),
    # Before the events, so that "meine-anmeldungen/" is never an event slug.
    path("veranstaltungen/", include("registrations.urls")),
    path("veranstaltungen/", include(events_urls)),
    # Residents' contributions on a draft: its pages and the e-mail links.
    path("", include("contributions.urls")),
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("", include("core.urls")),
]

# Addresses that are the same in every language, outside the language prefix
# (config/urls.py): for crawlers, browsers and other programs; and the pages
# in Leichte Sprache, which are German whatever language the reader chose.
neutral_urlpatterns = [
    # Open data: the downloads under /daten/ and the API under /api/v1/.
    path("", include("opendata.urls")),
    path(
        "sitemap.xml",
        public_page(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    # The pages in Leichte Sprache (plain German): one address, no prefix.
    path("leichte-sprache/", include(easy_urls)),
]
