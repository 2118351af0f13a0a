"""The public pages of the consultation on a draft: a section, an action
field and a goal with their published contributions and the forms to add
one; the edition page with where the consultation stands; "how to take
part"; and supporting a contribution.

Cached for anonymous visitors (core.cache.public_page): the forms carry
`{% csrf_field %}`, and a posted form is answered by a redirect (with a
message, which keeps that visitor off the cache) or by the page with the
form's errors, never cached.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from core.content_language import shown_language
from core.forms import form_errors_from
from core.selectors import city_or_404
from events import views as events_views
from handlungsfelder import views as handlungsfelder_views
from handlungsfelder.compare import compare_texts
from handlungsfelder.models import ActionField, Goal, Measure
from handlungsfelder.selectors import action_field_by_address
from leitbild.models import Section
from leitbild.selectors import edition_is_in_force
from registrations.ratelimit import client_address, rate_exceeded

from .forms import ContributionForm, SuggestionForm, SupportForm
from .models import Contribution
from .selectors import (
    consultation_state,
    contributions_page,
    goal_events,
    goal_source_contributions,
    order_from,
    section_contribution_counts,
    with_diff,
)
from .services import consultation_problem, contribution_create, support_create

RATE_LIMIT_ERROR = _(
    "Too many contributions have come from your connection in the last hour. "
    "Please try again later."
)
EMAIL_RATE_LIMIT_ERROR = _(
    "Too many contributions have come from this e-mail address in the last "
    "hour. Please try again later."
)
SPAM_ERROR = _("Your contribution could not be processed. Please try again.")


def _signed_in_user(request):
    return request.user if request.user.is_authenticated else None


def _address_rate_exceeded(request, what: str) -> bool:
    return rate_exceeded(
        f"{what}-rate:{client_address(request)}",
        limit=settings.CONTRIBUTION_RATE_LIMIT_PER_HOUR,
    )


def _email_rate_exceeded(request, what: str, email: str) -> bool:
    user = _signed_in_user(request)
    who = f"user-{user.pk}" if user is not None else email.strip().lower()
    return rate_exceeded(
        f"{what}-email:{who}", limit=settings.CONTRIBUTION_RATE_LIMIT_PER_EMAIL
    )


# What can be supported (contributions.services.support_create).
SUPPORTABLE_STATES = (Contribution.State.PUBLISHED, Contribution.State.TAKEN_UP)


def support_form(request, contribution: Contribution, data=None) -> SupportForm:
    """The form that supports one contribution (its prefix keeps the ids of
    the forms in a list apart)."""
    return SupportForm(
        data=data,
        prefix=f"support-{contribution.pk}",
        signed_in=request.user.is_authenticated,
        privacy_url=reverse("privacy"),
    )


class ContributionPageMixin:
    """A page with the published contributions on one section, action field
    or goal, and the forms to add one while the consultation is open."""

    form_classes = {"comment": ContributionForm}

    def contribution_target(self) -> dict:
        """section=…, action_field=… or goal=…: what this page is about."""
        raise NotImplementedError

    def contribution_edition(self):
        raise NotImplementedError

    def contribution_form(self, name: str, data=None):
        user = _signed_in_user(self.request)
        return self.form_classes[name](
            data=data,
            prefix=name,
            city=self.contribution_edition().city_id,
            signed_in=user is not None,
            privacy_url=reverse("privacy"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consultation = consultation_state(edition=self.contribution_edition())
        order = order_from(self.request.GET.get("sortierung"))
        posted = kwargs.get("posted_form")
        page = contributions_page(
            target=self.contribution_target(),
            order=order,
            page_number=self.request.GET.get("seite"),
        )
        if consultation.is_open:
            for contribution in page.object_list:
                if contribution.state in SUPPORTABLE_STATES:
                    contribution.support_form = support_form(self.request, contribution)
        forms = {}
        for name in self.form_classes:
            if posted is not None and posted.prefix == name:
                forms[name] = posted
            elif consultation.is_open:
                forms[name] = self.contribution_form(name)
        context.update(
            consultation=consultation,
            contributions=page,
            order=order,
            next_url=self.request.get_full_path(),
            comment_form=forms.get("comment"),
            suggestion_form=forms.get("suggestion"),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        name = request.POST.get("form")
        if name not in self.form_classes:
            name = "comment"
        form = self.contribution_form(name, data=request.POST)
        status = 200
        problem = consultation_problem(edition=self.contribution_edition())
        if problem is not None:
            form.add_error(None, problem)
        elif form.is_spam:
            form.add_error(None, SPAM_ERROR)
        elif _address_rate_exceeded(request, "contribution"):
            form.add_error(None, RATE_LIMIT_ERROR)
            status = 429
        elif form.is_valid():
            email = form.cleaned_data.get("email", "")
            if _email_rate_exceeded(request, "contribution", email):
                form.add_error(
                    "email" if "email" in form.fields else None, EMAIL_RATE_LIMIT_ERROR
                )
                status = 429
            else:
                return self.form_valid(form)
        response = self.render_to_response(self.get_context_data(posted_form=form))
        response.status_code = status
        return response

    def form_valid(self, form):
        data = form.cleaned_data
        user = _signed_in_user(self.request)
        try:
            contribution = contribution_create(
                **self.contribution_target(),
                kind=form.kind,
                body=data["body"],
                passage=data.get("passage", ""),
                proposal=data.get("proposal", ""),
                author_name=data["author_name"],
                email=data.get("email", ""),
                user=user,
                stakeholder_group=data["stakeholder_group"],
                district=data["district"],
                language=get_language() or settings.LANGUAGE_CODE,
                consent=data["consent"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
            return self.render_to_response(self.get_context_data(posted_form=form))
        if contribution.state == Contribution.State.UNCONFIRMED:
            message = _(
                "Thank you! Please check your inbox: your contribution counts "
                "once you have confirmed it with the link we have sent you."
            )
        elif contribution.state == Contribution.State.PUBLISHED:
            message = _("Thank you! Your contribution is published below.")
        else:
            message = _(
                "Thank you! Staff of the integration centre will read your "
                "contribution before it is published."
            )
        messages.success(self.request, message)
        # To the top of the page, where the message is (the form's action
        # carries the fragment of its heading, which a redirect would keep).
        return HttpResponseRedirect(f"{self.request.path}#main")


class SectionView(ContributionPageMixin, DetailView):
    """A section of an edition with its text, the text changes made from
    suggestions, its published contributions, and the forms for a comment
    and a text suggestion."""

    template_name = "contributions/section_detail.html"
    context_object_name = "section"
    form_classes = {"comment": ContributionForm, "suggestion": SuggestionForm}

    def get_object(self, queryset=None):
        return get_object_or_404(
            Section.objects.select_related("edition"),
            edition__city=city_or_404(),
            edition__year=self.kwargs["year"],
            slug=self.kwargs["slug"],
        )

    def contribution_target(self) -> dict:
        return {"section": self.object}

    def contribution_edition(self):
        return self.object.edition

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text_changes = list(self.object.text_changes.all())
        for change in text_changes:
            change.diff = compare_texts(change.passage, change.replacement)
        context.update(
            edition=self.object.edition,
            text_changes=text_changes,
            # Suggestions change the German text (the draft itself): where
            # the page shows a translation, they quote the German one.
            german_body=(
                self.object.body_de
                if shown_language(self.object, "body") != settings.LANGUAGE_CODE
                else None
            ),
        )
        return context


class ActionFieldView(ContributionPageMixin, events_views.ActionFieldDetailView):
    """An action field with its goals, measures and events (as the events
    app shows it), and its published contributions with the comment form.
    At /leitbild/<year>/handlungsfelder/<slug>/ the field of that edition;
    at /handlungsfelder/<slug>/ the one in force."""

    template_name = "contributions/actionfield_detail.html"

    def get_object(self, queryset=None):
        if "year" not in self.kwargs:
            return super().get_object(queryset)
        return get_object_or_404(
            ActionField.objects.select_related("edition").with_goals_and_measures(),
            edition__city=city_or_404(),
            edition__year=self.kwargs["year"],
            slug=self.kwargs["slug"],
        )

    def contribution_target(self) -> dict:
        return {"action_field": self.object}

    def contribution_edition(self):
        return self.object.edition

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One address for search engines: /handlungsfelder/<slug>/ when that
        # address leads to this field (the edition in force's, or an earlier
        # one whose slug it did not take), else its edition's address. A
        # draft's field keeps its own (no query needed to know).
        edition = self.object.edition
        canonical = self.request.path
        if "year" in self.kwargs and not edition.is_draft:
            if (
                edition.status == edition.Status.ADOPTED
                or self._short_address_leads_here()
            ):
                canonical = reverse(
                    "handlungsfelder:detail", kwargs={"slug": self.object.slug}
                )
        context["canonical_path"] = canonical
        if edition_is_in_force(edition):
            context["easy_language_url"] = reverse(
                "easy:action_field", kwargs={"slug": self.object.slug}
            )
        return context

    def _short_address_leads_here(self) -> bool:
        """Whether /handlungsfelder/<slug>/ shows this field."""
        try:
            shown = action_field_by_address(city=city_or_404(), slug=self.object.slug)
        except Http404:
            return False
        return shown.pk == self.object.pk


class GoalView(ContributionPageMixin, DetailView):
    """A goal with its measures, where it came from (the events that worked
    on it, the contributions taken up into it), and its own contributions
    with the comment form."""

    template_name = "contributions/goal_detail.html"
    context_object_name = "goal"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Goal.objects.select_related("action_field__edition").prefetch_related(
                Prefetch("measures", queryset=Measure.objects.order_by("order", "id"))
            ),
            action_field__edition__city=city_or_404(),
            action_field__edition__year=self.kwargs["year"],
            action_field__slug=self.kwargs["slug"],
            pk=self.kwargs["pk"],
        )

    def contribution_target(self) -> dict:
        return {"goal": self.object}

    def contribution_edition(self):
        return self.object.action_field.edition

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_field=self.object.action_field,
            edition=self.object.action_field.edition,
            events=goal_events(self.object),
            sources=goal_source_contributions(self.object),
        )
        return context


class EditionView(handlungsfelder_views.EditionDetailView):
    """The edition page, with where its consultation stands and, under each
    section, the way to its comments and suggestions."""

    template_name = "contributions/edition_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.object
        counts = section_contribution_counts(edition)
        sections = list(context["sections"])
        for section in sections:
            section.contribution_count = counts.get(section.pk, 0)
        context.update(
            sections=sections,
            consultation=consultation_state(edition=edition),
        )
        if edition_is_in_force(edition):
            context["easy_language_url"] = reverse("easy:leitbild")
        return context


class HowView(TemplateView):
    """How contributions are used: who may take part, what happens to them
    and to one's personal data."""

    template_name = "contributions/how.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retention_days"] = settings.PERSONAL_DATA_RETENTION_DAYS
        context["easy_language_url"] = reverse("easy:participation")
        return context


class SupportView(TemplateView):
    """Support a published contribution. The lists post here; the page
    itself shows the form again with its errors (or for a visitor who
    follows the link)."""

    template_name = "contributions/support_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.contribution = get_object_or_404(
            Contribution.objects.public().select_related(
                "edition", "section", "action_field", "goal__action_field"
            ),
            edition__city=city_or_404(),
            pk=self.kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def next_url(self) -> str:
        """Where to go back to: the page the form was on, else the page of
        the contribution."""
        wanted = self.request.POST.get("next") or self.request.GET.get("next", "")
        if wanted.startswith("/") and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}
        ):
            return wanted.split("#", 1)[0]
        return self.contribution.get_absolute_url().split("#", 1)[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contribution = self.contribution
        context.update(
            contribution=with_diff(contribution),
            consultation=consultation_state(edition=contribution.edition),
            form=kwargs.get("form") or support_form(self.request, self.contribution),
            supportable=contribution.state in SUPPORTABLE_STATES,
            next_url=self.next_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = support_form(request, self.contribution, data=request.POST)
        status = 200
        problem = consultation_problem(edition=self.contribution.edition)
        if problem is not None:
            form.add_error(None, problem)
        elif form.is_spam:
            form.add_error(None, SPAM_ERROR)
        elif _address_rate_exceeded(request, "support"):
            form.add_error(
                None,
                _(
                    "Too many supports have come from your connection in the "
                    "last hour. Please try again later."
                ),
            )
            status = 429
        elif form.is_valid():
            return self.form_valid(form)
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = status
        return response

    def form_valid(self, form):
        user = _signed_in_user(self.request)
        email = form.cleaned_data.get("email", "")
        if _email_rate_exceeded(self.request, "support", email):
            form.add_error(
                "email" if "email" in form.fields else None,
                _(
                    "Too many supports have come from this e-mail address in "
                    "the last hour. Please try again later."
                ),
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        try:
            support_create(
                contribution=self.contribution,
                email=email,
                user=user,
                language=get_language() or settings.LANGUAGE_CODE,
            )
        except ValidationError as error:
            form_errors_from(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        if user is None:
            message = _(
                "Thank you! Please check your inbox: your support counts once "
                "you have confirmed it with the link we have sent you."
            )
        else:
            message = _("Thank you for your support!")
        messages.success(self.request, message)
        return HttpResponseRedirect(f"{self.next_url()}#beitrag-{self.contribution.pk}")
