"""From draft to ranked list, through the pages a member, an officer and two assessors use."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tenders import services
from tenders.models import Application, State, StatusChange
from tests.factories import ApplicationFactory, CriterionFactory, MembershipFactory, RoundFactory, UserFactory

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db
def test_draft_to_ranked_list(client, roles, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    round_ = RoundFactory()
    criteria = [
        CriterionFactory(round=round_, name="Ontmoeting", weight=3),
        CriterionFactory(round=round_, weight=1),
    ]
    membership = MembershipFactory()
    officer = UserFactory(roles=["beleidsmedewerker"])
    assessors = [UserFactory(roles=["beoordelaar"]) for _ in range(2)]
    draft = ApplicationFactory(round=round_, organisation=membership.organisation, created_by=membership.user)

    # The member uploads a document and submits.
    client.force_login(membership.user)
    client.post(
        f"/portaal/aanvragen/{draft.pk}/bijlagen/",
        {"kind": "statutes", "file": SimpleUploadedFile("s.pdf", PDF)},
    )
    client.post(f"/portaal/aanvragen/{draft.pk}/controleren/", {"declaration": "on"})
    application = Application.objects.get(pk=draft.pk)
    assert application.state == State.SUBMITTED

    # The officer finds it in the round, marks it eligible and assigns two assessors.
    client.force_login(officer)
    assert application.reference in client.get(f"/medewerkers/rondes/{round_.pk}/").content.decode()
    client.post(f"/medewerkers/aanvragen/{application.pk}/ontvankelijk/")
    for assessor in assessors:
        client.post(f"/medewerkers/aanvragen/{application.pk}/beoordelaars/", {"assessor": assessor.pk})
    assert application.assessments.count() == 2

    # Both assessors score every criterion and submit.
    for assessor, score in zip(assessors, (8, 6), strict=True):
        client.force_login(assessor)
        assessment = application.assessments.get(assessor=assessor)
        data = {"submit": "1"}
        for criterion in criteria:
            data[f"score_{criterion.pk}"] = str(score)
            data[f"motivation_{criterion.pk}"] = "Sterk plan met duidelijke doelgroep."
        response = client.post(f"/beoordelen/{assessment.pk}/", data)
        assert response.status_code == 302

    application.refresh_from_db()
    assert application.state == State.ASSESSED
    assert list(StatusChange.objects.filter(application=application).values_list("to_state", flat=True)) == [
        State.SUBMITTED,
        State.ELIGIBLE,
        State.ASSESSED,
    ]

    # The ranked list shows it above the ceiling line, with its weighted total: (8·3+8·1 + 6·3+6·1) / 2 = 28.
    client.force_login(officer)
    rows = client.get(f"/medewerkers/rondes/{round_.pk}/rangschikking/").context["rows"]
    assert [(r.position, r.application_id, r.funding) for r in rows] == [(1, application.pk, "full")]
    assert rows[0].total == 28


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_the_same_application_give_one_reference():
    application = ApplicationFactory()
    member = MembershipFactory(organisation=application.organisation).user
    results, errors = [], []

    def submit():
        try:
            results.append(
                services.submit(
                    application=Application.objects.get(pk=application.pk), by=member, declared_truthful=True
                )
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert {r.reference for r in results} == {Application.objects.get(pk=application.pk).reference}
    assert StatusChange.objects.filter(application=application, to_state=State.SUBMITTED).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_in_one_round_get_distinct_references():
    round_ = RoundFactory()
    applications = [ApplicationFactory(round=round_) for _ in range(6)]
    members = [MembershipFactory(organisation=a.organisation).user for a in applications]

    def submit(application, member):
        try:
            services.submit(application=application, by=member, declared_truthful=True)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(applications, members, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    references = list(Application.objects.filter(round=round_).values_list("reference", flat=True))
    assert len(set(references)) == 6
    assert None not in references
