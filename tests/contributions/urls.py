"""The site's URL map for the tests of contribution e-mails and their links.

The e-mails link to the public pages of a draft (contributions:section,
:action_field, :goal, :how). Where this branch does not map them yet, empty
stand-ins take their documented addresses; where it does, the real ones are
used and the stand-ins drop out.
"""

from django.http import HttpResponse
from django.urls import include, path

from config import urls as site_urls
from contributions import urls as contribution_urls


def _stand_in(request, **kwargs):
    return HttpResponse()


STAND_INS = [
    path("leitbild/<int:year>/abschnitte/<slug:slug>/", _stand_in, name="section"),
    path(
        "leitbild/<int:year>/handlungsfelder/<slug:slug>/",
        _stand_in,
        name="action_field",
    ),
    path(
        "leitbild/<int:year>/handlungsfelder/<slug:slug>/ziele/<int:pk>/",
        _stand_in,
        name="goal",
    ),
    path("mitmachen/", _stand_in, name="how"),
]

_mapped = {getattr(pattern, "name", None) for pattern in contribution_urls.urlpatterns}
_contributions = contribution_urls.urlpatterns + [
    stand_in for stand_in in STAND_INS if stand_in.name not in _mapped
]

# First, so that this "contributions" namespace is the one reversed and
# resolved, ahead of the one the site map includes.
urlpatterns = [
    path("", include((_contributions, "contributions"))),
    *site_urls.urlpatterns,
]
