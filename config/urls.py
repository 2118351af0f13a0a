"""URL layout: the language-neutral addresses (sitemap, robots.txt, open
data), then everything people read, in their language.

German pages have no prefix; the other languages of settings.LANGUAGES live
under /en/, /tr/, /ar/, /uk/ and /ru/ (i18n_patterns). LocaleMiddleware
takes the language from the path alone, so an address always shows the same
language (and the page cache keys by it). The language switcher links each
page to itself in the other languages (core.templatetags.languages).
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal.urls import neutral_urlpatterns
from registrations.statistics_views import statistics_view

urlpatterns = [
    *neutral_urlpatterns,
    *i18n_patterns(
        path("admin/statistik/", statistics_view, name="registration_statistics"),
        path("admin/", admin.site.urls),
        path("konto/", include("allauth.urls")),
        path("", include("portal.urls")),
        prefix_default_language=False,
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
