"""The decision letter (beschikking) as PDF, always in Dutch, generated from the decision itself."""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from maastricht_inclusie.money import euro

from .models import REPORTING_REQUIREMENTS, Decision


def letter_response(decision: Decision) -> HttpResponse:
    response = HttpResponse(decision_letter_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="beschikking-{decision.application.reference}.pdf"'
    )
    return response


def decision_letter_pdf(decision: Decision) -> bytes:
    with override("nl"):
        return _render(decision)


def _render(decision: Decision) -> bytes:
    application = decision.application
    round_ = application.round
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
        title=_("Decision on application %(ref)s") % {"ref": application.reference}, author=settings.MUNICIPALITY_NAME,
        lang="nl",
    )  # fmt: skip

    def p(text, style=body):
        story.append(Paragraph(text, style))

    story = []
    p(f"<b>{escape(settings.MUNICIPALITY_NAME)}</b>", styles["Title"])
    p(escape(application.organisation.name))
    p(_("Date: %(date)s") % {"date": date_format(timezone.localtime(decision.decided_at).date(), "j F Y")})
    p(_("Reference: %(ref)s") % {"ref": escape(application.reference)})
    p(_("Subject: decision on your application “%(title)s”") % {"title": escape(application.title)})
    story.append(Spacer(1, 6 * mm))
    if decision.on_objection_id:
        p(_("Decision on your objection"), heading)
    else:
        p(_("Decision"), heading)
    amount = euro(decision.granted_amount)
    if decision.outcome == Decision.Outcome.REJECTED:
        p(_("We refuse the subsidy you applied for in %(round)s.") % {"round": escape(round_.title)})
    elif decision.outcome == Decision.Outcome.PARTIALLY_GRANTED:
        p(
            _("We grant you a subsidy of %(amount)s of the %(requested)s you applied for in %(round)s.")
            % {
                "amount": amount,
                "requested": euro(application.requested_amount),
                "round": escape(round_.title),
            }
        )
    else:
        p(
            _("We grant you a subsidy of %(amount)s for %(round)s.")
            % {"amount": amount, "round": escape(round_.title)}
        )
    p(_("Reasons"), heading)
    p(escape(decision.reasons).replace("\n", "<br/>"))
    if decision.granted_amount:
        advance = round_.advance_for(decision.granted_amount, decided_at=decision.decided_at)
        p(_("Conditions and payment"), heading)
        p(
            _("You use the subsidy for the activities in your application, in the period you planned. "
              "Changes to the plan need our consent beforehand.")
        )  # fmt: skip
        p(
            _("We pay an advance of %(pct)s%%: %(advance)s.")
            % {"pct": round_.rule_at("advance_percentage", decision.decided_at), "advance": euro(advance)}
        )
        requirement = REPORTING_REQUIREMENTS.get(decision.reporting, "")
        if decision.reporting == "none":
            p(
                _("For this amount we ask no report: we settle the subsidy at the granted amount (%(what)s).")
                % {"what": requirement}
            )
        else:
            p(
                _("By %(date)s you send us %(what)s. Then we settle the subsidy and pay the remainder.")
                % {"date": date_format(decision.report_due_on, "j F Y"), "what": requirement}
            )
    p(_("Objection"), heading)
    p(
        _("Do you disagree with this decision? You can object within six weeks of the day after it was sent, "
          "so no later than %(date)s. Write to %(municipality)s, state your name and address, the date, this "
          "reference, why you disagree, and sign your letter.")
        % {"date": date_format(decision.objection_deadline, "j F Y"), "municipality": escape(settings.MUNICIPALITY_NAME)}
    )  # fmt: skip
    story.append(Spacer(1, 8 * mm))
    p(_("Yours sincerely,"))
    p(escape(settings.MUNICIPALITY_NAME))
    document.build(story)
    return buffer.getvalue()
