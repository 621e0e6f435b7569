"""The tie rule is a published rule of the round (Awb 4:26), used by the one allocation; and the database keeps a
published round's criteria and weights as they were published, except through an amendment."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from tenders import services, totals
from tenders.models import Criterion, Round, Score
from tenders.queries import ranking
from tests.factories import (
    CriterionFactory,
    RoundFactory,
    UserFactory,
    as_amendment,
    assessed_application,
    closed,
)

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database guards need PostgreSQL"
)


@pytest.fixture
def officer(roles):
    return UserFactory(is_staff=True, roles=["beleidsmedewerker"])


def tied_pair(round_, officer):
    """Two applications with the same weighted total (12): the earlier complete one scores lower on the first
    criterion (weight 1, first) and higher on the second (weight 1)."""
    first = CriterionFactory(round=round_, position=0)
    earlier = assessed_application(round=round_, criteria=[first], scores=(4, 4), officer=officer)
    later = assessed_application(round=round_, criteria=[first], scores=(8, 8), officer=officer)
    # Both get a second criterion's score so that the totals tie: 4 + 8 == 8 + 4.
    second = CriterionFactory(round=round_, position=1)
    for application, value in ((earlier, 8), (later, 4)):
        for assessment in application.assessments.all():
            Score.objects.create(assessment=assessment, criterion=second, score=value, motivation="Goed.")
    # Scores written past the services (which never add a criterion after submission): their totals kept here.
    totals.refresh([earlier.pk, later.pk])
    return earlier, later


def test_by_default_the_earlier_complete_submission_ranks_first(officer):
    round_ = RoundFactory()
    earlier, later = tied_pair(round_, officer)

    rows = ranking(round_)

    assert rows[0].total == rows[1].total
    assert [r.application_id for r in rows] == [earlier.pk, later.pk]


def test_with_the_first_criterion_rule_the_higher_score_on_it_ranks_first_and_the_round_decision_follows(
    officer,
):
    round_ = RoundFactory(tie_rule=Round.TieRule.FIRST_CRITERION, ceiling=Decimal("250000"))
    earlier, later = tied_pair(round_, officer)

    rows = ranking(round_)
    closed(round_)
    decisions = services.decide_round(round_=round_, by=officer)

    assert [r.application_id for r in rows] == [later.pk, earlier.pk]
    assert [d.application_id for d in decisions] == [later.pk, earlier.pk]


def test_the_tie_rule_is_shown_on_the_round_public_page_and_the_ranking_page(client, officer):
    round_ = RoundFactory(tie_rule=Round.TieRule.FIRST_CRITERION)
    CriterionFactory(round=round_)

    public = client.get(reverse("rounds:round", args=[round_.pk])).content.decode()
    client.force_login(officer)
    staff = client.get(reverse("staff:ranking", args=[round_.pk])).content.decode()

    assert "eerste criterium" in public
    assert "eerste criterium" in staff


def test_the_tie_rule_of_a_published_round_changes_only_by_an_amendment(officer):
    round_ = RoundFactory()

    amendment = services.amend_round(
        round_=round_,
        changes={"tie_rule": Round.TieRule.FIRST_CRITERION},
        reason="Fout hersteld.",
        by=officer,
    )

    assert Round.objects.get(pk=round_.pk).tie_rule == Round.TieRule.FIRST_CRITERION
    assert "tie_rule" in amendment.changes


@postgres_only
def test_the_database_refuses_to_add_change_or_delete_a_criterion_of_a_published_round():
    criterion = CriterionFactory(weight=2)
    round_ = criterion.round

    with pytest.raises(DatabaseError), transaction.atomic():
        Criterion.objects.filter(pk=criterion.pk).update(weight=9)
    with pytest.raises(DatabaseError), transaction.atomic():
        Criterion.objects.create(round=round_, name="Nieuw criterium", weight=5)
    with pytest.raises(DatabaseError), transaction.atomic():
        Criterion.objects.filter(pk=criterion.pk).delete()

    assert list(Criterion.objects.filter(round=round_).values_list("weight", flat=True)) == [2]


@postgres_only
def test_an_unpublished_round_and_an_amendment_may_change_criteria():
    draft = RoundFactory(published_at=None)
    criterion = Criterion.objects.create(round=draft, name="Bereik", weight=1)
    Criterion.objects.filter(pk=criterion.pk).update(weight=3)
    published = CriterionFactory()

    with as_amendment():
        Criterion.objects.filter(pk=published.pk).update(weight=4)

    assert Criterion.objects.get(pk=criterion.pk).weight == 3
    assert Criterion.objects.get(pk=published.pk).weight == 4


def test_the_admin_shows_the_tie_rule_of_a_published_round_read_only_and_never_deletes_the_round(
    client, officer
):
    round_ = CriterionFactory().round
    client.force_login(officer)

    page = client.get(f"/admin/tenders/round/{round_.pk}/change/").content.decode()
    deleted = client.post(f"/admin/tenders/round/{round_.pk}/delete/", {"post": "yes"})

    assert 'name="tie_rule"' not in page
    assert deleted.status_code == 403
    assert Round.objects.filter(pk=round_.pk).exists() and round_.criteria.count() == 1
