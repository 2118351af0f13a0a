"""The home page: where the Leitbild, its action fields and the process
stand; the participation report of an edition; and what crawlers and
browsers ask every site for (robots.txt, the favicon)."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.generic import RedirectView, TemplateView

from core.selectors import city_current, city_or_404
from events.models import Event, Process
from events.timeline import process_timeline
from handlungsfelder.models import ActionField
from leitbild.models import Edition
from leitbild.selectors import edition_in_force

from .report import participation_report


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = city_current()
        if city is None:
            return context
        now = timezone.now()
        edition = edition_in_force(city=city)
        process = (
            Process.objects.filter(city=city)
            .exclude(events__is_example=True)
            .select_related("edition")
            .order_by("-start_year")
            .first()
        )
        context.update(
            edition=edition,
            process=process,
            priority_fields=(
                ActionField.objects.of_edition(edition).filter(is_priority=True)
                if edition
                else []
            ),
            upcoming=Event.objects.published()
            .filter(process__city=city)
            .upcoming()
            .select_related("venue")[:3],
            latest_event=Event.objects.published()
            .filter(process__city=city, is_example=False)
            .past()
            .first(),
            now=now,
            timeline=process_timeline(city=city, now=now),
            easy_language_url=reverse("easy:home"),
        )
        return context


class ParticipationReportView(TemplateView):
    """The participation report of an edition: the process, who took part
    and what became of the contributions, in figures that identify nobody
    (portal.report). Also as a PDF (downloads.participation_report_pdf)."""

    template_name = "portal/participation_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = get_object_or_404(
            Edition.objects.select_related("city"),
            city=city_or_404(),
            year=self.kwargs["year"],
        )
        context.update(edition=edition, report=participation_report(edition))
        return context


class RobotsView(TemplateView):
    """/robots.txt: everything public may be crawled; the admin, accounts and
    the personal pages behind e-mail links may not. Points to the sitemap."""

    template_name = "portal/robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sitemap_url"] = settings.SITE_URL + reverse("sitemap")
        return context


class FaviconView(RedirectView):
    """/favicon.ico, which browsers and crawlers ask for whatever the page
    links: the icon among the static files."""

    # Not permanent: the static file's name carries a hash of its content.
    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")
