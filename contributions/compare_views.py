"""The comparison of two editions with what residents contributed to it:
for each changed section, the accepted text suggestions behind the change.

It extends handlungsfelder's comparison (the page and its template) and
lives here, the lowest app that knows contributions; portal/urls.py maps
`leitbild:compare` to it.
"""

from django.db.models import Prefetch

from handlungsfelder.views import EditionCompareView

from .models import Contribution, TextChange


class EditionCompareWithSuggestionsView(EditionCompareView):
    """Two editions side by side; each section of the newer one that
    changed lists its recorded text changes (contributions.TextChange),
    each with the suggestions taken up that led to it, their reasons and
    the integration centre's answers. Two queries more, however many
    sections, changes and suggestions there are."""

    template_name = "contributions/edition_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comparison = context["comparison"]
        if comparison is None:
            return context
        changed = [
            change.new for change in comparison.sections if change.status == "changed"
        ]
        by_section = {section.pk: [] for section in changed}
        if changed:
            text_changes = (
                TextChange.objects.filter(section__in=changed)
                .order_by("created_at", "pk")
                .prefetch_related(
                    Prefetch(
                        "source_contributions",
                        # Withdrawn ones stay out: their change stays, as the
                        # integration centre's own.
                        queryset=Contribution.objects.filter(
                            state=Contribution.State.TAKEN_UP
                        ).order_by("published_at", "pk"),
                    )
                )
            )
            for text_change in text_changes:
                by_section[text_change.section_id].append(text_change)
        for section in changed:
            section.accepted_changes = by_section[section.pk]
        return context
