"""Setting aside is a decision (Awb 4:5), and every ineligible application is refused by a decision of its own
with the reason recorded when it was declared ineligible (Awb 4:35): each with its stored letter."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from letters.services import read
from maastricht_inclusie.deadlines import end_of_day
from tenders import services
from tenders.letters import letter_of
from tenders.models import Application, Decision, State
from tenders.queries import ranking
from tenders.services import round_decisions
from tests.factories import (
    CriterionFactory,
    RoundFactory,
    UserFactory,
    assessed_application,
    closed,
    submitted_application,
)
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def first_come():
    return RoundFactory(allocation_method="first_come")


def expired_request(officer, round_=None):
    application = submitted_application(round=round_ or first_come())
    services.request_information(
        application=application, by=officer, message="Stuur de statuten mee.", parts=["attachments"]
    )
    request = application.information_requests.get()
    return Application.objects.get(pk=application.pk), end_of_day(request.ends_on) + timedelta(hours=2)


def ineligible(officer, round_, reason="De stichting is niet in Maastricht gevestigd."):
    application = submitted_application(round=round_)
    services.mark_ineligible(application=application, by=officer, reason=reason)
    return Application.objects.get(pk=application.pk)


# -- set aside -------------------------------------------------------------------------------------


def test_setting_aside_is_a_decision_with_its_own_letter_naming_the_law_what_was_asked_and_the_reasons(
    officer,
):
    application, later = expired_request(officer)

    with time_machine.travel(later, tick=False):
        decision = services.set_aside(application=application, reasons="Niets ontvangen.", by=officer)

    assert decision.outcome == Decision.Outcome.SET_ASIDE and decision.granted_amount == 0
    assert Application.objects.get(pk=application.pk).state == State.SET_ASIDE
    letter = letter_of(decision)
    assert (letter.kind == "set_aside" and letter.sent_at is None) or letter.kind == "set_aside"
    text = pdf_text(letter.file.read())
    for expected in ("buiten behandeling", "4:5", "Stuur de statuten mee.", "Niets ontvangen.", "bezwaar"):
        assert expected in text, expected


def test_a_set_aside_application_is_listed_in_the_applicants_letters_and_its_page_says_so(client, officer):
    application, later = expired_request(officer)
    with time_machine.travel(later, tick=False):
        services.set_aside(application=application, reasons="Niets ontvangen.", by=officer)
    client.force_login(application.organisation.memberships.first().user)

    letters_page = client.get(reverse("portal:letters")).content.decode()
    page = client.get(reverse("portal:application_detail", args=[application.pk])).content.decode()

    assert application.reference in letters_page
    assert "Buiten behandeling gesteld" in page and reverse("portal:decision_letter", args=[
        application.decisions.get().pk]) in page  # fmt: skip


def test_the_set_aside_decision_can_be_objected_to(officer):
    application, later = expired_request(officer)
    with time_machine.travel(later, tick=False):
        decision = services.set_aside(application=application, reasons="Niets ontvangen.", by=officer)
        objection = services.register_objection(
            decision=decision, received_on=timezone.localdate(), grounds="Wel verstuurd.", by=officer
        )

    assert objection.decision == decision


def test_setting_aside_twice_is_refused(officer):
    application, later = expired_request(officer)
    with time_machine.travel(later, tick=False):
        services.set_aside(application=application, reasons="Niets ontvangen.", by=officer)
        with pytest.raises(ValidationError):
            services.set_aside(application=application, reasons="Nog eens.", by=officer)

    assert Decision.objects.filter(application=application).count() == 1


def test_the_set_aside_confirmation_page_shows_what_follows_and_only_to_a_policy_officer(client, officer):
    application, later = expired_request(officer)
    url = reverse("staff:application_set_aside", args=[application.pk])
    with time_machine.travel(later, tick=False):
        client.force_login(UserFactory(roles=["beoordelaar"]))
        assert client.get(url).status_code == 403
        client.force_login(officer)
        html = client.get(url).content.decode()

    assert "Stuur de statuten mee." in html and "bezwaar" in html


def test_the_round_decision_never_decides_a_set_aside_application(officer):
    round_ = RoundFactory(ceiling=Decimal("50000"))
    criterion = CriterionFactory(round=round_)
    application, later = expired_request(officer, round_)
    assessed = assessed_application(round=round_, criteria=[criterion], officer=officer)
    with time_machine.travel(later, tick=False):
        services.set_aside(application=application, reasons="Niets ontvangen.", by=officer)
        closed(round_)
        decisions = services.decide_round(round_=round_, by=officer)

    assert [d.application_id for d in decisions] == [assessed.pk]
    assert application.pk not in [row.application_id for row in ranking(round_)]
    assert Application.objects.get(pk=application.pk).decisions.count() == 1


# -- ineligible applications are refused -------------------------------------------------------------


def test_the_round_decision_refuses_each_ineligible_application_with_its_own_reason_and_letter(officer):
    round_ = RoundFactory(ceiling=Decimal("50000"))
    criterion = CriterionFactory(round=round_)
    assessed = assessed_application(round=round_, criteria=[criterion], officer=officer)
    first = ineligible(officer, round_, "Geen inschrijving bij de KvK.")
    second = ineligible(officer, round_, "Het project valt buiten Maastricht.")
    closed(round_)

    decisions = services.decide_round(round_=round_, by=officer)

    assert {d.application_id for d in decisions} == {assessed.pk, first.pk, second.pk}
    for application, reason in (
        (first, "Geen inschrijving bij de KvK."),
        (second, "Het project valt buiten"),
    ):
        decision = Decision.objects.get(application=application)
        assert decision.outcome == Decision.Outcome.REJECTED and reason in decision.reasons
        assert letter_of(decision).kind == "refusal" and reason in pdf_text(read(letter_of(decision)))
        assert Application.objects.get(pk=application.pk).state == State.REJECTED
    assert {row.application_id for row in ranking(round_)} == {assessed.pk}


def test_the_round_decision_is_all_or_none_with_the_ineligible_refusals(officer, monkeypatch):
    round_ = RoundFactory(ceiling=Decimal("50000"))
    criterion = CriterionFactory(round=round_)
    assessed = assessed_application(round=round_, criteria=[criterion], officer=officer)
    refused = ineligible(officer, round_)
    closed(round_)
    real_issue = round_decisions.issue

    def failing(**kwargs):
        if kwargs["application"].pk == refused.pk:
            raise ValidationError("De brief kon niet worden gemaakt.")
        return real_issue(**kwargs)

    monkeypatch.setattr(round_decisions, "issue", failing)
    with pytest.raises(ValidationError):
        services.decide_round(round_=round_, by=officer)

    assert not Decision.objects.filter(application__in=[assessed, refused]).exists()


def test_the_confirmation_page_shows_the_ineligible_refusals_and_a_round_of_only_those_can_be_decided(
    client, officer
):
    round_ = RoundFactory()
    refused = ineligible(officer, round_, "Geen inschrijving bij de KvK.")
    closed(round_)
    client.force_login(officer)
    url = reverse("staff:round_decide", args=[round_.pk])

    page = client.get(url)
    html = page.content.decode()
    assert "Geen inschrijving bij de KvK." in html and refused.reference in html
    assert client.post(url, {"confirmed": page.context["confirmed"]}).status_code == 302

    assert Decision.objects.get(application=refused).reasons == "Geen inschrijving bij de KvK."


def test_a_stale_confirmation_decides_nothing_when_another_application_was_declared_ineligible(
    client, officer
):
    round_ = RoundFactory()
    ineligible(officer, round_)
    late = submitted_application(round=round_)
    client.force_login(officer)
    url = reverse("staff:round_decide", args=[round_.pk])
    closed(round_)
    services.mark_ineligible(application=late, by=officer, reason="Te laat ingediend.")
    confirmed = round_decisions.fingerprint([], round_decisions.ineligible(round_)[:1])

    response = client.post(url, {"confirmed": confirmed})

    assert response.status_code == 200 and not Decision.objects.filter(application__round=round_).exists()


def test_in_a_first_come_round_the_officer_refuses_an_ineligible_application_by_its_own_decision(
    client, officer
):
    application = ineligible(officer, first_come(), "Geen inschrijving bij de KvK.")
    client.force_login(officer)
    page = client.get(reverse("staff:application_detail", args=[application.pk])).content.decode()
    url = reverse("staff:application_refuse_ineligible", args=[application.pk])
    assert url in page

    assert client.post(url).status_code == 302
    again = client.post(url)

    assert again.status_code == 200 and again.context["refuse_form"].errors
    decision = Decision.objects.get(application=application)
    assert (
        decision.outcome == Decision.Outcome.REJECTED and decision.reasons == "Geen inschrijving bij de KvK."
    )
    assert letter_of(decision).kind == "refusal"


def test_only_a_policy_officer_refuses_and_a_tender_round_refuses_in_the_round_decision(client, officer):
    application = ineligible(officer, first_come())
    client.force_login(UserFactory(roles=["beoordelaar"]))
    assert (
        client.post(reverse("staff:application_refuse_ineligible", args=[application.pk])).status_code == 403
    )
    tender = ineligible(officer, RoundFactory())

    with pytest.raises(ValidationError):
        services.refuse_ineligible(application=tender, by=officer)
    with pytest.raises(ValidationError):
        services.refuse_ineligible(application=submitted_application(round=first_come()), by=officer)

    assert not Decision.objects.filter(application__in=[application, tender]).exists()


def test_the_page_of_an_ineligible_tender_application_leads_to_the_round_decision(client, officer):
    application = ineligible(officer, RoundFactory(), "Geen inschrijving bij de KvK.")
    client.force_login(officer)

    html = client.get(reverse("staff:application_detail", args=[application.pk])).content.decode()

    assert reverse("staff:round_decide", args=[application.round_id]) in html
    assert reverse("staff:application_refuse_ineligible", args=[application.pk]) not in html


def test_the_applicant_of_an_ineligible_application_reads_that_a_refusal_with_the_reason_follows(
    client, officer
):
    application = ineligible(officer, first_come(), "Geen inschrijving bij de KvK.")
    client.force_login(application.organisation.memberships.first().user)

    html = client.get(reverse("portal:application_detail", args=[application.pk])).content.decode()

    assert "Geen inschrijving bij de KvK." in html and "niet beoordeeld" in html and "uiterlijk" in html
