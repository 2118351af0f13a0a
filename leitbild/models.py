"""The city, its Leitbild editions, their sections and central terms."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class CityQuerySet(models.QuerySet):
    def current(self):
        """The city this portal serves (settings.CITY_SLUG)."""
        from django.conf import settings

        return self.get(slug=settings.CITY_SLUG)


class City(TimeStampedModel):
    """A municipality whose integration centre runs a Leitbild process.

    Everything that differs from city to city (names, contact, legal pages)
    lives here, loaded from the city's data file, so no template or code
    names a city.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    portal_name = models.CharField(
        _("portal name"),
        max_length=200,
        help_text=_("Shown in the header and the browser title."),
    )
    leitbild_title = models.CharField(
        _("title of the Leitbild"),
        max_length=200,
        help_text=_("For example: Leitbild Migration und Integration"),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Plain words on the home page: what the Leitbild is (Markdown)."),
    )
    organisation = models.CharField(
        _("responsible office"),
        max_length=200,
        help_text=_("The integration centre that runs the process."),
    )
    authority = models.CharField(
        _("authority"), max_length=200, help_text=_("For example: Stadt Münster")
    )
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)
    website = models.URLField(_("city's web page on the Leitbild"), blank=True)
    imprint = models.TextField(_("imprint (Markdown)"), blank=True)
    privacy = models.TextField(_("privacy notice (Markdown)"), blank=True)
    accessibility = models.TextField(
        _("accessibility statement (Markdown)"), blank=True
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]

    def __str__(self):
        return self.name


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


class Edition(TimeStampedModel):
    """One edition (Auflage) of the Leitbild, adopted by the council."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("In consultation")
        ADOPTED = "adopted", _("Adopted")
        ARCHIVED = "archived", _("Archived")

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
                condition=~Q(status="adopted") | Q(council_decision_date__isnull=False),
                name="edition_adopted_has_decision_date",
                violation_error_message=_(
                    "An adopted edition needs the date of the council decision."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.period_label})"

    def get_absolute_url(self):
        return reverse("leitbild:edition_detail", kwargs={"year": self.year})

    @property
    def period_label(self) -> str:
        if self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start)

    @property
    def is_draft(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.CONSULTATION}


class Section(models.Model):
    """An ordered chapter of an edition; its text is Markdown."""

    class Kind(models.TextChoices):
        PREAMBLE = "preamble", _("Preamble")
        UNDERSTANDING = "understanding", _("Understanding of integration")
        PRINCIPLES = "principles", _("Principles")
        TERMS = "terms", _("Central terms")
        GOALS = "goals", _("Goals")
        OTHER = "other", _("Other")

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


class Term(models.Model):
    """A central term (Begriff) of an edition with its definition."""

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
