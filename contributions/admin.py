"""The staff's side of the consultation: the moderation queue.

Staff read what residents sent, publish it or say why not, mark what was
taken up and what it led to (a goal, a measure, a change of the text),
merge duplicates, answer publicly and apply text suggestions to the draft.
Every change goes through contributions.services, one service per action,
so that the author hears of it exactly as the services say; the residents'
own words are never edited here.

Moderating needs the permission contributions.moderate_contribution; who
wrote what (name, e-mail address, account) is shown only to users with
contributions.view_contributor_data, as registrations.admin does for
sign-ups.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation, helpers
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Q, Value, When
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin
from core.forms import form_errors_from
from core.models import City
from handlungsfelder.compare import compare_texts
from handlungsfelder.models import Goal, Measure

from .models import (
    REASON_MAX_LENGTH,
    BlockedTerm,
    Contribution,
    ReasonTemplate,
    Support,
    TextChange,
)
from .services import (
    contribution_answer,
    contribution_merge,
    contribution_not_take_up,
    contribution_publish,
    contribution_reject,
    contribution_take_up,
    suggestion_apply,
)

State = Contribution.State

# Actions offered both on the list and on one contribution's own page.
LIST_AND_FORM = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]

# The name of the action field on a change page (Django prefixes it there).
CHANGE_FORM_ACTION = f"{ActionLocation.CHANGE_FORM.value}-action"

# What only users with contributions.view_contributor_data see.
PERSONAL_FIELDS = frozenset({"author", "author_name", "email", "user"})

EXCERPT_LENGTH = 90


def can_view_contributor_data(request) -> bool:
    return request.user.has_perm("contributions.view_contributor_data")


def can_moderate(request) -> bool:
    return request.user.has_perm("contributions.moderate_contribution")


def without_personal(names, request) -> list:
    """`names` as they are for users who may see who wrote what, else
    without the personal ones."""
    if can_view_contributor_data(request):
        return list(names)
    return [name for name in names if name not in PERSONAL_FIELDS]


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    return Truncator(" ".join(text.split())).chars(length)


def target_label(contribution: Contribution) -> str:
    """What a contribution is on, with its edition: "Section “Präambel”,
    Leitbild (2030–)"."""
    target = contribution.target
    return gettext("%(kind)s “%(target)s”, %(edition)s") % {
        "kind": capfirst(target._meta.verbose_name),
        "target": target,
        "edition": contribution.edition,
    }


# --------------------------------------------------------------------------
# The city of staff's own lists


def only_city() -> City | None:
    """The one city in the database, or None when there are several (or
    none): with one, the admin fills the city in instead of asking."""
    cities = list(City.objects.order_by("pk")[:2])
    return cities[0] if len(cities) == 1 else None


class CityFormMixin:
    """A form of a row that belongs to a city. `city_default` is set by the
    admin when there is only one city: the field is then left out and the
    row gets that city."""

    city_default: City | None = None

    def city_chosen(self) -> City | None:
        return self.cleaned_data.get("city") or self.city_default

    def _post_clean(self):
        if self.city_default is not None and self.instance.city_id is None:
            self.instance.city = self.city_default
        super()._post_clean()


class CityAdminMixin:
    """Leaves the city out of the form when there is only one city."""

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if only_city() is not None and "city" in fields:
            fields.remove("city")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.city_default = only_city()
        return form


class ReasonTemplateForm(CityFormMixin, forms.ModelForm):
    class Meta:
        model = ReasonTemplate
        fields = ["city", "use", "title", "text", "order"]

    def clean(self):
        # The constraint would report a duplicate above the form, naming
        # every field it spans; it belongs beside the title.
        cleaned_data = super().clean()
        city, use, title = (
            self.city_chosen(),
            cleaned_data.get("use"),
            cleaned_data.get("title"),
        )
        if city and use and title:
            duplicate = ReasonTemplate.objects.filter(
                city=city, use=use, title=title
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error(
                    "title",
                    ValidationError(
                        _("There is already a reason with this title for this use."),
                        code="duplicate",
                    ),
                )
        return cleaned_data


class BlockedTermForm(CityFormMixin, forms.ModelForm):
    class Meta:
        model = BlockedTerm
        fields = ["city", "term"]

    def clean_term(self):
        return " ".join(self.cleaned_data["term"].split())

    def clean(self):
        cleaned_data = super().clean()
        city, term = self.city_chosen(), cleaned_data.get("term")
        if city and term:
            duplicate = BlockedTerm.objects.filter(
                city=city, term__iexact=term
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error(
                    "term",
                    ValidationError(
                        _("This word or phrase is already blocked."),
                        code="duplicate",
                    ),
                )
        return cleaned_data


@admin.register(ReasonTemplate)
class ReasonTemplateAdmin(CityAdminMixin, admin.ModelAdmin):
    """Ready-made reasons staff pick when a contribution is not published or
    not taken up."""

    form = ReasonTemplateForm
    list_display = ["title", "use", "text_excerpt", "order", "city"]
    list_filter = ["use", "city"]
    search_fields = ["title", "text"]
    fields = ["city", "use", "title", "text", "order"]

    @admin.display(description=_("text"))
    def text_excerpt(self, obj):
        return excerpt(obj.text)


@admin.register(BlockedTerm)
class BlockedTermAdmin(CityAdminMixin, admin.ModelAdmin):
    """Words that send a contribution to the queue with a flag, whatever
    the edition's setting."""

    form = BlockedTermForm
    list_display = ["term", "city"]
    list_filter = ["city"]
    search_fields = ["term"]
    fields = ["city", "term"]


# --------------------------------------------------------------------------
# Records: supports and text changes


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Confirmed")), ("no", _("Waiting for confirmation"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


@admin.register(Support)
class SupportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who supports which contribution. A support counts once confirmed."""

    list_filter = [
        ConfirmedFilter,
        ("contribution__edition", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["contribution"]
    date_hierarchy = "created_at"
    record_fields = [
        "contribution",
        "confirmed",
        "email",
        "user",
        "language",
        "created_at",
        "confirmed_at",
        "anonymised_at",
    ]

    def get_list_display(self, request):
        return without_personal(
            ["__str__", "contribution", "confirmed", "email", "created_at"], request
        )

    def get_list_display_links(self, request, list_display):
        return ["__str__"]

    def get_fields(self, request, obj=None):
        return without_personal(self.record_fields, request)

    def get_readonly_fields(self, request, obj=None):
        return self.record_fields

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed_at")
    def confirmed(self, obj):
        return obj.confirmed_at is not None


@admin.register(TextChange)
class TextChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The record of every change a text suggestion made to a draft."""

    list_display = ["__str__", "edition", "created_at", "created_by"]
    list_filter = [("section__edition", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["section__edition", "created_by"]
    date_hierarchy = "created_at"
    fields = [
        "section",
        "edition",
        "created_at",
        "created_by",
        "note",
        "change_diff",
        "text_diff",
        "contributions",
    ]
    readonly_fields = fields

    @admin.display(description=_("edition"), ordering="section__edition")
    def edition(self, obj):
        return obj.section.edition

    @admin.display(description=_("what changed"))
    def change_diff(self, obj):
        return diff_html(obj.passage, obj.replacement)

    @admin.display(description=_("the section's text, before and after"))
    def text_diff(self, obj):
        return diff_html(obj.body_before, obj.body_after)

    @admin.display(description=_("from the suggestions"))
    def contributions(self, obj):
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:contributions_contribution_change", args=[c.pk]), c)
                for c in obj.source_contributions.order_by("pk")
            ),
        )
        return links or self.get_empty_value_display()


def diff_html(old: str, new: str):
    """A word diff, old → new, marked up for the admin."""
    return format_html(
        '<div class="contribution-diff">{}</div>', compare_texts(old, new).html
    )


# --------------------------------------------------------------------------
# The forms of the moderation actions


class ReasonTemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}: {excerpt(obj.text, 200)}"


class ReasonForm(forms.Form):
    """A reason the author is told: a ready-made one, one written here, or
    both (the written words follow the ready-made text)."""

    template = ReasonTemplateChoiceField(
        label=_("Ready-made reason"),
        queryset=ReasonTemplate.objects.none(),
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason in your own words"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "The author is told the reason. With a ready-made reason, what you "
            "write here is added after its text."
        ),
    )

    def __init__(self, *args, use: str, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ReasonTemplate.objects.filter(
            use=use, city__in=cities
        )
        if not self.fields["template"].queryset.exists():
            del self.fields["template"]

    def clean(self):
        cleaned_data = super().clean()
        template = cleaned_data.get("template")
        written = (cleaned_data.get("reason") or "").strip()
        if "reason" in self.errors or (
            "template" in self.fields and "template" in self.errors
        ):
            return cleaned_data
        if template is None and not written:
            self.add_error(
                "reason",
                ValidationError(
                    _(
                        "Choose a ready-made reason or write one: the author is "
                        "told it."
                    ),
                    code="reason_required",
                ),
            )
            return cleaned_data
        full = "\n\n".join(
            part for part in (template and template.text, written) if part
        )
        if len(full) > REASON_MAX_LENGTH:
            self.add_error(
                "reason",
                ValidationError(
                    _(
                        "Together with the ready-made reason this is too long: "
                        "at most %(limit)d characters."
                    ),
                    code="too_long",
                    params={"limit": REASON_MAX_LENGTH},
                ),
            )
        cleaned_data["full_reason"] = full
        return cleaned_data


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.action_field.name}: {obj.title}"


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.goal.action_field.name}: {obj.goal.title} – {obj.title}"


class TakeUpForm(forms.Form):
    """What the contributions led to: a goal or a measure of their edition."""

    goal = GoalChoiceField(
        label=_("Goal"), queryset=Goal.objects.none(), required=False
    )
    measure = MeasureChoiceField(
        label=_("Measure"), queryset=Measure.objects.none(), required=False
    )
    answer = forms.CharField(
        label=_("Public answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=Contribution._meta.get_field("answer").max_length,
        help_text=_(
            "Optional. Shown with each contribution as the integration centre's "
            "answer; an answer already given stays when this is empty."
        ),
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(
            action_field__edition=edition
        ).select_related("action_field")
        self.fields["measure"].queryset = Measure.objects.filter(
            goal__action_field__edition=edition
        ).select_related("goal__action_field")

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not (
            cleaned_data.get("goal") or cleaned_data.get("measure")
        ):
            self.add_error(
                "goal",
                ValidationError(
                    _("Choose the goal or the measure the contributions led to."),
                    code="result_required",
                ),
            )
        return cleaned_data


class MergeForm(forms.Form):
    """The contribution that stays: one of those selected, or another by its
    number."""

    keep = forms.TypedChoiceField(
        label=_("The contribution that stays"),
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
    )
    number = forms.IntegerField(
        label=_("Or the number of another contribution"),
        min_value=1,
        required=False,
        help_text=_("It must be published and on the same edition."),
    )

    def __init__(self, *args, contributions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (c.pk, f"{c}: {excerpt(c.body, 120)}") for c in contributions
        ]

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        keep, number = cleaned_data.get("keep"), cleaned_data.get("number")
        if keep and number and keep != number:
            self.add_error(
                "number",
                ValidationError(
                    _(
                        "Choose one of the selected contributions or give a "
                        "number, not both."
                    ),
                    code="both",
                ),
            )
        elif not (keep or number):
            self.add_error(
                "keep",
                ValidationError(
                    _("Choose the contribution that stays."), code="keep_required"
                ),
            )
        else:
            into = Contribution.objects.filter(pk=number or keep).first()
            if into is None:
                self.add_error(
                    "number",
                    ValidationError(
                        _("There is no contribution with this number."),
                        code="not_found",
                    ),
                )
            cleaned_data["into"] = into
        return cleaned_data

    @property
    def chosen_field(self) -> str:
        """The field the user chose the contribution that stays with."""
        return "number" if self.cleaned_data.get("number") else "keep"


class ApplyForm(forms.Form):
    note = forms.CharField(
        label=_("Why (shown with the change)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Leave empty to show each suggestion's own reason."),
    )


# --------------------------------------------------------------------------
# The moderation queue


class ContributionAnswerForm(forms.ModelForm):
    """A contribution's page: all but the public answer is read-only."""

    class Meta:
        model = Contribution
        fields = ["answer"]
        help_texts = {
            "answer": _(
                "Shown publicly with the contribution, as the integration "
                "centre's answer. Empty it to remove the answer."
            )
        }


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    """The moderation queue: what waits for staff first."""

    list_display_links = ["number"]
    list_filter = [
        "state",
        "kind",
        "is_flagged",
        ("edition", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["edition", "section", "action_field", "goal"]
    list_per_page = 50
    search_fields = ["body", "passage", "proposal"]
    actions = [
        "publish",
        "reject",
        "not_take_up",
        "take_up",
        "merge",
        "apply_suggestions",
    ]
    change_form_template = "admin/contributions/contribution/change_form.html"
    form = ContributionAnswerForm

    main_fields = [
        "number",
        "edition",
        "target",
        "kind",
        "state",
        "flag",
        "supports",
        "created_at",
    ]
    text_fields = ["body"]
    suggestion_fields = ["passage", "proposal", "suggestion_diff"]
    author_fields = [
        "author",
        "author_name",
        "email",
        "user",
        "language",
        "stakeholder_group",
        "district",
        "consent_at",
    ]
    outcome_fields = [
        "answer",
        "answered_at",
        "reason",
        "merged_into",
        "result_goal",
        "result_measure",
        "result_change",
    ]
    history_fields = [
        "confirmed_at",
        "published_at",
        "state_changed_at",
        "anonymised_at",
        "updated_at",
    ]

    class Media:
        css = {"all": ["css/admin_contributions.css"]}

    # The list

    def get_ordering(self, request):
        # What waits for staff first, then the newest.
        waiting_first = Case(
            When(state=State.RECEIVED, then=Value(0)), default=Value(1)
        )
        return [waiting_first.asc(), "-created_at", "-pk"]

    def get_list_display(self, request):
        return without_personal(
            [
                "number",
                "text_excerpt",
                "kind",
                "target",
                "state",
                "flag",
                "support_count",
                "author",
                "created_at",
            ],
            request,
        )

    def get_search_fields(self, request):
        return self.search_fields + without_personal(["author_name", "email"], request)

    # One contribution's page

    def get_fieldsets(self, request, obj=None):
        text = self.text_fields
        if obj is not None and obj.kind == Contribution.Kind.SUGGESTION:
            text = text + self.suggestion_fields
        fieldsets = [
            (None, {"fields": self.main_fields}),
            (_("What was written"), {"fields": text}),
            (_("Author"), {"fields": without_personal(self.author_fields, request)}),
            (_("Answer and outcome"), {"fields": self.outcome_fields}),
            (
                _("History"),
                {"fields": self.history_fields, "classes": ["collapse"]},
            ),
        ]
        if obj is not None and obj.anonymised_at is None:
            # The name as written; "author" says "a resident" once removed.
            fieldsets[2][1]["fields"] = [
                name for name in fieldsets[2][1]["fields"] if name != "author"
            ]
        else:
            fieldsets[2][1]["fields"] = [
                name
                for name in fieldsets[2][1]["fields"]
                if name not in ("author_name", "email", "user")
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Residents' words and every state are read-only; only the public
        # answer is written here (through contribution_answer).
        names = [
            *self.main_fields,
            *self.text_fields,
            *self.suggestion_fields,
            *self.author_fields,
            *self.outcome_fields,
            *self.history_fields,
        ]
        return [name for name in names if name != "answer"]

    def has_add_permission(self, request):
        # Residents write contributions, on the public pages.
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_moderate(request)

    def has_moderate_permission(self, request):
        return can_moderate(request)

    def save_model(self, request, obj, form, change):
        # The answer is the only field of the form; the service writes it.
        if "answer" in form.changed_data:
            contribution_answer(contribution=obj, answer=form.cleaned_data["answer"])

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # The button that applies a suggestion, on its own page.
        context["apply_suggestion"] = (
            obj is not None
            and obj.kind == Contribution.Kind.SUGGESTION
            and obj.result_change_id is None
            and self.has_moderate_permission(request)
        )
        context["change_form_action"] = CHANGE_FORM_ACTION
        context["selected_name"] = helpers.ACTION_CHECKBOX_NAME
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Columns and read-only fields

    @admin.display(description=_("number"), ordering="pk")
    def number(self, obj):
        return obj.pk

    @admin.display(description=_("text"))
    def text_excerpt(self, obj):
        return excerpt(obj.body)

    @admin.display(description=_("on"))
    def target(self, obj):
        return target_label(obj)

    @admin.display(description=_("flagged"), ordering="is_flagged")
    def flag(self, obj):
        if not obj.is_flagged:
            return self.get_empty_value_display()
        return gettext("Flagged: %(reason)s") % {
            "reason": obj.flag_reason or gettext("no reason given")
        }

    @admin.display(description=_("author"))
    def author(self, obj):
        if obj.anonymised_at is not None or not (obj.author_name or obj.email):
            return format_html("<em>{}</em>", obj.credited_to)
        if obj.email:
            return format_html("{} &lt;{}&gt;", obj.credited_to, obj.email)
        return obj.credited_to

    @admin.display(description=_("supporters"))
    def supports(self, obj):
        counts = obj.supports.aggregate(
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            waiting=Count("pk", filter=Q(confirmed_at__isnull=True)),
        )
        text = (
            gettext("%(confirmed)d confirmed, %(waiting)d waiting for confirmation")
            % counts
        )
        if not self.admin_site.is_registered(Support):
            return text
        url = reverse("admin:contributions_support_changelist")
        query = urlencode({"contribution__id__exact": obj.pk})
        return format_html('<a href="{}?{}">{}</a>', url, query, text)

    @admin.display(description=_("the suggestion, passage → new wording"))
    def suggestion_diff(self, obj):
        return diff_html(obj.passage, obj.proposal)

    # Moderation: each action calls one service per contribution.

    def _posted(self, request):
        """The intermediate page's answer, or None on the way there."""
        return request.POST if request.POST.get("post") == "yes" else None

    def _each(
        self,
        request,
        contributions,
        run,
        *,
        done_message,
        log,
        form=None,
        field_map=None,
    ) -> bool:
        """Run `run(contribution)` for each; report how many it changed and
        why the others were refused. When all were refused for reasons a
        field of `form` can fix (the contribution that stays is not
        published, say), nothing changed: the reasons go beside those fields
        instead and False is returned, so that the page asks again."""
        done, refused = [], []
        for contribution in contributions:
            try:
                changed = run(contribution)
            except ValidationError as error:
                refused.append((contribution, error))
                continue
            if changed is False:
                continue
            self.log_change(request, contribution, log)
            done.append(contribution)
        if form is not None and refused and not done:
            field_map = field_map or {}
            beside = {}  # field → its messages, each once
            for _contribution, error in refused:
                if not hasattr(error, "error_dict"):
                    beside = {}
                    break
                for name, messages_ in error.message_dict.items():
                    field = beside.setdefault(field_map.get(name, name), [])
                    field += [m for m in messages_ if m not in field]
            if beside and set(beside) <= set(form.fields):
                form_errors_from(form, ValidationError(beside))
                return False
        if done:
            self.message_user(request, done_message(len(done)), messages.SUCCESS)
        for contribution, error in refused:
            self.message_user(
                request,
                gettext("%(contribution)s: %(error)s")
                % {"contribution": contribution, "error": " ".join(error.messages)},
                messages.ERROR,
            )
        return True

    def _page(self, request, template, *, title, form, contributions, **context):
        """An intermediate page that asks for what an action needs."""
        from_change_form = CHANGE_FORM_ACTION in request.POST
        action_name = request.POST.get(
            CHANGE_FORM_ACTION if from_change_form else "action"
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            f"admin/contributions/contribution/{template}",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "subtitle": None,
                "opts": self.opts,
                "form": form,
                "contributions": contributions,
                "action_field_name": (
                    CHANGE_FORM_ACTION if from_change_form else "action"
                ),
                "action_name": action_name,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "back_url": request.get_full_path(),
                "media": self.media + form.media,
                **context,
            },
        )

    def _selected(self, queryset) -> list[Contribution]:
        contributions = list(
            queryset.select_related(
                "edition", "section", "action_field", "goal"
            ).order_by("pk")
        )
        for contribution in contributions:
            contribution.target_text = target_label(contribution)
        return contributions

    @admin.action(
        description=_("Publish"), permissions=["moderate"], location=LIST_AND_FORM
    )
    def publish(self, request, queryset):
        left = []

        def run(contribution):
            before = contribution.state
            after = contribution_publish(contribution=contribution).state
            if before == after:
                left.append(contribution)
                return False
            return True

        self._each(
            request,
            self._selected(queryset),
            run,
            log=gettext("Published."),
            done_message=lambda count: (
                ngettext(
                    "%(count)d contribution published.",
                    "%(count)d contributions published.",
                    count,
                )
                % {"count": count}
            ),
        )
        for contribution in left:
            self.message_user(
                request,
                gettext("%(contribution)s was left as it is (%(state)s).")
                % {
                    "contribution": contribution,
                    "state": contribution.get_state_display(),
                },
                messages.WARNING,
            )

    def _reason_action(self, request, queryset, *, use, service, title, log, done):
        contributions = self._selected(queryset)
        cities = {contribution.edition.city_id for contribution in contributions}
        form = ReasonForm(self._posted(request), use=use, cities=cities)
        if form.is_valid():
            reason = form.cleaned_data["full_reason"]
            finished = self._each(
                request,
                contributions,
                lambda contribution: service(contribution=contribution, reason=reason),
                log=log,
                done_message=done,
                form=form,
            )
            if finished:
                return None
        return self._page(
            request,
            "reason.html",
            title=title,
            form=form,
            contributions=contributions,
            use=use,
        )

    @admin.action(
        description=_("Do not publish, with a reason …"),
        permissions=["moderate"],
        location=LIST_AND_FORM,
    )
    def reject(self, request, queryset):
        return self._reason_action(
            request,
            queryset,
            use=ReasonTemplate.Use.REJECT,
            service=contribution_reject,
            title=gettext("Do not publish: the reason"),
            log=gettext("Not published."),
            done=lambda count: (
                ngettext(
                    "%(count)d contribution not published.",
                    "%(count)d contributions not published.",
                    count,
                )
                % {"count": count}
            ),
        )

    @admin.action(
        description=_("Not taken up, with a reason …"),
        permissions=["moderate"],
        location=LIST_AND_FORM,
    )
    def not_take_up(self, request, queryset):
        return self._reason_action(
            request,
            queryset,
            use=ReasonTemplate.Use.NOT_TAKEN_UP,
            service=contribution_not_take_up,
            title=gettext("Not taken up: the reason"),
            log=gettext("Not taken up."),
            done=lambda count: (
                ngettext(
                    "%(count)d contribution marked as not taken up.",
                    "%(count)d contributions marked as not taken up.",
                    count,
                )
                % {"count": count}
            ),
        )

    @admin.action(
        description=_("Taken up, linked to a goal or measure …"),
        permissions=["moderate"],
        location=LIST_AND_FORM,
    )
    def take_up(self, request, queryset):
        contributions = self._selected(queryset)
        editions = {contribution.edition for contribution in contributions}
        if len(editions) != 1:
            self.message_user(
                request,
                gettext(
                    "Choose contributions of one edition: what they led to is "
                    "a goal or measure of that edition."
                ),
                messages.ERROR,
            )
            return None
        (edition,) = editions
        form = TakeUpForm(self._posted(request), edition=edition)
        if form.is_valid():
            data = form.cleaned_data
            finished = self._each(
                request,
                contributions,
                lambda contribution: contribution_take_up(
                    contribution=contribution,
                    goal=data["goal"],
                    measure=data["measure"],
                    answer=data["answer"],
                ),
                log=gettext("Taken up."),
                done_message=lambda count: (
                    ngettext(
                        "%(count)d contribution marked as taken up.",
                        "%(count)d contributions marked as taken up.",
                        count,
                    )
                    % {"count": count}
                ),
                form=form,
            )
            if finished:
                return None
        return self._page(
            request,
            "take_up.html",
            title=gettext("Taken up: what it led to"),
            form=form,
            contributions=contributions,
            edition=edition,
        )

    @admin.action(
        description=_("Merge duplicates into one …"),
        permissions=["moderate"],
        location=LIST_AND_FORM,
    )
    def merge(self, request, queryset):
        contributions = self._selected(queryset)
        form = MergeForm(self._posted(request), contributions=contributions)
        if form.is_valid():
            into = form.cleaned_data["into"]
            finished = self._each(
                request,
                [c for c in contributions if c.pk != into.pk],
                lambda contribution: contribution_merge(
                    contribution=contribution, into=into
                ),
                log=gettext("Merged into %(into)s.") % {"into": into},
                done_message=lambda count: (
                    ngettext(
                        "%(count)d contribution merged into %(into)s.",
                        "%(count)d contributions merged into %(into)s.",
                        count,
                    )
                    % {"count": count, "into": into}
                ),
                form=form,
                field_map={"merged_into": form.chosen_field},
            )
            if finished:
                return None
        return self._page(
            request,
            "merge.html",
            title=gettext("Merge duplicates"),
            form=form,
            contributions=contributions,
        )

    @admin.action(
        description=_("Apply text suggestion to the draft …"),
        permissions=["moderate"],
        location=LIST_AND_FORM,
    )
    def apply_suggestions(self, request, queryset):
        contributions = self._selected(queryset)
        suggestions = [
            c for c in contributions if c.kind == Contribution.Kind.SUGGESTION
        ]
        if not suggestions:
            self.message_user(
                request,
                gettext("None of the selected contributions is a text suggestion."),
                messages.WARNING,
            )
            return None
        form = ApplyForm(self._posted(request))
        if form.is_valid():
            flagged = []

            def run(contribution):
                change = suggestion_apply(
                    contribution=contribution,
                    user=request.user,
                    note=form.cleaned_data["note"],
                )
                if change is None:
                    flagged.append(contribution)
                    return False
                return True

            self._each(
                request,
                suggestions,
                run,
                log=gettext("Applied to the text."),
                done_message=lambda count: (
                    ngettext(
                        "%(count)d text suggestion applied to the draft and marked as "
                        "taken up.",
                        "%(count)d text suggestions applied to the draft and marked as "
                        "taken up.",
                        count,
                    )
                    % {"count": count}
                ),
            )
            for contribution in flagged:
                contribution.refresh_from_db(fields=["flag_reason"])
                self.message_user(
                    request,
                    gettext(
                        "%(contribution)s was flagged instead of applied: %(reason)s"
                    )
                    % {
                        "contribution": contribution,
                        "reason": contribution.flag_reason,
                    },
                    messages.WARNING,
                )
            return None
        return self._page(
            request,
            "apply_suggestions.html",
            title=gettext("Apply text suggestions"),
            form=form,
            contributions=suggestions,
            diffs=[(c, diff_html(c.passage, c.proposal)) for c in suggestions],
            left_out=[c for c in contributions if c not in suggestions],
        )
