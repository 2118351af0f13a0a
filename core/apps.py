from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("City and portal")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import content_changed

        # Cache invalidation only: no domain logic lives in these receivers.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(
                content_changed, dispatch_uid=f"content_changed_{id(signal)}"
            )
