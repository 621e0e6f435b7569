"""Object storage: with AWS_STORAGE_BUCKET_NAME set, attachments and exports live in an S3(-compatible) bucket,
never publicly readable, and are still served only through the portal's views.

The bucket is a real S3 server started by the test (moto's server, spoken to over HTTP with boto3 as in
production); the last test starts two web nodes that share the database, Redis and the bucket — and no folder.
"""

import csv
import io
import os
import subprocess
import sys
import uuid
from datetime import timedelta

import boto3
import pytest
from django.conf import global_settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from exports.models import ExportJob
from exports.tasks import delete_expired_exports
from maastricht_inclusie.object_storage import PrivateObjectStorage
from tenders.models import Attachment
from tests.factories import PASSWORD, ApplicationFactory, MembershipFactory, assessed_application
from tests.foundation.test_two_nodes import PDF, Node, Visitor, database_url, free_port, log_in

PUBLIC_GROUPS = ("http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers")  # fmt: skip
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "portal-test", "AWS_SECRET_ACCESS_KEY": "portal-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    """An S3 server on a port of its own, for the whole module (as the bucket's provider would be)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def _s3(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, tmp_path):
    """The portal configured as the README says: a bucket, its endpoint, credentials from the environment."""
    name = f"portaal-{uuid.uuid4().hex[:12]}"
    _s3(s3_endpoint).create_bucket(Bucket=name)
    for variable, value in CREDENTIALS.items():
        monkeypatch.setenv(variable, value)
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"  # must stay empty
    settings.AWS_STORAGE_BUCKET_NAME = name
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "maastricht_inclusie.object_storage.PublicObjectStorage"},
        "private": {"BACKEND": "maastricht_inclusie.object_storage.PrivateObjectStorage"},
    }
    return name


def _objects(endpoint: str, bucket: str) -> list[str]:
    listing = _s3(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def _is_public(endpoint: str, bucket: str, key: str) -> bool:
    grants = _s3(endpoint).get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return any(grant["Grantee"].get("URI") in PUBLIC_GROUPS for grant in grants)


def _files_under(path) -> list:
    return [p for p in path.rglob("*") if p.is_file()] if path.exists() else []


@pytest.mark.django_db
def test_an_attachment_goes_to_the_bucket_privately_and_downloads_only_through_the_view(
    bucket, s3_endpoint, client, settings
):
    membership = MembershipFactory()
    draft = ApplicationFactory(organisation=membership.organisation)
    client.force_login(membership.user)

    response = client.post(
        f"/portaal/aanvragen/{draft.pk}/bijlagen/",
        {"kind": "statutes", "file": SimpleUploadedFile("statuten.pdf", PDF)},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    key = f"private/{attachment.file.name}"
    assert _objects(s3_endpoint, bucket) == [key]
    assert not _is_public(s3_endpoint, bucket, key)
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == []
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - a private file has no URL, not even a signed one
    download = client.get(f"/bijlagen/{attachment.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    client.force_login(MembershipFactory().user)  # a member of another organisation
    assert client.get(f"/bijlagen/{attachment.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_export_is_written_to_the_bucket_and_downloads_for_its_requester_only(
    bucket, s3_endpoint, client, officer, settings, django_capture_on_commit_callbacks
):
    round_ = assessed_application(officer=officer).round
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:export_create"),
            {"kind": "round_applications", "format": "csv", "param_round": round_.pk},
        )

    job = ExportJob.objects.get()
    assert job.state == "done"
    key = f"private/{job.file.name}"
    assert _objects(s3_endpoint, bucket) == [key]
    assert not _is_public(s3_endpoint, bucket, key)
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == []
    download = client.get(reverse("portal:export_download", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "reference" and len(rows) == 2
    client.force_login(MembershipFactory().user)
    assert client.get(reverse("portal:export_download", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_a_removed_attachment_and_an_expired_export_leave_the_bucket(
    bucket, s3_endpoint, client, officer, django_capture_on_commit_callbacks
):
    membership = MembershipFactory()
    draft = ApplicationFactory(organisation=membership.organisation)
    client.force_login(membership.user)
    client.post(
        f"/portaal/aanvragen/{draft.pk}/bijlagen/",
        {"kind": "statutes", "file": SimpleUploadedFile("statuten.pdf", PDF)},
    )
    attachment = Attachment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/portaal/aanvragen/{draft.pk}/bijlagen/{attachment.pk}/verwijderen/")
    assert not Attachment.objects.exists()

    job = ExportJob.objects.create(
        user=officer, kind="round_applications", title="t", format="csv", state=ExportJob.State.DONE,
        expires_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    job.file.save("oud.csv", io.BytesIO(b"a,b\n"))
    assert len(_objects(s3_endpoint, bucket)) == 1

    delete_expired_exports()

    assert _objects(s3_endpoint, bucket) == []


def test_no_setting_makes_a_private_object_public(bucket, s3_endpoint, settings):
    settings.AWS_DEFAULT_ACL = "public-read"
    settings.AWS_S3_OBJECT_PARAMETERS = {"ACL": "public-read", "CacheControl": "no-store"}
    storage = PrivateObjectStorage()

    name = storage.save("proef/geheim.txt", io.BytesIO(b"geheim"))

    assert not _is_public(s3_endpoint, bucket, f"private/{name}")
    assert storage.object_parameters == {"CacheControl": "no-store"}


def test_without_a_bucket_the_private_files_stay_in_the_private_media_folder(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path

    name = storages["private"].save("proef/bestand.txt", io.BytesIO(b"x"))

    assert (tmp_path / name).read_bytes() == b"x"


def test_the_settings_choose_object_storage_from_the_environment():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.STORAGES['private'], s.STORAGES['default'], s.AWS_S3_ENDPOINT_URL]))"
    )
    environment = {
        **os.environ,
        "DEBUG": "1",
        "AWS_STORAGE_BUCKET_NAME": "portaal",
        "S3_ENDPOINT_URL": "http://minio:9000",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip().splitlines()[-1] == (
        '[{"BACKEND": "maastricht_inclusie.object_storage.PrivateObjectStorage"}, '
        '{"BACKEND": "maastricht_inclusie.object_storage.PublicObjectStorage"}, "http://minio:9000"]'
    )


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a real Redis (REDIS_URL)")
@pytest.mark.django_db(transaction=True)
def test_two_web_nodes_that_share_only_the_bucket_serve_each_others_uploads(s3_endpoint, tmp_path, settings):
    bucket = f"portaal-{uuid.uuid4().hex[:12]}"
    _s3(s3_endpoint).create_bucket(Bucket=bucket)
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the nodes run the production hashers
    membership = MembershipFactory()
    membership.user.set_password(PASSWORD)
    membership.user.save()
    draft = ApplicationFactory(organisation=membership.organisation)
    common = {
        **os.environ, **CREDENTIALS, "DATABASE_URL": database_url(), "REDIS_URL": os.environ["REDIS_URL"],
        "AWS_STORAGE_BUCKET_NAME": bucket, "S3_ENDPOINT_URL": s3_endpoint, "AWS_S3_REGION_NAME": "us-east-1",
        "SECRET_KEY": "two-nodes-one-secret-key-for-this-test-only", "DEBUG": "1", "ALLOWED_HOSTS": "127.0.0.1",
    }  # fmt: skip
    nodes = []
    try:
        for name in ("A", "B"):
            folder = tmp_path / name  # each machine its own disk: nothing shared but the bucket
            environment = {
                **common,
                "PRIVATE_MEDIA_ROOT": str(folder / "private"),
                "MEDIA_ROOT": str(folder / "media"),
            }
            nodes.append(Node(name, environment, tmp_path))
        for node in nodes:
            node.wait_until_healthy()
        a, b = nodes
        visitor = Visitor()
        log_in(visitor, a, membership.user.username)

        visitor.csrf_from(visitor.get(a, f"/portaal/aanvragen/{draft.pk}/bijlagen/"))
        upload = visitor.post(
            a,
            f"/portaal/aanvragen/{draft.pk}/bijlagen/",
            {"kind": "statutes"},
            {"file": ("statuten.pdf", PDF)},
        )
        assert upload.status == 302, upload.body.decode()[:2000]
        attachment = Attachment.objects.get(application=draft)
        download = visitor.get(b, f"/bijlagen/{attachment.pk}/")

        assert download.status == 200 and download.body == PDF
        assert _objects(s3_endpoint, bucket) == [f"private/{attachment.file.name}"]
        assert _files_under(tmp_path / "A") == [] and _files_under(tmp_path / "B") == []
    finally:
        for node in nodes:
            node.stop()
