"""Before submitting, the review page shows everything; submitting needs the declaration; after submitting, the
applicant sees what happens next, with dates. The officer and the assessor see the same full application."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tenders import services
from tenders.models import Application, Attachment, State, StatusChange
from tenders.timeline import decision_due
from tests.factories import (
    ApplicationFactory,
    NeighbourhoodFactory,
    RoundFactory,
    UserFactory,
    submitted_application,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def complete_draft(client, member, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(member)
    application = ApplicationFactory(
        organisation=member.memberships.get().organisation, title="Buurtmaaltijden", created_by=member
    )
    application.neighbourhoods.add(NeighbourhoodFactory(name="Wyck", district="Centrum"))
    Attachment.objects.create(
        application=application, kind="plan", original_name="plan.pdf", content_type="application/pdf", size=10,
        uploaded_by=member, file=SimpleUploadedFile("plan.pdf", PDF),
    )  # fmt: skip
    return application


def test_the_review_page_shows_everything_entered_with_links_to_change_it(client, complete_draft):
    html = client.get(f"/portaal/aanvragen/{complete_draft.pk}/controleren/").content.decode()

    for shown in [
        "Buurtmaaltijden", "Ontmoeting tussen buurtbewoners en nieuwkomers.", "Tien bijeenkomsten in het buurthuis.",
        "150 personen", "Zaalhuur", "Materiaal", "€\u00a05.000,00", "Totaal van de kostenposten", "€\u00a010.000,00",
        "<strong>Centrum</strong>: ", "Wyck</li>", str(complete_draft.themes.get()), str(complete_draft.target_groups.get()),
        "plan.pdf",
    ]:  # fmt: skip
        assert shown in html, shown
    attachment = complete_draft.attachments.get()
    assert f'href="/bijlagen/{attachment.pk}/" download>plan.pdf</a>' in html
    assert html.count('Wijzigen<span class="visually-hidden">') == 4
    assert "Ik verklaar dat ik deze aanvraag volledig en naar waarheid heb ingevuld." in html


def test_submitting_without_the_declaration_is_refused_and_submits_nothing(client, complete_draft):
    response = client.post(f"/portaal/aanvragen/{complete_draft.pk}/controleren/", {})

    assert response.status_code == 200
    assert "Vink de verklaring aan dat u de aanvraag naar waarheid hebt ingevuld" in response.content.decode()
    complete_draft.refresh_from_db()
    assert (complete_draft.state, complete_draft.reference) == (State.DRAFT, None)


def test_the_service_refuses_a_submission_without_the_declaration(complete_draft, member):
    with pytest.raises(Exception, match="naar waarheid"):
        services.submit(application=complete_draft, by=member, declared_truthful=False)

    assert Application.objects.get(pk=complete_draft.pk).state == State.DRAFT


def test_the_declaration_is_written_in_the_history_with_the_submission(client, complete_draft):
    client.post(f"/portaal/aanvragen/{complete_draft.pk}/controleren/", {"declaration": "on"})

    change = StatusChange.objects.get(application=complete_draft, to_state=State.SUBMITTED)
    assert change.note == "Ik verklaar dat ik deze aanvraag volledig en naar waarheid heb ingevuld."


def test_a_refused_submission_shows_why_in_the_error_summary(client, member):
    client.force_login(member)
    draft = ApplicationFactory(organisation=member.memberships.get().organisation, summary="")

    response = client.post(f"/portaal/aanvragen/{draft.pk}/controleren/", {"declaration": "on"})

    html = response.content.decode()
    assert 'id="error-summary"' in html and "een samenvatting" in html
    assert Application.objects.get(pk=draft.pk).state == State.DRAFT


def test_after_submitting_the_applicant_sees_what_happens_next_with_dates(client, complete_draft):
    round_ = complete_draft.round
    response = client.post(
        f"/portaal/aanvragen/{complete_draft.pk}/controleren/", {"declaration": "on"}, follow=True
    )

    html = response.content.decode()
    complete_draft.refresh_from_db()
    due = decision_due(complete_draft)
    assert "Wat er nu gebeurt" in html
    for step in ["Ontvangen", "Controle op volledigheid", "Beoordeling", "Besluit", "Beschikking"]:
        assert f'<h3 class="utrecht-heading-3 mi-timeline__title">{step}' in html
    assert f'<time datetime="{due:%Y-%m-%d}">' in html
    assert f'<time datetime="{timezone.localtime(round_.closes_at):%Y-%m-%d}">' in html
    assert "(afgerond)" in html  # received
    assert "Uw aanvraag zoals ingediend" in html and "Wijzigen<span" not in html  # read-only now


def test_the_decision_term_of_a_tender_runs_from_the_closing_and_waits_during_an_information_request(
    settings,
):
    settings.DECISION_TERM_WEEKS = 8
    closes = timezone.now() + timedelta(days=10)
    application = submitted_application(round=RoundFactory(closes_at=closes))
    before = decision_due(application)
    assert before >= timezone.localdate(closes) + timedelta(weeks=8)

    services.request_information(
        application=application,
        by=UserFactory(roles=["beleidsmedewerker"]),
        message="Statuten",
        parts=["attachments"],
    )
    later = timezone.now() + timedelta(days=5)

    assert decision_due(Application.objects.get(pk=application.pk), now=later) >= before + timedelta(days=5)


def test_a_first_come_round_decides_within_the_term_after_receipt(settings):
    settings.DECISION_TERM_WEEKS = 8
    application = submitted_application(round=RoundFactory(allocation_method="first_come"))

    due = decision_due(application)

    received = timezone.localdate(application.submitted_at)
    assert received + timedelta(weeks=8) <= due <= received + timedelta(weeks=8, days=4)


def test_the_officer_and_the_assessor_see_the_same_full_application(client, officer, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    application = submitted_application(title="Samen koken", requested_amount=Decimal("8000"))
    services.mark_eligible(application=application, by=officer)
    assessor = UserFactory(roles=["beoordelaar"])
    assessment = services.assign_assessor(application=application, assessor=assessor, by=officer)

    client.force_login(officer)
    staff = client.get(f"/medewerkers/aanvragen/{application.pk}/").content.decode()
    client.force_login(assessor)
    scoring = client.get(f"/beoordelen/{assessment.pk}/").content.decode()

    for html in (staff, scoring):
        assert '<div class="mi-full-application">' in html
        assert "Totaal van de kostenposten" in html and "€\u00a08.000,00" in html
        assert str(application.themes.get()) in html and "Geplande periode" in html
        assert "Wijzigen<span" not in html


def test_the_applicants_page_before_submission_is_not_the_officers(client, member):
    client.force_login(member)
    other = submitted_application()

    assert client.get(f"/portaal/aanvragen/{other.pk}/controleren/").status_code == 404
    assert client.get(f"/medewerkers/aanvragen/{other.pk}/").status_code == 403
