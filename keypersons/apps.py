from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeypersonsConfig(AppConfig):
    name = "keypersons"
    verbose_name = _("Key-person network")
