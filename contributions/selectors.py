"""Reads for the consultation's public pages: whether an edition takes
contributions now, the published contributions on one section, field or
goal (a page of them at a time), how many each section has, and where a
goal came from."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from events.models import Event
from handlungsfelder.compare import compare_texts
from handlungsfelder.models import Goal, Measure
from leitbild.models import Edition

from .models import Contribution
from .services import consultation_problem

PER_PAGE = 20
# ?sortierung= on the pages → the QuerySet's name for the order.
ORDERS = {"neueste": "newest", "unterstuetzung": "supported"}
DEFAULT_ORDER = "neueste"


@dataclass(frozen=True)
class Consultation:
    """Where an edition's public consultation stands: "open", "not_open_yet",
    "closed", or "none" when the edition never had one."""

    code: str
    opens: dt.datetime | None
    closes: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.code == "open"

    @property
    def held(self) -> bool:
        """Whether there is, was or will be a consultation on the edition."""
        return self.code != "none"


def consultation_state(
    *, edition: Edition, now: dt.datetime | None = None
) -> Consultation:
    """Whether residents can contribute to the edition now, and its window."""
    now = now or timezone.now()
    problem = consultation_problem(edition=edition, now=now)
    if problem is None:
        code = "open"
    elif problem.code == "not_open_yet":
        code = "not_open_yet"
    elif edition.consultation_opens is None and (
        edition.status != Edition.Status.CONSULTATION
    ):
        code = "none"
    else:
        code = "closed"
    return Consultation(
        code=code, opens=edition.consultation_opens, closes=edition.consultation_closes
    )


def order_from(value: str | None) -> str:
    """The ?sortierung= value to use: the one asked for if it is known."""
    return value if value in ORDERS else DEFAULT_ORDER


# What a shown contribution links to, in the one query of its page.
_LIST_RELATED = (
    "merged_into__edition",
    "merged_into__section",
    "merged_into__action_field",
    "merged_into__goal__action_field",
    "result_goal__action_field__edition",
    "result_measure__goal__action_field__edition",
    "result_change__section__edition",
)


def contributions_page(
    *, target: dict, order: str = DEFAULT_ORDER, page_number=None
) -> Page:
    """One page of the published contributions on a section, action field
    or goal (`target`: section=…, action_field=… or goal=…), in the order
    of `?sortierung=`. Two queries (the count and the page), however many
    there are; text suggestions carry their word diff as `diff`."""
    queryset = (
        Contribution.objects.public()
        .on_target(**target)
        .ordered(ORDERS[order_from(order)])
        .select_related(*_LIST_RELATED)
    )
    page = Paginator(queryset, PER_PAGE).get_page(page_number)
    for contribution in page.object_list:
        with_diff(contribution)
    return page


def with_diff(contribution: Contribution) -> Contribution:
    """A text suggestion gets the word diff of its passage and proposal as
    `diff` (None for a comment)."""
    contribution.diff = (
        compare_texts(contribution.passage, contribution.proposal)
        if contribution.kind == Contribution.Kind.SUGGESTION
        else None
    )
    return contribution


def section_contribution_counts(edition: Edition) -> dict[int, int]:
    """Published contributions per section of the edition, by section id,
    in one query."""
    rows = (
        Contribution.objects.public()
        .filter(section__edition=edition)
        .values("section")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["section"]: row["count"] for row in rows}


def goal_events(goal: Goal):
    """Published events that worked on the goal or one of its measures,
    oldest first; each carries `on_goal` and, as `goal_measures`, the
    measures of this goal it worked on."""
    return (
        Event.objects.published()
        .filter(Q(goals=goal) | Q(measures__goal=goal))
        .distinct()
        .annotate(
            on_goal=Exists(
                Event.goals.through.objects.filter(
                    event_id=OuterRef("pk"), goal_id=goal.pk
                )
            )
        )
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=Measure.objects.filter(goal=goal).order_by("order", "pk"),
                to_attr="goal_measures",
            )
        )
        .order_by("start", "pk")
    )


def goal_source_contributions(goal: Goal):
    """Public contributions that were taken up into the goal or one of its
    measures, with what their links need."""
    return (
        Contribution.objects.public()
        .filter(Q(result_goal=goal) | Q(result_measure__goal=goal))
        .select_related(
            "edition", "section", "action_field", "goal__action_field", "result_measure"
        )
        .order_by("published_at", "pk")
    )
