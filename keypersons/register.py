"""The processing register of the key-person network (AVG art. 30), generated from the software itself.

What is stored comes from the model fields, why and how long from each model's `processing`, who can see it
from the roles table, and the controller, purposes, legal bases, recipients, special categories, retention and
security measures from keypersons/privacy.py (settings, reference lists and the rules the code applies). So
the register cannot drift from what the software does. The DPIA draft (dpia.py) reads the same sources.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from accounts.roles import ROLES

from . import privacy


@dataclass
class Entry:
    name: str
    fields: list[str]
    purpose: str
    legal_basis: str
    retention: str
    personal: bool
    roles: list[str]


def _fields(model) -> list[str]:
    return [
        str(field.verbose_name)
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and not isinstance(field, models.AutoField)
    ]


def _roles_that_see(model) -> list[str]:
    permission = f"keypersons.view_{model._meta.model_name}"
    return [str(role["label"]) for role in ROLES.values() if permission in role["permissions"]]


def processing_register() -> list[Entry]:
    entries = []
    for model in apps.get_app_config("keypersons").get_models():
        processing = model.processing
        entries.append(
            Entry(
                name=str(model._meta.verbose_name_plural).capitalize(),
                fields=_fields(model),
                purpose=str(processing.purpose),
                legal_basis=str(processing.legal_basis),
                retention=str(processing.retention),
                personal=processing.personal,
                roles=_roles_that_see(model),
            )
        )
    return entries


def register_facts() -> dict:
    """What art. 30(1) asks beside the tables: controller, DPO, purposes, categories, recipients, transfers,
    retention and security, and the special categories that a consent can name."""
    return {
        "controller": privacy.controller(),
        "dpo": privacy.dpo_contact(),
        "purposes": [str(p) for p in privacy.PURPOSES],
        "legal_bases": [(str(a), str(m)) for a, m in privacy.LEGAL_BASES],
        "categories_of_persons": [str(c) for c in privacy.CATEGORIES_OF_PERSONS],
        "special_categories": privacy.special_categories(),
        "recipients": privacy.recipients(),
        "transfers": _(
            "The portal itself sends no data outside the European Economic Area; where it is hosted is "
            "recorded in the DPIA."
        ),
        "retention": [(str(d), str(p)) for d, p in privacy.RETENTION],
        "security": [str(m) for m in privacy.SECURITY_MEASURES],
    }
