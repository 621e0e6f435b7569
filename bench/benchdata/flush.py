"""Which tables the generator fills, and emptying them for --flush."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection

from initiatives.models import Neighbourhood, Organisation, TargetGroup, Theme
from keypersons.models import Domain, KeyPerson, Partner, Topic
from tenders.models import Application, Programme

from .generator import BENCH_USER_PREFIX

# Reference lists, kept by --flush (the network's lists come with the migrations).
REFERENCE_MODELS = {Neighbourhood, Theme, TargetGroup, Domain, Topic, Partner}
FILLED_MODELS = (Organisation, Application, KeyPerson, Programme)


def generated_models() -> list:
    """Every table the generator fills, many-to-many tables included, without the reference lists."""
    return [
        model
        for label in ("initiatives", "tenders", "keypersons", "progress")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model not in REFERENCE_MODELS
    ]


def flush_generated_data() -> None:
    """Empty the portal's tables (the reference lists stay) and remove the benchmark's users."""
    models = generated_models()
    if connection.vendor == "postgresql":
        # TRUNCATE, not DELETE: fast. The access log refuses TRUNCATE except on a database marked as a bench
        # database (keypersons migration 0007, bench/marker.py), the only kind this command runs on.
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
        with connection.cursor() as cursor:
            # Deferred foreign-key checks still pending in this transaction would block TRUNCATE: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        # Django creates foreign keys deferred, so within this transaction the order does not matter.
        for model in models:
            model._base_manager.all()._raw_delete(model._base_manager.db)
    get_user_model().objects.filter(username__startswith=BENCH_USER_PREFIX).delete()
