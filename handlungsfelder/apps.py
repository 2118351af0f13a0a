from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandlungsfelderConfig(AppConfig):
    name = "handlungsfelder"
    verbose_name = _("Action fields")
