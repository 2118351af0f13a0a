"""Residents' contributions on a draft edition: comments and ideas, text
suggestions on a passage of a section, support for someone else's
contribution; what became of each (the integration centre's answer, the
goal, measure or text change it led to); and the staff's tools for
moderating them (reason templates, blocked terms)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import City, TimeStampedModel
from handlungsfelder.models import ActionField, Goal, Measure
from leitbild.models import Edition, Section
from registrations.models import District, StakeholderGroup

BODY_MAX_LENGTH = 4000
PASSAGE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 1000


class ContributionQuerySet(models.QuerySet):
    def public(self):
        """Contributions anyone may read: published, and those whose outcome
        is known (taken up, not taken up, merged)."""
        return self.filter(state__in=Contribution.PUBLIC_STATES)

    def waiting_for_moderation(self):
        """Confirmed contributions that staff have not decided on yet."""
        return self.filter(state=Contribution.State.RECEIVED)

    def on_target(self, *, section=None, action_field=None, goal=None):
        """Contributions on exactly one section, action field or goal."""
        return self.filter(section=section, action_field=action_field, goal=goal)

    def ordered(self, order: str = "newest"):
        """Newest first, or most supported first (then newest)."""
        if order == "supported":
            return self.order_by("-support_count", "-published_at", "-pk")
        return self.order_by("-published_at", "-pk")


class Contribution(TimeStampedModel):
    """One resident's comment, idea or text suggestion on a section, an
    action field or a goal of a draft edition."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment or idea")
        SUGGESTION = "suggestion", _("Text suggestion")

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
        RECEIVED = "received", _("Received")
        PUBLISHED = "published", _("Published")
        TAKEN_UP = "taken_up", _("Taken up")
        NOT_TAKEN_UP = "not_taken_up", _("Not taken up")
        MERGED = "merged", _("Merged into another contribution")
        REJECTED = "rejected", _("Not published")
        WITHDRAWN = "withdrawn", _("Withdrawn by its author")

    PUBLIC_STATES = (
        State.PUBLISHED,
        State.TAKEN_UP,
        State.NOT_TAKEN_UP,
        State.MERGED,
    )
    # States whose change the author hears about by e-mail.
    NOTIFIED_STATES = (
        State.PUBLISHED,
        State.TAKEN_UP,
        State.NOT_TAKEN_UP,
        State.MERGED,
        State.REJECTED,
    )

    edition = models.ForeignKey(
        Edition,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("edition"),
    )
    # Exactly one of the three targets is set (see the constraint).
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("section"),
    )
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("action field"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("goal"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMENT
    )
    body = models.TextField(
        _("text"),
        max_length=BODY_MAX_LENGTH,
        help_text=_("The comment or idea; for a text suggestion, its reason."),
    )
    passage = models.TextField(
        _("passage"),
        max_length=PASSAGE_MAX_LENGTH,
        blank=True,
        help_text=_("The words of the section the suggestion would replace."),
    )
    proposal = models.TextField(
        _("proposed wording"), max_length=PASSAGE_MAX_LENGTH, blank=True
    )

    # The author. Name and e-mail address are removed on the schedule of
    # sign-ups (`contributions_personal_data_purge`); the text stays,
    # credited to "a resident".
    author_name = models.CharField(_("name or pseudonym"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("user account"),
    )
    stakeholder_group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("stakeholder group"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("city district"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the person used; e-mails are sent in it."),
    )
    consent_at = models.DateTimeField(
        _("consented to the privacy notice at"), null=True, blank=True
    )

    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.UNCONFIRMED
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    state_changed_at = models.DateTimeField(
        _("state changed at"), null=True, blank=True
    )
    is_flagged = models.BooleanField(
        _("flagged"),
        default=False,
        help_text=_("Caught by a filter; staff must look at it before it is shown."),
    )
    flag_reason = models.CharField(_("why it was flagged"), max_length=300, blank=True)
    reason = models.TextField(
        _("reason"),
        max_length=REASON_MAX_LENGTH,
        blank=True,
        help_text=_("Why it was not taken up or not published; shown to the author."),
    )
    answer = models.TextField(
        _("public answer of the integration centre"),
        max_length=BODY_MAX_LENGTH,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    # What it led to (state "taken up").
    result_goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_contributions",
        verbose_name=_("led to the goal"),
    )
    result_measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_contributions",
        verbose_name=_("led to the measure"),
    )
    result_change = models.ForeignKey(
        "TextChange",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_contributions",
        verbose_name=_("led to the text change"),
    )
    support_count = models.PositiveIntegerField(_("supporters"), default=0)
    anonymised_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True
    )
    # The random key the e-mail links are signed over.
    public_id = models.UUIDField(
        _("public key"), default=uuid.uuid4, unique=True, editable=False
    )

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at"]
        permissions = [
            ("moderate_contribution", _("Can moderate contributions")),
            ("view_contributor_data", _("Can see personal data of contributors")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(section__isnull=False, action_field=None, goal=None)
                    | Q(section=None, action_field__isnull=False, goal=None)
                    | Q(section=None, action_field=None, goal__isnull=False)
                ),
                name="contribution_exactly_one_target",
                violation_error_message=_(
                    "A contribution is about exactly one section, action field or goal."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="comment")
                | (Q(section__isnull=False) & ~Q(passage="") & ~Q(proposal="")),
                name="contribution_suggestion_has_passage",
                violation_error_message=_(
                    "A text suggestion needs a section, a passage and a new wording."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state="merged") | Q(merged_into__isnull=False),
                name="contribution_merged_has_target",
                violation_error_message=_(
                    "Say which contribution this one was merged into."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "state"]),
            models.Index(fields=["action_field", "state", "published_at"]),
            models.Index(fields=["section", "state", "published_at"]),
            models.Index(fields=["goal", "state", "published_at"]),
        ]

    def __str__(self):
        # No personal data: this shows in admin history and messages.
        return _("Contribution %(number)s") % {"number": self.pk or "–"}

    @property
    def target(self):
        return self.section or self.action_field or self.goal

    @property
    def is_public(self) -> bool:
        return self.state in self.PUBLIC_STATES

    @property
    def credited_to(self) -> str:
        """The name shown with the contribution."""
        if self.anonymised_at is not None or not self.author_name:
            return str(_("a resident"))
        return self.author_name

    def get_absolute_url(self):
        return f"{target_url(self)}#beitrag-{self.pk}"


def target_url(contribution: Contribution) -> str:
    """The page of the section, action field or goal a contribution is on."""
    year = contribution.edition.year
    if contribution.section_id:
        return reverse(
            "contributions:section",
            kwargs={"year": year, "slug": contribution.section.slug},
        )
    if contribution.action_field_id:
        return reverse(
            "contributions:action_field",
            kwargs={"year": year, "slug": contribution.action_field.slug},
        )
    goal = contribution.goal
    return reverse(
        "contributions:goal",
        kwargs={"year": year, "slug": goal.action_field.slug, "pk": goal.pk},
    )


class Support(TimeStampedModel):
    """One person's support for a contribution; it counts once it is
    confirmed, once per e-mail address or account."""

    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("contribution"),
    )
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contribution_supports",
        verbose_name=_("user account"),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True
    )
    public_id = models.UUIDField(
        _("public key"), default=uuid.uuid4, unique=True, editable=False
    )

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "contribution",
                condition=~Q(email=""),
                name="support_once_per_email",
                violation_error_message=_(
                    "This e-mail address already supports this contribution."
                ),
            ),
            models.UniqueConstraint(
                fields=["contribution", "user"],
                condition=Q(user__isnull=False),
                name="support_once_per_account",
                violation_error_message=_("You already support this contribution."),
            ),
        ]

    def __str__(self):
        return _("Support for %(contribution)s") % {"contribution": self.contribution}


class TextChange(models.Model):
    """A change to a draft section's text made by accepting a suggestion:
    the passage, its replacement and the text before and after, on record."""

    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        related_name="text_changes",
        verbose_name=_("section"),
    )
    passage = models.TextField(_("replaced passage"))
    replacement = models.TextField(_("new wording"))
    body_before = models.TextField(_("text before"))
    body_after = models.TextField(_("text after"))
    note = models.TextField(_("why"), blank=True, help_text=_("Shown with the change."))
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("text change")
        verbose_name_plural = _("text changes")
        ordering = ["section", "created_at", "pk"]

    def __str__(self):
        return _("Change to “%(section)s”") % {"section": self.section}


class ReasonTemplate(models.Model):
    """A ready-made reason staff pick when they do not publish or do not take
    up a contribution; editable in the admin."""

    class Use(models.TextChoices):
        REJECT = "reject", _("Not published")
        NOT_TAKEN_UP = "not_taken_up", _("Not taken up")

    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        related_name="reason_templates",
        verbose_name=_("city"),
    )
    use = models.CharField(_("used for"), max_length=20, choices=Use.choices)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), max_length=REASON_MAX_LENGTH)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("reason template")
        verbose_name_plural = _("reason templates")
        ordering = ["city", "use", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "use", "title"], name="reasontemplate_unique_title"
            ),
        ]

    def __str__(self):
        return self.title


class BlockedTerm(models.Model):
    """A word or phrase that sends a contribution to the moderation queue
    with a flag (it is never refused outright: staff decide)."""

    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        related_name="blocked_terms",
        verbose_name=_("city"),
    )
    term = models.CharField(_("word or phrase"), max_length=100)

    class Meta:
        verbose_name = _("blocked term")
        verbose_name_plural = _("blocked terms")
        ordering = ["city", "term"]
        constraints = [
            models.UniqueConstraint(
                "city", Lower("term"), name="blockedterm_unique_per_city"
            ),
        ]

    def __str__(self):
        return self.term
