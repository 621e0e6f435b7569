"""A draft data protection impact assessment (AVG art. 35) of the key-person network, as a tagged PDF.

It follows the structure of the Dutch government's "Model DPIA Rijksdienst": part A describes the processing,
part B assesses its lawfulness, part C the risks for the people concerned and part D the measures against each
risk. It is generated from the same sources as the processing register (the models, the roles table, the
reference lists, keypersons/privacy.py), so what the software knows is filled in; what a person must decide
(likelihood and impact, the interests weighed, the hosting, the DPO's advice) is marked "nog in te vullen".
The director hands the draft to the privacy officer, who completes it.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .pdf import render_pdf
from .register import processing_register, register_facts

TO_COMPLETE = gettext_lazy("to be completed")  # "nog in te vullen"


@dataclass
class Risk:
    name: str
    description: str
    measures: list[str]
    likelihood: str = field(default_factory=lambda: str(TO_COMPLETE))
    impact: str = field(default_factory=lambda: str(TO_COMPLETE))


def risks() -> list[Risk]:
    """The risks for the people concerned, each with the measures the software takes against it."""
    return [
        Risk(
            _("The pattern the Autoriteit Persoonsgegevens found in 2026"),
            _(
                "In February 2026 the Autoriteit Persoonsgegevens fined ten municipalities whose key-person "
                "networks recorded religion, political opinion, health and origin of named residents without a "
                "valid ground, in notes and lists nobody reviewed. The same could happen here."
            ),
            [
                _(
                    "No field for a special category; the reference-list entries that are special categories are "
                    "linked to a named person only under a consent that names them."
                ),
                _(
                    "Free text is screened against a lexicon of special-category terms and against names before it is "
                    "saved."
                ),
                _(
                    "The processing register and this DPIA are generated from the software, so they show what is "
                    "really stored."
                ),
            ],
        ),
        Risk(
            _("Staff reading records they do not need"),
            _("Key-person data is sensitive; a colleague's curiosity or a shared account exposes it."),
            [
                _("Only the director and authorised network staff open the network; two-factor login."),
                _(
                    "Every page that shows a key person logs which persons it showed, lists included; the log cannot "
                    "be changed, deleted or emptied, and the director reads it."
                ),
            ],
        ),
        Risk(
            _("Stigmatisation of communities and neighbourhoods"),
            _("Signals about tension can be read as judgements about a religious or ethnic community."),
            [
                _(
                    "Signals and temperatures are about neighbourhoods and themes and have no link to any person."
                ),
                _(
                    "Public figures are published per closed quarter only, rounded to fives, with counts under ten "
                    "suppressed and no totals, so that no single contact or person can be derived."
                ),
            ],
        ),
        Risk(
            _("Data about other people in notes"),
            _("Notes about one person can hold details of relatives, neighbours or other residents."),
            [
                _(
                    "Help texts and the screening of free text; other people are left out of a person's copy of "
                    "their data; an erasure finds every mention of a person in every table."
                )
            ],
        ),
        Risk(
            _("Keeping data longer than needed"),
            _("A record of someone who left the network keeps their name and notes about them."),
            [
                _(
                    "Consent expires and its profile is removed the same day; after two years without contact the "
                    "director reviews the record, and an unreviewed record is pseudonymised three months later; the "
                    "access log is purged after five years."
                )
            ],
        ),
        Risk(
            _("An erasure that leaves traces"),
            _("A name can remain in another person's notes, a network's name, a signal or a message."),
            [
                _(
                    "The erasure searches every text column of every table for every form of the name, telephone "
                    "number and e-mail address, shows the director the list first, and deletes the files made about "
                    "the person."
                )
            ],
        ),
        Risk(
            _("Unauthorised sharing with partners"),
            _("Escalating a signal to the police or youth work could pass on who reported it."),
            [
                _(
                    "Escalations carry the neighbourhood, theme, severity and a summary, never a key person's name."
                )
            ],
        ),
        Risk(
            _("Loss, theft or tampering"),
            _(
                "A stolen backup or a compromised server exposes everything; someone could try to hide their "
                "access."
            ),
            [
                _(
                    "Encrypted backups; the portal's database role owns no table and cannot disable the guards of the "
                    "access log; HTTPS, a Content Security Policy and short sessions."
                )
            ],
        ),
    ]


def dpia_context() -> dict:
    facts = register_facts()
    entries = processing_register()
    return {
        **facts,
        "title": _("Data protection impact assessment: the key-person network (draft)"),
        "made_at": timezone.localtime().strftime("%d-%m-%Y %H:%M"),
        "entries": entries,
        "personal_entries": [e for e in entries if e.personal],
        "risks": risks(),
        "to_complete": str(TO_COMPLETE),
    }


def dpia_pdf() -> bytes:
    """The DPIA draft as a tagged PDF in Dutch."""
    from django.utils.translation import override

    with override("nl"):
        context = dpia_context()
    return render_pdf("keypersons/pdf/dpia.html", context)
