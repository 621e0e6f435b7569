from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    """Letters (brieven) as documents: rendered once to a tagged PDF, stored with their hash, served as stored and
    mailed. The apps that issue letters register their kinds (`registry.register`); this app imports none of them."""

    name = "letters"
    verbose_name = _("Letters")
