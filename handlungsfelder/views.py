"""Public pages of the action fields, and the pages of an edition that show
its action fields: the edition itself and the comparison of two editions
(they need this app, so they live here rather than in leitbild)."""

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info
from django.views.generic import DetailView, ListView, TemplateView

from core.selectors import city_current, city_or_404
from leitbild.models import Edition
from leitbild.selectors import edition_in_force, edition_languages

from .charts import render_status_chart
from .compare import COMPARISON_PREFETCH, compare_editions, default_base
from .forms import EditionCompareForm
from .models import ActionField
from .selectors import STATUSES, implementation_overview, status_totals


def _current_edition():
    city = city_current()
    edition = edition_in_force(city=city) if city else None
    if edition is None:
        raise Http404("No edition yet.")
    return edition


class ActionFieldListView(ListView):
    template_name = "handlungsfelder/actionfield_list.html"
    context_object_name = "action_fields"

    def get_queryset(self):
        self.edition = _current_edition()
        return ActionField.objects.of_edition(self.edition)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            edition=self.edition,
            # The same list in Leichte Sprache (portal/easy_views.py).
            easy_language_url=reverse("easy:action_fields"),
            **kwargs,
        )


class ImplementationView(TemplateView):
    """How far the measures of the edition in force have got, field by
    field: a table and a chart of the same figures."""

    template_name = "handlungsfelder/implementation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = _current_edition()
        rows = implementation_overview(edition)
        context.update(
            edition=edition,
            rows=rows,
            totals=status_totals(rows),
            statuses=STATUSES,
            chart=render_status_chart(rows),
            # A field's name shown in German on a page in another language.
            rows_in_german=any(
                row.name_language not in (None, get_language()) for row in rows
            ),
        )
        return context


def _pdf_links(edition: Edition, sections) -> dict:
    """The edition's PDF in the page's language where the edition has a
    translation into it (else the German original), and the PDF in each
    other language it can be read in."""
    languages = edition_languages(edition=edition, sections=sections)
    path = reverse("leitbild:edition_pdf", args=[edition.year])
    current = get_language()
    shown = current if current in languages else languages[0]
    versions = []
    for code in languages:
        if code == shown:
            continue
        info = get_language_info(code)
        versions.append(
            {
                "code": code,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "url": translate_url(path, code),
                "original": code == languages[0],
            }
        )
    return {
        "pdf_url": translate_url(path, shown),
        "pdf_versions": versions,
    }


class EditionDetailView(DetailView):
    """An edition (the one in force, or the one of the given year) with its
    sections, terms, and action fields with their goals and measures."""

    template_name = "handlungsfelder/edition_detail.html"
    context_object_name = "edition"

    def get_object(self, queryset=None):
        city = city_or_404()
        if "year" in self.kwargs:
            return get_object_or_404(Edition, city=city, year=self.kwargs["year"])
        edition = edition_in_force(city=city)
        if edition is None:
            raise Http404("No edition yet.")
        return edition

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.object
        sections = list(edition.sections.all())
        context.update(
            sections=sections,
            **_pdf_links(edition, sections),
            terms=edition.terms.all(),
            action_fields=ActionField.objects.of_edition(
                edition
            ).with_goals_and_measures(),
            editions=Edition.objects.for_city(edition.city_id).order_by("-year"),
        )
        return context


class EditionCompareView(TemplateView):
    """Two editions side by side: the wording of each section, word by word,
    and what became of each action field."""

    template_name = "handlungsfelder/edition_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = city_or_404()
        editions = list(Edition.objects.for_city(city).order_by("-year"))
        form = EditionCompareForm(self._form_data(city, editions), editions=editions)
        comparison = None
        if form.is_bound and form.is_valid():
            by_year = {edition.year: edition for edition in editions}
            old = by_year[form.cleaned_data["von"]]
            new = by_year[form.cleaned_data["zu"]]
            # Three queries, however many sections and fields there are.
            prefetch_related_objects([old, new], *COMPARISON_PREFETCH)
            comparison = compare_editions(old, new)
        context.update(editions=editions, form=form, comparison=comparison)
        return context

    def _form_data(self, city, editions) -> dict | None:
        """The visitor's choice; a year left out defaults to the edition in
        force and the settled edition before it. None (an unbound form)
        when nothing was chosen and there are no defaults."""
        chosen = {
            name: self.request.GET[name]
            for name in ("von", "zu")
            if name in self.request.GET
        }
        if len(chosen) == 2 or len(editions) < 2:
            return chosen or None
        by_year = {str(edition.year): edition for edition in editions}
        target = by_year.get(chosen.get("zu", "")) or edition_in_force(city=city)
        base = default_base(editions, target) if target else None
        if base is None:
            return chosen or None
        return {"von": str(base.year), "zu": str(target.year)} | chosen
