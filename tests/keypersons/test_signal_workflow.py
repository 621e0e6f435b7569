"""The signal workflow: an owner and a response deadline by severity, reminded when overdue, and no closing while
actions are open unless they are cancelled with a reason."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from keypersons import services
from keypersons.models import Action, Signal, SignalState
from keypersons.services.signals import response_deadline
from keypersons.tasks import signal_response_reminders
from maastricht_inclusie.deadlines import add_working_days
from reminders.models import Reminder
from tests.factories import NeighbourhoodFactory, SignalFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _record(by, severity, **extra):
    return services.record_signal(
        by=by, observed_on=timezone.localdate(), neighbourhood=NeighbourhoodFactory(), theme=TopicFactory(),
        severity=severity, source="observation", description="Onrust bij het buurthuis.", **extra,
    )  # fmt: skip


def test_working_days_skip_weekends_and_holidays():
    assert add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 7)  # Friday → Monday
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)  # over Christmas


@pytest.mark.parametrize(("severity", "days"), [(4, 1), (3, 3), (2, 10), (1, 30)])
def test_a_signal_gets_its_owner_and_a_response_deadline_by_severity(director, severity, days):
    signal = _record(director, severity)

    assert signal.owner == director
    assert signal.respond_by == add_working_days(timezone.localdate(), days)


def test_the_response_days_are_a_setting(settings):
    settings.SIGNAL_RESPONSE_DAYS = [2, 4, 6, 8]
    monday = date(2026, 12, 7)

    assert response_deadline(Signal.Severity.URGENT, monday) == date(2026, 12, 9)
    assert response_deadline(Signal.Severity.LOW, monday) == add_working_days(monday, 8)


def test_an_overdue_signal_says_so_in_text_and_its_owner_is_reminded_once(
    director_client, director, network_staff
):
    signal = _record(director, Signal.Severity.URGENT, owner=network_staff)
    Signal.objects.filter(pk=signal.pk).update(respond_by=timezone.localdate() - timedelta(days=1))

    page = director_client.get(signal.get_absolute_url()).content.decode()
    signal_response_reminders()
    signal_response_reminders()

    assert "Te laat: nog niet beoordeeld" in page
    assert sorted(Reminder.objects.filter(kind="keyperson_signal_response").values_list("recipient", flat=True)) == sorted(
        [director.pk, network_staff.pk]
    )  # fmt: skip


def test_an_assessed_signal_is_not_overdue(director):
    signal = _record(director, Signal.Severity.URGENT)
    services.transition_signal(signal=signal, to=SignalState.ASSESSING, by=director)
    Signal.objects.filter(pk=signal.pk).update(respond_by=timezone.localdate() - timedelta(days=5))

    signal.refresh_from_db()
    assert not signal.is_overdue()
    assert signal_response_reminders() == 0


def test_seen_a_signal_with_an_open_action_cannot_be_closed(director_client, director):
    signal = SignalFactory(state=SignalState.ACTION)
    services.add_action(by=director, signal=signal, owner=director, due_on=timezone.localdate(),
                        description="Gesprek met de buurtbrigadier plannen.")  # fmt: skip

    response = director_client.post(
        reverse("network:signal_transition", args=[signal.pk]), {"state-to": "closed"}
    )

    signal.refresh_from_db()
    assert response.status_code == 302 and signal.state == SignalState.ACTION
    assert "open acties" in director_client.get(signal.get_absolute_url()).content.decode()


def test_a_cancelled_action_needs_a_reason_and_then_the_signal_closes(director_client, director):
    signal = SignalFactory(state=SignalState.ACTION)
    action = services.add_action(by=director, signal=signal, owner=director, due_on=timezone.localdate(),
                                 description="Gesprek met de buurtbrigadier plannen.")  # fmt: skip

    with pytest.raises(ValidationError):
        services.cancel_action(action=action, by=director, reason="  ")
    director_client.post(
        reverse("network:action_cancel", args=[action.pk]), {"reason": "De buurtbrigadier sprak al met hen."}
    )
    services.transition_signal(signal=signal, to=SignalState.CLOSED, by=director)

    action.refresh_from_db()
    assert action.is_cancelled and action.done_on == timezone.localdate()
    assert Signal.objects.get(pk=signal.pk).state == SignalState.CLOSED
    assert (
        "De buurtbrigadier sprak al met hen."
        in director_client.get(signal.get_absolute_url()).content.decode()
    )


def test_a_finished_action_cannot_be_cancelled(director):
    action = services.add_action(by=director, signal=SignalFactory(), owner=director, due_on=timezone.localdate(),
                                 description="Bellen.")  # fmt: skip
    services.complete_action(action=action, by=director)

    with pytest.raises(ValidationError):
        services.cancel_action(action=action, by=director, reason="Toch niet nodig.")
    assert Action.objects.get(pk=action.pk).cancel_reason == ""


def _listed(client, **params) -> set[int]:
    return {signal.pk for signal in client.get(reverse("network:signal_list"), params).context["page"]}


def test_signals_are_filtered_by_neighbourhood_theme_severity_owner_overdue_and_period(
    director_client, network_staff
):
    today = timezone.localdate()
    hood, theme = NeighbourhoodFactory(), TopicFactory()
    here = SignalFactory(neighbourhood=hood, observed_on=today - timedelta(days=40))
    about = SignalFactory(theme=theme, severity=4, owner=network_staff)
    late = SignalFactory(respond_by=today - timedelta(days=1))
    closed = SignalFactory(state=SignalState.CLOSED)

    assert _listed(director_client) == {here.pk, about.pk, late.pk}
    assert _listed(director_client, state="all") == {here.pk, about.pk, late.pk, closed.pk}
    assert _listed(director_client, neighbourhood=hood.pk) == {here.pk}
    assert _listed(director_client, theme=theme.pk) == {about.pk}
    assert _listed(director_client, severity=4) == {about.pk}
    assert _listed(director_client, owner=network_staff.pk) == {about.pk}
    assert _listed(director_client, overdue="on") == {late.pk}
    assert _listed(director_client, observed_until=(today - timedelta(days=30)).isoformat()) == {here.pk}
    assert _listed(director_client, observed_from=(today - timedelta(days=7)).isoformat()) == {
        about.pk,
        late.pk,
    }


def test_a_filter_with_bad_input_shows_the_form_again_without_an_error_page(director_client):
    response = director_client.get(
        reverse("network:signal_list"), {"observed_from": "gisteren", "severity": "9"}
    )

    assert response.status_code == 200


def test_seen_an_escalation_mails_the_partner_place_theme_severity_and_summary_but_no_name(
    director_client, director, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import PartnerFactory, consented

    consented(name="Yasmina Bakkali")
    police = PartnerFactory(name="Wijkpolitie Malberg", contact_email="buurtbrigadier@example.org")
    signal = SignalFactory(neighbourhood=NeighbourhoodFactory(name="Malberg"), theme=TopicFactory(name="Discriminatie"),
                           severity=3, description="Opmerkingen bij het buurthuis.")  # fmt: skip

    with pytest.raises(ValidationError):  # a name in the summary is refused
        services.escalate_signal(
            signal=signal, partners=[police], by=director, note="Gemeld door mw. Bakkali."
        )
    with django_capture_on_commit_callbacks(execute=True):
        director_client.post(reverse("network:signal_escalate", args=[signal.pk]), {
            "escalation-partners": [police.pk], "escalation-note": "Graag extra surveillance bij het buurthuis.",
        })  # fmt: skip

    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["buurtbrigadier@example.org"]
    mail = mailoutbox[0].body
    for expected in ("Malberg", "Discriminatie", "hoog", "Graag extra surveillance"):
        assert expected in mail, expected
    assert "Bakkali" not in mail and "Yasmina" not in mail and "Opmerkingen bij het buurthuis" not in mail


def test_the_partners_feedback_is_recorded_and_shown(director_client, director):
    from tests.factories import PartnerFactory

    signal = SignalFactory()
    services.escalate_signal(signal=signal, partners=[PartnerFactory()], by=director, note="Graag kijken.")
    escalation = signal.escalations.get()

    empty = director_client.post(reverse("network:escalation_feedback", args=[escalation.pk]), {})
    director_client.post(reverse("network:escalation_feedback", args=[escalation.pk]),
                         {f"feedback-{escalation.pk}-feedback": "buurtbrigadier loopt er vaker langs."})  # fmt: skip

    escalation.refresh_from_db()
    assert empty.status_code == 302
    assert (
        escalation.feedback == "buurtbrigadier loopt er vaker langs."
        and escalation.feedback_on == timezone.localdate()
    )
    assert (
        "buurtbrigadier loopt er vaker langs."
        in director_client.get(signal.get_absolute_url()).content.decode()
    )
