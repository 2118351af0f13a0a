"""The sitemap (/sitemap.xml): every public page in every language, for
search engines.

It lists the pages of every app, so it lives here at the top. Each section
runs a fixed number of queries, however many events or fields there are;
lastmod comes from the rows' updated_at.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from core.selectors import city_current
from events.models import Event
from handlungsfelder.models import ActionField, Measure
from leitbild.models import Edition
from leitbild.selectors import edition_in_force


class PortalSitemap(Sitemap):
    """Addresses under settings.SITE_URL. Without django.contrib.sites,
    Django's sitemap view takes the host the request came by (RequestSite):
    a crawler reaching the portal by another name would be handed that.

    Each page is listed in every language of settings.LANGUAGES (German
    without a prefix, the others under /en/, /tr/, ...), each entry naming
    all of them and German as the default (xhtml:link hreflang), as the
    pages' heads do."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path.rstrip("/")


@dataclass(frozen=True)
class Page:
    """A page that shows no single row: its URL name and when it changed."""

    name: str
    lastmod: datetime | None = None


def _latest(*moments: datetime | None) -> datetime | None:
    return max((moment for moment in moments if moment), default=None)


class PageSitemap(PortalSitemap):
    """Home, the Leitbild, the lists and the legal pages."""

    def items(self):
        city = city_current()
        if city is None:
            return []
        editions = Edition.objects.for_city(city).filter(is_example=False)
        editions_changed = editions.aggregate(latest=Max("updated_at"))["latest"]
        events_changed = (
            Event.objects.published()
            .filter(process__city=city)
            .aggregate(latest=Max("updated_at"))["latest"]
        )
        pages = [
            Page("home", _latest(city.updated_at, editions_changed, events_changed))
        ]
        edition = edition_in_force(city=city)
        if edition is not None:
            fields_changed = ActionField.objects.filter(edition=edition).aggregate(
                latest=Max("updated_at")
            )["latest"]
            measures_changed = Measure.objects.filter(
                goal__action_field__edition=edition
            ).aggregate(latest=Max("updated_at"))["latest"]
            pages += [
                Page("leitbild:current", _latest(edition.updated_at, fields_changed)),
                Page("leitbild:archive", editions_changed),
                Page("leitbild:compare", editions_changed),
                Page(
                    "handlungsfelder:list", _latest(edition.updated_at, fields_changed)
                ),
                Page("handlungsfelder:implementation", measures_changed),
            ]
        pages += [
            Page("events:list", events_changed),
            Page("contributions:how", city.updated_at),
            Page("imprint", city.updated_at),
            Page("privacy", city.updated_at),
            Page("accessibility", city.updated_at),
        ]
        return pages

    def location(self, item):
        return reverse(item.name)

    def lastmod(self, item):
        return item.lastmod


class EditionSitemap(PortalSitemap):
    """Each edition's page (/leitbild/<year>/), the archived ones too; not
    the example draft that `load_examples` adds."""

    def items(self):
        city = city_current()
        if city is None:
            return Edition.objects.none()
        return (
            Edition.objects.for_city(city)
            .filter(is_example=False)
            .only("year", "updated_at")
            .order_by("-year")
        )

    def lastmod(self, item):
        return item.updated_at


class ParticipationReportSitemap(PortalSitemap):
    """The participation report of each edition that a process prepared
    (/leitbild/<year>/beteiligung/); not the example draft's."""

    def items(self):
        city = city_current()
        if city is None:
            return Edition.objects.none()
        return (
            Edition.objects.for_city(city)
            .filter(is_example=False, processes__isnull=False)
            .distinct()
            .only("year", "updated_at")
            .order_by("-year")
        )

    def location(self, item):
        return reverse("leitbild:participation_report", kwargs={"year": item.year})

    def lastmod(self, item):
        return item.updated_at


@dataclass(frozen=True)
class FieldPage:
    slug: str
    lastmod: datetime | None


class ActionFieldSitemap(PortalSitemap):
    """Each action field's page (/handlungsfelder/<slug>/): those of the
    edition in force, and those of earlier editions whose address no field
    in force took over. One address per slug, as the page resolves it
    (handlungsfelder.selectors.action_field_by_address)."""

    def items(self):
        city = city_current()
        edition = edition_in_force(city=city) if city else None
        if edition is None:
            return []
        rows = (
            ActionField.objects.filter(edition__city=city, edition__is_example=False)
            .values("slug", "updated_at", "edition_id", "edition__year")
            .order_by("slug")
        )
        chosen: dict[str, dict] = {}
        for row in rows:
            key = (row["edition_id"] == edition.pk, row["edition__year"])
            best = chosen.get(row["slug"])
            if best is None or key > (
                best["edition_id"] == edition.pk,
                best["edition__year"],
            ):
                chosen[row["slug"]] = row
        return [
            FieldPage(slug=row["slug"], lastmod=row["updated_at"])
            for row in chosen.values()
        ]

    def location(self, item):
        return reverse("handlungsfelder:detail", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.lastmod


class EventSitemap(PortalSitemap):
    """Each published event's page."""

    def items(self):
        city = city_current()
        if city is None:
            return Event.objects.none()
        return (
            Event.objects.published()
            .filter(process__city=city)
            .only("slug", "updated_at")
            .order_by("start", "pk")
        )

    def lastmod(self, item):
        return item.updated_at


@dataclass(frozen=True)
class EasyPage:
    """A page in Leichte Sprache: its URL name, arguments and last change."""

    name: str
    lastmod: datetime | None = None
    slug: str = ""


class EasyLanguageSitemap(PortalSitemap):
    """The pages in Leichte Sprache (/leichte-sprache/): German only, so one
    address each, without language versions; the action fields are those of
    the edition in force."""

    i18n = False
    alternates = False

    def items(self):
        city = city_current()
        if city is None:
            return []
        pages = [EasyPage("easy:home", city.updated_at)]
        edition = edition_in_force(city=city)
        if edition is not None:
            fields = list(
                ActionField.objects.filter(edition=edition)
                .values("slug", "updated_at")
                .order_by("order", "slug")
            )
            fields_changed = _latest(*(row["updated_at"] for row in fields))
            pages += [
                EasyPage("easy:leitbild", edition.updated_at),
                EasyPage("easy:action_fields", fields_changed),
                *(
                    EasyPage("easy:action_field", row["updated_at"], row["slug"])
                    for row in fields
                ),
            ]
        pages.append(EasyPage("easy:participation", city.updated_at))
        return pages

    def location(self, item):
        kwargs = {"slug": item.slug} if item.slug else {}
        return reverse(item.name, kwargs=kwargs)

    def lastmod(self, item):
        return item.lastmod


SITEMAPS = {
    "pages": PageSitemap,
    "editions": EditionSitemap,
    "participation_reports": ParticipationReportSitemap,
    "action_fields": ActionFieldSitemap,
    "events": EventSitemap,
    "easy_language": EasyLanguageSitemap,
}
