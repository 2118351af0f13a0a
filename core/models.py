"""The base of every app: the city a portal serves and the abstract models
the others build on."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def easy_language_field(verbose_name) -> models.TextField:
    """A text in Leichte Sprache (plain German, by the rules of the Netzwerk
    Leichte Sprache), for the pages under /leichte-sprache/; may be empty."""
    return models.TextField(
        verbose_name,
        blank=True,
        help_text=_(
            "Leichte Sprache: short sentences, one statement each, hard words "
            "explained, no abbreviations, numbers as digits (Markdown)."
        ),
    )


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
    # Leichte Sprache (plain German) for the pages under /leichte-sprache/.
    easy_home = easy_language_field(_("home page in Leichte Sprache"))
    easy_participation = easy_language_field(_("how to take part, in Leichte Sprache"))
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
    # The licence under which the city publishes the portal's public records
    # (agenda, editions, action fields) as open data: the downloads and the
    # API name it. Empty: no licence is named.
    data_licence_name = models.CharField(
        _("licence of the open data"),
        max_length=200,
        blank=True,
        help_text=_(
            "For example: Datenlizenz Deutschland – Namensnennung – Version 2.0"
        ),
    )
    data_licence_url = models.URLField(
        _("address of the licence text"),
        blank=True,
        help_text=_("For example: https://www.govdata.de/dl-de/by-2-0"),
    )

    objects = CityQuerySet.as_manager()

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.data_licence_url and not self.data_licence_name:
            raise ValidationError(
                {
                    "data_licence_name": _(
                        "Name the licence whose text the address points to."
                    )
                },
                code="licence_without_name",
            )
