"""URL layout. German paths, kept stable: /, /leitbild/, /handlungsfelder/,
/veranstaltungen/, /admin/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("leitbild/", include("leitbild.urls")),
    path("handlungsfelder/", include("handlungsfelder.urls")),
    path("veranstaltungen/", include("events.urls")),
    path("", include("leitbild.site_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
