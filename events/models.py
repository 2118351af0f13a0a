"""The participation process: its work phases, venues and events."""

import uuid
from urllib.parse import urlencode

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import City, TimeStampedModel
from leitbild.models import Edition


class Process(TimeStampedModel):
    """One cycle of the participatory process that produces an edition."""

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="processes", verbose_name=_("city")
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="processes",
        verbose_name=_("edition"),
        help_text=_("The edition this process prepares."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    description = models.TextField(_("description (Markdown)"), blank=True)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["city", "-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "slug"], name="process_unique_slug_per_city"
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="process_years_ordered",
                violation_error_message=_("The process cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title


class Phase(models.Model):
    """A work phase (Arbeitsphase) of a process, numbered I, II, III …"""

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="phases",
        verbose_name=_("process"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(
        _("period"),
        max_length=100,
        blank=True,
        help_text=_("As announced, for example: May 2023 to April 2024"),
    )
    description = models.TextField(_("description (Markdown)"), blank=True)

    class Meta:
        verbose_name = _("work phase")
        verbose_name_plural = _("work phases")
        ordering = ["process", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "number"], name="phase_unique_number_per_process"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="phase_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.numeral}. {self.title}"

    @property
    def numeral(self) -> str:
        """The phase number as a Roman numeral, as the city writes it."""
        numerals = [
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]  # fmt: skip
        number, result = self.number, ""
        for value, letters in numerals:
            while number >= value:
                result += letters
                number -= value
        return result


class Venue(TimeStampedModel):
    """A place where events happen."""

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="venues", verbose_name=_("city")
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    locality = models.CharField(_("town"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_(
            "Decimal degrees (WGS 84), for example 51.961800. Calendar programs "
            "show the place on a map; leave empty if unknown."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees (WGS 84), for example 7.628100."),
    )
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name", "street"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "name", "street"], name="venue_unique_name_street"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="venue_coordinates_both_or_neither",
                violation_error_message=_(
                    "Give both latitude and longitude, or neither."
                ),
            ),
        ]

    def __str__(self):
        return ", ".join(part for part in (self.name, self.street) if part)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        from django.core.exceptions import ValidationError

        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            raise ValidationError(
                {missing: _("Give both latitude and longitude, or neither.")},
                code="coordinates_incomplete",
            )

    @property
    def address(self) -> str:
        town = " ".join(part for part in (self.postcode, self.locality) if part)
        return ", ".join(part for part in (self.street, town) if part)

    @property
    def map_url(self) -> str:
        """A link to the place on OpenStreetMap (a search by address)."""
        query = (
            ", ".join(
                part for part in (self.street, self.postcode, self.locality) if part
            )
            or self.name
        )
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events visible to the public."""
        return self.filter(is_published=True)

    def upcoming(self, now=None):
        """Events that have not ended yet, soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        """Events that have ended, latest first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start")

    def for_listing(self):
        """Everything an agenda row shows, in a constant number of queries."""
        return self.select_related("venue", "phase").prefetch_related(
            "action_fields", "documents"
        )


# Namespace of the events' calendar UIDs (uuid5): a constant, never to change.
EVENT_UID_NAMESPACE = uuid.UUID("e22ce44d-b86f-40ec-bb62-5dc4c0fad7ff")


def event_uid_derive(*, city_slug: str, slug: str, attempt: int = 1) -> uuid.UUID:
    """The calendar UID of an event created with this slug in this city: the
    same on every database the city's data file is loaded into, whatever the
    ids or the portal's address. A later attempt is for a slug that an
    earlier event had when it was created (it has since been renamed)."""
    name = f"{city_slug}/{slug}" + (f"/{attempt}" if attempt > 1 else "")
    return uuid.uuid5(EVENT_UID_NAMESPACE, name)


class Event(TimeStampedModel):
    """A workshop, expert round, forum or other meeting of the process."""

    class Type(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        EXPERT_ROUND = "expert_round", _("Expert round")
        EXCHANGE = "exchange", _("Expert exchange")
        SPECIALIST_FORUM = "specialist_forum", _("Specialist forum")
        PLENARY = "plenary", _("Plenary / joint session")
        FINAL_EVENT = "final_event", _("Final event")
        OTHER = "other", _("Other")

    process = models.ForeignKey(
        Process,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("process"),
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("work phase"),
    )
    type = models.CharField(
        _("type"), max_length=30, choices=Type.choices, default=Type.WORKSHOP
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    uid = models.UUIDField(
        _("calendar UID"),
        unique=True,
        editable=False,
        # Replaced by the UID derived from the city and slug when the event is
        # first saved (see save()); bulk_create(), which bypasses save(),
        # keeps this random one.
        default=uuid.uuid4,
        help_text=_(
            "Identifies the event in subscribers' calendars; set when the "
            "event is created and never changed."
        ),
    )
    description = models.TextField(_("description (Markdown)"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("venue"),
    )
    room = models.CharField(_("room"), max_length=200, blank=True)
    action_fields = models.ManyToManyField(
        "handlungsfelder.ActionField",
        blank=True,
        related_name="events",
        verbose_name=_("action fields"),
    )
    # What the event produced: shown on its documentation, and on each goal
    # and measure as where it came from.
    goals = models.ManyToManyField(
        "handlungsfelder.Goal",
        blank=True,
        related_name="events",
        verbose_name=_("goals worked on"),
        help_text=_("Goals of the action fields that this event worked on."),
    )
    measures = models.ManyToManyField(
        "handlungsfelder.Measure",
        blank=True,
        related_name="events",
        verbose_name=_("measures worked on"),
        help_text=_("Measures that came out of this event or were worked on here."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Number of seats; leave empty for no limit."),
    )
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True
    )
    registration_closes = models.DateTimeField(
        _("registration closes"), null=True, blank=True
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    is_example = models.BooleanField(
        _("example"),
        default=False,
        help_text=_("Example data for trying the portal out, never real."),
    )
    results = models.TextField(
        _("documentation (Markdown)"),
        blank=True,
        help_text=_("Results of the event, shown on its page once it is over."),
    )
    sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_(
            "Grows whenever what calendars show changes (title, text, date, "
            "place, address or status), so calendars take the update."
        ),
    )
    capacity_alert_level = models.PositiveSmallIntegerField(
        _("capacity alert sent at (%)"),
        default=0,
        editable=False,
        help_text=_("The highest capacity threshold staff have been told about."),
    )

    objects = EventQuerySet.as_manager()

    # Changes to these fields reach subscribers' calendars (SEQUENCE grows):
    # what a calendar entry shows, its title, time, place, text, address
    # (the slug is in its URL) and status.
    CALENDAR_FIELDS = (
        "title",
        "description",
        "slug",
        "start",
        "end",
        "venue_id",
        "room",
        "is_cancelled",
        "is_published",
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start"]
        indexes = [models.Index(fields=["is_published", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="event_capacity_positive",
                violation_error_message=_(
                    "Capacity must be at least 1, or empty for no limit."
                ),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=F("registration_opens")),
                name="event_registration_window_ordered",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if self._state.adding:
            # The UID is fixed once, at creation, like created_at: a set-once
            # value of this row alone, and every way of creating an event
            # (admin, loader, examples, copies, tests) passes through here.
            self.uid = self._uid_for_new_event()
        elif self.pk is not None and not kwargs.get("force_insert"):
            stored = (
                Event.objects.filter(pk=self.pk)
                .values(*self.CALENDAR_FIELDS, "sequence")
                .first()
            )
            if stored is not None and any(
                stored[name] != getattr(self, name) for name in self.CALENDAR_FIELDS
            ):
                self.sequence = stored["sequence"] + 1
                update_fields = kwargs.get("update_fields")
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "sequence"}
        super().save(*args, **kwargs)

    def _uid_for_new_event(self) -> uuid.UUID:
        city_slug = self.process.city.slug
        attempt = 1
        while True:
            uid = event_uid_derive(city_slug=city_slug, slug=self.slug, attempt=attempt)
            if not Event.objects.filter(uid=uid).exists():
                return uid
            attempt += 1

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    def clean(self):
        from django.core.exceptions import ValidationError

        if (
            self.phase_id
            and self.process_id
            and self.phase.process_id != self.process_id
        ):
            raise ValidationError(
                {"phase": _("The work phase belongs to another process.")},
                code="phase_of_other_process",
            )
        if self.venue_id and self.process_id:
            if self.venue.city_id != self.process.city_id:
                raise ValidationError(
                    {"venue": _("The venue belongs to another city.")},
                    code="venue_of_other_city",
                )


class EventDocument(models.Model):
    """A file documenting an event: minutes, slides, photos of the results."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("event"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="veranstaltungen/%Y/")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["event", "order", "pk"]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        name = self.file.name or ""
        return name.rsplit(".", 1)[-1].upper() if "." in name else ""
