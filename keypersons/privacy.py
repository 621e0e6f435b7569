"""What the network does with personal data, said once: the processing register (AVG art. 30), the DPIA draft
(art. 35) and a key person's copy of their data (art. 15) all read it from here, and from the models.

The controller and the data protection officer are settings (PRIVACY_CONTROLLER, PRIVACY_DPO_CONTACT); the
recipients are the partners of the reference list; the special categories are the reference-list entries
marked as special; the retention periods are those of the models' `processing` and of the tasks that apply them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import SPECIAL_NETWORK_CATEGORIES, Domain, Network, Partner, SpecialCategory, Topic

PURPOSES = [
    _("Keeping in touch with key persons who help to take the temperature in neighbourhoods, signal tension "
      "and de-escalate it (the approach to polarisation, decision of the Mayor and Aldermen of 21 December 2021)."),
    _("Noticing and following up signals of tension in neighbourhoods, with partners where needed."),
    _("Accounting for the approach: the evaluation and public figures, without names."),
    _("Accounting for every access to the data (access log) and for how requests of key persons were handled."),
]  # fmt: skip

LEGAL_BASES = [
    (_("AVG art. 6(1)(e)"), _("Public task: the municipality's care for public order and social cohesion "
                              "(Gemeentewet art. 172). Covers name, contact details and contact moments.")),
    (_("AVG art. 9(2)(a)"), _("Explicit consent of the key person, dated, with scope and expiry. Covers the "
                              "profile (neighbourhoods, domains, languages, position), the ties and any special "
                              "category the consent names explicitly.")),
    (_("AVG art. 5(2) and 32"), _("Accountability and security: the access log and the record of requests.")),
]  # fmt: skip

CATEGORIES_OF_PERSONS = [
    _("Key persons: residents with access to formal and informal networks who agreed to work with the director."),
    _("Prospects: people the director approached, before they consented (name, contact details, introducer, "
      "date informed)."),
    _("Other people named in notes or signals: to be avoided; the screening of free text refuses names of "
      "residents in signals, and an erasure or pseudonymisation removes every mention."),
    _("Staff of the municipality who use the network (director, network staff), in the access log."),
]  # fmt: skip

RETENTION = [
    (_("Name and contact details"), _("While the person is in the network; after two years without contact the "
                                      "director reviews the record, and an unreviewed record is pseudonymised three "
                                      "months later.")),
    (_("Profile and ties"), _("Until consent is withdrawn or expires (removed the same day by a daily task).")),
    (_("Notes of contact moments and signal descriptions"), _("Follow the retention review of the persons named; "
                                                              "erased or pseudonymised with them.")),
    (_("Contact moments, signals and temperatures without names"), _("Kept for the evaluation of the approach.")),
    (_("Access log"), _("Five years; then removed by the retention purge, which is logged itself.")),
    (_("Requests of key persons and issued copies"), _("As long as the record exists; copies are deleted on "
                                                       "erasure.")),
]  # fmt: skip

SECURITY_MEASURES = [
    _("Need-to-know: only the director and authorised network staff open the network; superuser status opens "
      "nothing. A restricted person's record opens only to the director."),
    _("Two-factor login (TOTP) for every municipal role."),
    _("An access log of every page that shows a key person, with the persons shown; append-only in the "
      "software and in the database, which refuses UPDATE, DELETE and TRUNCATE. The portal's database role "
      "owns no table and cannot switch the guard off."),
    _("Encrypted backups (age), readable by the owner only."),
    _("Free text screened for special categories and for names; public figures only per closed quarter, "
      "rounded and with small counts suppressed."),
    _("Erasure that finds every mention of a person in every table, and pseudonymisation after the retention "
      "review."),
    _("HTTPS with HSTS, a Content Security Policy, sessions that end after 30 minutes idle."),
]  # fmt: skip

RIGHTS = [
    (_("Access (art. 15)"), _("Ask the director for a copy of everything held about you; you get it within one "
                              "month.")),
    (_("Rectification (art. 16)"), _("Ask the director to correct what is wrong; the correction is recorded.")),
    (_("Erasure (art. 17)"), _("Ask the director to erase your data; every mention is removed.")),
    (_("Restriction (art. 18)"), _("Ask that your data is kept but not used, for example while a correction is "
                                   "checked.")),
    (_("Objection (art. 21)"), _("Object to the processing for the public task; it stops unless there are "
                                 "compelling grounds, which are recorded and told to you.")),
    (_("Withdrawing consent (art. 7(3))"), _("At any time; your profile and ties are removed the same day.")),
    (_("Complaint (art. 77)"), _("To the data protection officer of the municipality, and to the Autoriteit "
                                 "Persoonsgegevens (autoriteitpersoonsgegevens.nl).")),
]  # fmt: skip


@dataclass(frozen=True)
class Recipient:
    name: str
    role: Promise


def controller() -> str:
    return settings.PRIVACY_CONTROLLER


def dpo_contact() -> str:
    return settings.PRIVACY_DPO_CONTACT


def recipients() -> list[Recipient]:
    """The partners signals can be escalated to: they receive neighbourhood, theme and summary, never a name."""
    role = _(
        "Receives escalated signals: neighbourhood, theme, severity and a summary, never a key person's name."
    )
    return [Recipient(str(partner), role) for partner in Partner.objects.all()]


def special_categories() -> list[str]:
    """The reference-list entries that are special categories (AVG art. 9), read from their `is_special` mark and
    SPECIAL_NETWORK_CATEGORIES: linked to a named person only under a consent that names their category."""
    entries = []
    for model in (Topic, Domain):
        label = str(model._meta.verbose_name).capitalize()
        entries += [
            f"{label}: {row} ({row.get_special_category_display()})"
            for row in model.objects.filter(is_special=True)
        ]
    label = str(Network._meta.verbose_name).capitalize()
    for category, special in SPECIAL_NETWORK_CATEGORIES.items():
        entries.append(f"{label}: {Network.Category(category).label} ({SpecialCategory(special).label})")
    return entries
