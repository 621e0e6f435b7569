"""The processing register of the key-person network (AVG art. 30), generated from the models themselves.

What is stored comes from the model fields, why and how long from each model's `processing`, and
who can see it from the roles table; so the register cannot drift from what the software does.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models

from accounts.roles import ROLES


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
