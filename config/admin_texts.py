"""German for Django's own admin strings that Django 6.1 leaves in English.

Django 6.1 added or reworded these msgids, and its German catalogues
(django/conf/locale/de and django/contrib/admin/locale/de) have no
translation for them yet, so the German admin showed "- Select an option -",
"Run", "Filter by Beginn" and the like in English. Marking them here with
``gettext_noop`` makes ``makemessages`` keep them in
locale/de/LC_MESSAGES/django.po, whose translations come first
(settings.LOCALE_PATHS). Django's JavaScript strings live in the djangojs
domain, which ``makemessages`` does not collect here: their German is kept by
hand in locale/de/LC_MESSAGES/djangojs.po.

Keep every msgid byte for byte as in Django (typographic quotes, placeholders;
``{{ name }}`` in a template is ``%(name)s`` here). After updating Django,
compare its catalogues again, drop what Django now translates itself, and run
``make messages``.

Nothing imports this module; only ``makemessages`` reads it.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_lazy

# Each msgid stays whole on its line(s), so that it can be compared with
# Django's catalogues.
# ruff: noqa: E501

ADMIN_MSGIDS = (
    # Every select box (django/db/models/fields/__init__.py).
    _("- Select an option -"),
    _("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # Lists and actions (admin/actions.html, date_hierarchy.html,
    # search_form.html, pagination.html, object_history.html).
    _("Run"),
    _("Filter by %(field_name)s"),
    _("Search %(name)s"),
    _("Pagination %(name)s"),
    _("Pagination %(name)s entries"),
    # Deleting (admin/delete_confirmation.html, options.py).
    _(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related objects, but your account doesn't have permission to delete the following types of objects:"
    ),
    _(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the following protected related objects:"
    ),
    _(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the following related items will be deleted:"
    ),
    ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects."),
    # Users (admin/auth/user/add_form.html, change_password.html) and
    # logging out (registration/logged_out.html).
    _("After you’ve created a user, you’ll be able to edit more user options."),
    _(
        "This action will <strong>enable</strong> password-based authentication for this user."
    ),
    _("Disable password-based authentication"),
    _("Enable password-based authentication"),
    _("Logout"),
)
