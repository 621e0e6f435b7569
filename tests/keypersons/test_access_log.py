"""Every read of a key person, signal or contact moment is logged; the log cannot be changed or deleted."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from keypersons.models import AccessLog
from tests.factories import ContactMomentFactory, SignalFactory, consented

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["person", "signal", "contact"])
def test_reading_a_record_writes_an_access_log_row(director_client, director, kind):
    record = {"person": consented, "signal": SignalFactory, "contact": ContactMomentFactory}[kind]()
    url = reverse(f"network:{kind}_detail", args=[record.pk])

    director_client.get(url)
    director_client.get(url)

    rows = AccessLog.objects.filter(user=director, what="view", object_id=record.pk, path=url)
    assert rows.count() == 2


def test_lists_and_exports_are_logged_too(director_client, director):
    person = consented()
    director_client.get(reverse("network:person_list"))
    director_client.get(reverse("network:person_export", args=[person.pk, "json"]))

    assert AccessLog.objects.filter(what="list", object_type="keyperson").count() == 1
    assert AccessLog.objects.filter(what="export", object_id=person.pk).count() == 1


def test_the_access_log_cannot_be_changed_or_deleted_through_the_orm(director):
    row = AccessLog.objects.create(user=director, what="view", object_type="keyperson", object_id=1)

    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        AccessLog.objects.filter(pk=row.pk).update(what="change")
    with pytest.raises(TypeError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get(pk=row.pk).what == "view"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_the_database_refuses_to_change_the_access_log(director):
    row = AccessLog.objects.create(user=director, what="view", object_type="keyperson", object_id=1)

    for sql in ("UPDATE keypersons_accesslog SET what = 'change'", "DELETE FROM keypersons_accesslog"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AccessLog.objects.get(pk=row.pk).what == "view"


def test_the_director_reads_the_access_log_and_network_staff_cannot(client, director, network_staff):
    SignalFactory()
    client.force_login(network_staff)
    client.get(reverse("network:signal_list"))
    assert client.get(reverse("network:access_log")).status_code == 403

    client.force_login(director)
    page = client.get(reverse("network:access_log"), {"user": network_staff.username}).content.decode()

    assert network_staff.username in page
    assert "/netwerk/signalen/" in page
    # the page only reads: it refuses anything but GET
    assert client.post(reverse("network:access_log"), {"user": "x"}).status_code == 405
