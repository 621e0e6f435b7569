""" "Everything about this person" (AVG art. 15 and 20) as JSON and PDF, and the evaluation report as a spreadsheet."""

import io
import json
from datetime import date
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from exports.writers import Export, Section

from . import queries
from .models import AccessLog, KeyPerson


def person_data(person: KeyPerson) -> dict:
    """All data held about one key person: record, consents, ties, contact moments, actions, and who accessed it.

    `person` comes from queries.people.person_detail(), with everything prefetched.
    """
    return {
        "exported_at": timezone.now(),
        "controller": settings.MUNICIPALITY_NAME,
        "key_person": {
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "status": person.get_status_display(),
            "contact_every_weeks": person.contact_every_weeks,
            "introduced_by": str(person.introduced_by) if person.introduced_by else None,
            "neighbourhoods": [n.name for n in person.neighbourhoods.all()],
            "domains": [str(d) for d in person.domains.all()],
            "languages": person.languages,
            "position": person.position,
            "added_at": person.created_at,
        },
        "consents": [
            {
                "given_on": c.given_on,
                "scope": c.get_scope_display(),
                "expires_on": c.expires_on,
                "how_given": c.evidence,
                "withdrawn_on": c.withdrawn_on,
            }
            for c in person.consents.all()
        ],
        "ties": [
            {
                "kind": str(t.target_kind),
                "with": str(t.target),
                "role": t.role,
                "strength": t.get_strength_display(),
            }
            for t in person.ties.all()
        ]
        + [
            {
                "kind": str(t.target_kind),
                "with": str(t.key_person),
                "role": t.role,
                "strength": t.get_strength_display(),
            }
            for t in person.ties_from_others.all()
        ],
        "contact_moments": [
            {
                "date": m.occurred_on,
                "channel": m.get_channel_display(),
                "staff_member": m.staff_member.get_full_name() or m.staff_member.get_username(),
                "topics": [str(t) for t in m.topics.all()],
                "notes": m.notes,
                "follow_up": m.follow_up,
            }
            for m in person.contact_moments.all()
        ],
        "actions": [
            {"description": a.description, "due_on": a.due_on, "done_on": a.done_on}
            for a in person.actions.all()
        ],
        "access_log": [
            {"at": row.at, "user": row.user.get_username(), "what": row.get_what_display()}
            for row in AccessLog.objects.filter(object_type="keyperson", object_id=person.pk).select_related(
                "user"
            )
        ],
    }


def person_json(person: KeyPerson) -> bytes:
    return json.dumps(person_data(person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def person_pdf(person: KeyPerson) -> bytes:
    data = person_data(person)
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
        title=_("Data held about %(name)s") % {"name": person.name}, author=settings.MUNICIPALITY_NAME,
    )  # fmt: skip
    story = [Paragraph(escape(_("Data held about %(name)s") % {"name": person.name}), styles["Title"])]

    def section(title: str, rows: list[dict]):
        story.append(Paragraph(escape(title), heading))
        if not rows:
            story.append(Paragraph(escape(_("None.")), body))
        for row in rows:
            text = "; ".join(f"<b>{escape(str(k))}</b>: {escape(_value(v))}" for k, v in row.items())
            story.append(Paragraph(text, body))
            story.append(Spacer(1, 2 * mm))

    section(_("Key person"), [data["key_person"]])
    section(_("Consents"), data["consents"])
    section(_("Ties"), data["ties"])
    section(_("Contact moments"), data["contact_moments"])
    section(_("Actions"), data["actions"])
    section(_("Access log"), data["access_log"])
    document.build(story)
    return buffer.getvalue()


def _value(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y %H:%M" if hasattr(value, "hour") else "%d-%m-%Y")
    return str(value)


def evaluation_export(*, start: str, end: str) -> Export:
    """The evaluation report as a background export: growth, contacts, signals by theme and place, closure."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if first > last:
        raise ValueError("start after end")
    report = queries.evaluation.evaluation(first, last)
    closure = report["closure"]
    sections = [
        Section(_("Network"), ["month", "key_persons_added", "key_persons_total"],
                [(r["month"].strftime("%Y-%m"), r["added"], r["total"]) for r in report["growth"]], len(report["growth"])),
        Section(_("Contacts"), ["month", "contact_moments"],
                [(r["month"].strftime("%Y-%m"), r["count"]) for r in report["contacts"]], len(report["contacts"])),
        Section(_("Signals by theme"), ["theme", "signals"],
                [(r["theme__name"], r["n"]) for r in report["by_theme"]], len(report["by_theme"])),
        Section(_("Signals by neighbourhood"), ["neighbourhood", "signals"],
                [(r["neighbourhood__name"], r["n"]) for r in report["by_neighbourhood"]], len(report["by_neighbourhood"])),
        Section(_("Closure"), ["signals_closed", "median_days_to_closure", "average_days_to_closure"],
                [(closure["closed"], closure["median_days"], closure["average_days"])], 1),
    ]  # fmt: skip
    return Export(
        title=_("Evaluation of the key-person approach, %(start)s – %(end)s") % {"start": first.strftime("%d-%m-%Y"), "end": last.strftime("%d-%m-%Y")},
        filename=f"evaluatie-sleutelpersonen-{first}-{last}",
        sections=sections,
    )  # fmt: skip
