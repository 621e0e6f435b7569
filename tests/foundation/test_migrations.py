"""Moving reminders and exports out of the accounts app keeps every row, content type and permission."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from exports.models import ExportJob
from reminders.models import Reminder

BEFORE_THE_MOVE = [("maastricht_inclusie", "0003_exportjob"), ("reminders", None), ("exports", None)]


def _migrate(targets):
    return MigrationExecutor(connection).migrate(targets).apps


@pytest.mark.django_db(transaction=True)
def test_reminders_and_exports_keep_their_rows_when_they_move_to_their_own_apps():
    old = _migrate(BEFORE_THE_MOVE)
    OldUser = old.get_model("maastricht_inclusie", "User")
    OldContentType = old.get_model("contenttypes", "ContentType")
    # The database as it was before the move: the models under the old label, with their content types.
    for model in ("reminder", "exportjob"):
        OldContentType.objects.filter(app_label__in=["reminders", "exports"], model=model).delete()
        OldContentType.objects.get_or_create(app_label="maastricht_inclusie", model=model)
    view_reminder = Permission.objects.create(
        codename="view_reminder_old",
        name="Can view reminder",
        content_type_id=OldContentType.objects.get(app_label="maastricht_inclusie", model="reminder").pk,
    )
    group = Group.objects.create(name="leest herinneringen")
    group.permissions.add(view_reminder)
    user = OldUser.objects.create(username="oud", email="oud@example.org")
    subject_type = OldContentType.objects.get(app_label="maastricht_inclusie", model="user")
    old.get_model("maastricht_inclusie", "Reminder").objects.create(
        kind="round_closing", recipient_id=user.pk, subject_type_id=subject_type.pk, subject_id=user.pk,
        occasion="7d", title="De ronde sluit", body="Nog een week.",
    )  # fmt: skip
    old.get_model("maastricht_inclusie", "ExportJob").objects.create(
        user_id=user.pk, kind="ranking", title="Rangschikking", format="csv",
        expires_at=timezone.now() + timedelta(days=7),
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    reminder = Reminder.objects.get()
    assert (reminder.recipient.username, reminder.title, reminder.occasion) == ("oud", "De ronde sluit", "7d")
    assert ExportJob.objects.get().title == "Rangschikking"
    assert Reminder._meta.db_table == "reminders_reminder"
    assert "reminders_reminder" in connection.introspection.table_names()
    assert "maastricht_inclusie_reminder" not in connection.introspection.table_names()
    moved = ContentType.objects.get_for_model(Reminder)
    assert moved.app_label == "reminders"
    assert group.permissions.get().content_type == moved  # the group's permission followed the model
