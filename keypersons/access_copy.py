"""A key person's copy of everything held about them (AVG art. 15), as JSON and as a tagged PDF, in Dutch.

It holds their own record, consents, ties, contact moments and actions; their mentions elsewhere (other people's
notes, signals, networks, anything with text); their requests and corrections; who saw their record and when,
on which page (from the access log, lists included); and what the municipality does with it: purposes, legal
bases, recipients, retention, source, and their rights with how to use them, the complaint to the Autoriteit
Persoonsgegevens included. Other people are left out of every text (keypersons/redaction.py, art. 15(4)).
Times are Europe/Amsterdam; the labels are Dutch.
"""

import json
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from . import privacy
from .models import (
    AccessLog,
    ContactMoment,
    KeyPerson,
    Rectification,
    RightsRequest,
    ShownPerson,
    Tie,
)
from .pdf import render_pdf
from .redaction import Redactor, others_pattern
from .services.mentions import identities, scan


def _local(value):
    return timezone.localtime(value) if isinstance(value, datetime) else value


def _who(user) -> str:
    if user is None:
        return _("the system (a scheduled task)")
    return user.get_full_name() or user.get_username()


def _redactor(person: KeyPerson) -> Redactor:
    others = (
        KeyPerson.objects.filter(erased_at__isnull=True).exclude(pk=person.pk).values_list("name", flat=True)
    )
    return Redactor(identities(person)[0], others_pattern(person.name, others))


def _record(person: KeyPerson) -> dict:
    return {
        _("name"): person.name, _("e-mail address"): person.email, _("telephone"): person.phone,
        _("status"): person.get_status_display(), _("contact every (weeks)"): person.contact_every_weeks,
        _("added at"): _local(person.created_at), _("neighbourhoods"): [n.name for n in person.neighbourhoods.all()],
        _("domains of work"): [str(d) for d in person.domains.all()], _("languages"): person.languages,
        pgettext("key person", "position"): person.position, _("processing restricted since"): _local(person.restricted_at),
    }  # fmt: skip


def _source(person: KeyPerson) -> list[str]:
    sources = [_("What you told the director or network staff yourself, in conversations with you.")]
    if person.introduced_by_id:
        sources.append(_("You were introduced by another key person of the network (their name is left out to "
                         "protect them, AVG art. 15(4))."))  # fmt: skip
    return sources


def _ties(person: KeyPerson) -> list[dict]:
    rows = []
    for tie in Tie.objects.filter(Q(key_person=person) | Q(other_person=person)).select_related("network", "organisation"):  # fmt: skip
        other = tie.network or tie.organisation
        rows.append({
            _("kind"): str(tie.target_kind), _("with"): str(other) if other else _("another key person (name left out)"),
            _("role"): tie.role, _("strength"): tie.get_strength_display(),
        })  # fmt: skip
    return rows


def _contacts(person: KeyPerson, redactor: Redactor) -> list[dict]:
    moments = ContactMoment.objects.filter(key_persons=person).select_related("staff_member").prefetch_related("topics")  # fmt: skip
    return [
        {
            _("date"): m.occurred_on, _("channel"): m.get_channel_display(), _("staff member"): _who(m.staff_member),
            _("topics"): [str(t) for t in m.topics.all()], _("notes"): redactor.own_text(m.notes),
            _("follow-up"): redactor.own_text(m.follow_up),
        }
        for m in moments
    ]  # fmt: skip


def _mentions_elsewhere(person: KeyPerson, redactor: Redactor) -> list[dict]:
    rows = []
    for row in scan(person, identities(person)[0]):
        if row.own:  # their own records have sections of their own
            continue
        for field, value in row.values.items():
            text = redactor.mention(value) if isinstance(value, str) else ""
            if text:
                where = f"{str(row.model._meta.verbose_name).capitalize()}, {field.verbose_name}"
                rows.append({_("where"): where, _("text"): text})
    return rows


def _seen_by(person: KeyPerson) -> list[dict]:
    shown = ShownPerson.objects.filter(key_person_id=person.pk).values("entry")
    rows = AccessLog.objects.filter(
        Q(object_type="keyperson", object_id=person.pk) | Q(pk__in=shown)
    ).select_related("user")
    return [
        {
            _("when"): _local(row.at),
            _("who"): _who(row.user),
            _("what"): row.get_what_display(),
            _("page"): row.path,
        }
        for row in rows
    ]


def _requests(person: KeyPerson) -> list[dict]:
    return [
        {_("right"): r.get_right_display(), _("received on"): r.received_on, _("decided on"): r.decided_on,
         _("outcome"): r.get_outcome_display(), _("grounds"): r.grounds}
        for r in RightsRequest.objects.filter(key_person=person)
    ]  # fmt: skip


def _data(person: KeyPerson) -> dict:
    redactor = _redactor(person)
    return {
        _("title"): _("Copy of the personal data held about you (AVG art. 15)"),
        _("made at"): timezone.localtime(),
        _("controller"): privacy.controller(),
        _("data protection officer"): privacy.dpo_contact() or _("to be completed"),
        _("your details"): _record(person),
        _("source"): _source(person),
        _("consents"): [
            {
                _("given on"): c.given_on,
                _("scope"): c.get_scope_display(),
                _("expires on"): c.expires_on,
                _("how it was given"): c.evidence,
                _("withdrawn on"): c.withdrawn_on,
            }
            for c in person.consents.all()
        ],
        _("ties"): _ties(person),
        _("contact moments"): _contacts(person, redactor),
        _("actions"): [
            {
                _("what is to be done"): redactor.own_text(a.description),
                _("due on"): a.due_on,
                _("done on"): a.done_on,
            }
            for a in person.actions.all()
        ],
        _("mentions elsewhere"): _mentions_elsewhere(person, redactor),
        _("requests about your data"): _requests(person),
        _("corrections"): [
            {
                _("detail"): c.get_field_display(),
                _("before"): c.before,
                _("after"): c.after,
                _("date"): c.request.decided_on,
            }
            for c in Rectification.objects.filter(request__key_person=person).select_related("request")
        ],
        _("who saw your data"): _seen_by(person),
        _("purposes"): [str(p) for p in privacy.PURPOSES],
        _("legal bases"): [{_("article"): str(a), _("meaning"): str(m)} for a, m in privacy.LEGAL_BASES],
        _("recipients"): [{_("recipient"): r.name, _("role"): str(r.role)} for r in privacy.recipients()],
        _("retention"): [{_("data"): str(d), _("period"): str(p)} for d, p in privacy.RETENTION],
        _("your rights"): [{_("right"): str(r), _("how"): str(h)} for r, h in privacy.RIGHTS],
    }


def subject_data(person: KeyPerson) -> dict:
    """Everything held about the person, with Dutch labels and local times (see the module docstring)."""
    with override("nl"):
        return _data(person)


def access_copy_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _text(value) -> str:
    if value in (None, "", []):
        return "–"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _blocks(data: dict) -> list[dict]:
    """The copy as headed blocks for the PDF: facts, a list of sentences, or a table with column headers."""
    blocks = []
    for title, value in list(data.items())[4:]:
        if isinstance(value, dict):
            blocks.append({"title": title, "facts": [(k, _text(v)) for k, v in value.items()]})
        elif value and isinstance(value[0], dict):
            columns = list(value[0])
            blocks.append(
                {"title": title, "columns": columns, "rows": [[_text(r[c]) for c in columns] for r in value]}
            )
        else:
            blocks.append({"title": title, "items": [_text(v) for v in value]})
    return blocks


def access_copy_pdf(data: dict) -> bytes:
    title, made_at, controller, dpo = list(data.values())[:4]
    return render_pdf(
        "keypersons/pdf/access_copy.html",
        {
            "title": title,
            "made_at": _text(made_at),
            "controller": controller,
            "dpo": dpo,
            "blocks": _blocks(data),
        },
    )
