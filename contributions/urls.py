"""The addresses of residents' contributions, included by portal/urls.py.

Two groups: the public pages of a draft's sections, action fields and goals
with their contributions (cached for anonymous visitors, like every public
page), and the personal pages behind the links in contribution e-mails
(never cached).
"""

from django.urls import path

from core.cache import public_page

from . import link_views, views

app_name = "contributions"

# The section, action field and goal pages of an edition, and "how to take
# part" (contributions.views). A form posted to them is never cached.
public_patterns = [
    path(
        "leitbild/<int:year>/abschnitte/<slug:slug>/",
        public_page(views.SectionView.as_view()),
        name="section",
    ),
    path(
        "leitbild/<int:year>/handlungsfelder/<slug:slug>/",
        public_page(views.ActionFieldView.as_view()),
        name="action_field",
    ),
    path(
        "leitbild/<int:year>/handlungsfelder/<slug:slug>/ziele/<int:pk>/",
        public_page(views.GoalView.as_view()),
        name="goal",
    ),
    path("mitmachen/", public_page(views.HowView.as_view()), name="how"),
    path(
        "beitrag/<int:pk>/unterstuetzen/",
        public_page(views.SupportView.as_view()),
        name="support",
    ),
]

# Confirming, withdrawing and supporting through e-mail links
# (contributions.link_views).
link_patterns = [
    path(
        "beitrag/bestaetigen/<str:token>/",
        link_views.ConfirmView.as_view(),
        name="confirm",
    ),
    path(
        "beitrag/zurueckziehen/<str:token>/",
        link_views.WithdrawView.as_view(),
        name="withdraw",
    ),
    path(
        "beitrag/unterstuetzen/bestaetigen/<str:token>/",
        link_views.SupportConfirmView.as_view(),
        name="support_confirm",
    ),
]

urlpatterns = public_patterns + link_patterns
