"""The addresses of residents' contributions, included by portal/urls.py.

Two groups: the public pages of a draft's sections, action fields and goals
with their contributions (cached for anonymous visitors, like every public
page), and the personal pages behind the links in contribution e-mails
(never cached).
"""

app_name = "contributions"

# The section, action field and goal pages of an edition, and "how to take
# part" (contributions.views).
public_patterns = []

# Confirming, withdrawing and supporting through e-mail links
# (contributions.link_views).
link_patterns = []

urlpatterns = public_patterns + link_patterns
