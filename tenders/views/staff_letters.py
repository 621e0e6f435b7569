"""The policy officer's letter texts: per kind, the newest version, the variables, the history, a preview."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import requires
from letters import registry
from letters import services as letters
from letters.models import LetterTemplate

from .. import letter_previews
from .. import letters as decision_letters
from ..letter_forms import LetterTextForm
from ..permissions import is_policy_officer

officer_required = requires(is_policy_officer)


def _kind(name: str):
    if name not in letter_previews.EDITABLE_KINDS:
        raise Http404("No such letter kind.")
    return registry.get(name)


def _form(kind, *args, **kwargs) -> LetterTextForm:
    """A decision kind is previewed on a decision, the other kinds on an issued letter of the kind."""
    if kind.name in letter_previews.DECISION_KINDS:
        return LetterTextForm(*args, **kwargs)
    return LetterTextForm(*args, letters=letter_previews.letters_to_preview_on(kind.name), **kwargs)


@officer_required
def letter_texts(request):
    current = {t.kind: t for t in LetterTemplate.objects.order_by("kind", "version")}
    kinds = [(registry.get(name), current.get(name)) for name in letter_previews.EDITABLE_KINDS]
    return render(request, "tenders/staff/letter_texts.html", {"kinds": kinds})


def _page(request, kind, form, status=200):
    history = LetterTemplate.objects.filter(kind=kind.name).select_related("created_by")
    return render(
        request, "tenders/staff/letter_text.html",
        {"kind": kind, "form": form, "history": history, "variables": kind.all_variables(),
         "required": kind.all_required()}, status=status,
    )  # fmt: skip


@officer_required
def letter_text(request, kind):
    """GET: the newest text in the form; POST: save it as a new version (refused without the mandatory parts)."""
    kind = _kind(kind)
    if request.method != "POST":
        current = letters.current_template(kind.name)
        body = current.body if current else letter_previews.starter_text(kind.name)
        return _page(request, kind, _form(kind, initial={"body": body}))
    form = _form(kind, request.POST)
    if form.is_valid():
        try:
            version = letters.save_template(kind=kind.name, body=form.cleaned_data["body"], by=request.user)
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(
                request,
                _("Version %(number)s is saved; the next letters use it.") % {"number": version.version},
            )
            return redirect("staff:letter_text", kind.name)
    return _page(request, kind, form)


@officer_required
@require_POST
def letter_text_preview(request, kind):
    """The PDF the text gives for a real decision (or subject of the kind): nothing is stored or sent."""
    kind = _kind(kind)
    form = _form(kind, request.POST)
    subject_field = "decision" if "decision" in form.fields else "letter"
    if form.is_valid() and form.cleaned_data[subject_field] is None:
        missing = {
            "decision": _("Choose a decision to preview the letter on."),
            "letter": _("Choose an issued letter of this kind to preview the text on."),
        }
        form.add_error(subject_field, missing[subject_field])
    if form.is_valid():
        title, reference, context = _preview_subject(form.cleaned_data, kind)
        try:
            pdf = letters.preview(kind=kind.name, body=form.cleaned_data["body"], title=title,
                                  reference=reference, context=context)  # fmt: skip
        except ValidationError as error:
            form.add_error("body", error)
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = 'inline; filename="voorbeeld.pdf"'
            return response
    return _page(request, kind, form)


def _preview_subject(data: dict, kind) -> tuple[str, str, dict]:
    """The title, reference and context of the real subject a text is previewed on."""
    if data.get("letter") is not None:
        letter = data["letter"]
        return letter.title, letter.reference, letter_previews.context_of(letter)
    decision = data["decision"]
    reference = f"{decision.application.reference}/B{decision.pk}"
    return str(kind.label).capitalize(), reference, decision_letters.context_for(decision)
