"""The pages behind the links in sign-up e-mails, and "My registrations".

These pages are personal: they are never cached and carry no index hint.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from .emails import checkin_url, render_qr_svg
from .models import Registration
from .selectors import event_signup_state, registrations_of_user
from .services import registration_cancel, registration_confirm, waitlist_position
from .tokens import InvalidToken, registration_from_token, registration_token


def invalid_link(request, error: InvalidToken):
    return render(
        request,
        "registrations/invalid_link.html",
        {"reason": error.reason},
        status=404 if error.reason == "gone" else 400,
    )


class TokenView(View):
    """A page reached through a signed link of one purpose."""

    purpose = ""
    template_name = ""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.registration = registration_from_token(
                token=kwargs["token"], purpose=self.purpose
            )
        except InvalidToken as error:
            return invalid_link(request, error)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        registration = self.registration
        context = {
            "registration": registration,
            "event": registration.event,
            "position": waitlist_position(registration=registration),
            "signup": event_signup_state(event=registration.event),
            "token": self.kwargs["token"],
        }
        context.update(kwargs)
        return context

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self.get_context_data())


@method_decorator(never_cache, name="dispatch")
class ReceivedView(TokenView):
    """Right after the form: what happens next ("check your inbox")."""

    purpose = "receipt"
    template_name = "registrations/registration_received.html"


@method_decorator(never_cache, name="dispatch")
class ConfirmView(TokenView):
    """The link in the first e-mail. Confirming takes a button press (POST),
    so that mail scanners that open links cannot confirm for anyone."""

    purpose = "confirm"
    template_name = "registrations/registration_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["manage_token"] = registration_token(
            registration=self.registration, purpose="manage"
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            registration = registration_confirm(registration=self.registration)
        except ValidationError as error:
            return render(
                request,
                self.template_name,
                self.get_context_data(error=error.messages[0]),
                status=409,
            )
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(
                request,
                _("Your registration is confirmed. We have sent you an e-mail."),
            )
        else:
            messages.info(request, _("Your e-mail address is confirmed."))
        token = registration_token(registration=registration, purpose="manage")
        return redirect("registrations:manage", token=token)


@method_decorator(never_cache, name="dispatch")
class ManageView(TokenView):
    """One's own registration: status, code, calendar, and cancelling."""

    purpose = "manage"
    template_name = "registrations/registration_manage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration
        if registration.status in Registration.SEAT_STATUSES and (
            registration.status != Registration.Status.PENDING
        ):
            context["qr_svg"] = render_qr_svg(checkin_url(registration))
        context["can_cancel"] = (
            registration.status != Registration.Status.CANCELLED
            and not registration.event.is_past
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.get_context_data()["can_cancel"]:
            messages.error(request, _("This registration can no longer be cancelled."))
            return redirect("registrations:manage", token=kwargs["token"])
        _registration, _promoted = registration_cancel(registration=self.registration)
        messages.success(
            request,
            _("Your registration is cancelled. We have sent you a confirmation."),
        )
        return redirect("registrations:manage", token=kwargs["token"])


@method_decorator([never_cache, login_required], name="dispatch")
class MyRegistrationsView(View):
    """A signed-in person's sign-ups, with links to manage each."""

    def get(self, request):
        registrations = list(registrations_of_user(request.user))
        for registration in registrations:
            registration.manage_token = registration_token(
                registration=registration, purpose="manage"
            )
        upcoming = [r for r in registrations if not r.event.is_past]
        past = [r for r in registrations if r.event.is_past]
        return render(
            request,
            "registrations/registration_list.html",
            {"upcoming": upcoming[::-1], "past": past},
        )
