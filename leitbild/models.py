"""The Leitbild's editions, their sections and central terms."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.languages import german_columns
from core.models import City, TimeStampedModel, easy_language_field

FROZEN_MESSAGE = _(
    "This edition was adopted by the council on %(date)s and is frozen. "
    "Corrections need a new edition: start a new draft from it."
)
FROZEN_UNDATED_MESSAGE = _(
    "This edition was adopted by the council and is frozen. "
    "Corrections need a new edition: start a new draft from it."
)


def frozen_edition_error(decision_date) -> ValidationError:
    """The error for a change to the text of an adopted or archived edition."""
    if decision_date is None:
        return ValidationError(FROZEN_UNDATED_MESSAGE, code="frozen")
    # Formatted when shown, in the language of the page that shows it.
    date = lazy(date_format, str)(decision_date)
    return ValidationError(FROZEN_MESSAGE, code="frozen", params={"date": date})


class EditionQuerySet(models.QuerySet):
    def for_city(self, city):
        """Editions of one city."""
        return self.filter(city=city)

    def in_force(self):
        """The adopted edition(s): at most one per city, by constraint."""
        return self.filter(status=Edition.Status.ADOPTED)

    def public(self):
        """Editions residents may read (all but internal drafts are public;
        drafts are shown marked as drafts)."""
        return self.all()


def _written(model, fields: tuple[str, ...], update_fields) -> tuple[str, ...]:
    """The columns of `fields` that a save(update_fields=...) writes.

    A translated field (django-modeltranslation, the apps' translation.py)
    stands for its German column: the council adopts the German text, so
    only that is frozen, and translations of an adopted edition stay free.
    """
    columns = german_columns(model, fields)
    if update_fields is None:
        return columns
    written = set(update_fields)
    return tuple(
        column
        for name, column in zip(fields, columns, strict=True)
        if name in written or column in written
    )


def _differs(obj: models.Model, stored: dict, fields: tuple[str, ...]) -> bool:
    """Whether the instance differs from the stored row in one of `fields`."""
    return any(
        stored[name] != getattr(obj, obj._meta.get_field(name).attname)
        for name in fields
    )


class Edition(TimeStampedModel):
    """One edition (Auflage) of the Leitbild, adopted by the council."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("In consultation")
        ADOPTED = "adopted", _("Adopted")
        ARCHIVED = "archived", _("Archived")

    # Adopted text is what the council decided: it is frozen from adoption on,
    # in the archive too. Corrections go into a new edition.
    FROZEN_STATUSES = frozenset({Status.ADOPTED, Status.ARCHIVED})
    # The edition's own text. Free while frozen: the status (adopted → archived
    # only), the PDF fields the adoption stores, and the timestamps.
    frozen_fields = (
        "city",
        "number",
        "year",
        "title",
        "period_start",
        "period_end",
        "summary",
        "council_decision_date",
        "council_decision_reference",
    )

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="editions", verbose_name=_("city")
    )
    number = models.PositiveSmallIntegerField(
        _("edition number"), help_text=_("1 for the first edition, 2 for the second …")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("The year of the edition, used in its address.")
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("valid from (year)"))
    period_end = models.PositiveSmallIntegerField(
        _("valid until (year)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    council_decision_date = models.DateField(
        _("date of the council decision"), null=True, blank=True
    )
    council_decision_reference = models.CharField(
        _("reference of the council decision"), max_length=100, blank=True
    )
    summary = models.TextField(_("summary (Markdown)"), blank=True)
    # The PDF the council adopted, stored once at adoption, and its checksum
    # so that the decision can cite exactly this file.
    pdf_file = models.FileField(
        _("adopted PDF"), upload_to="leitbild/", blank=True, editable=False
    )
    pdf_sha256 = models.CharField(
        _("SHA-256 of the adopted PDF"), max_length=64, blank=True, editable=False
    )
    # The public consultation on a draft: residents comment and suggest
    # wording while the edition is "in consultation" and the window is open.
    # Not part of the text, so free while frozen like the status.
    consultation_opens = models.DateTimeField(
        _("consultation opens"), null=True, blank=True
    )
    consultation_closes = models.DateTimeField(
        _("consultation closes"), null=True, blank=True
    )
    contributions_publish_directly = models.BooleanField(
        _("publish contributions without moderation"),
        default=False,
        help_text=_(
            "Off by default: staff read every contribution before it is shown. "
            "Contributions that trip the abuse filters wait for staff anyway."
        ),
    )
    is_example = models.BooleanField(
        _("example"),
        default=False,
        help_text=_("Example data for trying the portal out, never real."),
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["city", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "number"], name="edition_unique_number_per_city"
            ),
            models.UniqueConstraint(
                fields=["city", "year"], name="edition_unique_year_per_city"
            ),
            models.UniqueConstraint(
                fields=["city"],
                condition=Q(status="adopted"),
                name="edition_one_adopted_per_city",
                violation_error_message=_(
                    "Another edition of this city is already adopted. Archive it first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="edition_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(consultation_opens__isnull=True)
                | Q(consultation_closes__isnull=True)
                | Q(consultation_closes__gt=F("consultation_opens")),
                name="edition_consultation_window_ordered",
                violation_error_message=_(
                    "The consultation must close after it opens."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(council_decision_date__isnull=False),
                name="edition_adopted_has_decision_date",
                violation_error_message=_(
                    "An adopted edition needs the date of the council decision."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.period_label})"

    def save(self, **kwargs):
        self.check_frozen(update_fields=kwargs.get("update_fields"))
        super().save(**kwargs)

    def get_absolute_url(self):
        return reverse("leitbild:edition_detail", kwargs={"year": self.year})

    def delete(self, **kwargs):
        self.check_frozen(deleting=True)
        return super().delete(**kwargs)

    def clean(self):
        super().clean()
        self.check_frozen()

    @property
    def period_label(self) -> str:
        if self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start)

    @property
    def is_draft(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.CONSULTATION}

    def consultation_is_open(self, now=None) -> bool:
        """Whether residents can contribute right now: the edition is in
        consultation and its window (both ends set) is open."""
        if self.status != self.Status.CONSULTATION:
            return False
        if self.consultation_opens is None or self.consultation_closes is None:
            return False
        now = now or timezone.now()
        return self.consultation_opens <= now < self.consultation_closes

    @property
    def is_frozen(self) -> bool:
        """Adopted or archived: the text can no longer change."""
        return self.status in self.FROZEN_STATUSES

    def frozen_error(self) -> ValidationError:
        return frozen_edition_error(self.council_decision_date)

    def check_frozen(self, *, deleting: bool = False, update_fields=None) -> None:
        """Raise ValidationError if this write would change a frozen edition.

        Compares with the stored row, not with what this instance was loaded
        as, so a stale instance cannot slip a change through. Bulk writes
        (QuerySet.update() and delete()) do not come here.
        """
        if self._state.adding or self.pk is None:
            return
        compared = _written(type(self), self.frozen_fields, update_fields)
        status_written = update_fields is None or "status" in update_fields
        if not (compared or status_written or deleting):
            return
        stored = (
            Edition._base_manager.filter(pk=self.pk)
            .values("status", *german_columns(Edition, self.frozen_fields))
            .first()
        )
        if stored is None or stored["status"] not in self.FROZEN_STATUSES:
            return
        if deleting or _differs(self, stored, compared):
            raise frozen_edition_error(stored["council_decision_date"])
        if not status_written:
            return
        if self.status != stored["status"] and (stored["status"], self.status) != (
            self.Status.ADOPTED,
            self.Status.ARCHIVED,
        ):
            raise ValidationError(
                _(
                    "An adopted edition can only be archived, and an archived "
                    "edition stays archived."
                ),
                code="frozen_status",
            )


class EditionContentMixin:
    """A row of an edition's text (section, term, action field, goal,
    measure): it cannot be created, changed or deleted once its edition is
    adopted or archived.

    Enforced in clean() for forms and again in save() and delete() for code
    that skips clean(). Bulk writes cannot be intercepted: QuerySet.update(),
    QuerySet.delete() and bulk_create() bypass both, so only services that
    work on drafts (edition_copy_as_draft) may use them.
    """

    # Fields that are part of the adopted text; the parent link is one.
    frozen_fields: tuple[str, ...] = ()
    # The foreign key to the row this one belongs to.
    parent_field: str = "edition"
    # From this model to its edition, and from Edition to the parent row.
    edition_path: str = "edition"
    parent_path: str = "pk"

    def clean(self):
        super().clean()
        self.check_frozen()

    def save(self, **kwargs):
        self.check_frozen(update_fields=kwargs.get("update_fields"))
        super().save(**kwargs)

    def delete(self, **kwargs):
        self.check_frozen(deleting=True)
        return super().delete(**kwargs)

    def check_frozen(self, *, deleting: bool = False, update_fields=None) -> None:
        """Raise ValidationError if this write touches a frozen edition's text."""
        compared = _written(type(self), self.frozen_fields, update_fields)
        if not (compared or deleting):
            return
        frozen = Edition.FROZEN_STATUSES
        stored = None
        if not self._state.adding and self.pk is not None:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values(
                    *german_columns(type(self), self.frozen_fields),
                    frozen_status=F(f"{self.edition_path}__status"),
                    frozen_date=F(f"{self.edition_path}__council_decision_date"),
                )
                .first()
            )
        if stored is not None and stored["frozen_status"] in frozen:
            if deleting or _differs(self, stored, compared):
                raise frozen_edition_error(stored["frozen_date"])
            return
        if deleting:
            return
        parent_id = getattr(self, f"{self.parent_field}_id")
        if parent_id is None or (
            stored is not None and stored[self.parent_field] == parent_id
        ):
            return
        # A new row, or one moved to another parent: is that one frozen?
        target = (
            Edition._base_manager.filter(**{self.parent_path: parent_id})
            .values_list("status", "council_decision_date")
            .first()
        )
        if target is not None and target[0] in frozen:
            raise frozen_edition_error(target[1])


class Section(EditionContentMixin, models.Model):
    """An ordered chapter of an edition; its text is Markdown."""

    class Kind(models.TextChoices):
        PREAMBLE = "preamble", _("Preamble")
        UNDERSTANDING = "understanding", _("Understanding of integration")
        PRINCIPLES = "principles", _("Principles")
        TERMS = "terms", _("Central terms")
        GOALS = "goals", _("Goals")
        OTHER = "other", _("Other")

    frozen_fields = ("edition", "order", "kind", "title", "slug", "body")

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("edition"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("anchor"), max_length=80)
    body = models.TextField(_("text (Markdown)"), blank=True)
    # Not part of the adopted text (not in frozen_fields): like a translation,
    # staff may write and correct it while the edition is in force.
    easy_language = easy_language_field(_("summary in Leichte Sprache"))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["edition", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"], name="section_unique_slug_per_edition"
            ),
        ]

    def __str__(self):
        return self.title


class Term(EditionContentMixin, models.Model):
    """A central term (Begriff) of an edition with its definition."""

    frozen_fields = ("edition", "order", "term", "definition")

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="terms",
        verbose_name=_("edition"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    term = models.CharField(_("term"), max_length=120)
    definition = models.TextField(_("definition (Markdown)"), blank=True)

    class Meta:
        verbose_name = _("central term")
        verbose_name_plural = _("central terms")
        ordering = ["edition", "order", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "term"], name="term_unique_per_edition"
            ),
        ]

    def __str__(self):
        return self.term
