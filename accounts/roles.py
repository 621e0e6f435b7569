"""The roles of the portal as Django groups, with their permissions defined here in code.

`sync_roles()` makes the groups in the database match this table exactly: run it as often as you
like (`manage.py sync_roles`; it also runs after every `migrate`). Organisation membership is not a
role: it is a row in `initiatives.Membership`.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

POLICY_OFFICER = "beleidsmedewerker"
ASSESSOR = "beoordelaar"
DIRECTOR = "regisseur"
NETWORK_STAFF = "netwerkmedewerker"
APPLICATION_MANAGER = "functioneel-beheerder"


def _crud(app_label: str, *models: str) -> list[str]:
    return [
        f"{app_label}.{action}_{model}" for model in models for action in ("view", "add", "change", "delete")
    ]


def _view(app_label: str, *models: str) -> list[str]:
    return [f"{app_label}.view_{model}" for model in models]


REGISTRY_MODELS = (
    "neighbourhood",
    "theme",
    "targetgroup",
    "organisation",
    "membership",
    "initiative",
    "campaign",
)
KEYPERSON_MODELS = (
    "keyperson",
    "consent",
    "network",
    "tie",
    "contactmoment",
    "temperaturereading",
    "signal",
    "signalstatechange",
    "action",
    "lastcontact",
    "domain",
    "topic",
    "partner",
    "informationtext",
    "escalation",
)
# What only the director reads: the access log and a key person's requests, corrections and retention reviews.
KEYPERSON_PRIVACY_MODELS = ("accesslog", "shownperson", "rightsrequest", "rectification", "retentionreview")
# Network staff read the network and log what they hear; they do not change key persons' records.
NETWORK_STAFF_LOGS = (
    "contactmoment",
    "temperaturereading",
    "signal",
    "signalstatechange",
    "action",
    "escalation",
)

ROLES: dict[str, dict] = {
    POLICY_OFFICER: {
        "label": _("Policy officer"),
        "permissions": [
            *_crud("initiatives", *REGISTRY_MODELS),
            "initiatives.verify_organisation",
            *_crud("tenders", "programme", "round", "criterion"),
            *_view(
                "tenders", "application", "informationrequest", "assessment", "statuschange", "attachment"
            ),
            "tenders.change_application",
            *_crud("progress", "fundingline", "commitment", "indicator", "indicatorupdate"),
        ],
    },
    ASSESSOR: {
        "label": _("Assessor"),
        "permissions": [*_view("tenders", "programme", "round")],
    },
    DIRECTOR: {
        "label": _("Polarisation director"),
        "permissions": [
            *_view("initiatives", "organisation", "neighbourhood"),
            *_crud("keypersons", *KEYPERSON_MODELS),
            *_view("keypersons", *KEYPERSON_PRIVACY_MODELS),
        ],
    },
    NETWORK_STAFF: {
        "label": _("Network staff"),
        "permissions": [
            *_view("initiatives", "organisation", "neighbourhood"),
            *_view("keypersons", *KEYPERSON_MODELS),
            *[f"keypersons.{a}_{m}" for m in NETWORK_STAFF_LOGS for a in ("add", "change")],
        ],
    },
    APPLICATION_MANAGER: {
        "label": _("Application manager"),
        "permissions": [
            *_crud("maastricht_inclusie", "user"),
            "auth.view_group",
            "auth.view_permission",
            *_view("initiatives", *REGISTRY_MODELS),
            # A lost phone: the application manager removes the device, the user sets up a new one.
            "auditlog.view_logentry",
            "reminders.view_reminder",
            "exports.view_exportjob",
            "otp_totp.view_totpdevice",
            "otp_totp.delete_totpdevice",
            # Backup codes that were lost as well: deleted like the device (their codes are never shown).
            "otp_static.view_staticdevice",
            "otp_static.delete_staticdevice",
        ],
    },
}

STAFF_ROLES = frozenset(ROLES)


def _permissions(names: list[str]) -> list[Permission]:
    # One query for all of them (sync_roles runs after every migrate and every test database flush).
    wanted = [tuple(name.split(".", 1)) for name in names]
    known = {}
    for permission in Permission.objects.select_related("content_type").filter(
        codename__in={codename for _app, codename in wanted}
    ):
        known.setdefault((permission.content_type.app_label, permission.codename), permission)
    for name, key in zip(names, wanted, strict=True):
        if key not in known:
            raise LookupError(f"Role permission {name} does not exist; did you migrate?")
    return [known[key] for key in wanted]


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Create the role groups and give each exactly the permissions in ROLES; returns counts per role."""
    result = {}
    for name, role in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(role["permissions"]))
        result[name] = group.permissions.count()
    return result


def sync_roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    # Only once per migrate run, after the last app (progress) has created its permissions.
    if app_config is not None and app_config.label == "progress":
        from django.apps import apps
        from django.contrib.auth.management import create_permissions

        for config in apps.get_app_configs():
            create_permissions(config, verbosity=0, using=using)
        sync_roles()
