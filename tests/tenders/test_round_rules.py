"""The round's rules hold: submission only while the round is open, a number of applications per organisation."""

import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tenders import services
from tenders.models import Application, Round, State
from tests.factories import ApplicationFactory, MembershipFactory, OrganisationFactory, RoundFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = timezone.get_default_timezone()


def at(day, month, year, hour=12):
    return timezone.make_aware(datetime(year, month, day, hour), AMSTERDAM)


def member_of(organisation):
    return MembershipFactory(organisation=organisation).user


@pytest.mark.parametrize("method", list(Round.AllocationMethod))
def test_a_submission_before_the_round_opens_is_refused_and_the_draft_kept(method):
    # Seen: a first-come round opening on 14-2-2027 accepted a submission on 1-12-2026 and ranked it first.
    round_ = RoundFactory(
        allocation_method=method, opens_at=at(14, 2, 2027, 9), closes_at=at(16, 4, 2027, 17),
        published_at=at(1, 11, 2026), drafts_before_opening=True,
    )  # fmt: skip
    with time_machine.travel(at(1, 12, 2026), tick=False):
        draft = ApplicationFactory(round=round_)
        with pytest.raises(ValidationError) as refused:
            services.submit(application=draft, by=member_of(draft.organisation), declared_truthful=True)

    assert "14-02-2027 09:00" in refused.value.messages[0]
    draft.refresh_from_db()
    assert (draft.state, draft.reference, draft.submitted_at) == (State.DRAFT, None, None)
    assert draft.plan  # nothing typed is lost


@pytest.mark.parametrize("method", list(Round.AllocationMethod))
def test_a_submission_after_closing_is_refused_for_every_method(method):
    round_ = RoundFactory(allocation_method=method)
    draft = ApplicationFactory(round=round_)

    with time_machine.travel(round_.closes_at, tick=False), pytest.raises(ValidationError):
        services.submit(application=draft, by=member_of(draft.organisation), declared_truthful=True)

    assert Application.objects.get(pk=draft.pk).state == State.DRAFT


@pytest.mark.parametrize("method", list(Round.AllocationMethod))
def test_submission_is_accepted_from_the_moment_of_opening(method):
    round_ = RoundFactory(allocation_method=method, opens_at=at(14, 2, 2027, 9), closes_at=at(16, 4, 2027, 17),
                          published_at=at(1, 11, 2026), drafts_before_opening=True)  # fmt: skip
    with time_machine.travel(at(1, 12, 2026), tick=False):
        draft = ApplicationFactory(round=round_)
    with time_machine.travel(at(14, 2, 2027, 9), tick=False):
        submitted = services.submit(
            application=draft, by=member_of(draft.organisation), declared_truthful=True
        )

    assert submitted.state == State.SUBMITTED


def test_a_draft_before_opening_only_when_the_round_allows_it():
    strict = RoundFactory(
        opens_at=at(14, 2, 2027, 9), closes_at=at(16, 4, 2027, 17), published_at=at(1, 11, 2026)
    )
    early = RoundFactory(opens_at=at(14, 2, 2027, 9), closes_at=at(16, 4, 2027, 17), published_at=at(1, 11, 2026),
                         drafts_before_opening=True)  # fmt: skip
    organisation = OrganisationFactory()
    user = member_of(organisation)

    with time_machine.travel(at(1, 12, 2026), tick=False):
        with pytest.raises(ValidationError) as refused:
            services.start_application(round_=strict, organisation=organisation, by=user, title="Te vroeg")
        draft = services.start_application(
            round_=early, organisation=organisation, by=user, title="Voorbereid"
        )

    assert "14-02-2027" in refused.value.messages[0]
    assert not strict.applications.exists()
    assert draft.state == State.DRAFT


def test_the_portal_page_refuses_an_early_start_with_a_message_and_keeps_the_title(client):
    round_ = RoundFactory(
        opens_at=at(14, 2, 2027, 9), closes_at=at(16, 4, 2027, 17), published_at=at(1, 11, 2026)
    )
    organisation = OrganisationFactory()
    client.force_login(member_of(organisation))

    with time_machine.travel(at(1, 12, 2026), tick=False):
        response = client.post(
            f"/portaal/rondes/{round_.pk}/aanvragen/",
            {"organisation": organisation.pk, "title": "Buurtfeest"},
        )

    assert response.status_code == 200
    page = response.content.decode()
    assert "14-02-2027" in page and 'value="Buurtfeest"' in page
    assert not Application.objects.exists()


def test_an_organisation_submits_only_as_many_applications_as_the_round_allows():
    round_ = RoundFactory()  # the default: one per organisation
    organisation = OrganisationFactory()
    user = member_of(organisation)
    first, second = ApplicationFactory.create_batch(2, round=round_, organisation=organisation)
    services.submit(application=first, by=user, declared_truthful=True)

    with pytest.raises(ValidationError) as refused:
        services.submit(application=second, by=user, declared_truthful=True)

    assert "1" in refused.value.messages[0]
    assert Application.objects.get(pk=second.pk).state == State.DRAFT
    # Another organisation is not affected.
    other = ApplicationFactory(round=round_)
    assert services.submit(
        application=other, by=member_of(other.organisation), declared_truthful=True
    ).reference


def test_a_withdrawn_application_does_not_count():
    round_ = RoundFactory()
    organisation = OrganisationFactory()
    user = member_of(organisation)
    first, second = ApplicationFactory.create_batch(2, round=round_, organisation=organisation)
    services.submit(application=first, by=user, declared_truthful=True)
    services.withdraw(application=first, by=user, reason="Verkeerde aanvraag")

    assert services.submit(application=second, by=user, declared_truthful=True).state == State.SUBMITTED


def test_a_round_may_allow_more_applications_per_organisation():
    round_ = RoundFactory(applications_per_organisation=2)
    organisation = OrganisationFactory()
    user = member_of(organisation)
    drafts = ApplicationFactory.create_batch(3, round=round_, organisation=organisation)

    services.submit(application=drafts[0], by=user, declared_truthful=True)
    services.submit(application=drafts[1], by=user, declared_truthful=True)
    with pytest.raises(ValidationError):
        services.submit(application=drafts[2], by=user, declared_truthful=True)

    assert round_.applications.filter(state=State.SUBMITTED).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_of_one_organisation_submit_only_one():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    round_ = RoundFactory()
    organisation = OrganisationFactory()
    user = member_of(organisation)
    drafts = ApplicationFactory.create_batch(2, round=round_, organisation=organisation)
    start = threading.Barrier(2)
    outcomes = []

    def submit(draft):
        try:
            start.wait()
            services.submit(application=draft, by=user, declared_truthful=True)
            outcomes.append("submitted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "submitted"]
    assert round_.applications.filter(state=State.SUBMITTED).count() == 1


def test_the_limit_is_a_setting_of_the_round_that_must_allow_one():
    round_ = RoundFactory.build(applications_per_organisation=0, programme=RoundFactory().programme)

    with pytest.raises(ValidationError) as refused:
        round_.full_clean()

    assert "applications_per_organisation" in refused.value.message_dict


def test_a_round_with_drafts_before_opening_shows_when_submission_opens(client):
    round_ = RoundFactory(opens_at=timezone.now() + timedelta(days=20), closes_at=timezone.now() + timedelta(days=50),
                          published_at=timezone.now() - timedelta(days=1), drafts_before_opening=True)  # fmt: skip
    client.force_login(member_of(OrganisationFactory()))

    page = client.get("/portaal/rondes/").content.decode()

    assert f"/portaal/rondes/{round_.pk}/aanvragen/" in page
    assert "u kunt die indienen vanaf" in page.lower()
