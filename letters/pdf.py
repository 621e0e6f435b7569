"""A letter's HTML template rendered to tagged PDF (PDF/UA-1) with WeasyPrint: structure tree, the document's
language and title from `<html lang>` and `<title>`, reading order as in the HTML. In Dutch, the binding letter,
unless a courtesy translation asks for English."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

STYLESHEET = settings.BASE_DIR / "static" / "css" / "letter.css"


def render_html(template: str, context: dict, language: str = "nl") -> str:
    with override(language):
        return render_to_string(template, context)


def render_pdf(template: str, context: dict, language: str = "nl") -> bytes:
    from weasyprint import CSS, HTML

    document = HTML(string=render_html(template, context, language), base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant="pdf/ua-1")
