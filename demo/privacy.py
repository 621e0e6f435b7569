"""The demo's privacy cases: an erasure to try, a restricted person, a rectification, a record due for the
retention review, and the public network figures frozen for the quarters that have closed.

All people are fictional. "Yasmina Bakkali" is the name of the issue that asked for an erasure that erases: she
is written down in every way the issue lists, in other people's notes, a network's name, a signal, an action and
a tie, so that the director sees the whole list on her erasure page (/netwerk/sleutelpersonen/<id>/wissen/).
"""

from datetime import timedelta

from django.utils import timezone

from keypersons import services
from keypersons.models import Action, Consent, ContactMoment, KeyPerson, Network, Signal, Topic
from progress.figures import freeze_closed_quarters


def seed_privacy(*, director, people: list[KeyPerson], hoods: dict) -> None:
    today = timezone.localdate()
    consent = {
        "given_on": today - timedelta(days=90), "scope": Consent.Scope.PROFILE_AND_TIES,
        "expires_on": today + timedelta(days=270), "evidence": "Ondertekend toestemmingsformulier",
    }  # fmt: skip
    yasmina = services.save_key_person(
        by=director, consent=consent,
        data={"name": "Yasmina Bakkali", "email": "yasmina.bakkali@example.org", "phone": "06-11223344",
              "status": KeyPerson.Status.ACTIVE, "contact_every_weeks": 6, "neighbourhoods": [hoods["Malberg"]],
              "position": "Trekker van de vrouwengroep in Malberg."},
    )  # fmt: skip
    group = Network.objects.create(name="Vrouwengroep Yasmina", kind="informal", category="neighbourhood")
    group.neighbourhoods.set([hoods["Malberg"]])
    services.add_tie(person=yasmina, by=director, network=group, role="oprichter")
    services.log_contact(
        by=director, occurred_on=today - timedelta(days=12), key_persons=[yasmina], channel="in_person",
        notes="Gesprek over de sfeer in de wijk.",
    )  # fmt: skip
    # Written as they were before free text was screened: the mentions an erasure has to find.
    moment = services.log_contact(
        by=director, occurred_on=today - timedelta(days=8), key_persons=[people[0]], channel="phone",
        notes="Gesprek over de sfeer in de wijk.",
    )  # fmt: skip
    ContactMoment.objects.filter(pk=moment.pk).update(
        notes="Yasmina (tel 0611223344 …) wil meedoen aan de buurtavond; mevrouw Bakkali neemt de vrouwengroep "
        "mee. Bereikbaar op +31 6 1122 3344."
    )
    signal = services.record_signal(
        by=director, observed_on=today - timedelta(days=6), neighbourhood=hoods["Malberg"],
        theme=Topic.objects.get(name="Discriminatie"), severity=Signal.Severity.MEDIUM,
        source=Signal.Source.KEY_PERSON, description="Discriminerende opmerkingen bij het buurthuis.",
    )  # fmt: skip
    Signal.objects.filter(pk=signal.pk).update(
        description="Discriminerende opmerkingen bij het buurthuis, gemeld door Y. Bakkali."
    )
    action = services.add_action(
        by=director, signal=signal, owner=director, due_on=today + timedelta(days=4),
        description="Met het jongerenwerk een gesprek plannen.",
    )  # fmt: skip
    Action.objects.filter(pk=action.pk).update(
        description="Met mw. Bakkali en het jongerenwerk een gesprek plannen."
    )

    # Restricted (AVG art. 18): kept, not used; only the director still sees this record.
    services.restrict(
        person=people[2], by=director, received_on=today - timedelta(days=3),
        grounds="De persoon betwist de juistheid van de vastgelegde positie (AVG art. 18 lid 1 sub a).",
    )  # fmt: skip
    # A correction (AVG art. 16), with what it was and what it became.
    services.rectify(
        person=people[1], by=director, received_on=today - timedelta(days=20), field="phone",
        value="06-24681357", note="Nieuw nummer doorgegeven per e-mail.",
    )  # fmt: skip

    # Two years without contact: due for the retention review, pseudonymised in about eighty days without one.
    stale = services.save_key_person(
        by=director, data={"name": "Ruud Hermans", "email": "ruud.hermans@example.org", "status": "paused"}
    )
    services.log_contact(
        by=director, occurred_on=today - timedelta(days=740), key_persons=[stale], channel="phone"
    )
    KeyPerson.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=800))

    # The public figures of the quarters that have closed, frozen as the daily task would.
    freeze_closed_quarters(today)
