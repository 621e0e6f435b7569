"""Officer and assessor pages: who may see them, what they change, and flat query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenders import services
from tenders.models import Application, Assessment, Score, State, StatusChange
from tenders.queries import TIE_BREAK_RULE, ranking
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    MembershipFactory,
    RoundFactory,
    UserFactory,
    assessed_application,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = UserFactory(roles=["beleidsmedewerker"])
    client.force_login(user)
    return user


def staff_urls(round_, application):
    return [
        "/medewerkers/rondes/",
        f"/medewerkers/rondes/{round_.pk}/",
        f"/medewerkers/rondes/{round_.pk}/rangschikking/",
        f"/medewerkers/rondes/{round_.pk}/besluiten/",
        f"/medewerkers/rondes/{round_.pk}/betalingen/",
        f"/medewerkers/programma/{round_.programme_id}/",
        f"/medewerkers/aanvragen/{application.pk}/",
    ]


def test_staff_pages_need_the_policy_officer_role(client):
    application = submitted_application()
    urls = staff_urls(application.round, application)

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    for user in (
        MembershipFactory(organisation=application.organisation).user,
        UserFactory(roles=["beoordelaar"]),
        UserFactory(is_superuser=True, is_staff=True),
    ):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
    client.force_login(UserFactory(roles=["beleidsmedewerker"]))
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_officer_marks_eligible_and_the_history_records_who(client, officer):
    application = submitted_application()

    client.post(f"/medewerkers/aanvragen/{application.pk}/ontvankelijk/")

    application.refresh_from_db()
    assert application.state == State.ELIGIBLE
    change = StatusChange.objects.filter(application=application).last()
    assert (change.from_state, change.to_state, change.by) == (State.SUBMITTED, State.ELIGIBLE, officer)


def test_ineligible_needs_a_reason(client, officer):
    application = submitted_application()

    client.post(f"/medewerkers/aanvragen/{application.pk}/niet-ontvankelijk/", {"reason": ""})
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED

    client.post(
        f"/medewerkers/aanvragen/{application.pk}/niet-ontvankelijk/", {"reason": "Geen Maastrichts project"}
    )
    application.refresh_from_db()
    assert application.state == State.INELIGIBLE
    assert application.eligibility_reason == "Geen Maastrichts project"


def test_an_illegal_action_shows_an_error_and_changes_nothing(client, officer):
    draft = ApplicationFactory()

    response = client.post(f"/medewerkers/aanvragen/{draft.pk}/ontvankelijk/", follow=True)

    assert response.status_code == 200
    assert Application.objects.get(pk=draft.pk).state == State.DRAFT
    assert 'id="error-summary"' in response.content.decode()


def test_information_request_deadline_is_a_working_day(client, officer):
    application = submitted_application()

    client.post(
        f"/medewerkers/aanvragen/{application.pk}/aanvulverzoek/",
        {"message": "Statuten ontbreken", "parts": ["attachments"]},
    )

    request = application.information_requests.get()
    assert request.deadline.weekday() < 5
    assert Application.objects.get(pk=application.pk).state == State.INFORMATION_REQUESTED


def test_two_assessors_are_needed_before_an_application_is_assessed():
    application = submitted_application()
    criterion = CriterionFactory(round=application.round)
    officer = UserFactory(roles=["beleidsmedewerker"])
    services.mark_eligible(application=application, by=officer)
    first = services.assign_assessor(
        application=application, assessor=UserFactory(roles=["beoordelaar"]), by=officer
    )

    services.save_scores(assessment=first, scores={criterion.pk: (7, "Goed")}, submit=True)

    assert Application.objects.get(pk=application.pk).state == State.ELIGIBLE
    second = services.assign_assessor(
        application=application, assessor=UserFactory(roles=["beoordelaar"]), by=officer
    )
    services.save_scores(assessment=second, scores={criterion.pk: (6, "Redelijk")}, submit=True)
    assert Application.objects.get(pk=application.pk).state == State.ASSESSED


def test_assessor_with_a_conflict_is_replaced_and_loses_access(client):
    application = submitted_application()
    criterion = CriterionFactory(round=application.round)
    officer = UserFactory(roles=["beleidsmedewerker"])
    services.mark_eligible(application=application, by=officer)
    conflicted = UserFactory(roles=["beoordelaar"])
    spare = UserFactory(roles=["beoordelaar"])
    assessment = services.assign_assessor(application=application, assessor=conflicted, by=officer)
    services.save_scores(assessment=assessment, scores={criterion.pk: (5, "Concept")}, submit=False)
    client.force_login(conflicted)

    client.post(f"/beoordelen/{assessment.pk}/belangenconflict/", {"note": "Ik ben bestuurslid"})

    assessment.refresh_from_db()
    assert assessment.has_conflict
    assert not Score.objects.filter(assessment=assessment).exists()
    assert Assessment.objects.filter(application=application, assessor=spare, has_conflict=False).exists()
    assert client.get(f"/beoordelen/{assessment.pk}/").status_code == 404
    with pytest.raises(ValidationError):
        services.save_scores(assessment=assessment, scores={criterion.pk: (9, "x")}, submit=True)


def test_assessors_see_only_their_own_scores_and_assignments(client):
    application = submitted_application()
    criterion = CriterionFactory(round=application.round)
    officer = UserFactory(roles=["beleidsmedewerker"])
    services.mark_eligible(application=application, by=officer)
    one, other = UserFactory(roles=["beoordelaar"]), UserFactory(roles=["beoordelaar"])
    mine = services.assign_assessor(application=application, assessor=one, by=officer)
    theirs = services.assign_assessor(application=application, assessor=other, by=officer)
    services.save_scores(assessment=theirs, scores={criterion.pk: (3, "Geheime motivering")}, submit=False)
    client.force_login(one)

    html = client.get(f"/beoordelen/{mine.pk}/").content.decode()

    assert "Geheime motivering" not in html
    assert client.get(f"/beoordelen/{theirs.pk}/").status_code == 404
    client.force_login(MembershipFactory().user)
    assert client.get("/beoordelen/").status_code == 403


def test_a_score_above_the_maximum_is_refused():
    application = submitted_application()
    criterion = CriterionFactory(round=application.round, maximum_score=5)
    officer = UserFactory(roles=["beleidsmedewerker"])
    services.mark_eligible(application=application, by=officer)
    assessment = services.assign_assessor(
        application=application, assessor=UserFactory(roles=["beoordelaar"]), by=officer
    )

    with pytest.raises(ValidationError):
        services.save_scores(assessment=assessment, scores={criterion.pk: (6, "Te hoog")}, submit=True)

    assert not Score.objects.exists()


def test_ranking_breaks_ties_by_the_moment_of_completeness():
    round_ = RoundFactory(ceiling=Decimal("25000"))
    criterion = CriterionFactory(round=round_)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        later = assessed_application(round=round_, criteria=[criterion], scores=(8, 8))
    earlier = assessed_application(round=round_, criteria=[criterion], scores=(8, 8))
    best = assessed_application(round=round_, criteria=[criterion], scores=(9, 9))

    rows = ranking(round_)

    assert [r.application_id for r in rows] == [best.pk, earlier.pk, later.pk]
    assert [r.funding for r in rows] == ["full", "full", "partial"]
    assert rows[2].fundable_amount == Decimal("5000")


def test_applications_below_the_minimum_score_are_not_ranked():
    round_ = RoundFactory(minimum_total_score=Decimal("6"))
    criterion = CriterionFactory(round=round_)
    low = assessed_application(round=round_, criteria=[criterion], scores=(5, 5))

    rows = ranking(round_)

    assert [(r.application_id, r.position, r.funding) for r in rows] == [(low.pk, None, "below_minimum")]


def test_ranking_page_shows_the_tie_break_rule_and_exports_neutralised_csv(client, officer, download_export):
    round_ = RoundFactory()
    assessed_application(round=round_, title="=HYPERLINK(1)")

    html = client.get(f"/medewerkers/rondes/{round_.pk}/rangschikking/").content.decode()
    csv = download_export(client, "ranking", "csv", round=round_.pk).decode("utf-8-sig")

    assert str(TIE_BREAK_RULE)[:40] in html
    assert "'=HYPERLINK(1)" in csv


@pytest.mark.parametrize("page", ["rondes/{pk}/", "rondes/{pk}/rangschikking/"])
def test_round_pages_run_a_fixed_number_of_queries(client, officer, page):
    round_ = RoundFactory(ceiling=Decimal("1000000"))
    criterion = CriterionFactory(round=round_)
    for _ in range(2):
        assessed_application(round=round_, criteria=[criterion], officer=officer)
    url = "/medewerkers/" + page.format(pk=round_.pk)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(6):
        assessed_application(round=round_, criteria=[criterion], officer=officer)

    with CaptureQueriesContext(connection) as large:
        client.get(url)

    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_admin_application_list_runs_a_fixed_number_of_queries_whatever_the_rounds(client):
    admin_user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin_user)
    submitted_application()
    url = "/admin/tenders/application/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        submitted_application()  # each in a round (and programme) of its own

    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200

    assert len(five) == len(one)
