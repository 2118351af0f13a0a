"""The sign-up statistics page for staff, in the admin's look, and its CSV."""

import csv
import io

from django import forms
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from core.selectors import city_or_404

from .staff import Statistics, process_default, processes_for, statistics_for

ALL_PROCESSES = "all"


class StatisticsFilterForm(forms.Form):
    """Which process the figures cover; without a choice, the newest."""

    process = forms.ChoiceField(label=_("Process"))

    def __init__(self, *args, processes, **kwargs):
        super().__init__(*args, **kwargs)
        self.processes = {str(process.pk): process for process in processes}
        self.fields["process"].choices = [
            *((pk, str(process)) for pk, process in self.processes.items()),
            (ALL_PROCESSES, _("All processes")),
        ]

    def chosen(self, default):
        """The chosen process, None for all of them, `default` when the
        choice is missing or invalid."""
        if not self.is_bound or not self.is_valid():
            return default
        value = self.cleaned_data["process"]
        return None if value == ALL_PROCESSES else self.processes[value]


def _csv_cell(value) -> str:
    # A title starting with = + - @ would run as a formula in a spreadsheet.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render_event_statistics_csv(statistics: Statistics) -> bytes:
    """The per-event table as CSV for spreadsheets: UTF-8 with a byte order
    mark and semicolons, which is what German Excel opens without asking."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            gettext("Date"),
            gettext("Event"),
            gettext("Capacity"),
            gettext("Sign-ups"),
            gettext("Confirmed"),
            gettext("Attended"),
            gettext("Waiting list"),
            gettext("Cancelled"),
        ]
    )
    for row in statistics.events:
        counts = row.counts
        writer.writerow(
            [
                timezone.localtime(row.event.start).strftime("%Y-%m-%d %H:%M"),
                _csv_cell(row.event.title),
                row.event.capacity if row.event.capacity is not None else "",
                counts.signups,
                counts.confirmed,
                counts.attended,
                counts.waiting,
                counts.cancelled,
            ]
        )
    total = statistics.events_total
    writer.writerow(
        [
            "",
            gettext("Total"),
            statistics.capacity_total or "",
            total.signups,
            total.confirmed,
            total.attended,
            total.waiting,
            total.cancelled,
        ]
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@never_cache
@staff_member_required
@permission_required("registrations.view_statistics", raise_exception=True)
def statistics_view(request):
    """Sign-up figures of a process: totals, per event, per stakeholder group
    and per district; ?format=csv downloads the per-event table."""
    city = city_or_404()
    processes = list(processes_for(city=city))
    form = StatisticsFilterForm(
        request.GET if "process" in request.GET else None, processes=processes
    )
    default = process_default(processes)
    if not form.is_bound and default is not None:
        form.initial = {"process": str(default.pk)}
    process = form.chosen(default)
    statistics = statistics_for(city=city, process=process)

    if request.GET.get("format") == "csv":
        slug = process.slug if process is not None else ALL_PROCESSES
        response = HttpResponse(
            render_event_statistics_csv(statistics),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="anmeldestatistik-{slug}.csv"'
        )
        return response

    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        **admin.site.each_context(request),
        "title": _("Sign-up statistics"),
        "subtitle": str(process) if process is not None else _("All processes"),
        "form": form,
        "statistics": statistics,
        "csv_query": query.urlencode(),
    }
    return render(request, "registrations/statistics.html", context)
