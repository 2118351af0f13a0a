"""E-mails about contributions, sent through the sign-ups' outbox.

They are queued with `registrations.emails.mail_queue` in the transaction of
the change they report (so a contribution is always saved first and a
failing mail server loses nothing), and rendered at sending time in the
language the person used, from the templates and context registered here.
"""

from django.urls import reverse

from registrations.emails import absolute_url, mail_kind_register, mail_queue
from registrations.models import OutgoingMail

from .models import Contribution, Support, target_url
from .tokens import contribution_token, support_token

Kind = OutgoingMail.Kind
KINDS = (Kind.CONTRIBUTION_CONFIRM, Kind.CONTRIBUTION_STATE, Kind.SUPPORT_CONFIRM)


def contribution_confirm_url(contribution: Contribution) -> str:
    token = contribution_token(contribution=contribution, purpose="confirm")
    return absolute_url(reverse("contributions:confirm", kwargs={"token": token}))


def contribution_withdraw_url(contribution: Contribution) -> str:
    token = contribution_token(contribution=contribution, purpose="withdraw")
    return absolute_url(reverse("contributions:withdraw", kwargs={"token": token}))


def support_confirm_url(support: Support) -> str:
    token = support_token(support=support)
    return absolute_url(
        reverse("contributions:support_confirm", kwargs={"token": token})
    )


def mail_queue_for_contribution(*, contribution: Contribution, kind: str):
    """Queue an e-mail to a contribution's author, in their language."""
    if contribution.anonymised_at is not None:
        return None
    return mail_queue(
        kind=kind,
        recipient=contribution.email,
        language=contribution.language,
        extra={"contribution": contribution.pk, "state": contribution.state},
    )


def mail_queue_for_support(*, support: Support):
    """Queue the e-mail that asks a supporter to confirm."""
    return mail_queue(
        kind=Kind.SUPPORT_CONFIRM,
        recipient=support.email,
        language=support.language,
        extra={"support": support.pk, "contribution": support.contribution_id},
    )


def _goal_url(goal) -> str:
    field = goal.action_field
    return absolute_url(
        reverse(
            "contributions:goal",
            kwargs={"year": field.edition.year, "slug": field.slug, "pk": goal.pk},
        )
    )


def _contribution_context(mail: OutgoingMail) -> dict:
    contribution = (
        Contribution.objects.select_related(
            "edition__city",
            "section",
            "action_field",
            "goal__action_field",
            "merged_into__edition",
            "merged_into__section",
            "merged_into__action_field",
            "merged_into__goal__action_field",
            "result_goal__action_field__edition",
            "result_measure__goal__action_field__edition",
            "result_change__section__edition",
        )
        .filter(pk=mail.extra.get("contribution"))
        .first()
    )
    if contribution is None:
        raise LookupError("The contribution of this e-mail no longer exists.")
    context = {
        "contribution": contribution,
        "edition": contribution.edition,
        "city": contribution.edition.city,
        "target": contribution.target,
        "contribution_url": absolute_url(contribution.get_absolute_url()),
        "page_url": absolute_url(target_url(contribution)),
        # The state the e-mail reports, even if it has moved on since.
        "state": Contribution.State(mail.extra.get("state", contribution.state)),
        "how_url": absolute_url(reverse("contributions:how")),
    }
    # What a state e-mail points to: the contribution it was merged into,
    # and the goal, measure (on its goal's page) or changed text it led to.
    if contribution.merged_into is not None:
        context["merged_into_url"] = absolute_url(
            contribution.merged_into.get_absolute_url()
        )
    if contribution.result_goal is not None:
        context["result_goal_url"] = _goal_url(contribution.result_goal)
    if contribution.result_measure is not None:
        context["result_measure_url"] = _goal_url(contribution.result_measure.goal)
    if contribution.result_change is not None:
        section = contribution.result_change.section
        context["result_change_url"] = absolute_url(
            reverse(
                "contributions:section",
                kwargs={"year": section.edition.year, "slug": section.slug},
            )
        )
    if contribution.anonymised_at is None:
        context["confirm_url"] = contribution_confirm_url(contribution)
        context["withdraw_url"] = contribution_withdraw_url(contribution)
    if mail.kind == Kind.SUPPORT_CONFIRM:
        support = Support.objects.filter(pk=mail.extra.get("support")).first()
        if support is None:
            raise LookupError("The support of this e-mail no longer exists.")
        context["support"] = support
        context["support_confirm_url"] = support_confirm_url(support)
    return context


def mail_kinds_register() -> None:
    """Tell the outbox how to render this app's e-mails."""
    for kind in KINDS:
        mail_kind_register(
            kind, template=f"contributions/email/{kind}", context=_contribution_context
        )
