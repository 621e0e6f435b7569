"""Assessment: assigning assessors, scoring with motivations, conflicts of interest, and the assessor's pages."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tenders import services
from tenders.models import Application, Assessment, Score, State, StatusChange
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    MembershipFactory,
    RoundFactory,
    UserFactory,
    assessed_application,
    submitted_application,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def eligible(officer):
    """An eligible application in a round with two criteria, no assessors assigned yet."""
    round_ = RoundFactory()
    CriterionFactory(round=round_, name="Ontmoeting", weight=2, maximum_score=10, position=1)
    CriterionFactory(round=round_, name="Bereik", weight=1, maximum_score=5, position=2)
    application = submitted_application(round=round_)
    return services.mark_eligible(application=application, by=officer)


def new_assessor():
    return UserFactory(roles=["beoordelaar"])


def assign(application, officer, assessor=None):
    return services.assign_assessor(application=application, assessor=assessor or new_assessor(), by=officer)


def criteria_of(application):
    return list(application.round.criteria.all())


def complete_sheet(application, value=4, motivation="Sterk plan met een duidelijke doelgroep."):
    return {c.pk: (value, motivation) for c in criteria_of(application)}


def state_of(application):
    return Application.objects.get(pk=application.pk).state


# The rule of two: an application is "assessed" only when at least two assessors have submitted.


def test_one_submitted_assessment_of_two_is_not_enough(eligible, officer):
    first, second = assign(eligible, officer), assign(eligible, officer)

    services.save_scores(assessment=first, scores=complete_sheet(eligible), submit=True)

    assert state_of(eligible) == State.ELIGIBLE
    assert not StatusChange.objects.filter(application=eligible, to_state=State.ASSESSED).exists()

    services.save_scores(assessment=second, scores=complete_sheet(eligible), submit=True)

    assert state_of(eligible) == State.ASSESSED
    change = StatusChange.objects.get(application=eligible, to_state=State.ASSESSED)
    assert (change.from_state, change.by) == (State.ELIGIBLE, None)


def test_a_single_assessor_who_submits_does_not_complete_the_assessment(eligible, officer):
    only = assign(eligible, officer)

    services.save_scores(assessment=only, scores=complete_sheet(eligible), submit=True)

    assert Assessment.objects.get(pk=only.pk).is_submitted
    assert state_of(eligible) == State.ELIGIBLE


def test_the_application_waits_for_every_assigned_assessor(eligible, officer):
    first, second, third = (assign(eligible, officer) for _ in range(3))

    for assessment in (first, second):
        services.save_scores(assessment=assessment, scores=complete_sheet(eligible), submit=True)
    assert state_of(eligible) == State.ELIGIBLE

    services.save_scores(assessment=third, scores=complete_sheet(eligible), submit=True)
    assert state_of(eligible) == State.ASSESSED


def test_the_minimum_number_of_assessors_comes_from_the_settings(eligible, officer, settings):
    settings.MINIMUM_ASSESSORS = 3
    assessments = [assign(eligible, officer) for _ in range(2)]
    for assessment in assessments:
        services.save_scores(assessment=assessment, scores=complete_sheet(eligible), submit=True)
    assert state_of(eligible) == State.ELIGIBLE

    services.save_scores(assessment=assign(eligible, officer), scores=complete_sheet(eligible), submit=True)

    assert state_of(eligible) == State.ASSESSED


# Scores and motivations.


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda sheet, ids: sheet.pop(ids[1]), id="a criterion left out"),
        pytest.param(lambda sheet, ids: sheet.update({ids[1]: (3, "")}), id="an empty motivation"),
        pytest.param(lambda sheet, ids: sheet.update({ids[1]: (3, "   \n")}), id="a blank motivation"),
        pytest.param(lambda sheet, ids: sheet.update({ids[1]: (None, "Goed")}), id="no score"),
    ],
)
def test_submitting_needs_a_score_and_a_motivation_for_every_criterion(eligible, officer, change):
    assessment = assign(eligible, officer)
    sheet = complete_sheet(eligible)
    change(sheet, [c.pk for c in criteria_of(eligible)])

    with pytest.raises(ValidationError):
        services.save_scores(assessment=assessment, scores=sheet, submit=True)

    assert Assessment.objects.get(pk=assessment.pk).submitted_at is None
    assert not Score.objects.filter(assessment=assessment).exists()


def test_a_draft_may_be_incomplete_and_is_not_submitted(eligible, officer):
    assessment = assign(eligible, officer)
    first = criteria_of(eligible)[0]

    services.save_scores(assessment=assessment, scores={first.pk: (7, "")}, submit=False)

    assert list(Score.objects.filter(assessment=assessment).values_list("criterion", "score")) == [
        (first.pk, 7)
    ]
    assert Assessment.objects.get(pk=assessment.pk).submitted_at is None


@pytest.mark.parametrize("submit", [True, False], ids=["submit", "draft"])
def test_a_score_above_the_criterion_maximum_is_refused(eligible, officer, submit):
    assessment = assign(eligible, officer)
    ontmoeting, bereik = criteria_of(eligible)  # maximum scores 10 and 5

    with pytest.raises(ValidationError):
        services.save_scores(
            assessment=assessment,
            scores={ontmoeting.pk: (8, "Goed"), bereik.pk: (6, "Boven het maximum")},
            submit=submit,
        )

    assert not Score.objects.filter(assessment=assessment).exists()
    assert Assessment.objects.get(pk=assessment.pk).submitted_at is None


def test_the_criterion_maximum_itself_is_a_valid_score(eligible, officer):
    assessment = assign(eligible, officer)
    ontmoeting, bereik = criteria_of(eligible)

    services.save_scores(
        assessment=assessment,
        scores={ontmoeting.pk: (10, "Uitstekend"), bereik.pk: (5, "Breed")},
        submit=True,
    )

    assert dict(Score.objects.filter(assessment=assessment).values_list("criterion", "score")) == {
        ontmoeting.pk: 10,
        bereik.pk: 5,
    }


def test_a_criterion_of_another_round_is_refused(eligible, officer):
    assessment = assign(eligible, officer)
    foreign = CriterionFactory(round=RoundFactory())

    with pytest.raises(ValidationError):
        services.save_scores(
            assessment=assessment, scores={**complete_sheet(eligible), foreign.pk: (3, "x")}, submit=False
        )

    assert not Score.objects.filter(assessment=assessment).exists()


def test_a_submitted_assessment_cannot_be_submitted_or_changed_again(eligible, officer):
    assessment = assign(eligible, officer)
    services.save_scores(assessment=assessment, scores=complete_sheet(eligible, value=4), submit=True)
    submitted_at = Assessment.objects.get(pk=assessment.pk).submitted_at

    for submit in (True, False):
        with pytest.raises(ValidationError):
            services.save_scores(
                assessment=assessment,
                scores=complete_sheet(eligible, value=1, motivation="Anders"),
                submit=submit,
            )

    assert Assessment.objects.get(pk=assessment.pk).submitted_at == submitted_at
    assert set(Score.objects.filter(assessment=assessment).values_list("score", "motivation")) == {
        (4, "Sterk plan met een duidelijke doelgroep.")
    }


def test_a_withdrawn_application_can_no_longer_be_scored(eligible, officer):
    assessment = assign(eligible, officer)
    services.withdraw(application=eligible, by=eligible.submitted_by, reason="Project gaat niet door")

    with pytest.raises(ValidationError):
        services.save_scores(assessment=assessment, scores=complete_sheet(eligible), submit=True)

    assert not Score.objects.filter(assessment=assessment).exists()
    assert state_of(eligible) == State.WITHDRAWN


# Assigning assessors.


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: UserFactory(roles=["beleidsmedewerker"]), id="policy officer"),
        pytest.param(lambda: MembershipFactory().user, id="organisation member"),
        pytest.param(lambda: UserFactory(), id="user without a role"),
        pytest.param(lambda: UserFactory(roles=["beoordelaar"], is_active=False), id="inactive assessor"),
    ],
)
def test_only_an_active_assessor_can_be_assigned(eligible, officer, make_user):
    with pytest.raises(ValidationError):
        services.assign_assessor(application=eligible, assessor=make_user(), by=officer)

    assert not Assessment.objects.filter(application=eligible).exists()


def test_the_same_assessor_cannot_be_assigned_twice(eligible, officer):
    assessor = new_assessor()
    assign(eligible, officer, assessor)

    with pytest.raises(ValidationError):
        assign(eligible, officer, assessor)

    assert Assessment.objects.filter(application=eligible, assessor=assessor).count() == 1


def test_an_assessor_who_declared_a_conflict_cannot_be_assigned_again(eligible, officer):
    assessor = new_assessor()
    new_assessor()  # a spare, who takes over
    services.declare_conflict(assessment=assign(eligible, officer, assessor), note="Mijn zus is voorzitter")

    with pytest.raises(ValidationError):
        assign(eligible, officer, assessor)

    assert not Assessment.objects.filter(application=eligible, assessor=assessor, has_conflict=False).exists()


@pytest.mark.parametrize(
    "make_application",
    [
        pytest.param(lambda officer: ApplicationFactory(), id="draft"),
        pytest.param(lambda officer: submitted_application(), id="submitted"),
        pytest.param(
            lambda officer: services.mark_ineligible(
                application=submitted_application(), by=officer, reason="Buiten Maastricht"
            ),
            id="ineligible",
        ),
        pytest.param(lambda officer: assessed_application(officer=officer), id="assessed"),
    ],
)
def test_assessors_can_only_be_assigned_to_an_eligible_application(officer, make_application):
    application = make_application(officer)
    before = application.assessments.count()

    with pytest.raises(ValidationError):
        assign(application, officer)

    assert application.assessments.count() == before


def test_the_officer_assigns_an_assessor_through_the_application_page(client, eligible, officer):
    assessor, member = new_assessor(), MembershipFactory().user
    client.force_login(officer)

    client.post(f"/medewerkers/aanvragen/{eligible.pk}/beoordelaars/", {"assessor": assessor.pk})
    response = client.post(
        f"/medewerkers/aanvragen/{eligible.pk}/beoordelaars/", {"assessor": member.pk}, follow=True
    )

    assert list(Assessment.objects.filter(application=eligible).values_list("assessor", "assigned_by")) == [
        (assessor.pk, officer.pk)
    ]
    assert response.context["assign_form"].errors["assessor"]
    choices = response.context["assign_form"].fields["assessor"].queryset
    assert assessor not in choices and member not in choices


# Conflicts of interest.


def test_declaring_a_conflict_removes_the_scores_and_hands_the_application_to_a_free_assessor(
    client, eligible, officer
):
    conflicted, colleague = new_assessor(), new_assessor()
    assessment = assign(eligible, officer, conflicted)
    assign(eligible, officer, colleague)
    spare = new_assessor()
    services.save_scores(assessment=assessment, scores=complete_sheet(eligible), submit=False)
    client.force_login(conflicted)

    response = client.post(f"/beoordelen/{assessment.pk}/belangenconflict/", {"note": "Ik ben bestuurslid"})

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.has_conflict, assessment.conflict_note) == (True, "Ik ben bestuurslid")
    assert not Score.objects.filter(assessment=assessment).exists()
    replacement = Assessment.objects.get(application=eligible, assessor=spare)
    assert (replacement.has_conflict, replacement.submitted_at, replacement.assigned_by) == (
        False,
        None,
        officer,
    )
    assert Assessment.objects.filter(application=eligible, assessor=colleague).count() == 1
    assert client.get(f"/beoordelen/{assessment.pk}/").status_code == 404
    assert assessment not in client.get("/beoordelen/").context["assessments"]
    with pytest.raises(ValidationError):
        services.save_scores(assessment=assessment, scores=complete_sheet(eligible), submit=True)
    assert not Score.objects.filter(assessment=assessment).exists()


def test_the_replacement_is_the_free_assessor_with_the_least_work_in_the_round(eligible, officer):
    conflicted = new_assessor()
    busy = new_assessor()  # created first: the lower pk would win a tie
    free = new_assessor()
    other = services.mark_eligible(application=submitted_application(round=eligible.round), by=officer)
    assign(other, officer, busy)
    assessment = assign(eligible, officer, conflicted)

    replacement = services.declare_conflict(assessment=assessment, note="Oud-collega van de aanvrager")

    assert replacement.assessor == free
    assert not Assessment.objects.filter(application=eligible, assessor=busy).exists()


def test_without_a_free_assessor_the_conflict_leaves_the_assignment_to_the_officer(eligible, officer):
    conflicted, colleague = new_assessor(), new_assessor()
    assessment = assign(eligible, officer, conflicted)
    assign(eligible, officer, colleague)

    assert services.declare_conflict(assessment=assessment, note="Familie") is None

    assert Assessment.objects.get(pk=assessment.pk).has_conflict
    assert Assessment.objects.filter(application=eligible).count() == 2
    assert state_of(eligible) == State.ELIGIBLE


def test_a_conflict_that_leaves_enough_submitted_assessments_completes_the_assessment(eligible, officer):
    first, second, third = (assign(eligible, officer) for _ in range(3))  # every assessor there is
    for assessment in (first, second):
        services.save_scores(assessment=assessment, scores=complete_sheet(eligible), submit=True)

    assert services.declare_conflict(assessment=third, note="Buurman van de penningmeester") is None

    assert state_of(eligible) == State.ASSESSED


def test_a_conflict_needs_a_description(client, eligible, officer):
    assessor = new_assessor()
    assessment = assign(eligible, officer, assessor)
    new_assessor()  # a spare who would take over
    client.force_login(assessor)

    client.post(f"/beoordelen/{assessment.pk}/belangenconflict/", {"note": ""})

    assert not Assessment.objects.get(pk=assessment.pk).has_conflict
    assert Assessment.objects.filter(application=eligible).count() == 1
    assert client.get(f"/beoordelen/{assessment.pk}/").status_code == 200
    with pytest.raises(ValidationError):
        services.declare_conflict(assessment=assessment, note="   ")


def test_a_conflict_cannot_be_declared_after_submitting(client, eligible, officer):
    assessor = new_assessor()
    assessment = assign(eligible, officer, assessor)
    new_assessor()  # a spare who would take over
    services.save_scores(assessment=assessment, scores=complete_sheet(eligible), submit=True)
    client.force_login(assessor)

    response = client.post(f"/beoordelen/{assessment.pk}/belangenconflict/", {"note": "Toch een conflict"})

    assert response.status_code == 200
    assert response.context["conflict_form"].non_field_errors()
    assert "Toch een conflict" in response.content.decode()  # shown again, not thrown away
    assessment.refresh_from_db()
    assert (assessment.has_conflict, assessment.is_submitted) == (False, True)
    assert Score.objects.filter(assessment=assessment).count() == 2
    assert Assessment.objects.filter(application=eligible).count() == 1


def test_a_conflicted_assessor_can_no_longer_download_the_documents(client, officer, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    round_ = RoundFactory()
    CriterionFactory(round=round_)
    membership = MembershipFactory()
    draft = ApplicationFactory(round=round_, organisation=membership.organisation, created_by=membership.user)
    attachment = services.add_attachment(
        application=draft, upload=SimpleUploadedFile("statuten.pdf", PDF), kind="statutes", by=membership.user
    )
    application = services.submit(application=draft, by=membership.user, declared_truthful=True)
    services.mark_eligible(application=application, by=officer)
    conflicted, spare = new_assessor(), new_assessor()
    assessment = assign(application, officer, conflicted)
    client.force_login(conflicted)
    assert client.get(f"/bijlagen/{attachment.pk}/").status_code == 200

    client.post(f"/beoordelen/{assessment.pk}/belangenconflict/", {"note": "Ik ken de aanvrager"})

    assert client.get(f"/bijlagen/{attachment.pk}/").status_code == 404
    client.force_login(spare)
    assert client.get(f"/bijlagen/{attachment.pk}/").status_code == 200


# The assessor's pages.


def score_post(application, values, *, submit=True):
    data = {"submit": "1"} if submit else {"save": "1"}
    for criterion, (score, motivation) in zip(criteria_of(application), values, strict=True):
        data[f"score_{criterion.pk}"] = "" if score is None else str(score)
        data[f"motivation_{criterion.pk}"] = motivation
    return data


def test_an_assessor_submits_the_assessment_through_the_page(client, eligible, officer):
    assessor = new_assessor()
    assessment = assign(eligible, officer, assessor)
    client.force_login(assessor)

    response = client.post(
        f"/beoordelen/{assessment.pk}/", score_post(eligible, [(9, "Veel ontmoeting"), (3, "Klein bereik")])
    )

    assert response.status_code == 302 and response.url == "/beoordelen/"
    assessment.refresh_from_db()
    assert assessment.is_submitted
    assert list(assessment.scores.values_list("score", "motivation")) == [
        (9, "Veel ontmoeting"),
        (3, "Klein bereik"),
    ]


def test_an_assessor_saves_a_draft_through_the_page_and_finds_it_back(client, eligible, officer):
    assessor = new_assessor()
    assessment = assign(eligible, officer, assessor)
    ontmoeting, bereik = criteria_of(eligible)
    client.force_login(assessor)

    client.post(
        f"/beoordelen/{assessment.pk}/",
        score_post(eligible, [(6, "Eerste indruk"), (None, "")], submit=False),
    )
    form = client.get(f"/beoordelen/{assessment.pk}/").context["form"]

    assert not Assessment.objects.get(pk=assessment.pk).is_submitted
    assert (
        form.fields[f"score_{ontmoeting.pk}"].initial,
        form.fields[f"motivation_{ontmoeting.pk}"].initial,
    ) == (
        6,
        "Eerste indruk",
    )
    assert form.fields[f"score_{bereik.pk}"].initial is None


def test_an_incomplete_submission_through_the_page_saves_nothing(client, eligible, officer):
    assessor = new_assessor()
    assessment = assign(eligible, officer, assessor)
    client.force_login(assessor)

    response = client.post(f"/beoordelen/{assessment.pk}/", score_post(eligible, [(7, "Goed plan"), (4, "")]))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Score.objects.filter(assessment=assessment).exists()
    assert not Assessment.objects.get(pk=assessment.pk).is_submitted


def test_a_score_above_the_maximum_through_the_page_saves_nothing(client, eligible, officer):
    assessor = new_assessor()
    assessment = assign(eligible, officer, assessor)
    bereik = criteria_of(eligible)[1]
    client.force_login(assessor)

    response = client.post(
        f"/beoordelen/{assessment.pk}/", score_post(eligible, [(7, "Goed"), (6, "Te veel")])
    )

    assert response.status_code == 200
    assert f"score_{bereik.pk}" in response.context["form"].errors
    assert not Score.objects.filter(assessment=assessment).exists()


def test_a_second_submit_through_the_page_changes_nothing(client, eligible, officer):
    assessor = new_assessor()
    assessment = assign(eligible, officer, assessor)
    client.force_login(assessor)
    client.post(f"/beoordelen/{assessment.pk}/", score_post(eligible, [(8, "Eerste"), (4, "Eerste")]))
    submitted_at = Assessment.objects.get(pk=assessment.pk).submitted_at

    response = client.post(
        f"/beoordelen/{assessment.pk}/", score_post(eligible, [(1, "Tweede"), (1, "Tweede")])
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Assessment.objects.get(pk=assessment.pk).submitted_at == submitted_at
    assert list(Score.objects.filter(assessment=assessment).values_list("score", "motivation")) == [
        (8, "Eerste"),
        (4, "Eerste"),
    ]


def test_assessors_never_see_each_others_scores(client, eligible, officer):
    me, other = new_assessor(), new_assessor()
    mine, theirs = assign(eligible, officer, me), assign(eligible, officer, other)
    ontmoeting, bereik = criteria_of(eligible)
    services.save_scores(
        assessment=theirs,
        scores={ontmoeting.pk: (2, "Geheime motivering A"), bereik.pk: (1, "Geheime motivering B")},
        submit=True,
    )
    services.save_scores(assessment=mine, scores={ontmoeting.pk: (9, "Mijn eigen oordeel")}, submit=False)
    client.force_login(me)

    response = client.get(f"/beoordelen/{mine.pk}/")

    fields = response.context["form"].fields
    assert {name: field.initial for name, field in fields.items()} == {
        f"score_{ontmoeting.pk}": 9,
        f"motivation_{ontmoeting.pk}": "Mijn eigen oordeel",
        f"score_{bereik.pk}": None,
        f"motivation_{bereik.pk}": "",
    }
    html = response.content.decode()
    assert "Mijn eigen oordeel" in html
    assert "Geheime motivering" not in html


def test_an_assessor_cannot_open_or_change_an_assessment_of_another(client, eligible, officer):
    me, other = new_assessor(), new_assessor()
    assign(eligible, officer, me)
    theirs = assign(eligible, officer, other)
    client.force_login(me)

    assert client.get(f"/beoordelen/{theirs.pk}/").status_code == 404
    assert (
        client.post(f"/beoordelen/{theirs.pk}/", score_post(eligible, [(1, "x"), (1, "x")])).status_code
        == 404
    )
    assert client.post(f"/beoordelen/{theirs.pk}/belangenconflict/", {"note": "Sabotage"}).status_code == 404

    theirs.refresh_from_db()
    assert (theirs.has_conflict, theirs.is_submitted, theirs.scores.count()) == (False, False, 0)


def test_an_unassigned_assessor_gets_a_not_found(client, eligible, officer):
    assessment = assign(eligible, officer)
    client.force_login(new_assessor())

    assert client.get(f"/beoordelen/{assessment.pk}/").status_code == 404
    assert list(client.get("/beoordelen/").context["assessments"]) == []


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: MembershipFactory().user, id="organisation member"),
        pytest.param(lambda: UserFactory(roles=["beleidsmedewerker"]), id="policy officer"),
    ],
)
def test_only_assessors_may_use_the_assessment_pages(client, eligible, officer, make_user):
    assessment = assign(eligible, officer)
    client.force_login(make_user())

    assert client.get("/beoordelen/").status_code == 403
    assert client.get(f"/beoordelen/{assessment.pk}/").status_code == 403
    assert (
        client.post(f"/beoordelen/{assessment.pk}/", score_post(eligible, [(1, "x"), (1, "x")])).status_code
        == 403
    )
    assert not Score.objects.filter(assessment=assessment).exists()


def test_the_assessment_pages_send_anonymous_visitors_to_the_login(client, eligible, officer):
    assessment = assign(eligible, officer)

    for url in ("/beoordelen/", f"/beoordelen/{assessment.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url


def test_the_assessment_list_shows_only_the_assessors_own_assignments(client, eligible, officer):
    me = new_assessor()
    mine = assign(eligible, officer, me)
    assign(eligible, officer)  # someone else's
    elsewhere = services.mark_eligible(application=submitted_application(round=eligible.round), by=officer)
    new_assessor()  # a spare for the conflict below
    services.declare_conflict(assessment=assign(elsewhere, officer, me), note="Mijn eigen vereniging")
    client.force_login(me)

    response = client.get("/beoordelen/")

    assert list(response.context["assessments"]) == [mine]
    assert eligible.reference in response.content.decode()
    assert elsewhere.reference not in response.content.decode()
