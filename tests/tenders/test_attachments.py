"""Attachments: type from content, size limit, private storage, served only to those allowed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tenders.models import Attachment
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "public"


@pytest.fixture
def draft(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    return ApplicationFactory(organisation=membership.organisation)


def upload(client, application, name, content, kind="statutes"):
    return client.post(
        f"/portaal/aanvragen/{application.pk}/bijlagen/",
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def test_a_pdf_is_stored_outside_public_media_and_downloaded_as_attachment(client, draft, settings):
    response = upload(client, draft, "statuten.pdf", PDF)

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "statuten.pdf"
    assert str(settings.PRIVATE_MEDIA_ROOT) in attachment.file.path
    assert not attachment.file.name.endswith("statuten.pdf")  # stored under a random name
    download = client.get(f"/bijlagen/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


def test_an_executable_renamed_to_pdf_is_refused(client, draft):
    response = upload(client, draft, "begroting.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Attachment.objects.exists()


def test_a_png_named_docx_is_stored_as_png(client, draft):
    upload(client, draft, "foto.docx", PNG)

    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png")


def test_an_11_mb_file_is_refused(client, draft):
    response = upload(client, draft, "groot.pdf", PDF + b"0" * (11 * 1024 * 1024))

    assert response.status_code == 200
    assert "10 MB" in str(response.context["form"].errors["file"])
    assert not Attachment.objects.exists()


def test_member_of_another_organisation_gets_404_for_the_attachment(client, draft):
    upload(client, draft, "statuten.pdf", PDF)
    attachment = Attachment.objects.get()
    client.force_login(MembershipFactory().user)

    assert client.get(f"/bijlagen/{attachment.pk}/").status_code == 404


def test_anonymous_is_sent_to_login_for_an_attachment(client, draft):
    upload(client, draft, "statuten.pdf", PDF)
    attachment = Attachment.objects.get()
    client.logout()

    response = client.get(f"/bijlagen/{attachment.pk}/")

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_assessor_sees_attachments_of_assigned_applications_only(client, roles):
    from tenders import services

    application = ApplicationFactory()
    membership = MembershipFactory(organisation=application.organisation)
    attachment = Attachment.objects.create(
        application=application, kind="plan", original_name="plan.pdf", content_type="application/pdf", size=10,
        uploaded_by=membership.user, file=SimpleUploadedFile("x.pdf", PDF),
    )  # fmt: skip
    services.submit(application=application, by=membership.user, declared_truthful=True)
    officer = UserFactory(roles=["beleidsmedewerker"])
    services.mark_eligible(application=application, by=officer)
    assigned = UserFactory(roles=["beoordelaar"])
    services.assign_assessor(application=application, assessor=assigned, by=officer)
    stranger = UserFactory(roles=["beoordelaar"])

    client.force_login(assigned)
    assert client.get(f"/bijlagen/{attachment.pk}/").status_code == 200
    client.force_login(stranger)
    assert client.get(f"/bijlagen/{attachment.pk}/").status_code == 404


def test_documents_cannot_be_added_after_submission(client, draft):
    from tenders import services

    services.submit(application=draft, by=draft.organisation.memberships.get().user, declared_truthful=True)

    upload(client, draft, "laat.pdf", PDF)

    assert not Attachment.objects.exists()


def test_attachment_form_without_a_file_shows_an_error(client, draft):
    response = client.post(
        f"/portaal/aanvragen/{draft.pk}/bijlagen/", {"kind": "plan", "file": io.BytesIO(b"")}
    )

    assert response.status_code == 200
    assert not Attachment.objects.exists()


def test_a_pdf_named_html_downloads_as_pdf(client, draft):
    upload(client, draft, "rapport.html", PDF)
    attachment = draft.attachments.get()

    download = client.get(reverse("files:attachment", args=[attachment.pk]))

    assert 'filename="rapport.pdf"' in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"


def _docx(payload_bytes: int) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/zeros.bin", b"\0" * payload_bytes)
    return buffer.getvalue()


def test_an_office_file_that_unpacks_to_far_more_than_it_holds_is_refused(client, draft):
    bomb = _docx(200 * 1024 * 1024)  # about 200 KB that unpacks to 200 MB
    assert len(bomb) < 1024 * 1024

    response = upload(client, draft, "plan.docx", bomb)

    assert not draft.attachments.exists()
    assert (
        "uitpakt" in response.content.decode()
        or "unpacks" in response.content.decode()
        or response.status_code in (200, 302)
    )


def test_an_ordinary_office_file_is_accepted(client, draft):
    upload(client, draft, "plan.docx", _docx(10_000))

    assert draft.attachments.get().content_type.endswith("wordprocessingml.document")
