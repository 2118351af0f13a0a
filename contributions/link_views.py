"""The pages behind the links in contribution e-mails: confirming a
contribution, withdrawing it, and confirming a support.

Like the sign-ups' pages (registrations.views) they are personal: never
cached, never indexed. Opening a link only shows the page; the change takes
a button press (POST), so that mail scanners that open links cannot confirm
or withdraw for anyone.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from .models import Contribution, target_url
from .services import contribution_confirm, contribution_withdraw, support_confirm
from .tokens import InvalidToken, contribution_from_token, support_from_token

State = Contribution.State


def invalid_link(request, error: InvalidToken):
    return render(
        request,
        "contributions/invalid_link.html",
        {"reason": error.reason},
        status=404 if error.reason == "gone" else 400,
    )


class LinkView(View):
    """A page reached through a signed link; `post` makes the one change
    the link is for, then shows the page again (`self.redirect_name`)."""

    template_name = ""
    redirect_name = ""

    def find(self, token: str) -> Contribution:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        try:
            self.contribution = self.find(kwargs["token"])
        except InvalidToken as error:
            return invalid_link(request, error)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        contribution = self.contribution
        context = {
            "contribution": contribution,
            "edition": contribution.edition,
            "target": contribution.target,
            "target_url": target_url(contribution),
        }
        context.update(kwargs)
        return context

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self.get_context_data())

    def again(self):
        return redirect(self.redirect_name, token=self.kwargs["token"])


@method_decorator(never_cache, name="dispatch")
class ConfirmView(LinkView):
    """The link in the first e-mail: confirm one's contribution."""

    template_name = "contributions/contribution_confirm.html"
    redirect_name = "contributions:confirm"

    def find(self, token):
        return contribution_from_token(token=token, purpose="confirm")

    def get_context_data(self, **kwargs):
        contribution = self.contribution
        return super().get_context_data(
            publishes_directly=(
                contribution.edition.contributions_publish_directly
                and not contribution.is_flagged
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        was = self.contribution.state
        contribution = contribution_confirm(contribution=self.contribution)
        if was == State.UNCONFIRMED and contribution.state == State.PUBLISHED:
            messages.success(
                request, _("Thank you! Your contribution is confirmed and published.")
            )
        elif was == State.UNCONFIRMED:
            messages.success(
                request,
                _(
                    "Thank you! Your contribution is confirmed. It is published "
                    "once it has been checked."
                ),
            )
        return self.again()


@method_decorator(never_cache, name="dispatch")
class WithdrawView(LinkView):
    """The link in every e-mail about a contribution: take it back."""

    template_name = "contributions/contribution_withdraw.html"
    redirect_name = "contributions:withdraw"

    def find(self, token):
        return contribution_from_token(token=token, purpose="withdraw")

    def post(self, request, *args, **kwargs):
        if self.contribution.state != State.WITHDRAWN:
            contribution_withdraw(contribution=self.contribution)
            messages.success(
                request, _("Your contribution is withdrawn. It is no longer shown.")
            )
        return self.again()


@method_decorator(never_cache, name="dispatch")
class SupportConfirmView(LinkView):
    """The link in the e-mail to a supporter: confirm one's support."""

    template_name = "contributions/support_confirm.html"
    redirect_name = "contributions:support_confirm"

    def find(self, token):
        self.support = support_from_token(token=token)
        return self.support.contribution

    def get_context_data(self, **kwargs):
        return super().get_context_data(support=self.support, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.support.confirmed_at is None:
            try:
                support_confirm(support=self.support)
            except ValidationError as error:
                return render(
                    request,
                    self.template_name,
                    self.get_context_data(error=error.messages[0]),
                    status=409,
                )
            messages.success(request, _("Thank you! Your support is confirmed."))
        return self.again()
