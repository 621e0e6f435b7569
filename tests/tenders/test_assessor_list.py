"""The assessor's list (/beoordelen/) is bounded: open assignments first by deadline, a page at a time; the
last few submitted ones with a link to all of them; per round; only the assessor's own (issue 22)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tenders import assessor_queries, services
from tests.factories import CriterionFactory, RoundFactory, UserFactory, submitted_application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]


def new_round(days_to_deadline):
    round_ = RoundFactory(assessment_deadline=timezone.now() + timedelta(days=days_to_deadline))
    CriterionFactory(round=round_, weight=1, maximum_score=5, position=1)
    return round_


def assignment(round_, officer, assessor):
    application = services.mark_eligible(application=submitted_application(round=round_), by=officer)
    return services.assign_assessor(application=application, assessor=assessor, by=officer)


def submit(assessment):
    criteria = assessment.application.round.criteria.all()
    services.save_scores(
        assessment=assessment, scores={c.pk: (3, "Goed plan.") for c in criteria}, submit=True
    )


@pytest.fixture
def assessor():
    return UserFactory(roles=["beoordelaar"])


def test_open_assignments_come_first_by_deadline_and_submitted_ones_apart(client, officer, assessor):
    later, sooner = new_round(20), new_round(5)
    late = assignment(later, officer, assessor)
    soon = assignment(sooner, officer, assessor)
    done = assignment(sooner, officer, assessor)
    submit(done)
    client.force_login(assessor)

    response = client.get("/beoordelen/")

    assert list(response.context["assessments"]) == [soon, late]
    assert list(response.context["submitted"]) == [done]
    assert response.context["more"] is False
    assert done.application.reference in response.content.decode()


def test_the_open_list_is_paged_and_the_submitted_ones_are_limited_with_a_link_to_all(
    client, officer, assessor, monkeypatch
):
    monkeypatch.setattr(assessor_queries, "PER_PAGE", 2)
    monkeypatch.setattr(assessor_queries, "RECENTLY_SUBMITTED", 1)
    round_ = new_round(10)
    assignments = [assignment(round_, officer, assessor) for _ in range(5)]
    submit(assignments[3])
    submit(assignments[4])
    client.force_login(assessor)

    first = client.get("/beoordelen/")
    last = client.get("/beoordelen/?page=2")
    everything = client.get("/beoordelen/ingediend/")

    assert len(first.context["assessments"]) == 2 and first.context["page"].paginator.count == 3
    assert len(last.context["assessments"]) == 1
    assert {*first.context["assessments"], *last.context["assessments"]} == set(assignments[:3])
    assert first.context["submitted"] == [assignments[4]] and first.context["more"] is True
    assert "/beoordelen/ingediend/" in first.content.decode()
    assert list(everything.context["assessments"]) == [assignments[4], assignments[3]]


def test_the_list_shows_one_round_and_ignores_a_round_that_is_not_the_assessors(client, officer, assessor):
    one, other, foreign = new_round(5), new_round(10), new_round(15)
    mine_here, mine_there = assignment(one, officer, assessor), assignment(other, officer, assessor)
    theirs = assignment(foreign, officer, UserFactory(roles=["beoordelaar"]))
    client.force_login(assessor)

    chosen = client.get(f"/beoordelen/?ronde={one.pk}")
    foreign_round = client.get(f"/beoordelen/?ronde={foreign.pk}")
    nonsense = client.get("/beoordelen/?ronde=x")

    assert list(chosen.context["assessments"]) == [mine_here]
    assert mine_there.application.reference not in chosen.content.decode()
    assert set(chosen.context["rounds"]) == {one, other}
    assert list(foreign_round.context["assessments"]) == [mine_here, mine_there]
    assert theirs.application.reference not in foreign_round.content.decode()
    html = nonsense.content.decode()  # all rounds, as above (from the cache: the same body)
    assert mine_here.application.reference in html and mine_there.application.reference in html
    assert theirs.application.reference not in html


def test_the_submitted_list_shows_only_the_assessors_own(client, officer, assessor):
    round_ = new_round(5)
    mine = assignment(round_, officer, assessor)
    other = UserFactory(roles=["beoordelaar"])
    theirs = assignment(round_, officer, other)
    submit(mine)
    submit(theirs)
    client.force_login(assessor)

    response = client.get("/beoordelen/ingediend/")

    assert list(response.context["assessments"]) == [mine]
    assert theirs.application.reference not in response.content.decode()


def test_the_submitted_list_is_for_assessors_only(client, officer):
    client.force_login(officer)

    assert client.get("/beoordelen/ingediend/").status_code == 403
    client.logout()
    assert client.get("/beoordelen/ingediend/").status_code == 302
