"""The public pages of events that show their sign-ups: the agenda with each
event's sign-up state, and an event's page with its sign-up form.

They live here, above the events app, because they combine an event with
its registrations. Cached for anonymous visitors (core.cache.public_page).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from django.views.generic.edit import FormMixin

from core.forms import form_errors_from
from core.selectors import city_or_404
from events.models import Event
from events.timeline import process_timeline
from handlungsfelder.models import Goal, Measure

from .forms import RegistrationForm
from .ratelimit import signup_rate_exceeded
from .selectors import (
    AgendaFilter,
    agenda_for_city,
    event_signup_state,
    with_seats_taken,
)
from .services import AlreadyRegistered, registration_create
from .structured_data import event_jsonld
from .tokens import registration_token


class AgendaView(TemplateView):
    template_name = "registrations/event_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = city_or_404()
        agenda_filter = AgendaFilter.from_query(self.request.GET, city=city)
        context["agenda"] = agenda_for_city(city=city, agenda_filter=agenda_filter)
        context["agenda_filter"] = agenda_filter
        # The whole process at a glance, above the agenda; not over a
        # filtered agenda, which lists only what matches the filter.
        if not agenda_filter.is_active:
            context["timeline"] = process_timeline(city=city)
        return context


class EventDetailView(FormMixin, DetailView):
    """One event, with its sign-up form while registration is open."""

    template_name = "registrations/event_detail.html"
    context_object_name = "event"
    form_class = RegistrationForm

    def get_object(self, queryset=None):
        city = city_or_404()
        return get_object_or_404(
            with_seats_taken(
                Event.objects.published()
                .filter(process__city=city)
                .select_related("venue", "phase", "process", "process__city")
                .prefetch_related(
                    "action_fields",
                    "documents",
                    # What it produced, listed with its documentation.
                    Prefetch(
                        "goals",
                        queryset=Goal.objects.select_related(
                            "action_field__edition"
                        ).order_by("action_field__order", "action_field_id", "order"),
                    ),
                    Prefetch(
                        "measures",
                        queryset=Measure.objects.select_related(
                            "goal__action_field__edition"
                        ).order_by("goal__action_field__order", "goal__order", "order"),
                    ),
                )
            ),
            slug=self.kwargs["slug"],
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["city"] = self.object.process.city
        kwargs["privacy_url"] = reverse("privacy")
        return kwargs

    def get_initial(self):
        user = self.request.user
        if not user.is_authenticated:
            return {}
        return {"name": user.get_full_name(), "email": user.email}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signup = event_signup_state(event=self.object)
        context["signup"] = signup
        # The same for every visitor (the page cache keeps it): the event
        # and its seats, never who is looking.
        context["structured_data"] = event_jsonld(
            self.object,
            signup=signup,
            url=settings.SITE_URL + self.object.get_absolute_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not event_signup_state(event=self.object).accepts_signups:
            # The page now says why; nothing the person typed matters.
            return self.get(request, *args, **kwargs)
        form = self.get_form()
        if form.is_spam:
            form.add_error(
                None, _("Your sign-up could not be processed. Please try again.")
            )
            return self.form_invalid(form)
        if signup_rate_exceeded(request):
            form.add_error(
                None,
                _(
                    "Too many sign-ups have come from your connection in the last "
                    "hour. Please try again later, or register by phone or e-mail."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user if self.request.user.is_authenticated else None
        try:
            registration = registration_create(
                event=self.object,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                stakeholder_group=data["stakeholder_group"],
                district=data["district"],
                interpretation_language=data["interpretation_language"],
                accessibility_needs=data["accessibility_needs"],
                needs_childcare=data["needs_childcare"],
                consent=data["consent"],
                language=get_language() or "de",
                user=user,
            )
        except AlreadyRegistered:
            form.add_error(
                "email",
                _(
                    "This e-mail address is already registered for this event. "
                    "We have sent the link to your registration to it again."
                ),
            )
            return self.form_invalid(form)
        except ValidationError as error:
            form_errors_from(form, error)
            return self.form_invalid(form)
        token = registration_token(registration=registration, purpose="receipt")
        return HttpResponseRedirect(
            reverse("registrations:received", kwargs={"token": token})
        )
