"""factory-boy factories for every model the tests need."""

from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from initiatives.models import (
    Campaign,
    Initiative,
    Membership,
    Neighbourhood,
    Organisation,
    TargetGroup,
    Theme,
)
from keypersons.services.contacts import refresh_last_contact
from tenders.models import Application, BudgetLine, Criterion, Programme, Round

PASSWORD = "Correct-Horse-Battery-1"


def login_form(username: str, password: str = PASSWORD) -> dict:
    """What the login page posts: the first step (password) of django-two-factor-auth's login wizard."""
    return {"login_view-current_step": "auth", "auth-username": username, "auth-password": password}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])
        if create:
            self.save()


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        django_get_or_create = ("name",)

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")
    district = "Centrum"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Doelgroep {n}")
    name_en = factory.Sequence(lambda n: f"Target group {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Stichting Voorbeeld {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.FOUNDATION
    description = "Brengt buurtbewoners met elkaar in gesprek."
    status = Organisation.Status.VERIFIED
    is_public = True
    # A verified bank account (a valid, fictitious ABN AMRO number), so payments can be made.
    iban = "NL02ABNA0123456789"
    account_holder = factory.LazyAttribute(lambda o: o.name)
    iban_verified_at = factory.LazyFunction(timezone.now)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.EDITOR


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campagne {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Een campagne voor wederzijds begrip."


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Initiatief {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    description = "Ontmoeting en dialoog in de buurt."
    status = Initiative.Status.RUNNING
    is_public = True


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programma {n}")
    code = factory.Sequence(lambda n: f"TS-{1000 + n}")  # never the demo's own DI-2017
    total_budget = Decimal("725000.00")
    funding_source = "Welzijn en zorg"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    # The programme's budget covers the round's ceiling (the database refuses rounds over their programme's budget).
    programme = factory.SubFactory(
        ProgrammeFactory,
        total_budget=factory.LazyAttribute(
            lambda p: max(Decimal("725000.00"), Decimal(p.factory_parent.ceiling))
        ),
    )
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Tender {n + 1}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ceiling = Decimal("250000.00")
    minimum_amount = Decimal("1000.00")
    maximum_amount = Decimal("25000.00")
    published_at = factory.LazyAttribute(lambda r: r.opens_at - timedelta(days=14))
    decision_term_weeks = factory.LazyAttribute(lambda r: 8 if r.published_at else None)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Criterium {n}")
    weight = 1
    maximum_score = 10

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The rounds of the tests are published when their criteria are added, which the database refuses.
        with as_amendment():
            return super()._create(model_class, *args, **kwargs)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft: everything filled in, budget adding up; submit it with the service."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "Ontmoeting tussen buurtbewoners en nieuwkomers."
    plan = "Tien bijeenkomsten in het buurthuis."
    expected_reach = 150
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=200))
    requested_amount = Decimal("10000.00")

    @factory.post_generation
    def complete(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        self.themes.add(ThemeFactory())
        self.neighbourhoods.add(NeighbourhoodFactory())
        self.target_groups.add(TargetGroupFactory())
        BudgetLine.objects.create(application=self, description="Zaalhuur", amount=self.requested_amount / 2)
        BudgetLine.objects.create(application=self, description="Materiaal", amount=self.requested_amount / 2)


def submitted_application(**kwargs) -> Application:
    """An application submitted through the real service, by a member of its organisation."""
    from tenders import services

    application = ApplicationFactory(**kwargs)
    member = MembershipFactory(organisation=application.organisation).user
    return services.submit(application=application, by=member, declared_truthful=True)


def assessed_application(*, scores=(8, 8), criteria=None, officer=None, **kwargs) -> Application:
    """Submitted, eligible, and scored by two assessors through the services (each criterion gets the score)."""
    from tenders import services

    application = submitted_application(**kwargs)
    officer = officer or UserFactory(roles=["beleidsmedewerker"])
    criteria = (
        criteria or list(application.round.criteria.all()) or [CriterionFactory(round=application.round)]
    )
    services.mark_eligible(application=application, by=officer)
    for score in scores:
        assessor = UserFactory(roles=["beoordelaar"])
        assessment = services.assign_assessor(application=application, assessor=assessor, by=officer)
        services.save_scores(
            assessment=assessment, scores={c.pk: (score, "Goed onderbouwd.") for c in criteria}, submit=True
        )
    application.refresh_from_db()
    return application


def ranked_applications(
    round_: Round, scores, *, officer=None, requested_amount=Decimal("10000")
) -> list[Application]:
    """An application per score (both assessors give it on one criterion), best first.

    They are created from the lowest score up, so any order a ranking shows is the ranking's doing.
    """
    criterion = CriterionFactory(round=round_)
    created = [
        assessed_application(
            round=round_,
            criteria=[criterion],
            scores=(s, s),
            officer=officer,
            requested_amount=requested_amount,
        )
        for s in sorted(scores)
    ]
    return created[::-1]


@contextmanager
def as_amendment():
    """Tell the database's guard on a published round's rules and criteria that this is not a change of the rules
    under the applicants (a test setting up a round, or time passing), as an amendment tells it."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('tenders.amending', 'on', true)")
        yield
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('tenders.amending', 'off', true)")


def closed(round_: Round) -> Round:
    """The round after its closing moment (the applications were submitted while it was open): as if time had
    passed, so the database's guard on a published round's rules is told this is not a change of the rules."""
    with as_amendment():
        Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    round_.refresh_from_db()
    return round_


# -- key-person network ----------------------------------------------------------------------------


def paid_out(application: Application) -> list:
    """Every due payment of the application through a payment batch, prepared and approved by two officers who
    did not decide it (four eyes), and marked paid by finance: the ledger then books them."""
    from tenders.services import payments

    due = list(application.payments.filter(status="due", batch__isnull=True).values_list("pk", flat=True))
    if not due:
        return []
    preparer = UserFactory(roles=["beleidsmedewerker"])
    batch = payments.prepare_batch(payments=due, by=preparer)
    payments.approve_batch(batch=batch, by=UserFactory(roles=["beleidsmedewerker"]))
    payments.mark_paid(batch=batch, by=preparer)
    return list(application.payments.filter(pk__in=due))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "keypersons.Topic"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "keypersons.Domain"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Domein {n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "keypersons.Partner"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partner {n}")


class KeyPersonFactory(factory.django.DjangoModelFactory):
    """A key person with name and contact only; use `consented` for one with a profile and ties."""

    class Meta:
        model = "keypersons.KeyPerson"

    name = factory.Sequence(lambda n: f"Sleutelpersoon Nummer{n}")
    email = factory.Sequence(lambda n: f"sleutel{n}@example.org")
    phone = factory.Sequence(lambda n: f"06-1234{n:04d}")
    status = "active"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "keypersons.Consent"

    key_person = factory.SubFactory(KeyPersonFactory)
    given_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=335))
    scope = "profile_and_ties"
    evidence = "Ondertekend formulier"
    recorded_by = factory.SubFactory(UserFactory)


def consented(**kwargs):
    """A key person with a valid consent that covers profile and ties."""
    person = KeyPersonFactory(**kwargs)
    ConsentFactory(key_person=person)
    return person


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "keypersons.Network"

    name = factory.Sequence(lambda n: f"Netwerk {n}")
    kind = "informal"
    category = "neighbourhood"


class ContactMomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "keypersons.ContactMoment"
        skip_postgeneration_save = True

    occurred_on = factory.LazyFunction(timezone.localdate)
    staff_member = factory.SubFactory(UserFactory)
    channel = "phone"
    notes = "Notitie"

    @factory.post_generation
    def key_persons(self, create, extracted, **kwargs):
        if create and extracted:
            self.key_persons.set(extracted)
            # As the services do, so that the dashboard and the key-person list see these contacts.
            refresh_last_contact([person.pk for person in extracted])


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "keypersons.Signal"

    observed_on = factory.LazyFunction(timezone.localdate)
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    theme = factory.SubFactory(TopicFactory)
    severity = 2
    source = "key_person"
    description = "Spanning rond het buurthuis."
    recorded_by = factory.SubFactory(UserFactory)


class TemperatureReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "keypersons.TemperatureReading"

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    level = 3
    measured_on = factory.LazyFunction(timezone.localdate)
    source = "key_person"
    recorded_by = factory.SubFactory(UserFactory)


def heard(objection, by):
    """The objector declared not to wish to be heard (Awb 7:3(c)): the objection may be decided."""
    from tenders.models import Hearing
    from tenders.services import objection_procedure

    if Hearing.objects.filter(objection=objection).exists():
        return objection
    objection_procedure.waive_hearing(
        objection=objection, ground="c", reason="Wil niet gehoord worden.", by=by
    )
    return objection
