from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "sedp.opendata"
    verbose_name = _("Open data")

    def ready(self):
        from . import signals  # noqa: F401  (publishing a plan refreshes its open data)
