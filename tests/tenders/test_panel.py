"""The round's assessment panel: the officer assigns and reassigns assessors on a staff page, never someone who
declared a conflict of interest, until every eligible application has at least two."""

import pytest
from django.core.exceptions import ValidationError

from tenders import services
from tenders.models import Assessment, State
from tenders.services.panel import reassign_assessor
from tests.factories import RoundFactory, UserFactory, submitted_application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]


@pytest.fixture
def eligible(officer):
    application = submitted_application(round=RoundFactory())
    services.mark_eligible(application=application, by=officer)
    return application


def assessor(name):
    return UserFactory(username=name, roles=["beoordelaar"])


def panel_url(round_, action=""):
    return f"/medewerkers/rondes/{round_.pk}/beoordelaars/{action}"


def test_the_seen_conflict_with_nobody_free_is_solved_on_the_panel_page(client, officer, eligible):
    """An assessor declares a conflict, nobody is free; a new assessor arrives and the officer assigns them."""
    first, second = assessor("anna"), assessor("bram")
    for person in (first, second):
        services.assign_assessor(application=eligible, assessor=person, by=officer)
    services.declare_conflict(
        assessment=eligible.assessments.get(assessor=first), note="Mijn zus is bestuurslid."
    )
    client.force_login(officer)

    page = client.get(panel_url(eligible.round)).content.decode()
    assert "belangenconflict gemeld" in page.lower() or "conflict" in page.lower()
    assert "nog 1 beoordelaar nodig" in page

    third = assessor("cees")
    response = client.post(
        panel_url(eligible.round, "toewijzen/"), {"application": eligible.pk, "assessor": third.pk}
    )

    assert response.status_code == 302
    assert set(
        eligible.assessments.filter(has_conflict=False).values_list("assessor__username", flat=True)
    ) == {
        "bram",
        "cees",
    }


def test_someone_with_a_declared_conflict_cannot_be_assigned_again(client, officer, eligible):
    conflicted = assessor("anna")
    assessment = services.assign_assessor(application=eligible, assessor=conflicted, by=officer)
    services.declare_conflict(assessment=assessment, note="Familie.")
    client.force_login(officer)

    response = client.post(
        panel_url(eligible.round, "toewijzen/"), {"application": eligible.pk, "assessor": conflicted.pk}
    )

    assert response.status_code == 400
    assert "belangenconflict" in response.content.decode()
    assert not eligible.assessments.filter(assessor=conflicted, has_conflict=False).exists()
    with pytest.raises(ValidationError):
        services.assign_assessor(application=eligible, assessor=conflicted, by=officer)


def test_a_pending_assessment_is_reassigned_and_its_draft_scores_go_with_it(client, officer, eligible):
    slow, quick = assessor("anna"), assessor("bram")
    assessment = services.assign_assessor(application=eligible, assessor=slow, by=officer)
    client.force_login(officer)

    response = client.post(
        panel_url(eligible.round, "vervangen/"), {"assessment": assessment.pk, "assessor": quick.pk}
    )

    assert response.status_code == 302
    assert list(eligible.assessments.values_list("assessor__username", flat=True)) == ["bram"]
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


def test_a_submitted_or_conflicted_assessment_stays_on_record(officer, eligible):
    from tests.factories import CriterionFactory

    criterion = CriterionFactory(round=eligible.round)
    done = services.assign_assessor(application=eligible, assessor=assessor("anna"), by=officer)
    services.save_scores(assessment=done, scores={criterion.pk: (7, "Goed.")}, submit=True)
    conflicted = services.assign_assessor(application=eligible, assessor=assessor("bram"), by=officer)
    services.declare_conflict(assessment=conflicted, note="Familie.")
    spare = assessor("cees")

    for assessment in (done, conflicted):
        with pytest.raises(ValidationError):
            reassign_assessor(assessment=assessment, assessor=spare, by=officer)

    assert Assessment.objects.filter(pk__in=[done.pk, conflicted.pk]).count() == 2


def test_the_page_shows_each_assessors_load_and_who_is_free(client, officer, eligible):
    busy, free = assessor("anna"), assessor("bram")
    services.assign_assessor(application=eligible, assessor=busy, by=officer)
    client.force_login(officer)

    response = client.get(panel_url(eligible.round))

    [row] = response.context["rows"]
    assert [p.username for p in row.free] == ["bram"]
    assert row.missing == 1
    loads = {p.username: (p.assigned, p.submitted, p.conflicts) for p in response.context["people"]}
    assert loads["anna"] == (1, 0, 0) and loads["bram"] == (0, 0, 0)
    assert free.pk != busy.pk


def test_an_assessed_application_offers_no_assignment(client, officer):
    from tests.factories import assessed_application

    application = assessed_application(officer=officer)
    assert application.state == State.ASSESSED
    client.force_login(officer)

    response = client.post(
        panel_url(application.round, "toewijzen/"),
        {"application": application.pk, "assessor": assessor("dirk").pk},
    )

    assert response.status_code == 400
    assert not application.assessments.filter(assessor__username="dirk").exists()


def test_an_assessor_cannot_assign_anyone(client, officer, eligible):
    intruder = assessor("anna")
    client.force_login(intruder)

    response = client.post(
        panel_url(eligible.round, "toewijzen/"), {"application": eligible.pk, "assessor": intruder.pk}
    )

    assert response.status_code == 403
    assert not eligible.assessments.exists()


def test_an_application_of_another_round_cannot_be_assigned_through_this_rounds_page(
    client, officer, eligible
):
    other_round = RoundFactory()
    client.force_login(officer)

    response = client.post(
        panel_url(other_round, "toewijzen/"), {"application": eligible.pk, "assessor": assessor("anna").pk}
    )

    assert response.status_code == 400
    assert not eligible.assessments.exists()


def test_the_panel_page_runs_a_fixed_number_of_queries(client, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round_ = RoundFactory()
    people = [assessor(f"p{n}") for n in range(3)]

    def add_eligible():
        application = submitted_application(round=round_)
        services.mark_eligible(application=application, by=officer)
        for person in people[:2]:
            services.assign_assessor(application=application, assessor=person, by=officer)

    add_eligible()
    client.force_login(officer)
    with CaptureQueriesContext(connection) as small:
        assert client.get(panel_url(round_)).status_code == 200
    for _ in range(4):
        add_eligible()
    with CaptureQueriesContext(connection) as large:
        assert client.get(panel_url(round_)).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)
