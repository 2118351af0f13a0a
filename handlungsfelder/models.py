"""Action fields (Handlungsfelder) of an edition, their goals and measures."""

from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leitbild.models import Edition, TimeStampedModel


class ActionFieldQuerySet(models.QuerySet):
    def of_edition(self, edition):
        """Action fields of one edition, priorities first."""
        return self.filter(edition=edition).order_by("-is_priority", "order", "name")

    def with_goals_and_measures(self):
        """Prefetch goals and their measures in two queries."""
        return self.prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("order", "id").prefetch_related(
                    Prefetch(
                        "measures", queryset=Measure.objects.order_by("order", "id")
                    )
                ),
            )
        )


class ActionField(TimeStampedModel):
    """A field of action of one Leitbild edition."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="action_fields",
        verbose_name=_("edition"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    short_description = models.CharField(
        _("short description"), max_length=500, blank=True
    )
    description = models.TextField(_("description (Markdown)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_priority = models.BooleanField(
        _("priority"),
        default=False,
        help_text=_("Prioritised action fields are listed first."),
    )
    continues = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="continued_by",
        blank=True,
        verbose_name=_("continues"),
        help_text=_(
            "Action fields of earlier editions that this one continues (renamed or "
            "merged)."
        ),
    )

    objects = ActionFieldQuerySet.as_manager()

    class Meta:
        verbose_name = _("action field")
        verbose_name_plural = _("action fields")
        ordering = ["edition", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"], name="actionfield_unique_slug_per_edition"
            ),
            models.UniqueConstraint(
                fields=["edition", "name"], name="actionfield_unique_name_per_edition"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("handlungsfelder:detail", kwargs={"slug": self.slug})


class Goal(models.Model):
    """A goal (Ziel) agreed for an action field."""

    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("action field"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description (Markdown)"), blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["action_field", "order", "id"]

    def __str__(self):
        return self.title


class Measure(TimeStampedModel):
    """A measure, concept or project that serves a goal."""

    class Kind(models.TextChoices):
        MEASURE = "measure", _("Measure")
        CONCEPT = "concept", _("Concept")
        PROJECT = "project", _("Project")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        PAUSED = "paused", _("Paused")

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="measures", verbose_name=_("goal")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.MEASURE
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description (Markdown)"), blank=True)
    responsible_actors = models.CharField(
        _("responsible actors"), max_length=500, blank=True
    )
    timeframe = models.CharField(
        _("timeframe"),
        max_length=100,
        blank=True,
        help_text=_("For example: 2025–2027"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["goal", "order", "id"]

    def __str__(self):
        return self.title
