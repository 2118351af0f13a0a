"""URL layout: the admin, accounts, the language switch, and the public site
(portal.urls, the map of every public address)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from registrations.statistics_views import statistics_view

urlpatterns = [
    path("admin/statistik/", statistics_view, name="registration_statistics"),
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    # Exempt from CSRF so that public pages carry no per-visitor token and can
    # be cached whole; a forged language change harms nobody.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
