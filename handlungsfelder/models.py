"""Action fields (Handlungsfelder) of an edition, their goals and measures."""

from django.db import models
from django.db.models import Prefetch
from django.db.models.signals import m2m_changed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, easy_language_field
from leitbild.models import Edition, EditionContentMixin, frozen_edition_error


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


class ActionField(EditionContentMixin, TimeStampedModel):
    """A field of action of one Leitbild edition.

    Part of the edition's text: frozen once the edition is adopted, its
    `continues` links too (see `_refuse_frozen_continues`).
    """

    frozen_fields = (
        "edition",
        "name",
        "slug",
        "short_description",
        "description",
        "order",
        "is_priority",
    )

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
    # Not part of the adopted text (not in frozen_fields), like a translation.
    easy_language = easy_language_field(_("summary in Leichte Sprache"))
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


class Goal(EditionContentMixin, models.Model):
    """A goal (Ziel) agreed for an action field."""

    frozen_fields = ("action_field", "order", "title", "description")
    parent_field = "action_field"
    edition_path = "action_field__edition"
    parent_path = "action_fields"

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
    """A measure, concept or project that serves a goal.

    Not part of the frozen text: the council adopts the action fields and
    their goals, and "concrete measures, concepts and projects for the next
    five years" are derived from those goals while the edition is in force
    (the city's own description of the process). So staff add and update
    measures of the edition in force, and the portal shows how far they
    have come; the goal they serve stays frozen.
    """

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


def _refuse_frozen_continues(sender, instance, action, reverse, pk_set, **kwargs):
    """Refuse changing which fields an action field of a frozen edition
    continues.

    M2M writes (add, remove, set, clear) never call save(), so this receiver
    is the only place Django offers to guard them; it holds no other logic.
    Django sends it inside its own atomic block, so a caller that wants to
    go on after the error needs a savepoint. Bulk-created through rows (the
    copy service, on drafts) bypass it.
    """
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if not reverse:
        # `instance.continues` changes.
        changing = ActionField._base_manager.filter(pk=instance.pk)
    elif pk_set is not None:
        # `instance.continued_by` changes: the fields in pk_set change what
        # they continue.
        changing = ActionField._base_manager.filter(pk__in=pk_set)
    else:
        changing = ActionField._base_manager.filter(continues=instance)
    frozen = (
        changing.filter(edition__status__in=Edition.FROZEN_STATUSES)
        .values_list("edition__council_decision_date")
        .first()
    )
    if frozen is not None:
        raise frozen_edition_error(frozen[0])


m2m_changed.connect(
    _refuse_frozen_continues,
    sender=ActionField.continues.through,
    dispatch_uid="handlungsfelder_refuse_frozen_continues",
)
