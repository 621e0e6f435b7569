"""Fill the portal with the programme's real reference data and, in development, demo users.

Idempotent: every row is found by its natural key and created only when missing, so running the
command twice leaves the same rows.
"""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.roles import sync_roles
from demo import data
from demo.network import seed_network
from initiatives.models import (
    Campaign,
    Initiative,
    Membership,
    Neighbourhood,
    Organisation,
    TargetGroup,
    Theme,
)
from progress.models import Commitment, FundingLine
from tenders import services as tender_services
from tenders.models import Application, Criterion, Programme, Round
from tenders.services.rounds import loading_submitted_content

# What the programme's letters name (letters/).
LETTER_FIELDS = (
    "regulation_name",
    "regulation_publication",
    "signatory_name",
    "signatory_function",
    "mandate_line",
)

DEMO_PASSWORD = "Demo-Inclusie-2026"  # noqa: S105 - printed on screen; demo users exist only with DEBUG on


class Command(BaseCommand):
    help = "Load the programme's reference data (idempotent); with DEBUG on, also one demo user per role."

    def handle(self, *args, **options):
        with transaction.atomic():
            sync_roles()
            self._registry()
            self._tenders()
            self._funding()
        if not settings.DEBUG:
            self.stdout.write(self.style.WARNING("DEBUG is off: no demo users created."))
            return
        with transaction.atomic():
            rows = self._users()
            self._applications()
            self._applicant_examples()
            seed_network()
        self.stdout.write(self.style.SUCCESS(f"Demo users (password for all: {DEMO_PASSWORD}):"))
        for username, role in rows:
            self.stdout.write(f"  {username:<14} {role}")

    def _registry(self):
        for (district, prefix), names in data.NEIGHBOURHOODS.items():
            for index, name in enumerate(names, start=1):
                Neighbourhood.objects.get_or_create(
                    name=name, defaults={"district": district, "code": f"{prefix}{index:02d}"}
                )
        for name, name_en in data.THEMES:
            Theme.objects.get_or_create(name=name, defaults={"name_en": name_en})
        for name, name_en in data.TARGET_GROUPS:
            TargetGroup.objects.get_or_create(name=name, defaults={"name_en": name_en})

        themes = {t.name: t for t in Theme.objects.all()}
        groups = {g.name: g for g in TargetGroup.objects.all()}
        neighbourhoods = {n.name: n for n in Neighbourhood.objects.all()}
        for name, kind, subsidised, description, theme_names, group_names in data.ORGANISATIONS:
            organisation, created = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "slug": slugify(name),
                    "kind": kind,
                    "is_subsidised": subsidised,
                    "description": description,
                    "status": Organisation.Status.VERIFIED,
                    "verified_at": timezone.now(),
                },
            )
            if created:
                organisation.themes.set([themes[t] for t in theme_names])
                organisation.target_groups.set([groups[g] for g in group_names])

        organisations = {o.name: o for o in Organisation.objects.all()}
        for campaign in data.CAMPAIGNS:
            Campaign.objects.get_or_create(
                slug=campaign["slug"],
                defaults={
                    "name": campaign["name"],
                    "description": campaign["description"],
                    "starts_on": date.fromisoformat(campaign["starts_on"]),
                    "ends_on": date.fromisoformat(campaign["ends_on"]) if campaign.get("ends_on") else None,
                    "status": campaign["status"],
                    "lead_organisation": organisations.get(campaign["lead"]),
                },
            )
        campaigns = {c.slug: c for c in Campaign.objects.all()}
        for org_name, title, status, campaign_slug, hood_names, description in data.INITIATIVES:
            organisation = organisations[org_name]
            initiative, created = Initiative.objects.get_or_create(
                slug=slugify(title),
                defaults={
                    "organisation": organisation,
                    "title": title,
                    "description": description,
                    "status": status,
                    "campaign": campaigns.get(campaign_slug),
                },
            )
            if created:
                initiative.themes.set(organisation.themes.all())
                initiative.target_groups.set(organisation.target_groups.all())
                initiative.neighbourhoods.set([neighbourhoods[n] for n in hood_names])

    def _tenders(self):
        today = timezone.localdate()
        programme, _ = Programme.objects.get_or_create(
            code=data.PROGRAMME["code"],
            defaults={
                "name": data.PROGRAMME["name"],
                "total_budget": Decimal(data.PROGRAMME["total_budget"]),
                "funding_source": data.PROGRAMME["funding_source"],
                **{key: value for key, value in data.PROGRAMME.items() if key in LETTER_FIELDS},
                "starts_on": today - timedelta(days=180),
                "ends_on": today + timedelta(days=540),
            },
        )
        tz = timezone.get_current_timezone()
        for number, title, opens_in, open_days, ceiling, method in data.ROUNDS:
            opens_at = timezone.make_aware(
                timezone.datetime.combine(today + timedelta(days=opens_in), timezone.datetime.min.time()), tz
            ).replace(hour=9)
            round_, _created = Round.objects.get_or_create(
                programme=programme,
                number=number,
                defaults={
                    "title": title,
                    "description": "Subsidie voor initiatieven gericht op diversiteit en integratie, het bevorderen "
                    "van wederzijds begrip en het tegengaan van intolerantie.",
                    "opens_at": opens_at,
                    "closes_at": (opens_at + timedelta(days=open_days)).replace(hour=17),
                    "ceiling": Decimal(ceiling),
                    "minimum_amount": Decimal("1000.00"),
                    "maximum_amount": Decimal("25000.00") if method == "tender" else Decimal("5000.00"),
                    "allocation_method": method,
                    "published_at": opens_at - timedelta(days=14),
                    "decision_term_weeks": 13 if method == "tender" else 8,
                },
            )
            if round_.is_tender:
                self._criteria(round_)

    def _criteria(self, round_):
        with loading_submitted_content():  # generated data: the round is published already
            for position, (name, weight, guidance) in enumerate(data.CRITERIA):
                Criterion.objects.get_or_create(
                    round=round_,
                    name=name,
                    defaults={
                        "weight": weight,
                        "guidance": guidance,
                        "position": position,
                        "maximum_score": 10,
                    },
                )

    def _funding(self):
        for line in data.FUNDING_LINES:
            FundingLine.objects.get_or_create(
                name=line["name"],
                defaults={**line, "decided_on": date.fromisoformat(line["decided_on"])},
            )
        for slug, title, kind, day, text, status, campaign_slugs, evidenced_by in data.COMMITMENTS:
            commitment, created = Commitment.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": title,
                    "kind": kind,
                    "date": date.fromisoformat(day),
                    "text": text,
                    "status": status,
                },
            )
            if created:
                commitment.campaigns.set(Campaign.objects.filter(slug__in=campaign_slugs))
            # Set every time, so a demo seeded before keeps no round as evidence that is none.
            commitment.rounds.set(Round.objects.filter(programme__code=evidenced_by) if evidenced_by else [])

    def _users(self) -> list[tuple[str, str]]:
        User = get_user_model()
        rows = []
        for username, role, organisation_name, is_staff in data.USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@example.org",
                    "is_staff": is_staff,
                    "first_name": username.title(),
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if role:
                user.groups.add(Group.objects.get(name=role))
                rows.append((username, role))
            else:
                organisation = Organisation.objects.get(name=organisation_name)
                Membership.objects.get_or_create(
                    user=user, organisation=organisation, defaults={"role": Membership.Role.CONTACT}
                )
                rows.append((username, f"lid van {organisation_name}"))
        admin, created = User.objects.get_or_create(
            username="admin", defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save(update_fields=["password"])
        rows.append(("admin", "superuser"))
        return rows

    def _applications(self):
        """Round 2, open: a few applications taken through the real workflow to an assessed ranking.

        (In a real tender the assessment starts after closing; the demo shows every stage at once.)
        """
        User = get_user_model()
        round_ = Round.objects.get(programme__code=data.PROGRAMME["code"], number=2)
        if Application.objects.filter(round=round_).exists():
            return
        officer, first, second = (
            User.objects.get(username=n) for n in ("beleid", "beoordelaar1", "beoordelaar2")
        )
        for index, (org_name, title, amount, _s1, _s2, themes, groups, hoods) in enumerate(
            data.DEMO_APPLICATIONS
        ):
            organisation = Organisation.objects.get(name=org_name)
            member = User.objects.filter(memberships__organisation=organisation).first() or officer
            application = Application.objects.create(
                round=round_, organisation=organisation, created_by=member, title=title,
                summary=f"{title}: een project van {org_name}.",
                plan="Activiteiten, werving en resultaat staan in het projectplan.",
                expected_reach=120 + 40 * index,
                starts_on=round_.closes_at.date() + timedelta(days=60),
                ends_on=round_.closes_at.date() + timedelta(days=240),
                requested_amount=Decimal(amount),
            )  # fmt: skip
            # Each application its own themes, target groups and neighbourhoods, as its organisation works.
            application.themes.set(Theme.objects.filter(name__in=themes))
            application.neighbourhoods.set(Neighbourhood.objects.filter(name__in=hoods))
            application.target_groups.set(TargetGroup.objects.filter(name__in=groups))
            application.budget_lines.create(description="Activiteiten en materiaal", amount=Decimal(amount))
            tender_services.submit(application=application, by=member, declared_truthful=True)
        criteria = list(round_.criteria.all())
        for application, (_o, _t, _a, scores_1, scores_2, *_where) in zip(
            Application.objects.filter(round=round_).order_by("reference"),
            data.DEMO_APPLICATIONS,
            strict=True,
        ):
            tender_services.mark_eligible(application=application, by=officer)
            for assessor, scores in ((first, scores_1), (second, scores_2)):
                assessment = tender_services.assign_assessor(
                    application=application, assessor=assessor, by=officer
                )
                tender_services.save_scores(
                    assessment=assessment,
                    scores={
                        c.pk: (s, "Toelichting bij de score.") for c, s in zip(criteria, scores, strict=True)
                    },
                    submit=True,
                )
        # Decide the round from its ranking and order the first advance (a due payment that waits for a payment
        # batch, approved by a second officer), so the register, progress and payment pages have data.
        # A tender round is decided after closing (Awb 4:26): the demo takes these steps as of just after it.
        with mock.patch("django.utils.timezone.now", return_value=round_.closes_at + timedelta(minutes=5)):
            decisions = tender_services.decide_round(round_=round_, by=officer)
            # Its organisation's bank account, verified by the officer: no payment goes to an unverified account.
            Organisation.objects.filter(pk=decisions[0].application.organisation_id).update(
                iban="NL02ABNA0123456789", account_holder=decisions[0].application.organisation.name,
                iban_verified_at=timezone.now(), iban_verified_by=officer,
            )  # fmt: skip
            tender_services.pay_advance(application=decisions[0].application, by=officer)

    def _applicant_examples(self):
        """Humanitas's submitted application waiting for its check, and its draft whose budget does not add up."""
        round_ = Round.objects.get(programme__code=data.PROGRAMME["code"], number=2)
        organisation = Organisation.objects.get(name="Humanitas")
        member = get_user_model().objects.get(username="humanitas")
        for (
            title,
            summary,
            plan,
            amount,
            lines,
            themes,
            groups,
            districts,
            submit,
        ) in data.HUMANITAS_APPLICATIONS:
            if Application.objects.filter(round=round_, organisation=organisation, title=title).exists():
                continue
            application = Application.objects.create(
                round=round_, organisation=organisation, created_by=member, title=title, summary=summary, plan=plan,
                expected_reach=60, requested_amount=Decimal(amount),
                starts_on=round_.closes_at.date() + timedelta(days=45),
                ends_on=round_.closes_at.date() + timedelta(days=225),
            )  # fmt: skip
            application.themes.set(Theme.objects.filter(name__in=themes))
            application.target_groups.set(TargetGroup.objects.filter(name__in=groups))
            application.neighbourhoods.set(
                Neighbourhood.objects.filter(district__in=districts)
                or Neighbourhood.objects.filter(name="Wittevrouwenveld")
            )
            for description, line_amount in lines:
                application.budget_lines.create(description=description, amount=Decimal(line_amount))
            if submit:
                tender_services.submit(application=application, by=member, declared_truthful=True)
