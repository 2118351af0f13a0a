"""Everything that writes contributions: creating and confirming them,
support, moderation (publish, reject, take up, not take up, merge, answer),
withdrawal, applying a text suggestion to a draft, and removing personal
data. Each change of state that the author should hear about queues an
e-mail in the same transaction (`emails.mail_queue_for_contribution`)."""

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import content_changed
from core.languages import german_columns
from core.text import markdown_to_text
from handlungsfelder.models import ActionField, Goal, Measure
from leitbild.models import Edition, Section
from registrations.models import District, OutgoingMail, StakeholderGroup

from .emails import KINDS, mail_queue_for_contribution, mail_queue_for_support
from .models import BlockedTerm, Contribution, Support, TextChange

State = Contribution.State
Kind = OutgoingMail.Kind

_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


# Checks


def consultation_problem(
    *, edition: Edition, now: dt.datetime | None = None
) -> ValidationError | None:
    """Why residents cannot contribute to this edition now, or None."""
    if edition.consultation_is_open(now):
        return None
    now = now or timezone.now()
    if (
        edition.status == Edition.Status.CONSULTATION
        and edition.consultation_opens
        and now < edition.consultation_opens
    ):
        return ValidationError(
            _("The consultation has not opened yet."), code="not_open_yet"
        )
    return ValidationError(
        _(
            "The consultation on this draft is closed. What was published "
            "stays readable."
        ),
        code="closed",
    )


# Each plain character, and the typographic ones that count as the same in a
# passage: a resident may type "..." where the text has „...“, or a hyphen
# where it has a dash.
_VARIANTS = {'"': '"„“”', "'": "'‚‘’", "-": "-–—\u2011"}
_PLAIN = str.maketrans(
    {variant: plain for plain, variants in _VARIANTS.items() for variant in variants}
)


def _field_error(field: str, message, *, code: str) -> ValidationError:
    """An error beside one field that keeps its code (Django drops the
    `code` of a ValidationError built from a dict)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _normal(text: str) -> str:
    """Whitespace folded and typographic quotes and dashes made plain, so that
    a passage copied from the page matches however the browser copied it."""
    return " ".join(text.translate(_PLAIN).split())


def passage_occurrences(*, section: Section, passage: str) -> int:
    """How often a passage occurs in a section's German text (the draft that
    suggestions change, whatever language the page is in), as the page
    shows it (without Markdown markup) or as it is written."""
    wanted = _normal(passage)
    if not wanted:
        return 0
    (column,) = german_columns(Section, ("body",))
    body = getattr(section, column) or ""
    shown = _normal(markdown_to_text(body)).count(wanted)
    written = _normal(body).count(wanted)
    return max(shown, written)


def links_count(*texts: str) -> int:
    """Web addresses in the texts."""
    return sum(len(_LINK.findall(text or "")) for text in texts)


def blocked_terms_found(*, city_id: int, texts: list[str]) -> list[str]:
    """The city's blocked terms that occur in the texts (as words,
    ignoring case)."""
    found = []
    joined = "\n".join(texts)
    for term in BlockedTerm.objects.filter(city_id=city_id).values_list(
        "term", flat=True
    ):
        pattern = r"(?<!\w)" + re.escape(term.strip()) + r"(?!\w)"
        if term.strip() and re.search(pattern, joined, re.IGNORECASE):
            found.append(term)
    return found


def _target_edition(*, section, action_field, goal) -> Edition:
    targets = [target for target in (section, action_field, goal) if target]
    if len(targets) != 1:
        raise ValueError("Give exactly one of section, action_field or goal.")
    if section is not None:
        return section.edition
    if action_field is not None:
        return action_field.edition
    return goal.action_field.edition


# Residents


@transaction.atomic
def contribution_create(
    *,
    section: Section | None = None,
    action_field: ActionField | None = None,
    goal: Goal | None = None,
    kind: str = Contribution.Kind.COMMENT,
    body: str,
    passage: str = "",
    proposal: str = "",
    author_name: str = "",
    email: str = "",
    user=None,
    stakeholder_group: StakeholderGroup | None = None,
    district: District | None = None,
    language: str = "de",
    consent: bool = False,
    confirmed: bool = False,
    now: dt.datetime | None = None,
) -> Contribution:
    """Record a resident's comment or text suggestion.

    Signed-in residents skip the e-mail confirmation; everyone else gets a
    link to confirm (double opt-in). `confirmed=True` is for contributions
    that need no one to confirm them and may come without an address: what
    staff write down from a workshop's pin board, and the example data. A
    confirmed contribution waits for moderation unless its edition
    publishes directly and no filter caught it. Raises ValidationError
    (keyed by field where there is one) for a closed consultation, a passage
    that is not in the section, too many links, or anything the model
    refuses.
    """
    now = now or timezone.now()
    edition = _target_edition(section=section, action_field=action_field, goal=goal)
    problem = consultation_problem(edition=edition, now=now)
    if problem is not None:
        raise problem
    body, passage, proposal = body.strip(), passage.strip(), proposal.strip()
    if kind == Contribution.Kind.SUGGESTION:
        if section is None:
            raise ValidationError(
                _("Text suggestions are made on a section of the text."),
                code="suggestion_needs_section",
            )
        if _normal(passage) == _normal(proposal):
            raise _field_error(
                "proposal",
                _("The new wording is the same as the passage."),
                code="unchanged",
            )
        found = passage_occurrences(section=section, passage=passage)
        if found == 0:
            raise _field_error(
                "passage",
                _(
                    "This passage does not occur in the section. Copy the "
                    "words exactly as they stand in the text."
                ),
                code="passage_not_found",
            )
        if found > 1:
            raise _field_error(
                "passage",
                _(
                    "This passage occurs more than once in the section. "
                    "Copy a few more words so that it is clear which one "
                    "you mean."
                ),
                code="passage_ambiguous",
            )
    if links_count(body, proposal) > settings.CONTRIBUTION_MAX_LINKS:
        raise _field_error(
            "body",
            _("Please include at most %(limit)d web addresses.")
            % {"limit": settings.CONTRIBUTION_MAX_LINKS},
            code="too_many_links",
        )
    signed_in = user is not None and user.is_authenticated
    if signed_in:
        email = email or user.email
        author_name = author_name or user.get_full_name() or user.get_username()
    elif not email.strip() and not confirmed:
        # Without an address nobody could confirm it: it would wait forever.
        raise _field_error(
            "email",
            _("Please give your e-mail address to confirm it."),
            code="email_required",
        )
    blocked = blocked_terms_found(
        city_id=edition.city_id, texts=[author_name, body, proposal]
    )
    contribution = Contribution(
        edition=edition,
        section=section,
        action_field=action_field,
        goal=goal,
        kind=kind,
        body=body,
        passage=passage if kind == Contribution.Kind.SUGGESTION else "",
        proposal=proposal if kind == Contribution.Kind.SUGGESTION else "",
        author_name=" ".join(author_name.split()),
        email=email.strip(),
        user=user if signed_in else None,
        stakeholder_group=stakeholder_group,
        district=district,
        language=language,
        consent_at=now if consent or signed_in else None,
        is_flagged=bool(blocked),
        flag_reason=(
            _("Contains a blocked term: %(terms)s") % {"terms": ", ".join(blocked)}
            if blocked
            else ""
        ),
        state=State.UNCONFIRMED,
        state_changed_at=now,
    )
    contribution.full_clean()
    contribution.save()
    if signed_in or confirmed:
        _confirmed(contribution, now)
    else:
        mail_queue_for_contribution(
            contribution=contribution, kind=Kind.CONTRIBUTION_CONFIRM
        )
    return contribution


def _confirmed(contribution: Contribution, now: dt.datetime) -> None:
    contribution.confirmed_at = now
    publish = (
        contribution.edition.contributions_publish_directly
        and not contribution.is_flagged
    )
    _state_set(
        contribution,
        State.PUBLISHED if publish else State.RECEIVED,
        now=now,
        fields=["confirmed_at"],
    )


@transaction.atomic
def contribution_confirm(
    *, contribution: Contribution, now: dt.datetime | None = None
) -> Contribution:
    """Confirm a contribution through its e-mail link. Confirming again, or
    after moderation, changes nothing."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    if contribution.state == State.UNCONFIRMED:
        _confirmed(contribution, now)
    return contribution


@transaction.atomic
def contribution_withdraw(
    *, contribution: Contribution, now: dt.datetime | None = None
) -> Contribution:
    """The author takes their contribution back: it is no longer shown.
    A change it already led to stays, as the integration centre's own."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    if contribution.state != State.WITHDRAWN:
        _state_set(contribution, State.WITHDRAWN, now=now, notify=False)
    return contribution


@transaction.atomic
def support_create(
    *,
    contribution: Contribution,
    email: str = "",
    user=None,
    language: str = "de",
    now: dt.datetime | None = None,
) -> Support:
    """Support a published contribution. Counts at once for a signed-in
    resident, else once the e-mail link is confirmed; once per address or
    account. Raises ValidationError when the consultation is closed, the
    contribution is not public, or this person already supports it."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    problem = consultation_problem(edition=contribution.edition, now=now)
    if problem is not None:
        raise problem
    if contribution.state not in (State.PUBLISHED, State.TAKEN_UP):
        raise ValidationError(
            _("Only published contributions can be supported."), code="not_public"
        )
    signed_in = user is not None and user.is_authenticated
    email = (email or (user.email if signed_in else "")).strip()
    if not signed_in and not email:
        raise _field_error(
            "email",
            _("Please give your e-mail address to confirm it."),
            code="email_required",
        )
    supports = contribution.supports.all()
    own = (signed_in and contribution.user_id == user.pk) or (
        email and contribution.email.lower() == email.lower()
    )
    if own:
        raise ValidationError(
            _("You cannot support your own contribution."), code="own"
        )
    already = (signed_in and supports.filter(user=user).exists()) or (
        email
        and supports.annotate(address=Lower("email"))
        .filter(address=email.lower())
        .exists()
    )
    if already:
        raise _field_error(
            "email",
            _("This contribution is already supported from this address."),
            code="already_supported",
        )
    support = Support(
        contribution=contribution,
        email=email,
        user=user if signed_in else None,
        language=language,
    )
    support.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            support.save()
    except IntegrityError as error:  # a second request won the race
        raise _field_error(
            "email",
            _("This contribution is already supported from this address."),
            code="already_supported",
        ) from error
    if signed_in:
        _support_count(support, now)
    else:
        mail_queue_for_support(support=support)
    return support


@transaction.atomic
def support_confirm(*, support: Support, now: dt.datetime | None = None) -> Support:
    """Confirm a support through its e-mail link; it counts from now on.
    Confirming again changes nothing. Raises ValidationError when the
    contribution is no longer shown (withdrawn or not published since)."""
    now = now or timezone.now()
    support = Support.objects.select_for_update().get(pk=support.pk)
    if support.confirmed_at is not None:
        return support
    state = Contribution.objects.values_list("state", flat=True).get(
        pk=support.contribution_id
    )
    if state not in Contribution.PUBLIC_STATES:
        raise ValidationError(
            _("This contribution is no longer shown, so it cannot be supported."),
            code="not_public",
        )
    _support_count(support, now)
    return support


def _support_count(support: Support, now: dt.datetime) -> None:
    support.confirmed_at = now
    support.save(update_fields=["confirmed_at", "updated_at"])
    Contribution.objects.filter(pk=support.contribution_id).update(
        support_count=F("support_count") + 1
    )
    # update() sends no signal: the pages that show the count must still go.
    content_changed(sender=Contribution)


# Staff


def _lock(contribution: Contribution) -> Contribution:
    return (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("edition")
        .get(pk=contribution.pk)
    )


def _state_set(
    contribution: Contribution,
    state: str,
    *,
    now: dt.datetime,
    fields: list[str] | None = None,
    notify: bool = True,
) -> None:
    """Move to `state`, save the given fields with it, and tell the author
    when it is a state they hear about."""
    changed = contribution.state != state
    contribution.state = state
    update = {"state", "updated_at", *(fields or [])}
    if changed:
        contribution.state_changed_at = now
        update.add("state_changed_at")
    if state in Contribution.PUBLIC_STATES and contribution.published_at is None:
        contribution.published_at = now
        update.add("published_at")
    contribution.full_clean()
    contribution.save(update_fields=sorted(update))
    if changed and notify and state in Contribution.NOTIFIED_STATES:
        mail_queue_for_contribution(
            contribution=contribution, kind=Kind.CONTRIBUTION_STATE
        )


def _refuse_unconfirmed(contribution: Contribution) -> None:
    if contribution.state in (State.UNCONFIRMED, State.WITHDRAWN):
        raise ValidationError(
            _(
                "This contribution was not confirmed by its author, or was "
                "withdrawn; it cannot be moderated."
            ),
            code="not_moderatable",
        )


@transaction.atomic
def contribution_publish(
    *, contribution: Contribution, now: dt.datetime | None = None
) -> Contribution:
    """Show a received (or earlier rejected) contribution to everyone."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    _refuse_unconfirmed(contribution)
    if contribution.state in (State.RECEIVED, State.REJECTED):
        contribution.is_flagged = False
        _state_set(contribution, State.PUBLISHED, now=now, fields=["is_flagged"])
    return contribution


@transaction.atomic
def contribution_reject(
    *, contribution: Contribution, reason: str, now: dt.datetime | None = None
) -> Contribution:
    """Do not publish a contribution (or take it down), with a reason the
    author is told."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    _refuse_unconfirmed(contribution)
    _reason_required(reason)
    contribution.reason = reason.strip()
    _state_set(contribution, State.REJECTED, now=now, fields=["reason"])
    return contribution


@transaction.atomic
def contribution_not_take_up(
    *, contribution: Contribution, reason: str, now: dt.datetime | None = None
) -> Contribution:
    """Mark a contribution as not taken up, with a short public reason."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    _refuse_unconfirmed(contribution)
    _reason_required(reason)
    contribution.reason = reason.strip()
    _state_set(contribution, State.NOT_TAKEN_UP, now=now, fields=["reason"])
    return contribution


def _reason_required(reason: str) -> None:
    if not (reason or "").strip():
        raise _field_error(
            "reason",
            _("Please give a reason; the author is told it."),
            code="reason_required",
        )


@transaction.atomic
def contribution_take_up(
    *,
    contribution: Contribution,
    goal: Goal | None = None,
    measure: Measure | None = None,
    change: TextChange | None = None,
    answer: str = "",
    now: dt.datetime | None = None,
) -> Contribution:
    """Mark a contribution as taken up, linked to the goal, measure or text
    change it led to (at least one)."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    _refuse_unconfirmed(contribution)
    if goal is None and measure is None and change is None:
        raise ValidationError(
            _("Link the goal, measure or text change the contribution led to."),
            code="result_required",
        )
    contribution.result_goal = goal or contribution.result_goal
    contribution.result_measure = measure or contribution.result_measure
    contribution.result_change = change or contribution.result_change
    fields = ["result_goal", "result_measure", "result_change", "is_flagged"]
    contribution.is_flagged = False
    if answer.strip():
        contribution.answer = answer.strip()
        contribution.answered_at = now
        fields += ["answer", "answered_at"]
    _state_set(contribution, State.TAKEN_UP, now=now, fields=fields)
    return contribution


@transaction.atomic
def contribution_merge(
    *,
    contribution: Contribution,
    into: Contribution,
    now: dt.datetime | None = None,
) -> Contribution:
    """Merge a duplicate into another contribution of the same edition,
    which stays and is shown in its place."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    _refuse_unconfirmed(contribution)
    if into.pk == contribution.pk:
        raise _field_error(
            "merged_into",
            _("A contribution cannot be merged into itself."),
            code="merge_self",
        )
    if into.edition_id != contribution.edition_id:
        raise _field_error(
            "merged_into",
            _("Merge only contributions on the same edition."),
            code="merge_other_edition",
        )
    if into.state == State.MERGED or into.state not in Contribution.PUBLIC_STATES:
        raise _field_error(
            "merged_into",
            _("Merge into a published contribution that was not merged itself."),
            code="merge_target_not_public",
        )
    contribution.merged_into = into
    # What was merged into this one now points to the one that stays.
    Contribution.objects.filter(merged_into=contribution).update(merged_into=into)
    _state_set(contribution, State.MERGED, now=now, fields=["merged_into"])
    return contribution


@transaction.atomic
def contribution_answer(
    *, contribution: Contribution, answer: str, now: dt.datetime | None = None
) -> Contribution:
    """Answer a contribution publicly as the integration centre (an empty
    answer removes it). The state stays."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    contribution.answer = answer.strip()
    contribution.answered_at = now if contribution.answer else None
    contribution.full_clean()
    contribution.save(update_fields=["answer", "answered_at", "updated_at"])
    return contribution


def _passage_pattern(passage: str) -> re.Pattern:
    """The passage as written in the Markdown source, whatever the
    whitespace between its words and whichever quotes and dashes it uses
    (as `passage_occurrences` tolerates them)."""

    def character(char: str) -> str:
        variants = _VARIANTS.get(char)
        return f"[{re.escape(variants)}]" if variants else re.escape(char)

    words = _normal(passage).split(" ")
    return re.compile(r"\s+".join("".join(map(character, word)) for word in words))


@transaction.atomic
def suggestion_apply(
    *,
    contribution: Contribution,
    user=None,
    note: str = "",
    now: dt.datetime | None = None,
) -> TextChange | None:
    """Accept a text suggestion: replace its passage in the draft section's
    text, record the change, and mark the suggestion taken up and linked to
    it. A passage that no longer occurs exactly once in the text is not
    applied: the suggestion is flagged for staff and None returned. Adopted
    editions stay frozen (the section refuses the change)."""
    now = now or timezone.now()
    contribution = _lock(contribution)
    _refuse_unconfirmed(contribution)
    if contribution.kind != Contribution.Kind.SUGGESTION:
        raise ValidationError(
            _("Only text suggestions can be applied to the text."),
            code="not_a_suggestion",
        )
    if contribution.result_change_id is not None:
        raise ValidationError(
            _("This suggestion has already been applied."), code="already_applied"
        )
    section = Section.objects.select_for_update().get(pk=contribution.section_id)
    if section.edition.is_frozen:
        raise section.edition.frozen_error()
    # The suggestion changes the German text, which is the draft; its
    # translations follow by hand. Staff may be using the admin in English.
    (column,) = german_columns(Section, ("body",))
    before = getattr(section, column) or ""
    matches = list(_passage_pattern(contribution.passage).finditer(before))
    if len(matches) != 1:
        contribution.is_flagged = True
        contribution.flag_reason = str(
            _("The passage no longer occurs in the section's text.")
            if not matches
            else _("The passage occurs more than once in the section's text.")
        )
        contribution.save(update_fields=["is_flagged", "flag_reason", "updated_at"])
        return None
    match = matches[0]
    after = before[: match.start()] + contribution.proposal + before[match.end() :]
    setattr(section, column, after)
    section.full_clean()
    section.save()
    change = TextChange.objects.create(
        section=section,
        passage=match.group(0),
        replacement=contribution.proposal,
        body_before=before,
        body_after=after,
        note=note.strip() or contribution.body,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    contribution_take_up(contribution=contribution, change=change, now=now)
    return change


# Personal data


@transaction.atomic
def contributions_personal_data_purge(
    *, now: dt.datetime | None = None, days: int | None = None
) -> int:
    """Remove names, addresses and accounts of contributors and supporters
    of consultations that closed more than `days` days ago. The text, its
    state and the statistics stay; the contribution is credited to "a
    resident". Returns the number of contributions purged."""
    now = now or timezone.now()
    days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
    cutoff = now - dt.timedelta(days=days)
    purge = Contribution.objects.filter(
        anonymised_at__isnull=True, edition__consultation_closes__lt=cutoff
    )
    ids = list(purge.values_list("pk", flat=True))
    OutgoingMail.objects.filter(kind__in=KINDS, extra__contribution__in=ids).delete()
    Support.objects.filter(contribution_id__in=ids, anonymised_at__isnull=True).update(
        email="", user=None, anonymised_at=now, updated_at=now
    )
    return Contribution.objects.filter(pk__in=ids).update(
        author_name="",
        email="",
        user=None,
        anonymised_at=now,
        updated_at=now,
    )
