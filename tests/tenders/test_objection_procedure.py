"""The objection procedure (Awb chapters 6–7): acknowledgement (6:14), hearing or its waiver (7:2–7:3), the
decision term and its one extension (7:10), and a decision with its letter for every outcome (7:11–7:12)."""

import email
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from letters.models import Letter
from maastricht_inclusie.deadlines import deadline_after, is_working_day
from maastricht_inclusie.schedule import BEAT_SCHEDULE
from reminders.models import Reminder
from tenders import ledger, queries, services, tasks
from tenders.forms import DecisionForm
from tenders.letters import letter_of
from tenders.models import Decision, Hearing, Objection, State
from tenders.services import objection_procedure as procedure
from tests import factories
from tests.pdf_text import pdf_text
from tests.tenders.test_letters import _tagged as tagged

pytestmark = pytest.mark.django_db
G = Decision.Outcome


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def granted(officer, requested="10000"):
    round_ = factories.RoundFactory(allocation_method="first_come")
    application = factories.assessed_application(round=round_, requested_amount=Decimal(requested))
    return services.decide(
        application=application, outcome=G.GRANTED, amount=application.requested_amount,
        reasons="Past goed binnen de regeling.", by=officer,
    )  # fmt: skip


def object_to(decision, officer, *, received_on=None, excused_delay=""):
    return services.register_objection(
        decision=decision, received_on=received_on or timezone.localdate(), grounds="Te weinig.", by=officer,
        excused_delay=excused_delay,
    )  # fmt: skip


def notice(kind: str) -> Letter:
    return Letter.objects.get(kind=kind)


def in_the_past(hearing):
    Hearing.objects.filter(pk=hearing.pk).update(starts_at=timezone.now() - timedelta(hours=2))


# -- acknowledgement (Awb 6:14) ------------------------------------------------------------------------------------
def test_registering_an_objection_issues_an_acknowledgement_with_the_decision_term(
    officer, django_capture_on_commit_callbacks
):
    decision = granted(officer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        objection = object_to(decision, officer)

    term_ends = services.objection_term_ends(decision)
    assert objection.decision_due_on == deadline_after(term_ends, weeks=6)
    letter = notice("objection_acknowledgement")
    assert letter.subject == objection and letter.organisation == decision.application.organisation
    text = pdf_text(letter.file.read())
    for expected in ("6:14", "7:10", "7:2", decision.application.reference, "geen besluit"):
        assert expected in text, expected
    assert objection.decision_due_on.strftime("%Y") in text
    assert (
        "Rechtbank" not in text and "bezwaar maken bij het college" not in text
    )  # no remedy: not a decision
    subjects = [message.subject for message in mail.outbox]
    assert any(s.startswith("Bezwaar ontvangen") for s in subjects), subjects  # the applicant's mail
    assert any(letter.title in s for s in subjects), subjects  # the letter itself, mailed
    assert letter_of(decision) is not None and objection.status == Objection.Status.PENDING


def test_the_acknowledgement_lies_in_the_applicants_letters(client, officer):
    decision = granted(officer)
    object_to(decision, officer)
    client.force_login(decision.application.organisation.memberships.get().user)

    page = client.get(reverse("portal:letters")).content.decode()

    assert "Ontvangstbevestiging" in page or "ontvangstbevestiging" in page.lower()


def test_a_late_objection_without_excuse_is_declared_inadmissible_with_its_letter_and_no_hearing(officer):
    decision = granted(officer)
    Decision.objects.filter(pk=decision.pk).update(
        decided_at=timezone.now() - timedelta(days=80),
        objection_deadline=timezone.localdate() - timedelta(days=30),
    )
    decision.refresh_from_db()
    Letter.objects.filter(pk=letter_of(decision).pk).update(sent_at=timezone.now() - timedelta(days=80))

    objection = object_to(decision, officer)

    assert objection.status == Objection.Status.INADMISSIBLE
    on_objection = objection.decisions.get()
    assert on_objection.outcome == G.OBJECTION_INADMISSIBLE and on_objection.granted_amount == 0
    assert objection.hearing.waiver_ground == Hearing.Waiver.MANIFESTLY_INADMISSIBLE
    text = pdf_text(letter_of(on_objection).file.read())
    assert "niet-ontvankelijk" in text and "Rechtbank Limburg" in text
    assert letter_of(on_objection).kind == "objection_inadmissible"


# -- hearing (Awb 7:2–7:3) ------------------------------------------------------------------------------------------
def test_planning_a_hearing_sends_an_invitation_letter_and_mail(officer, django_capture_on_commit_callbacks):
    objection = object_to(granted(officer), officer)
    starts_at = timezone.now() + timedelta(days=10)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        hearing = procedure.plan_hearing(
            objection=objection,
            starts_at=starts_at,
            place="Stadhuis, Markt 78",
            invited="Bezwaarmaker",
            by=officer,
        )

    letter = notice("hearing_invitation")
    assert letter.subject == hearing
    text = pdf_text(letter.file.read())
    assert "Stadhuis, Markt 78" in text and "7:2" in text and "Rechtbank" not in text
    assert timezone.localtime(starts_at).strftime("%H:%M") in text
    assert any(m.subject.startswith("Hoorzitting") for m in mail.outbox), [m.subject for m in mail.outbox]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"starts_at": timezone.now() - timedelta(days=1)}, "toekomst"),
        ({"place": "  "}, "plaats"),
    ],
)
def test_a_hearing_in_the_past_or_without_place_is_refused(officer, change, message):
    objection = object_to(granted(officer), officer)
    values = {"starts_at": timezone.now() + timedelta(days=3), "place": "Stadhuis", "invited": "", **change}

    with pytest.raises(ValidationError, match=message):
        procedure.plan_hearing(objection=objection, by=officer, **values)

    assert not Hearing.objects.exists() and not Letter.objects.filter(kind="hearing_invitation").exists()


def test_a_hearing_is_planned_once_and_minuted_only_after_it_took_place(officer):
    objection = object_to(granted(officer), officer)
    hearing = procedure.plan_hearing(
        objection=objection,
        starts_at=timezone.now() + timedelta(days=3),
        place="Stadhuis",
        invited="",
        by=officer,
    )
    with pytest.raises(ValidationError, match="al een hoorzitting"):
        procedure.plan_hearing(
            objection=objection,
            starts_at=timezone.now() + timedelta(days=4),
            place="Elders",
            invited="",
            by=officer,
        )
    with pytest.raises(ValidationError, match="nog niet plaatsgevonden"):
        procedure.minute_hearing(objection=objection, minutes="Verslag", attended="A", by=officer)

    in_the_past(hearing)
    procedure.minute_hearing(
        objection=objection, minutes="Bezwaarmaker lichtte toe.", attended="A, B", by=officer
    )

    hearing.refresh_from_db()
    assert hearing.is_done and hearing.attended == "A, B"
    with pytest.raises(ValidationError, match="al vastgelegd"):
        procedure.minute_hearing(objection=objection, minutes="Nog eens", attended="A", by=officer)


def test_waiving_the_hearing_needs_a_ground_of_7_3_and_a_reason(officer):
    objection = object_to(granted(officer), officer)

    with pytest.raises(ValidationError):
        procedure.waive_hearing(objection=objection, ground="z", reason="Waarom niet", by=officer)
    with pytest.raises(ValidationError):
        procedure.waive_hearing(objection=objection, ground="b", reason=" ", by=officer)
    assert not Hearing.objects.exists()

    hearing = procedure.waive_hearing(
        objection=objection, ground="b", reason="Kennelijk ongegrond.", by=officer
    )
    assert hearing.is_done and hearing.get_waiver_ground_display().endswith("(Awb 7:3, onder b)")


def test_an_objection_is_not_decided_before_the_hearing_is_minuted_or_waived(officer):
    objection = object_to(granted(officer), officer)
    procedure.plan_hearing(
        objection=objection,
        starts_at=timezone.now() + timedelta(days=3),
        place="Stadhuis",
        invited="",
        by=officer,
    )

    with pytest.raises(ValidationError, match="7:3"):
        services.decide_objection(
            objection=objection, outcome=G.OBJECTION_UNFOUNDED, reasons="Ongegrond.", by=officer
        )

    objection.refresh_from_db()
    assert objection.status == Objection.Status.PENDING and not objection.decisions.exists()


# -- decision term (Awb 7:10) ---------------------------------------------------------------------------------------
def test_the_decision_term_is_extended_once_by_six_weeks_with_a_letter(officer):
    objection = object_to(granted(officer), officer)
    before = objection.decision_due_on

    extension = procedure.extend_term(
        objection=objection, reason="Advies van de commissie nodig.", by=officer
    )

    objection.refresh_from_db()
    assert objection.decision_due_on == extension.due_on == deadline_after(before, weeks=6)
    text = pdf_text(notice("objection_term_extended").file.read())
    assert "7:10" in text and "Advies van de commissie nodig." in text and "Rechtbank" not in text
    with pytest.raises(ValidationError, match="al eenmaal"):
        procedure.extend_term(objection=objection, reason="Nog meer tijd.", by=officer)


def test_the_term_cannot_be_extended_after_it_ended_nor_without_a_reason(officer):
    objection = object_to(granted(officer), officer)
    with pytest.raises(ValidationError):
        procedure.extend_term(objection=objection, reason="  ", by=officer)
    Objection.objects.filter(pk=objection.pk).update(decision_due_on=timezone.localdate() - timedelta(days=1))

    with pytest.raises(ValidationError, match="verstreken"):
        procedure.extend_term(objection=objection, reason="Te laat bedacht.", by=officer)

    assert not Letter.objects.filter(kind="objection_term_extended").exists()


def test_the_officer_is_reminded_14_and_3_days_before_the_decision_term_ends_once(officer):
    objection = object_to(granted(officer), officer)
    Objection.objects.filter(pk=objection.pk).update(
        decision_due_on=timezone.localdate() + timedelta(days=14)
    )

    assert tasks.objection_term_reminders() == 1
    assert tasks.objection_term_reminders() == 0
    reminder = Reminder.objects.get(kind="objection_decision_due")
    assert reminder.recipient == officer and f"/bezwaren/{objection.pk}/" in reminder.url

    Objection.objects.filter(pk=objection.pk).update(decision_due_on=timezone.localdate() + timedelta(days=3))
    assert tasks.objection_term_reminders() == 1
    assert BEAT_SCHEDULE["objection-term-reminders"]["task"] == "tenders.tasks.objection_term_reminders"


# -- decisions on objection for every outcome (Awb 7:11, 7:12) ------------------------------------------------------
def test_an_unfounded_objection_is_a_decision_with_its_letter_that_changes_nothing(client, officer):
    decision = granted(officer)
    application = decision.application
    round_ = application.round
    objection = factories.heard(object_to(decision, officer), officer)
    register = list(queries.granted_register().values_list("application_id", "granted_amount"))
    before = (ledger.committed_for(application), list(ledger.programme_overview(round_.programme)))
    assert (application.pk, Decimal("10000")) in register

    on_objection = services.decide_objection(
        objection=objection, outcome=G.OBJECTION_UNFOUNDED, reasons="Het besluit is juist.", by=officer
    )

    objection.refresh_from_db()
    application.refresh_from_db()
    assert objection.status == Objection.Status.DISMISSED
    assert (on_objection.outcome, on_objection.granted_amount, on_objection.on_objection) == (
        G.OBJECTION_UNFOUNDED, 0, objection,
    )  # fmt: skip
    assert application.state == State.GRANTED and services.current_decision(application) == decision
    after = (ledger.committed_for(application), list(ledger.programme_overview(round_.programme)))
    assert repr(after) == repr(before)
    assert list(queries.granted_register().values_list("application_id", "granted_amount")) == register
    page = client.get(reverse("progress:register")).content.decode()
    assert application.title in page and "10.000" in page
    text = pdf_text(letter_of(on_objection).file.read())
    assert "ongegrond" in text and "Rechtbank Limburg" in text and "zes weken" in text


def test_an_inadmissible_objection_decided_by_the_officer_gets_its_letter(officer):
    objection = factories.heard(object_to(granted(officer), officer), officer)

    on_objection = services.decide_objection(
        objection=objection, outcome=G.OBJECTION_INADMISSIBLE, reasons="Geen belanghebbende.", by=officer
    )

    assert letter_of(on_objection).kind == "objection_inadmissible"
    assert Objection.objects.get().status == Objection.Status.INADMISSIBLE


def test_a_decision_on_objection_needs_reasons_and_is_taken_once(officer):
    objection = factories.heard(object_to(granted(officer), officer), officer)

    with pytest.raises(ValidationError, match="motivering"):
        services.decide_objection(objection=objection, outcome=G.OBJECTION_UNFOUNDED, reasons=" ", by=officer)
    assert not objection.decisions.exists()
    services.decide_objection(
        objection=objection, outcome=G.OBJECTION_UNFOUNDED, reasons="Juist.", by=officer
    )
    with pytest.raises(ValidationError, match="al besloten"):
        services.decide_objection(
            objection=objection, outcome=G.OBJECTION_INADMISSIBLE, reasons="X", by=officer
        )
    assert objection.decisions.count() == 1


def test_the_ordinary_decision_form_offers_no_outcome_of_a_decision_on_objection(officer):
    decision = granted(officer)
    choices = {
        value for value, _label in DecisionForm(application=decision.application).fields["outcome"].choices
    }
    assert choices == {G.GRANTED, G.PARTIALLY_GRANTED, G.REJECTED}


# -- the staff page -------------------------------------------------------------------------------------------------
def test_the_objection_page_walks_from_hearing_to_decision(officer_client, officer):
    objection = object_to(granted(officer), officer)
    page = reverse("staff:objection", args=[objection.pk])
    html = officer_client.get(page).content.decode()
    assert "hearing-starts_at" in html and "waive-ground" in html and "extend-reason" in html
    assert "outcome-outcome" not in html  # not before the hearing

    response = officer_client.post(
        reverse("staff:objection_waive_hearing", args=[objection.pk]),
        {"ground": "c", "reason": "Wil niet gehoord worden.", "confirmed": "on"},
    )
    assert response.status_code == 302
    response = officer_client.post(
        reverse("staff:objection_decide", args=[objection.pk]),
        {"outcome": "objection_unfounded", "reasons": "Het besluit is juist.", "confirmed": "on"},
    )
    assert response.status_code == 302
    assert Objection.objects.get().status == Objection.Status.DISMISSED
    html = officer_client.get(page).content.decode()
    assert "Het besluit is juist." in html and "outcome-outcome" not in html


def test_an_unconfirmed_step_shows_the_page_again_with_what_was_typed(officer_client, officer):
    objection = object_to(granted(officer), officer)

    response = officer_client.post(
        reverse("staff:objection_hearing", args=[objection.pk]),
        {"starts_at": "2099-03-02T10:00", "place": "Stadhuis, zaal 2", "invited": "Bezwaarmaker"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Stadhuis, zaal 2" in html and "hearing-confirmed" in html
    assert not Hearing.objects.exists()


def test_a_well_founded_objection_without_amount_is_refused_on_the_page(officer_client, officer):
    objection = factories.heard(object_to(granted(officer), officer), officer)

    response = officer_client.post(
        reverse("staff:objection_decide", args=[objection.pk]),
        {"outcome": "well_founded", "reasons": "Gegrond.", "confirmed": "on"},
    )

    assert response.status_code == 400 and "Gegrond." in response.content.decode()
    assert Objection.objects.get().status == Objection.Status.PENDING


def test_a_member_cannot_reach_the_objection_page_nor_plan_a_hearing(client, officer, member):
    objection = object_to(granted(officer), officer)
    client.force_login(member)

    assert client.get(reverse("staff:objection", args=[objection.pk])).status_code in (302, 403)
    response = client.post(
        reverse("staff:objection_hearing", args=[objection.pk]),
        {"starts_at": "2099-03-02T10:00", "place": "Stadhuis", "confirmed": "on"},
    )
    assert response.status_code in (302, 403) and not Hearing.objects.exists()


def test_the_work_queue_lists_open_objections_with_days_left(officer_client, officer):
    objection = object_to(granted(officer), officer)
    days = (objection.decision_due_on - timezone.localdate()).days

    html = officer_client.get(reverse("staff:work_queue")).content.decode()

    assert reverse("staff:objection", args=[objection.pk]) in html
    assert f"{days} dagen" in html


def test_the_applicant_sees_the_unfounded_decision_with_the_appeal_clause_and_its_letter(client, officer):
    decision = granted(officer)
    objection = factories.heard(object_to(decision, officer), officer)
    on_objection = services.decide_objection(
        objection=objection, outcome=G.OBJECTION_UNFOUNDED, reasons="Het besluit is juist.", by=officer
    )
    client.force_login(decision.application.organisation.memberships.get().user)

    detail = client.get(reverse("portal:application_detail", args=[decision.application.pk])).content.decode()
    letters = client.get(reverse("portal:letters")).content.decode()

    assert "beroep instellen bij de Rechtbank Limburg" in detail and "bezwaar ongegrond" in detail
    assert reverse("portal:decision_letter", args=[on_objection.pk]) in detail
    assert letter_of(on_objection).reference in letters


def test_the_acknowledgement_and_the_invitation_go_out_over_smtp_with_their_pdf(
    officer, smtp, django_capture_on_commit_callbacks
):
    decision = granted(officer)
    organisation = decision.application.organisation
    organisation.email = "info@voorbeeld.nl"
    organisation.save()

    with django_capture_on_commit_callbacks(execute=True):
        objection = object_to(decision, officer)
    with django_capture_on_commit_callbacks(execute=True):
        procedure.plan_hearing(
            objection=objection, starts_at=timezone.now() + timedelta(days=9), place="Stadhuis", invited="",
            by=officer,
        )  # fmt: skip

    sent = [email.message_from_bytes(envelope.content) for envelope in smtp.envelopes]
    attached = [part.get_filename() for message in sent if "info@voorbeeld.nl" in message["To"]
                for part in message.walk() if part.get_filename()]  # fmt: skip
    for kind in ("objection_acknowledgement", "hearing_invitation"):
        letter = notice(kind)
        letter.refresh_from_db()
        assert letter.sent_at is not None and letter.filename in attached, (kind, attached)


def test_a_hearing_planned_and_minuted_on_the_page_leads_to_a_well_founded_decision(officer_client, officer):
    round_ = factories.RoundFactory(allocation_method="first_come")
    application = factories.assessed_application(round=round_, requested_amount=Decimal("10000"))
    decision = services.decide(
        application=application,
        outcome=G.PARTIALLY_GRANTED,
        amount=Decimal("6000"),
        reasons="Deels.",
        by=officer,
    )
    objection = object_to(decision, officer)
    post = officer_client.post

    response = post(
        reverse("staff:objection_hearing", args=[objection.pk]),
        {"starts_at": "2099-03-02T10:00", "place": "Stadhuis", "invited": "Bezwaarmaker", "confirmed": "on"},
    )
    assert response.status_code == 302
    in_the_past(Hearing.objects.get())
    response = post(
        reverse("staff:objection_minutes", args=[objection.pk]),
        {"minutes": "De begroting was volledig.", "attended": "Bezwaarmaker, beleid", "confirmed": "on"},
    )
    assert response.status_code == 302
    response = post(
        reverse("staff:objection_decide", args=[objection.pk]),
        {"outcome": "well_founded", "amount": "10.000,00", "reasons": "Gegrond.", "confirmed": "on"},
    )

    assert response.status_code == 302
    assert ledger.committed_for(application) == Decimal("10000")
    on_objection = Objection.objects.get().decisions.get()
    assert letter_of(on_objection).kind == "objection_well_founded"


def test_every_letter_of_the_objection_procedure_is_a_tagged_dutch_pdf_with_its_title(officer):
    first = factories.heard(object_to(granted(officer), officer), officer)
    services.decide_objection(objection=first, outcome=G.OBJECTION_UNFOUNDED, reasons="Juist.", by=officer)
    second = object_to(granted(officer), officer)
    procedure.plan_hearing(
        objection=second,
        starts_at=timezone.now() + timedelta(days=5),
        place="Stadhuis",
        invited="",
        by=officer,
    )
    procedure.extend_term(objection=second, reason="Advies nodig.", by=officer)
    in_the_past(Hearing.objects.get(objection=second))
    procedure.minute_hearing(objection=second, minutes="Gehoord.", attended="Bezwaarmaker", by=officer)
    services.decide_objection(
        objection=second, outcome=G.OBJECTION_INADMISSIBLE, reasons="Geen belang.", by=officer
    )

    kinds = {
        "objection_acknowledgement", "hearing_invitation", "objection_term_extended", "objection_unfounded",
        "objection_inadmissible",
    }  # fmt: skip
    letters = Letter.objects.filter(kind__in=kinds)
    assert {letter.kind for letter in letters} == kinds
    for letter in letters:
        info = tagged(letter.file.read())
        assert info["lang"] == "nl-NL" and info["marked"] and info["structure"], letter.kind
        assert info["title"] == letter.title and letter.title, letter.kind


@settings(deadline=None)  # the first call loads the year's public holidays
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_the_decision_term_ends_on_a_working_day_six_weeks_or_a_little_more_after_the_objection_term(
    term_ends,
):
    due = procedure.decision_term_ends(term_ends)

    assert is_working_day(due)
    assert timedelta(weeks=6) <= due - term_ends <= timedelta(weeks=6, days=5)
